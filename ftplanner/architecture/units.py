"""Durations with units: '30d', '10us', '500 ns' or a bare number in the field's own unit."""

from __future__ import annotations

import math
import re
from fractions import Fraction

SECONDS_PER_UNIT = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "min": 60.0,
    "h": 3600.0,
    "d": 86400.0,
    "y": 365.25 * 86400.0,
}

# The same sizes as exact fractions (1e-9 -> 1/10^9), so that converting between two units multiplies
# by their exact ratio: a value already in the field's unit comes back unchanged, 1.5us is 1500.0 ns.
_EXACT_SECONDS = {unit: Fraction(repr(seconds)) for unit, seconds in SECONDS_PER_UNIT.items()}

_DURATION = re.compile(r"^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zµ]+)\s*$")


def parse_duration(value, unit: str) -> float:
    """Return `value` in `unit` ('ns', 'us', 's', ...): numbers are taken as already in `unit`.

    Raises ValueError with a message that lists the accepted units.
    """
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 10us or 30d, got a boolean")
    if isinstance(value, (int, float)):
        number, given = value, unit
    elif isinstance(value, str):
        match = _DURATION.match(value)
        if not match or match.group(2) not in SECONDS_PER_UNIT:
            units = ", ".join(k for k in SECONDS_PER_UNIT if k != "µs")
            raise ValueError(f"{value!r} is not a duration; write a number and a unit ({units}), e.g. 10us or 30d")
        number, given = match.group(1), match.group(2)
    else:
        raise ValueError(f"expected a duration such as 10us or 30d, got {type(value).__name__}")
    try:
        seconds = float(number) * SECONDS_PER_UNIT[given]
    except OverflowError:  # an integer beyond the largest float
        seconds = math.inf
    if not math.isfinite(seconds) or seconds < 0:
        raise ValueError(f"duration must be finite and not negative, got {value!r}")
    if given == unit:
        return float(number)
    # the number (its exact decimal or binary value) times the exact ratio, rounded once
    exact = Fraction(number) * (_EXACT_SECONDS[given] / _EXACT_SECONDS[unit])
    try:
        return float(exact)
    except OverflowError:  # beyond the largest float in `unit` (e.g. 1e300 y in ns), as before
        return math.inf


def parse_in_named_unit(value, unit: str, key: str) -> float:
    """Like `parse_duration`, for a key whose name gives its unit (latency_us, durations_ns.two_qubit).

    A unit written in the value must be that unit ('10us' for latency_us); any other ('10ms') is
    refused rather than silently converted, as a `--vary` value (a bare number) would be.
    """
    number = parse_duration(value, unit)
    if isinstance(value, str):
        given = _DURATION.match(value).group(2)
        if SECONDS_PER_UNIT[given] != SECONDS_PER_UNIT[unit]:
            shown = "µs" if unit == "us" else unit
            raise ValueError(f"{key} is in {shown}: write {number:.15g} (that is {value.strip()}), "
                             f"or the number with its own unit, {number:.15g}{unit}")
    return number


# the unit a duration is shown in: the first whose limit (in seconds) the duration is below, else years
_SHOWN_UNTIL = (("ns", 1e-6), ("us", 1e-3), ("ms", 1.0), ("s", 120.0), ("min", 7200.0), ("h", 2 * 86400.0),
                ("d", 2 * 365.25 * 86400.0))


def display_unit(seconds: float) -> str:
    """The unit a duration reads best in: ns below 1 us, ..., h below 2 d, d below 2 y, else y."""
    return next((unit for unit, limit in _SHOWN_UNTIL if seconds < limit), "y")


def format_duration(seconds: float) -> str:
    """A duration for people: 850 ns, 3.4 h, 12 d."""
    if not math.isfinite(seconds):
        return "inf"
    unit = display_unit(seconds)
    return f"{seconds / SECONDS_PER_UNIT[unit]:.3g} {unit}"
