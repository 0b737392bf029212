"""Planning bivariate-bicycle machines (code.family gross, two_gross) through `ftplanner.estimate` and sweeps.

Figures: the bicycle instruction table of Yoder et al., "Tour de gross", arXiv:2506.03094 (IBM's
compiler, crates/bicycle_numerics/src/model.rs): the gross code's inter-module joint measurement
fails at 2.01e-3 per use at p = 1e-3, so a trillion rotations cannot run; the two-gross code at
p = 1e-4 runs 1e12 T gates on 1e4 logical qubits, and "an order of magnitude" fewer physical
qubits than surface codes is the paper's headline. IBM's Starling (200 logical qubits, 1e8 gates;
reference/published_machines.csv) is planned in the README's comparison.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import ftplanner as ftp
from ftplanner.calibration import calibration_from_dict, load_calibration

TRILLION = {"name": "bb", "hardware": {"noise_model": "uniform", "error_rates": {"two_qubit": 1e-4}},
            "code": {"family": "two_gross"}, "budget": {"total_failure": 1e-2},
            "workload": {"logical_counts": {"numQubits": 10_000, "tCount": 10**12}}}


def arch(family="gross", p=1e-3, qubits=100, t=10**12, **sections):
    data = {"name": "bb", "hardware": {"noise_model": "uniform", "error_rates": {"two_qubit": p}},
            "code": {"family": family}, "workload": {"logical_counts": {"numQubits": qubits, "tCount": t}}}
    data.update(sections)
    return data


def test_gross_at_1e3_cannot_run_a_trillion_rotations_and_says_the_joint_measurement_is_why():
    plan = ftp.estimate(arch("gross", 1e-3))
    assert not plan.feasible
    assert "inter-module joint measurement (L-coupler) alone fails at 2.01e-03 per use" in plan.reason
    assert plan.row()["code_family"] == "gross" and plan.row()["feasible"] is False


def test_two_gross_at_1e4_runs_a_trillion_t_gates_on_a_tenth_of_the_surface_codes_data_qubits():
    bb = ftp.estimate(TRILLION)
    surface = ftp.estimate({**TRILLION, "code": {"family": "rotated_surface"}})
    assert bb.feasible and surface.feasible, (bb.reason, surface.reason)
    assert bb.physical_qubits_data == 910 * 731  # ceil(1e4 / 11) blocks of 576 code + 155 LPU qubits
    assert bb.physical_qubits_data <= 0.10 * surface.physical_qubits_data
    assert bb.bicycle.l_coupler_measurements == pytest.approx(1e12 * 909)  # the GHZ chain over every data block


def test_a_network_of_modules_pays_one_remote_joint_measurement_per_boundary():
    plan = ftp.estimate(arch("two_gross", 3e-4, 1000, 10**8, modules={"physical_qubits": 20_000},
                             budget={"total_failure": 1e-2}))
    assert plan.feasible, plan.reason
    b = plan.bicycle
    assert (b.data_blocks, b.blocks_per_module, plan.modules) == (91, 27, 4)  # 20,000 // 731 = 27 blocks a module
    assert b.remote_joint_measurements == pytest.approx(1e8 * 3)
    assert b.l_coupler_measurements == pytest.approx(1e8 * (90 - 3))
    assert b.bell_pairs_per_remote_measurement == 18 * 27
    assert plan.row()["remote_operations"] == b.remote_joint_measurements
    assert plan.network.failure <= plan.budget["network"]
    worse = ftp.estimate(arch("two_gross", 3e-4, 1000, 10**8, modules={"physical_qubits": 20_000},
                              budget={"total_failure": 1e-2}, network={"link": {"bell_pair_fidelity": 0.97}}))
    assert worse.network.distillation_rounds >= plan.network.distillation_rounds
    assert worse.row()["peak_raw_bell_pairs_per_s"] >= plan.row()["peak_raw_bell_pairs_per_s"]


def test_injection_where_it_suffices_and_15_to_1_blocks_where_it_does_not():
    injected = ftp.estimate(arch("two_gross", 1e-4, 100, 10**8))
    assert injected.feasible and injected.bicycle.distillation_level == 0 and injected.factories == 0
    distilled = ftp.estimate(arch("two_gross", 1e-3, 22, 10**7, budget={"total_failure": 0.1}))
    assert distilled.feasible, distilled.reason
    assert distilled.bicycle.distillation_level >= 1 and distilled.bicycle.factory_blocks >= 1
    assert distilled.failures["magic"] <= distilled.budget["magic"]
    assert distilled.row()["factory_protocol"].endswith("on two_gross blocks")


def test_the_table_refuses_p_above_its_range_and_a_module_must_hold_a_block():
    high = ftp.estimate(arch("gross", 2e-3, 100, 10**3))
    assert not high.feasible and "above 1e-03" in high.reason and "block law" in high.reason
    small = ftp.estimate(arch("gross", 1e-4, 100, 10**3, modules={"physical_qubits": 300}))
    assert not small.feasible and "cannot hold one gross block (391 physical qubits" in small.reason


def test_a_calibrations_block_law_replaces_the_table():
    """A synthetic calibration with a `blocks` entry: idle from the law, the rest at the table's ratios."""
    data = json.loads(json.dumps(load_calibration("default").to_dict()))
    law_at = lambda scale: {"A": 1.61e-9 * scale, "p_ref": 1e-3, "exponent": 6.0}  # noqa: E731
    base = ftp.estimate(arch("gross", 1e-3, 11, 10**3))
    for scale in (1.0, 10.0):
        data["blocks"] = {"gross": law_at(scale)}
        plan = ftp.estimate(arch("gross", 1e-3, 11, 10**3), calibration_from_dict(data, "synthetic"))
        assert plan.failures["logical"] == pytest.approx(scale * base.failures["logical"], rel=1e-9)
        assert "block law" in plan.bicycle.source
    data["blocks"] = {"gross": law_at(1.0)}
    above = ftp.estimate(arch("gross", 1.5e-3, 11, 10**3), calibration_from_dict(data, "synthetic"))
    assert "above" not in above.reason  # the law extends the range


def test_lower_p_is_never_worse_and_more_operations_never_shorter():
    p = np.geomspace(1e-4, 1e-3, 9)
    for family, qubits in (("gross", 40), ("two_gross", 300)):
        frame = ftp.sweep(arch(family, 1e-3, qubits, 10**6, budget={"total_failure": 0.5},
                               modules={"physical_qubits": 5000}),
                          {"hardware.error_rates.two_qubit": p[::-1]})  # p falls along the rows
        feasible = frame["feasible"].to_numpy()
        assert np.all(feasible[1:] >= feasible[:-1])
        for column in ("failure_probability", "runtime_s"):
            values = frame[column].astype(float).to_numpy()
            known = values[np.isfinite(values)]  # a point stopped before sizing has none
            assert known.size >= 7 and np.all(np.diff(known) <= 1e-9 * known[:-1]), column
    t = np.round(np.geomspace(1e3, 1e9, 13))
    frame = ftp.sweep(arch("two_gross", 3e-4, 200, 10**3, budget={"total_failure": 0.5}),
                      {"workload.logical_counts.tCount": t})
    runtime = frame["runtime_s"].astype(float).to_numpy()
    assert np.all(np.diff(runtime[np.isfinite(runtime)]) >= 0)
    assert frame["feasible"].any() and set(frame["code_family"]) == {"two_gross"}


def test_plan_row_and_sweep_rows_agree():
    plan = ftp.estimate(arch("two_gross", 3e-4, 1000, 10**8, modules={"physical_qubits": 20_000},
                             budget={"total_failure": 1e-2}))
    frame = ftp.sweep(arch("two_gross", 3e-4, 1000, 10**8, modules={"physical_qubits": 20_000},
                           budget={"total_failure": 1e-2}))
    row = plan.row()
    assert list(frame.columns) == list(row)
    for name, value in row.items():
        got = frame[name].iloc[0]
        if value is None:
            assert got is None or got != got, name  # None, or NaN in a numeric column
        elif isinstance(value, float):
            assert got == pytest.approx(value, rel=1e-9), name
        else:
            assert got == value, name


def test_more_modules_than_a_switchs_ports_are_refused_with_the_reason():
    """The bicycle planner links modules through one switch: where the surface code would grow a tree, it says so."""
    switched = {"topology": "switched"}
    one = ftp.estimate(arch("two_gross", 3e-4, 1000, 10**8, modules={"physical_qubits": 20_000}, network=switched))
    assert one.feasible and one.modules == 4
    few = ftp.estimate(arch("two_gross", 3e-4, 1000, 10**8, modules={"physical_qubits": 20_000},
                            network={**switched, "switch": {"ports": 3}}))
    assert not few.feasible
    assert few.reason.startswith("4 modules exceed network.switch.ports 3: the bicycle planner joins modules through "
                                 "one switch")
