"""Profile azure-re against the Azure Resource Estimator's own outputs.

Reference: tests/data/azure_re_logical_counts.csv, Microsoft's open-source Resource
Estimator (PyPI qsharp 1.31, LogicalCounts(...).estimate(...), presets qubit_gate_ns_e3/e4,
error budget 1e-3). Required: the same code distance and algorithm qubits, runtime within 2%,
total physical qubits within 20%.
"""

from __future__ import annotations

import csv

import pytest

import ftplanner as ftp
from tests.conftest import DATA

with open(DATA / "azure_re_logical_counts.csv", newline="") as _fh:
    ROWS = list(csv.DictReader(_fh))
COUNT_FIELDS = ("numQubits", "tCount", "rotationCount", "rotationDepth", "cczCount", "ccixCount", "measurementCount")


def azure_architecture(counts: dict, preset: str, budget: float = 1e-3) -> dict:
    return {
        "name": "azure-compat",
        "profile": "azure-re",
        "hardware": {"preset": preset},
        "code": {"max_distance": 50},
        "workload": {"logical_counts": counts},
        "budget": {"total_failure": budget},
    }


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['workload']}-{r['qubit']}" for r in ROWS])
def test_matches_azure_resource_estimator(row):
    counts = {k: int(row[k]) for k in COUNT_FIELDS}
    plan = ftp.estimate(azure_architecture(counts, row["qubit"], float(row["error_budget"])))
    assert plan.feasible, plan.reason
    assert plan.code_distance == int(row["code_distance"])
    assert plan.layout_tiles == int(row["algorithmic_logical_qubits"])
    assert plan.physical_qubits_data == int(row["physical_qubits_algorithm"])
    assert plan.logical_depth == pytest.approx(float(row["logical_depth_cycles"]))
    assert plan.t_states == pytest.approx(float(row["num_T_states"]))
    assert plan.runtime_s == pytest.approx(float(row["runtime_s"]), rel=0.02)
    assert plan.physical_qubits == pytest.approx(float(row["physical_qubits_total"]), rel=0.20)  # required
    assert plan.factories == int(row["num_tfactories"])  # we reproduce its factory search too
    assert plan.physical_qubits == int(row["physical_qubits_total"])


# Workloads beyond the reference rows, checked against the estimator's published formulas
# (distance from 0.03 (p/0.01)^((d+1)/2) per logical cycle, fast-block layout, Azure's budget split).
@pytest.mark.parametrize("counts, preset", [
    ({"numQubits": 12, "tCount": 5000}, "qubit_gate_ns_e3"),
    ({"numQubits": 5000, "tCount": 3.0e10, "cczCount": 1.0e8}, "qubit_gate_ns_e4"),
    ({"numQubits": 800, "rotationCount": 2.0e7, "rotationDepth": 3.0e6, "measurementCount": 1.0e5}, "qubit_gate_us_e3"),
])
def test_follows_azure_formulas_on_other_workloads(counts, preset):
    import math

    plan = ftp.estimate(azure_architecture(counts, preset))
    q = counts["numQubits"]
    tiles = 2 * q + math.ceil(math.sqrt(8 * q)) + 1
    assert plan.layout_tiles == tiles
    parts = 1 + (plan.t_states > 0) + (counts.get("rotationCount", 0) > 0)
    budget_logical = 1e-3 / parts
    p = 1e-3 if preset.endswith("e3") else 1e-4
    per_cycle = budget_logical / (tiles * plan.logical_depth)
    d = next(d for d in range(3, 51, 2) if 0.03 * (p / 0.01) ** ((d + 1) / 2) <= per_cycle)
    assert plan.code_distance == d
    cycle_ns = {"qubit_gate_ns_e3": 400, "qubit_gate_ns_e4": 400, "qubit_gate_us_e3": 600e3}[preset]
    assert plan.runtime_s == pytest.approx(plan.logical_depth * d * cycle_ns * 1e-9, rel=0.02)
