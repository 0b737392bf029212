"""Sensitivity: each input halved and doubled within its limits, the same numbers as estimate() there, ranked."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import ftplanner as ftp
from ftplanner.architecture.models import Execution
from ftplanner.errors import InvalidArgument
from ftplanner.plan.batch import SWEEPABLE
from ftplanner.sweeps import with_values
from ftplanner.sweeps.sensitivity import COLUMNS
from tests.conftest import variant
from tests.sweeps.conftest import POC


@pytest.fixture(scope="module")
def table(trillion):
    return ftp.sensitivity(trillion).set_index("input", drop=False)


@pytest.fixture(scope="module")
def steps_table(trillion):
    """The same under the logical-step clock, where the cycle sets the runtime."""
    steps = trillion.model_copy(update={"execution": Execution(clock="logical_steps")})
    return ftp.sensitivity(steps).set_index("input", drop=False)


def test_inputs_with_a_value_are_in_the_table_and_others_are_not(table):
    assert list(table.columns) == COLUMNS and table.index.is_unique and set(table.index) <= set(SWEEPABLE)
    given = {"hardware.error_rates.two_qubit", "hardware.durations_ns.two_qubit", "hardware.durations_ns.measurement",
             "decoder.reaction_time_us", "modules.physical_qubits", "network.link.bell_pair_rate_hz",
             "network.link.bell_pair_fidelity", "network.link.latency_us", "workload.logical_counts.numQubits",
             "workload.logical_counts.tCount", "workload.t_depth", "workload.cross_module_fraction",
             "budget.total_failure", "constraints.max_runtime", "code.max_distance"}
    derived = {"hardware.cycle_time_ns", "hardware.error_rates.single_qubit", "hardware.durations_ns.t_gate"}
    assert given | derived <= set(table.index)
    assert not table.loc[list(given), "derived"].any() and table.loc[list(derived), "derived"].all()
    absent = {"modules.count", "factories.count", "network.links_per_module_pair",  # auto
              "hardware.error_rates.idle", "workload.logical_counts.rotationCount",  # zero
              "constraints.max_physical_qubits", "constraints.max_modules"}  # not set
    assert not absent & set(table.index)


def test_ranked_by_the_larger_effect_on_either_output(table):
    effect = table[["qubits_log2_per_doubling", "runtime_log2_per_doubling"]].abs().max(axis=1).fillna(-1)
    assert effect.is_monotonic_decreasing and effect.iloc[0] > 0


@pytest.mark.parametrize("path", ["hardware.error_rates.two_qubit", "hardware.durations_ns.two_qubit",
                                  "hardware.cycle_time_ns", "network.link.bell_pair_fidelity", "code.max_distance",
                                  "workload.t_depth", "modules.physical_qubits", "hardware.error_rates.single_qubit"])
def test_each_side_is_what_estimate_gives_at_that_value(trillion, table, path):
    row = table.loc[path]
    base = ftp.estimate(trillion)
    assert row["physical_qubits"] == base.physical_qubits and row["runtime_s"] == base.runtime_s
    for side in ("low", "high"):
        plan = ftp.estimate(with_values(trillion, {path: row[f"value_{side}"]}))
        assert row[f"physical_qubits_{side}"] == plan.physical_qubits
        assert row[f"runtime_s_{side}"] == pytest.approx(plan.runtime_s, rel=1e-12)
        assert bool(row[f"feasible_{side}"]) == plan.feasible


def test_the_effect_is_the_log2_change_per_doubling(table):
    row = table.loc["workload.t_depth"]
    assert (row["value_low"], row["value_high"]) == (row["value"] / 2, row["value"] * 2)
    expected = (math.log2(row["runtime_s_high"]) - math.log2(row["runtime_s_low"])) / 2
    assert row["runtime_log2_per_doubling"] == pytest.approx(expected)


def test_worse_gates_never_need_fewer_qubits_or_less_time(table, steps_table):
    row = steps_table.loc["hardware.error_rates.two_qubit"]  # one clock: neither output improves
    assert row["physical_qubits_low"] <= row["physical_qubits"] <= row["physical_qubits_high"]
    assert row["runtime_s_low"] <= row["runtime_s"] <= row["runtime_s_high"]
    assert row["qubits_log2_per_doubling"] > 0
    row = table.loc["hardware.error_rates.two_qubit"]  # auto trades one for the other, never their product
    space_time = [row[f"physical_qubits{side}"] * row[f"runtime_s{side}"] for side in ("_low", "", "_high")]
    assert space_time == sorted(space_time)


def test_a_derived_input_stays_derived_in_the_other_rows(steps_table):
    """Doubling the two-qubit gate time must lengthen the derived cycle, hence the logical-step runtime."""
    row = steps_table.loc["hardware.durations_ns.two_qubit"]
    assert row["runtime_s_high"] > row["runtime_s"]
    assert steps_table.loc["hardware.cycle_time_ns", "value"] == 850


def test_link_fidelity_is_scaled_through_its_infidelity(table):
    row = table.loc["network.link.bell_pair_fidelity"]
    assert row["scaled"] == "1 - value"
    assert row["value_low"] == pytest.approx(1 - 0.005 / 2) and row["value_high"] == pytest.approx(1 - 0.005 * 2)


def test_sides_beyond_a_limit_or_rounding_to_the_same_count_are_skipped_and_noted(trillion, starling):
    crowded = with_values(trillion, {"workload.cross_module_fraction": 0.6})
    row = ftp.sensitivity(crowded, ["workload.cross_module_fraction"]).iloc[0]
    assert row["value_low"] == pytest.approx(0.3) and np.isnan(row["value_high"])
    assert "x2 skipped (Input should be less than or equal to 1)" in row["note"]
    assert row["feasible_high"] is pd.NA and row["feasible_low"]
    single = ftp.sensitivity(starling, ["modules.count"]).iloc[0]
    assert (single["value"], single["value_high"]) == (1, 2) and np.isnan(single["value_low"])
    assert "x0.5 rounds to 1" in single["note"]


def test_a_side_that_is_infeasible_is_flagged_with_its_reason():
    # 20,000-qubit modules hold the factory at p = 1e-3 (a cultivated state) but not at 2e-3
    row = ftp.sensitivity(variant(POC, modules__physical_qubits=20_000), ["hardware.error_rates.two_qubit"]).iloc[0]
    assert row["feasible_low"] and not row["feasible_high"]
    assert "x2 infeasible: " in row["note"]
    assert not np.isnan(row["qubits_log2_per_doubling"])  # from x0.5 and x1


@pytest.mark.parametrize("path, why", [("modules.count", "auto"), ("constraints.max_modules", "not set"),
                                       ("workload.logical_counts.rotationCount", "value is 0"),
                                       ("modules.size", "not a sweepable field")])
def test_an_input_asked_for_that_cannot_be_scaled_is_refused(trillion, path, why):
    with pytest.raises(InvalidArgument, match=f"^paths: {path}: .*{why}"):
        ftp.sensitivity(trillion, [path])
