"""Sweepable paths: unknown ones are refused with suggestions, values take the field's type and limits."""

from __future__ import annotations

import numpy as np
import pytest

from ftplanner.architecture.sweepable import unit
from ftplanner.errors import InvalidArgument
from ftplanner.plan.batch import SWEEPABLE
from ftplanner.sweeps import with_values
from ftplanner.sweeps.paths import coerce, is_int, validate

INT_PATHS = {
    "code.max_distance", "modules.count", "modules.physical_qubits", "network.links_per_module_pair", "factories.count",
    "network.memory.qubits_per_link", "network.switch.ports", "network.switch.count",
    "workload.logical_counts.numQubits", "workload.logical_counts.tCount", "workload.logical_counts.rotationCount",
    "workload.logical_counts.rotationDepth", "workload.logical_counts.cczCount", "workload.logical_counts.ccixCount",
    "workload.logical_counts.measurementCount", "workload.t_depth", "workload.reaction_depth", "workload.active_qubits",
    "constraints.max_physical_qubits",
    "constraints.max_modules",
}


def test_every_sweepable_path_is_a_numeric_field_of_the_model():
    assert {p for p in SWEEPABLE if is_int(p)} == INT_PATHS


def test_units_are_the_fields_own():
    assert unit("hardware.durations_ns.measurement") == unit("hardware.cycle_time_ns") == "ns"
    assert unit("decoder.reaction_time_us") == unit("network.link.latency_us") == "us"
    assert unit("network.memory.coherence_time_us") == "us"
    assert unit("constraints.max_runtime") == "s"
    assert unit("network.link.bell_pair_rate_hz") == "Hz"
    assert unit("hardware.error_rates.two_qubit") == ""


@pytest.mark.parametrize("path, suggestion", [
    ("hardware.error_rates.two_qbit", "did you mean hardware.error_rates.two_qubit"),
    ("bell_pair_fidelity", "did you mean network.link.bell_pair_fidelity"),
    ("modules.capacity", "(see ftplanner.plan.batch.SWEEPABLE or the README's list of sweepable fields)"),
])
def test_an_unknown_path_is_refused_with_the_closest_ones(trillion, path, suggestion):
    with pytest.raises(InvalidArgument) as error:
        with_values(trillion, {path: 1})
    assert str(error.value).startswith(f"values: {path}: not a sweepable field")
    assert (error.value.argument, error.value.subject) == ("values", path)
    assert suggestion in str(error.value)


def test_whole_number_fields_round_half_up_and_drop_repeats():
    assert coerce("modules.physical_qubits", [1e6, 1_000_000.4, 2.5, 3]).tolist() == [1_000_000, 3]
    assert coerce("modules.physical_qubits", [2.5]).dtype == np.int64


def test_float_fields_keep_their_order_and_drop_repeats():
    assert coerce("hardware.error_rates.two_qubit", [3e-3, 1e-3, 3e-3]).tolist() == [3e-3, 1e-3]


@pytest.mark.parametrize("values, message", [([1e-3, np.nan], "=nan: not a finite number"), ([], "at least one value"),
                                             (["fast"], "expected numbers")])
def test_values_that_are_not_numbers_are_refused(values, message):
    with pytest.raises(InvalidArgument, match=message):
        coerce("hardware.error_rates.two_qubit", values)


@pytest.mark.parametrize("path, value, message", [
    ("hardware.error_rates.two_qubit", 0.7, "less than or equal to 0.5"),
    ("network.link.bell_pair_fidelity", 1.2, "less than or equal to 1"),
    ("workload.cross_module_fraction", -0.1, "greater than or equal to 0"),
    ("code.max_distance", 1, "greater than or equal to 3"),
    ("hardware.durations_ns.two_qubit", 0.0, "greater than 0"),
])
def test_values_outside_the_fields_limits_are_refused_on_one_line(trillion, path, value, message):
    with pytest.raises(InvalidArgument) as error:
        validate(trillion, {path: coerce(path, [value])})
    assert str(error.value).startswith(f"vary: {path}={value:g}: ") and message in str(error.value)
    assert "\n" not in str(error.value)


def test_fields_checked_together_are_validated_in_every_combination(trillion):
    counts = "workload.logical_counts."
    validate(trillion, {counts + "rotationCount": coerce(counts + "rotationCount", [10, 20]),
                        counts + "rotationDepth": coerce(counts + "rotationDepth", [1, 10])})
    with pytest.raises(InvalidArgument, match=r"rotationCount=10 with .*rotationDepth=20: rotationDepth \(20\) cannot exceed"):
        validate(trillion, {counts + "rotationCount": coerce(counts + "rotationCount", [10, 30]),
                            counts + "rotationDepth": coerce(counts + "rotationDepth", [1, 20])})


def test_with_values_returns_a_validated_copy(trillion):
    changed = with_values(trillion, {"modules.physical_qubits": 250_000, "hardware.error_rates.two_qubit": 2e-3})
    assert changed.modules.physical_qubits == 250_000 and changed.hardware.error_rates.two_qubit == 2e-3
    assert trillion.modules.physical_qubits == 1_000_000
    assert changed.model_dump(exclude={"modules", "hardware"}) == trillion.model_dump(exclude={"modules", "hardware"})


PROBES = (0, 1e-16, 1e-3, 0.5, 0.7, 1, 2, 3, 7, 1000, 1e12, 2e18)


def _refusal(check, *args, **kwargs):
    try:
        check(*args, **kwargs)
    except InvalidArgument as error:
        return str(error).split(": ", 1)[1]
    return None


@pytest.mark.parametrize("path", SWEEPABLE)
def test_a_sweep_refuses_exactly_what_the_whole_model_refuses(trillion, path):
    # validate() runs only the top-level section's model outside READ_BY_ARCHITECTURE: it must agree with
    # putting the value into the whole Architecture (with_values), message included, at every probe value
    for value in PROBES:
        try:
            values = coerce(path, [value])
        except InvalidArgument:
            continue
        whole = _refusal(with_values, trillion, {path: values[0]}, argument="vary")
        assert _refusal(validate, trillion, {path: values}) == whole, (path, value)


def test_the_architectures_own_checks_still_refuse_a_swept_value(trillion):
    # workload.active_qubits is checked against code.storage by Architecture's validator, not its section's
    with pytest.raises(InvalidArgument, match="workload.active_qubits needs code.storage: yoked"):
        validate(trillion, {"workload.active_qubits": coerce("workload.active_qubits", [5])})
