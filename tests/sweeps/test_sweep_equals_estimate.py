"""Every sweep row equals `ftplanner.estimate` on that point: the vectorized planner and the scalar one agree.

The grids cross feasible and infeasible points (error rates above threshold, modules too small for
a factory, a fixed module count that cannot hold the design, a max distance too small, a
runtime limit), networked and single-module designs, and every column of the CSV is compared.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

import ftplanner as ftp
from ftplanner.plan.result import CSV_COLUMNS
from ftplanner.sweeps import with_values
from tests.conftest import variant
from tests.sweeps.conftest import POC, STARLING, TRILLION

CASES = {
    "trillion-rates-links-capacity": (TRILLION, {
        "hardware.error_rates.two_qubit": [1e-3, 3e-3, 1.2e-2],
        "network.link.bell_pair_fidelity": [0.6, 0.9, 0.995],
        "modules.physical_qubits": [100_000, 2_000_000]}),
    "trillion-fixed-modules-and-links": (TRILLION, {
        "modules.count": [1, 40, 200],
        "network.links_per_module_pair": [1, 8],
        "workload.cross_module_fraction": [0.1, 0.5]}),
    "poc-rates-capacity-link-rate": (POC, {
        "hardware.error_rates.two_qubit": [5e-4, 2e-3, 8e-3],
        "modules.physical_qubits": [30_000, 40_000, 100_000],
        "network.link.bell_pair_rate_hz": [1e4, 1e6]}),
    "poc-clock-factories-limits": (POC, {
        "hardware.cycle_time_ns": [500, 2000],
        "factories.count": [1, 4],
        "constraints.max_runtime": [10, 86400],
        "workload.logical_counts.tCount": [1e5, 1e8]}),
    "poc-link-latency-reaction-budget": (POC, {
        "network.link.latency_us": [1, 100],
        "decoder.reaction_time_us": [0.5, 1e5],  # 0.1 s per reaction: 1e6 T gates overrun the day
        "budget.total_failure": [1e-4, 0.1],
        "hardware.durations_ns.measurement": [200, 2000]}),
    "starling-rates-modules-distance": (STARLING, {
        "hardware.error_rates.two_qubit": [1e-3, 5e-3],
        "modules.count": [1, 3],
        "code.max_distance": [11, 101],
        "workload.t_depth": [1_000, 100_000_000]}),
}


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, (float, np.floating)) and math.isnan(value))


def _same(got, want) -> bool:
    if _missing(got) or _missing(want):
        return _missing(got) and _missing(want)
    if isinstance(want, (str, bool)):
        return type(got) in (str, bool, np.bool_) and got == want
    return got == want or math.isclose(float(got), float(want), rel_tol=1e-12, abs_tol=0.0)


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_every_sweep_row_equals_the_estimate_of_its_point(case):
    path, vary = CASES[case]
    arch = ftp.load(path)
    frame = ftp.sweep(arch, vary)
    points = list(itertools.product(*vary.values()))
    assert len(frame) == len(points)
    mismatches = []
    for index, point in enumerate(points):
        values = dict(zip(vary, point))
        row = frame.iloc[index]
        assert all(float(row[p]) == float(v) for p, v in values.items()), (index, values)
        want = ftp.estimate(with_values(arch, values)).row()
        mismatches += [f"{values}: {column} sweep {row[column]!r} != estimate {want[column]!r}"
                       for column in CSV_COLUMNS if not _same(row[column], want[column])]
    assert not mismatches, "\n".join(mismatches[:20])
    feasible = frame["feasible"].to_numpy(bool)
    assert feasible.any() and not feasible.all(), "each grid must cross feasible and infeasible designs"


NETWORK_GRID = {"hardware.error_rates.two_qubit": [5e-4, 2e-3], "network.link.bell_pair_fidelity": [0.7, 0.97],
                "modules.physical_qubits": [20_000, 60_000, 200_000]}
VARIANTS = {
    **{f"{topology}-{placement}": (dict(network__topology=topology, factories__placement=placement), NETWORK_GRID)
       for topology in ("ring", "line", "switched", "all_to_all") for placement in ("per_module", "dedicated_modules")},
    "optimised-budget-split": (dict(budget__split="optimise"), NETWORK_GRID),
    "fixed-links-and-distillation": (dict(network__links_per_module_pair=2, network__distillation=1),
                                     {**NETWORK_GRID, "network.link.bell_pair_rate_hz": [1e3, 1e6]}),
    "swept-cross-module-fraction": (dict(workload__cross_module_fraction="auto"),
                                    {**NETWORK_GRID, "workload.cross_module_fraction": [0.0, 1.0]}),
}


@pytest.mark.parametrize("case", VARIANTS, ids=list(VARIANTS))
def test_sweeps_of_other_topologies_placements_and_splits_equal_the_estimates(case):
    changes, vary = VARIANTS[case]
    arch = variant(POC, **changes)
    frame = ftp.sweep(arch, vary)
    for index, point in enumerate(itertools.product(*vary.values())):
        want = ftp.estimate(with_values(arch, dict(zip(vary, point)))).row()
        bad = [column for column in CSV_COLUMNS if not _same(frame.iloc[index][column], want[column])]
        assert not bad, (point, bad)


def test_an_azure_profile_sweep_equals_the_estimates():
    arch = variant(STARLING, profile="azure-re")
    vary = {"hardware.error_rates.two_qubit": [1e-4, 1e-3, 4e-3], "budget.total_failure": [1e-4, 1e-2]}
    frame = ftp.sweep(arch, vary)
    for index, point in enumerate(itertools.product(*vary.values())):
        want = ftp.estimate(with_values(arch, dict(zip(vary, point)))).row()
        assert all(_same(frame.iloc[index][column], want[column]) for column in CSV_COLUMNS), point


def test_a_sweep_with_circuit_traffic_equals_the_estimates(tmp_path):
    """Traffic measured on a circuit's interaction graph (one partition per data-module count)."""
    lines = ["OPENQASM 3.0;", "qubit[16] q;"] + [f"cx q[{i}], q[{(i * 5 + 3) % 16}];" for i in range(16)]
    (tmp_path / "mix.qasm").write_text("\n".join(lines) + "\n")
    data = ftp.load(POC).model_dump()
    data["workload"].update(circuit_file=str(tmp_path / "mix.qasm"), cross_module_fraction="auto")
    arch = ftp.Architecture.model_validate(data)
    vary = {"modules.physical_qubits": [20_000, 40_000, 80_000], "network.link.bell_pair_fidelity": [0.9, 0.99]}
    frame = ftp.sweep(arch, vary)
    assert frame["modules"].nunique() > 1
    for index, point in enumerate(itertools.product(*vary.values())):
        want = ftp.estimate(with_values(arch, dict(zip(vary, point)))).row()
        assert all(_same(frame.iloc[index][column], want[column]) for column in CSV_COLUMNS), point
