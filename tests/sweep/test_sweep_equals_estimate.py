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
from tests.sweep.conftest import POC, STARLING, TRILLION

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
        "decoder.reaction_time_us": [0.5, 50],
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
