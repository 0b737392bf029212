"""`python -m ftplanner` runs the command line."""

from ftplanner.cli import main

main()
