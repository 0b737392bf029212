"""The `ftplanner` command line: the only package that imports typer; every verb wraps a library call."""

from ftplanner.cli.app import app, main

__all__ = ["app", "main"]
