"""A better input never gives a worse plan: over random pairs of design points, the easier one (lower p, fewer T
gates, a looser budget, better links, larger modules) is feasible whenever the harder one is, and not worse in
both physical qubits and runtime by more than 1 %."""

from __future__ import annotations

import numpy as np
import pytest

import ftplanner as ftp
from ftplanner.architecture.values import Values
from ftplanner.calibration import load_calibration
from ftplanner.plan.planner import plan_points
from ftplanner.plan.resolve import resolve

N = 500  # points per kind of easing: 2,500 pairs in all
ARCH = {"name": "monotone", "hardware": {"noise_model": "uniform", "error_rates": {"two_qubit": 1e-3}},
        "modules": {"physical_qubits": 200_000}, "network": {"link": {"bell_pair_fidelity": 0.99}},
        "workload": {"logical_counts": {"numQubits": 100, "tCount": 10**8}}}


def plan(arch, values):
    points = Values(arch, values)
    return plan_points(points, resolve(points, load_calibration("default")))


def random_points(rng, n):
    levels = np.geomspace(1e-4, 5e-3, 12)  # a few error rates: factory tables are built per rate
    return {"hardware.error_rates.two_qubit": rng.choice(levels, n),
            "workload.logical_counts.tCount": np.round(10 ** rng.uniform(4, 12, n)),
            "budget.total_failure": 10 ** rng.uniform(-6, -1, n),
            "network.link.bell_pair_fidelity": rng.uniform(0.9, 0.999, n),
            "modules.physical_qubits": np.round(10 ** rng.uniform(4.5, 7, n)),
            "workload.logical_counts.numQubits": np.round(10 ** rng.uniform(1, 3.5, n))}


EASIER = {
    "hardware.error_rates.two_qubit": lambda v, rng: v / rng.choice([1.5, 2.0, 3.0], v.size),
    "workload.logical_counts.tCount": lambda v, rng: np.maximum(1, np.round(v / rng.uniform(1.01, 10, v.size))),
    "budget.total_failure": lambda v, rng: np.minimum(0.5, v * rng.uniform(1.01, 10, v.size)),
    "network.link.bell_pair_fidelity": lambda v, rng: np.minimum(0.9999, v + rng.uniform(0.0005, 0.05, v.size)),
    "modules.physical_qubits": lambda v, rng: np.round(v * rng.uniform(1.01, 3, v.size)),
}


def worse(hard, easy) -> np.ndarray:
    """Where the easier point is infeasible while the harder is not, or worse in both qubits and runtime by > 1 %."""
    both = (easy.physical_qubits > hard.physical_qubits * 1.01) & (easy.runtime_s > hard.runtime_s * 1.01)
    return hard.feasible & (~easy.feasible | both)


@pytest.mark.parametrize("path", sorted(EASIER))
def test_an_easier_point_is_never_worse(path):
    arch = ftp.load(ARCH)
    rng = np.random.default_rng(7)
    base = random_points(rng, N)
    hard = plan(arch, base)
    assert hard.feasible.sum() > N / 2
    easier = dict(base)
    easier[path] = EASIER[path](base[path], rng)
    bad = np.flatnonzero(worse(hard, plan(arch, easier)))
    assert bad.size == 0, [({p: float(v[k]) for p, v in base.items()}, float(easier[path][k])) for k in bad[:3]]


def test_a_looser_budget_never_worse_in_whole_copies():
    """The counterexample issue #17 found: here the looser budget admits a design cheaper per state (4 x 20-to-4,
    967 k qubits) than the harder budget's (8 x 15-to-1, 881 k), which in whole copies pushed the machine past one
    module's 1.84 M onto two; chosen by the qubit-seconds of whole copies, it stays on one module."""
    arch = ftp.load(ARCH)
    point = {"hardware.error_rates.two_qubit": np.array([0.0022013701270158846]),
             "workload.logical_counts.tCount": np.array([20112283.0]), "budget.total_failure": np.array([3.5050506159896714e-06]),
             "network.link.bell_pair_fidelity": np.array([0.9913891072159354]),
             "modules.physical_qubits": np.array([1842627.0]), "workload.logical_counts.numQubits": np.array([74.0])}
    looser = {**point, "budget.total_failure": np.array([5.25896026613745e-06])}
    assert not worse(plan(arch, point), plan(arch, looser)).any()
