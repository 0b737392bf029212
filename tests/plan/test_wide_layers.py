"""One T layer of 1e12 gates (a factory per gate, a module per factory) plans in bounded time (issue #17)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

import ftplanner as ftp
from ftplanner.architecture import load_architecture
from ftplanner.plan import modules

POC = Path(__file__).resolve().parents[2] / "architectures" / "networked-poc-2030.yaml"


def wide(t_count: float) -> dict:
    data = load_architecture(POC).model_dump(exclude_none=True)
    data["workload"]["logical_counts"]["tCount"] = t_count
    data["workload"]["t_depth"] = 1
    return data


def test_one_layer_of_1e12_t_gates_plans_in_seconds():
    started = time.perf_counter()
    plans = [ftp.estimate(wide(t)) for t in (1e8, 1e10, 1e12)]
    assert time.perf_counter() - started < 20
    for plan in plans:
        assert not plan.feasible and plan.reason.startswith("network links beyond 1e+18"), plan.reason
        assert plan.modules is None or plan.modules > 0


def test_module_count_search_bisects_far_from_its_lower_bound(monkeypatch):
    calls = []
    real = modules._per_module_fit
    monkeypatch.setattr(modules, "_per_module_fit", lambda *a: calls.append(1) or real(*a))
    # 10^8 factories of 15,000 qubits on modules of 40,000: two per module, far above the bound by qubits
    counts = modules.module_counts([100], [1000], [10**8], [15_000], [40_000.0], [modules.AUTO], False)
    assert counts.problem[0] == 0 and counts.modules[0] == 5 * 10**7
    assert len(calls) <= modules.SCAN_ROUNDS + 70


def test_bisection_agrees_with_the_scan_near_the_bound():
    rng = np.random.default_rng(3)
    n = 300
    tiles, factories = rng.integers(1, 400, n), rng.integers(0, 60, n)
    tile_q, factory_q = rng.integers(100, 2000, n), rng.integers(100, 9000, n)
    cap = np.maximum(rng.integers(2000, 20000, n), np.maximum(tile_q, factory_q))
    scanned = modules.module_counts(tiles, tile_q, factories, factory_q, cap.astype(float), np.full(n, modules.AUTO), False)
    lower = np.ones(n, np.int64)
    bisected = modules._bisect_fewest(lower, tiles, tile_q, factories, factory_q, cap)
    assert (scanned.modules == bisected).all()
