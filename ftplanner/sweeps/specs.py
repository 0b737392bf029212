"""`--vary PATH=SPEC` text: a list of values (`1e-4,3e-4,1e-3`) or an inclusive range (`A..B:N[:log|lin]`)."""

from __future__ import annotations

import math
import re

import numpy as np

FORMS = "expected LIST or A..B:N[:log|lin]"
_RANGE = re.compile(r"^(?P<a>[^:]*?)\.\.(?P<b>[^:]*):(?P<n>[^:]*)(?::(?P<scale>[^:]*))?$")


def invalid(message: str) -> Exception:
    """An `InvalidOption` (imported here: `ftplanner.cli.options` loads typer, which `import ftplanner` does without)."""
    from ftplanner.cli.options import InvalidOption

    return InvalidOption(message)


def _number(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise invalid(f"{where}: {text.strip()!r} is not a number; {FORMS}") from None
    if not math.isfinite(value):
        raise invalid(f"{where}: {text.strip()} is not a finite number")
    return value


def parse_spec(spec: str, where: str) -> np.ndarray:
    """The values of SPEC in order: a comma-separated list, or N points from A to B inclusive
    (evenly spaced, or log-spaced with `:log`); `where` names the option in error messages."""
    spec = spec.strip()
    if ".." not in spec:
        parts = spec.split(",")
        if not spec or any(not part.strip() for part in parts):
            raise invalid(f"{where}: {FORMS}")
        return np.array([_number(part, where) for part in parts])
    match = _RANGE.match(spec)
    if not match or not match["a"].strip() or not match["b"].strip():
        raise invalid(f"{where}: {FORMS}")
    a, b = _number(match["a"], where), _number(match["b"], where)
    try:
        n = int(match["n"])
    except ValueError:
        raise invalid(f"{where}: the number of points N must be a whole number; {FORMS}") from None
    if n < 2:
        raise invalid(f"{where}: a range needs N of at least 2 points (for one value, write it alone)")
    scale = (match["scale"] or "lin").strip()
    if scale == "lin":
        return np.linspace(a, b, n)
    if scale == "log":
        if a <= 0 or b <= 0:
            raise invalid(f"{where}: a log range needs A and B above 0")
        return np.geomspace(a, b, n)
    raise invalid(f"{where}: unknown scale {scale!r}; {FORMS}")


def parse_vary(text: str) -> tuple[str, np.ndarray]:
    """`PATH=SPEC` as (path, values); the path itself is checked later, against the architecture."""
    path, sep, spec = text.partition("=")
    if not sep or not path.strip():
        raise invalid(f"--vary {text}: expected PATH=SPEC, e.g. hardware.error_rates.two_qubit=1e-4..1e-3:10:log")
    return path.strip(), parse_spec(spec, f"--vary {text}")
