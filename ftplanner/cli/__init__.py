"""The `ftplanner` command line: the only package that imports typer; every verb wraps a library call.

Every start builds each verb's options from its signature, so the verb modules leave out `from __future__ import
annotations` (typer would evaluate each string annotation) and import what a verb runs inside the verb: a start
(`validate`, `--help`) loads no numpy, Stim, sinter, pandas, scipy or matplotlib (tests/cli/test_start_up.py).
"""

from ftplanner.cli.app import app, main

__all__ = ["app", "main"]
