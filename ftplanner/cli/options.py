"""Command-line values shared by every verb: parsed from text, refused with one line and exit code 2."""

from __future__ import annotations

from typing import NoReturn, Optional

import typer

EXIT_INVALID = 2


class InvalidOption(Exception):
    """A bad command-line value; its message is the one line printed."""


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
