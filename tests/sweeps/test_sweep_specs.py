"""`PATH=SPEC` of a sweep's vary: lists, inclusive linear and log ranges, and one-line errors naming the argument."""

from __future__ import annotations

import numpy as np
import pytest

from ftplanner.errors import InvalidArgument
from ftplanner.sweeps.specs import parse_spec, parse_vary


def test_a_list_keeps_its_values_in_order():
    path, values = parse_vary("hardware.error_rates.two_qubit=1e-3, 1e-4,3e-4")
    assert path == "hardware.error_rates.two_qubit"
    assert values.tolist() == [1e-3, 1e-4, 3e-4]


def test_one_value_is_a_list_of_one():
    assert parse_spec("40000", "x").tolist() == [40000.0]


def test_a_linear_range_includes_both_ends():
    values = parse_spec("0.95..0.999:8", "x")
    assert len(values) == 8 and values[0] == 0.95 and values[-1] == 0.999
    assert np.allclose(np.diff(values), (0.999 - 0.95) / 7)
    assert parse_spec("1..3:3:lin", "x").tolist() == [1.0, 2.0, 3.0]


def test_a_log_range_includes_both_ends_with_a_constant_ratio():
    values = parse_spec("1e-4..1e-2:5:log", "x")
    assert values[0] == 1e-4 and values[-1] == 1e-2
    assert np.allclose(values[1:] / values[:-1], 10 ** 0.5)


def test_a_range_may_run_downwards():
    assert parse_spec("3..1:3", "x").tolist() == [3.0, 2.0, 1.0]


@pytest.mark.parametrize("spec, detail", [
    ("1e-3..", "expected LIST or A..B:N[:log|lin]"),
    ("..1e-3:3", "expected LIST or A..B:N[:log|lin]"),
    ("1..2", "expected LIST or A..B:N[:log|lin]"),
    ("1..2:x", "N must be a whole number"),
    ("1..2:1", "N of at least 2"),
    ("1..2:3:cubic", "unknown scale 'cubic'"),
    ("0..1:3:log", "A and B above 0"),
    ("a,b", "'a' is not a number"),
    ("1,,2", "expected LIST"),
    ("", "expected LIST"),
    ("nan", "not a finite number"),
    ("1..inf:3", "not a finite number"),
])
def test_bad_specs_say_what_is_expected_on_one_line(spec, detail):
    with pytest.raises(InvalidArgument) as error:
        parse_vary(f"hardware.error_rates.two_qubit={spec}")
    message = str(error.value)
    assert message.startswith(f"vary: hardware.error_rates.two_qubit={spec}:")
    assert detail in message and "\n" not in message


@pytest.mark.parametrize("text", ["hardware.error_rates.two_qubit", "=1e-3"])
def test_a_vary_without_path_and_spec_is_refused(text):
    with pytest.raises(InvalidArgument, match=r"^vary: .*: expected PATH=SPEC"):
        parse_vary(text)
