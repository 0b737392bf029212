"""SPEC text for a swept path's values: a list (`1e-4,3e-4,1e-3`) or an inclusive range (`A..B:N[:log|lin]`).

`parse_vary` reads `PATH=SPEC` as one text. Errors are `InvalidArgument`s of the `vary`
argument (or the one named), with the text as given as their subject.
"""

from __future__ import annotations

import math
import re

import numpy as np

from ftplanner.errors import InvalidArgument
from ftplanner.sweeps.defaults import MAX_POINTS

FORMS = "expected LIST or A..B:N[:log|lin]"
_RANGE = re.compile(r"^(?P<a>[^:]*?)\.\.(?P<b>[^:]*):(?P<n>[^:]*)(?::(?P<scale>[^:]*))?$")


def _number(text: str, invalid) -> float:
    try:
        value = float(text)
    except ValueError:
        raise invalid(f"{text.strip()!r} is not a number; {FORMS}") from None
    if not math.isfinite(value):
        raise invalid(f"{text.strip()} is not a finite number")
    return value


def parse_spec(spec: str, subject: str = "", argument: str = "vary", max_points: int = MAX_POINTS) -> np.ndarray:
    """The values of SPEC in order: a comma-separated list, or N points from A to B inclusive
    (evenly spaced, or log-spaced with `:log`). Errors name `argument` and `subject` (e.g. `path=SPEC`);
    a range of more than `max_points` points is refused (InvalidArgument of `max_points`) before it is made."""

    def invalid(reason: str) -> InvalidArgument:
        return InvalidArgument(argument, reason, subject=subject)

    spec = spec.strip()
    if "..." in spec or spec.count("..") > 1:
        raise invalid(f"{spec!r} is not a range: write A..B:N with exactly two dots; {FORMS}")
    if ".." not in spec:
        parts = spec.split(",")
        if not spec or any(not part.strip() for part in parts):
            raise invalid(FORMS)
        return np.array([_number(part, invalid) for part in parts])
    match = _RANGE.match(spec)
    if not match or not match["a"].strip() or not match["b"].strip():
        raise invalid(FORMS)
    a, b = _number(match["a"], invalid), _number(match["b"], invalid)
    try:
        n = int(match["n"])
    except ValueError:
        raise invalid(f"the number of points N must be a whole number; {FORMS}") from None
    if n < 2:
        raise invalid("a range needs N of at least 2 points (for one value, write it alone)")
    if n > max_points:
        raise InvalidArgument("max_points", f"the range has {n:,} points, more than the {max_points:,} a sweep plans",
                              subject=subject)
    if a == b:
        raise invalid(f"a range from {a:g} to itself is one value: write it alone, or give two different ends")
    scale = (match["scale"] or "lin").strip()
    if scale == "lin":
        return np.linspace(a, b, n)
    if scale == "log":
        if a <= 0 or b <= 0:
            raise invalid("a log range needs A and B above 0")
        return np.geomspace(a, b, n)
    raise invalid(f"unknown scale {scale!r}; {FORMS}")


def parse_vary(text: str, argument: str = "vary", max_points: int = MAX_POINTS) -> tuple[str, np.ndarray]:
    """`PATH=SPEC` as (path, values); the path itself is checked later, against the architecture."""
    path, sep, spec = text.partition("=")
    if not sep or not path.strip():
        raise InvalidArgument(argument, "expected PATH=SPEC, e.g. hardware.error_rates.two_qubit=1e-4..1e-3:10:log",
                              subject=text)
    return path.strip(), parse_spec(spec, text, argument, max_points)


def check_points(shape: tuple[int, ...], max_points: int) -> None:
    """Refuse a grid of more than `max_points` points (InvalidArgument of `max_points`), before anything is allocated."""
    if max_points < 1:
        raise InvalidArgument("max_points", f"must be at least 1, got {max_points}")
    size = math.prod(shape)
    if size > max_points:
        raise InvalidArgument("max_points", f"the grid has {size:,} points ({' x '.join(map(str, shape))}), more than "
                                            f"the {max_points:,} a sweep plans: vary fewer values, or raise the limit")
