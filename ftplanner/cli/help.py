"""Help that shows what each option takes: flags without a value type, values with theirs.

The verbs read their values as text and check them themselves (`ftplanner.cli.options`: one
line and exit code 2 for a bad value), so typer only knows them as `str`; each option names
its real type in a metavar instead (`<int>`, `<float,...>` for a comma-separated list). Typer
lists every flag, `--help` included, with the type of its Python value (`--help <bool>`), as
if it took one; these command classes drop that for every flag.
"""

from __future__ import annotations

from typer.core import TyperCommand, TyperGroup


class _FlagsTakeNoValue:
    """A command whose flags (options that take no value) show no type in its help."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params


class Command(_FlagsTakeNoValue, TyperCommand):
    """A verb: `app.command(NAME, cls=Command)`."""


class Group(_FlagsTakeNoValue, TyperGroup):
    """The `ftplanner` command itself: `typer.Typer(cls=Group)`."""
