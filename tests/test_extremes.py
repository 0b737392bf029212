"""Numeric extremes: huge and tiny workloads, error rates and machines stay finite and monotone."""

from __future__ import annotations

import math

import pytest

import ftplanner as ftp


def arch(counts: dict, p: float = 1e-3, **sections) -> dict:
    return {"name": "extreme", "hardware": {"error_rates": {"two_qubit": p}}, "workload": {"logical_counts": counts}, **sections}


EXTREMES = {
    "1e15 T gates": arch({"numQubits": 100, "tCount": 1e15}),
    "one logical qubit": arch({"numQubits": 1, "tCount": 10}),
    "Clifford only": arch({"numQubits": 50, "measurementCount": 1000}),
    "no operations": arch({"numQubits": 50}),
    "1e7 logical qubits": arch({"numQubits": 10**7, "tCount": 1e9}),
    "1e7 logical qubits on 1e6-qubit modules": arch({"numQubits": 10**7, "tCount": 1e9}, modules={"physical_qubits": 10**6}),
    "error rate 1e-7": arch({"numQubits": 100, "tCount": 1e8}, p=1e-7),
    "near threshold, distance up to 999": arch({"numQubits": 100, "tCount": 1e8}, p=9e-3, code={"max_distance": 999}),
    "azure-re 1e15 T gates": {**arch({"numQubits": 100, "tCount": 1e15}), "profile": "azure-re"},
    "azure-re error rate 1e-7": {**arch({"numQubits": 100, "tCount": 1e8}, p=1e-7), "profile": "azure-re"},
}


@pytest.mark.parametrize("name", EXTREMES)
def test_extremes_give_finite_feasible_plans(name):
    plan = ftp.estimate(EXTREMES[name])
    assert plan.feasible, plan.reason
    for key, value in plan.row().items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            assert math.isfinite(value), (key, value)
    assert plan.failure_probability <= 1e-3 * (1 + 1e-9)


def test_clifford_only_needs_no_factories():
    plan = ftp.estimate(EXTREMES["Clifford only"])
    assert plan.factories == 0 and plan.t_states == 0 and plan.failures["magic"] == 0


def test_distance_and_qubits_grow_monotonically_with_gate_count_to_1e15():
    plans = [ftp.estimate(arch({"numQubits": 100, "tCount": t})) for t in (1e3, 1e6, 1e9, 1e12, 1e15)]
    distances = [p.code_distance for p in plans]
    assert distances == sorted(distances)
    assert [p.runtime_s for p in plans] == sorted(p.runtime_s for p in plans)


def test_distance_falls_monotonically_down_to_error_rate_1e7():
    distances = [ftp.estimate(arch({"numQubits": 100, "tCount": 1e8}, p=p)).code_distance for p in (1e-3, 1e-4, 1e-5, 1e-6, 1e-7)]
    assert distances == sorted(distances, reverse=True)
    assert distances[-1] >= 3
