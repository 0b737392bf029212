"""Command-line values shared by every verb: parsed from text, refused with one line and exit code 2.

The library names its parameters in errors (`InvalidArgument("vary", ...)`, `ClusterError`, whose
argument is "scheduler"); FLAGS says which flag sets each, and `flag_message` prints the error
with it: `vary: x: reason` from Python is `--vary x: reason` here.
"""

from __future__ import annotations

from typing import NoReturn, Optional, Union

import typer

from ftplanner.errors import ClusterError, InvalidArgument

EXIT_INVALID = 2

# a library function's parameter -> the flag of the verb that passes it
FLAGS = {
    "vary": "--vary", "objectives": "--pareto", "paths": "--sensitivity",
    "distances": "--distances", "p_factors": "--p-grid", "p_link_factors": "--p-link-grid",
    "max_shots": "--max-shots", "max_errors": "--max-errors", "workers": "--workers", "scheduler": "--scheduler",
    "p_max": "--p-max", "code": "--code", "decoder": "--decoder", "rounds": "--rounds",
}
# where the command line lists valid values, instead of the library's pointer (`InvalidArgument.see`)
SEE = dict.fromkeys(["vary", "paths"], "`ftplanner sweep --help` or the README's list of sweepable fields")


class InvalidOption(Exception):
    """A bad command-line value; its message is the one line printed."""


def flag(argument: str) -> str:
    """The flag that sets a library parameter (`--` and the name with dashes if the table has none)."""
    return FLAGS.get(argument, "--" + argument.replace("_", "-"))


def flag_message(exc: Union[InvalidArgument, ClusterError, InvalidOption]) -> str:
    """The one line to print for a bad value: a library error with its parameter spelled as the flag."""
    if isinstance(exc, InvalidOption):
        return str(exc)
    head = f"{flag(exc.argument)} {exc.subject}" if exc.subject else flag(exc.argument)
    see = SEE.get(exc.argument, exc.see) if exc.see else ""
    return f"{head}: {exc.reason}" + (f" (see {see})" if see else "")


def fail(message: str) -> NoReturn:
    """Print `message` (one line per problem) to stderr and exit with code 2."""
    typer.echo(message, err=True)
    raise typer.Exit(EXIT_INVALID)


def number(option: str, text: Optional[str], kind: type, low: float, high: float = float("inf")):
    """`text` as an int or float within [low, high]; None stays None."""
    if text is None:
        return None
    try:
        value = kind(text)
    except ValueError:
        raise InvalidOption(f"{option}: expected {'an integer' if kind is int else 'a number'}, got {text!r}") from None
    if not low <= value <= high:
        raise InvalidOption(f"{option}: {text} is outside [{low:g}, {high:g}]")
    return value


def choice(option: str, text: str, choices) -> str:
    """`text` if it is one of `choices`."""
    if text not in choices:
        raise InvalidOption(f"{option}: expected one of {', '.join(choices)}, got {text!r}")
    return text


def distances_option(text: str) -> list[int]:
    """A comma-separated list of code distances (each at least 3)."""
    distances = [number("--distances", part.strip(), int, 3) for part in text.split(",") if part.strip()]
    if not distances:
        raise InvalidOption("--distances: give at least one distance, e.g. 3,5,7")
    return distances
