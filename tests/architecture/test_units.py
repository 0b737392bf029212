"""Durations with units: conversions are exact, and bad durations keep their messages."""

from __future__ import annotations

import math

import pytest

from ftplanner.architecture.units import SECONDS_PER_UNIT, parse_duration

# (value, field unit, the exact float expected): compared with ==, not approx
EXACT = [
    ("500 ns", "ns", 500.0),
    (500, "ns", 500.0),
    (500.0, "ns", 500.0),
    (1000, "ns", 1000.0),
    ("1000ns", "ns", 1000.0),
    ("1.5us", "ns", 1500.0),
    ("1.5µs", "ns", 1500.0),
    ("2ms", "us", 2000.0),
    ("10us", "us", 10.0),
    ("10us", "s", 1e-5),
    ("500 ns", "s", 5e-7),
    ("0.1 s", "ms", 100.0),
    ("30d", "s", 2592000.0),
    ("1d", "s", 86400.0),
    ("1.5h", "s", 5400.0),
    ("90 min", "h", 1.5),
    ("1y", "d", 365.25),
    ("1y", "s", 31557600.0),
    ("2.5e3 ms", "s", 2.5),
    (".5 s", "ns", 5e8),
    (2, "s", 2.0),
    (0, "ns", 0.0),
    (0.1, "us", 0.1),
    (1e-300, "s", 1e-300),
]


@pytest.mark.parametrize("value, unit, expected", EXACT, ids=[f"{v!r}-in-{u}" for v, u, _ in EXACT])
def test_conversion_is_exact(value, unit, expected):
    result = parse_duration(value, unit)
    assert type(result) is float and result == expected


@pytest.mark.parametrize("unit", sorted(SECONDS_PER_UNIT))
@pytest.mark.parametrize("number", [1, 3, 7.25, 50, 500, 1000, 0.1, 123.456, 1e12])
def test_numbers_in_the_fields_own_unit_come_back_unchanged(number, unit):
    assert parse_duration(number, unit) == float(number)
    assert parse_duration(f"{number!r} {unit}", unit) == float(number)


def test_a_value_too_large_for_the_field_unit_is_infinite_as_before():
    assert parse_duration("1e300 y", "ns") == math.inf


@pytest.mark.parametrize("value, message", [
    ("10 parsecs", "is not a duration; write a number and a unit (ns, us, ms, s, min, h, d, y), e.g. 10us or 30d"),
    ("ten us", "is not a duration"),
    ("-5 s", "is not a duration"),
    ("", "is not a duration"),
    (True, "expected a duration such as 10us or 30d, got a boolean"),
    (None, "expected a duration such as 10us or 30d, got NoneType"),
    ([1], "expected a duration such as 10us or 30d, got list"),
    (-1, "duration must be finite and not negative, got -1"),
    (math.inf, "duration must be finite and not negative, got inf"),
    (math.nan, "duration must be finite and not negative, got nan"),
    ("1e400 s", "duration must be finite and not negative, got '1e400 s'"),
])
def test_errors_are_unchanged(value, message):
    with pytest.raises(ValueError) as info:
        parse_duration(value, "s")
    assert message in str(info.value)


def test_an_integer_beyond_every_float_is_refused_not_raised():
    with pytest.raises(ValueError, match="finite"):
        parse_duration(10**400, "us")
