"""The planner's array machinery: each vectorized step against a plain per-point computation."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ftplanner as ftp
from ftplanner.architecture.values import AUTO, Values
from ftplanner.calibration import load_calibration
from ftplanner.plan.batch import plan_rows
from ftplanner.plan.modules import FACTORY_TOO_BIG, TILE_TOO_BIG, TOO_FEW_MODULES, module_counts
from ftplanner.plan.network import batched_even_route_set, route_set, size_networks
from ftplanner.plan.result import CSV_COLUMNS
from ftplanner.plan.traffic import Traffic
from ftplanner.plan.unique import distinct_rows, per_distinct
from tests.conftest import ROOT


def test_distinct_rows_group_equal_rows_only():
    rng = np.random.default_rng(1)
    a, b, c = rng.integers(0, 3, 500), rng.choice([0.5, 1e-3], 500), np.full(500, 7.0)
    first, inverse = distinct_rows(a, b, c)
    assert len(first) == len({(x, y) for x, y in zip(a, b)})
    assert np.array_equal(a[first][inverse], a) and np.array_equal(b[first][inverse], b)


def test_per_distinct_equals_evaluating_every_point():
    rng = np.random.default_rng(2)
    x, y = rng.choice([1.0, 2.0, 3.0], 300), rng.choice([10.0, 20.0], 300)
    calls = []

    def f(u, v):
        calls.append(len(u))
        return u * v + u ** 2

    assert np.array_equal(per_distinct(f, x, y), x * y + x ** 2)
    assert calls == [6]  # evaluated once per distinct pair


def _fewest_modules(tiles, tile_q, factories, factory_q, capacity):
    """The fewest modules that hold the design, by trying every count (the definition, per point)."""
    for modules in range(max(1, math.ceil((tiles * tile_q + factories * factory_q) / capacity)), tiles + factories + 2):
        low, extra = divmod(factories, modules)
        groups = [(n, f) for n, f in ((extra, low + 1), (modules - extra, low)) if n > 0]
        rooms = [(n, (capacity - f * factory_q) // tile_q) for n, f in groups]
        if all(room >= 0 for _, room in rooms) and sum(n * room for n, room in rooms) >= tiles:
            return modules
    raise AssertionError("unreachable")


def test_module_counts_find_the_fewest_modules_that_fit():
    rng = np.random.default_rng(3)
    n = 400
    tiles, tile_q = rng.integers(1, 400, n), rng.integers(50, 3000, n)
    factories, factory_q = rng.integers(0, 40, n), rng.integers(1000, 60000, n)
    capacity = rng.integers(70000, 2_000_000, n).astype(float)
    # the draws above always fit: make a few points too small for a tile, and a few for a factory
    capacity[:10] = tile_q[:10] - 1
    factories[10:20], factory_q[10:20] = np.maximum(factories[10:20], 1), capacity[10:20] + 1
    counts = module_counts(tiles, tile_q, factories, factory_q, capacity, np.full(n, AUTO), dedicated=False)
    for k in range(n):
        if tile_q[k] > capacity[k]:
            assert counts.problem[k] == TILE_TOO_BIG
        elif factories[k] and factory_q[k] > capacity[k]:
            assert counts.problem[k] == FACTORY_TOO_BIG
        else:
            assert counts.problem[k] == 0
            assert counts.modules[k] == _fewest_modules(*(int(x[k]) for x in (tiles, tile_q, factories, factory_q, capacity)))
            assert counts.max_physical_qubits_per_module[k] <= capacity[k]
    assert set(counts.problem.tolist()) == {TILE_TOO_BIG, FACTORY_TOO_BIG, 0}  # every branch above was checked


def test_a_fixed_module_count_too_small_says_so():
    counts = module_counts([1000], [2000], [4], [30000], [100000.0], [3], dedicated=False)
    assert counts.problem[0] == TOO_FEW_MODULES and counts.modules[0] == 0


@pytest.mark.parametrize("topology", ["all_to_all", "switched"])
def test_one_pass_over_many_module_counts_equals_one_route_set_per_count(topology):
    """Even traffic sizes every module count at once; it must agree with a route set per count."""
    modules = np.array([2, 3, 7, 40, 7, 2])
    k = len(modules)
    common = dict(d=np.full(k, 21), merges=np.linspace(1e6, 1e9, k), magic_states=np.full(k, 1e8),
                  cycle_time_s=np.full(k, 1e-6), layers=np.full(k, 1e7), t_logical=np.full(k, 1e7 * 21e-6),
                  fidelity=np.linspace(0.9, 0.999, k), bulk_p=np.full(k, 1e-3), p_two_qubit=np.full(k, 1e-3),
                  link_rate_hz=np.full(k, 1e6), latency_s=np.full(k, 1e-5), links_per_pair=np.full(k, AUTO),
                  p_measurement=np.full(k, 1e-3), distillation="auto", protocol="dejmps", seam_law=load_calibration().seam,
                  budget=np.full(k, 1e-4))
    together = size_networks(batched_even_route_set(modules, topology, False), **common)
    for i, m in enumerate(modules):
        alone = size_networks(route_set(int(m), int(m), topology, Traffic(None, 0.5, "even"), False),
                              **{key: (v[i:i + 1] if isinstance(v, np.ndarray) else v) for key, v in common.items()})
        for field in ("failure", "supply_time_s", "round_trip_s", "distillation_rounds", "delivered_fidelity"):
            assert getattr(together, field)[i] == pytest.approx(getattr(alone, field)[0], rel=1e-12)
        busiest, alone_busiest = together.busiest()[i], alone.busiest()[0]
        assert together.peak_raw_pairs_per_s[i, busiest] == pytest.approx(alone.peak_raw_pairs_per_s[0, alone_busiest], rel=1e-12)
        assert together.concurrent_merges[i, busiest] == alone.concurrent_merges[0, alone_busiest]
        assert (together.installed[i] * together.link_counts[i]).sum() == (alone.installed[0] * alone.link_counts).sum()


def test_values_reject_unknown_paths_and_ragged_overrides():
    arch = ftp.load(ROOT / "architectures" / "ibm-starling-2029.yaml")
    with pytest.raises(ValueError, match="code.layout"):
        Values(arch, {"code.layout": np.array([1.0])})
    with pytest.raises(ValueError, match="same length"):
        Values(arch, {"budget.total_failure": np.array([1e-3, 1e-2]), "hardware.cycle_time_ns": np.array([1000.0])})


@pytest.mark.parametrize("name", ["ibm-starling-2029", "networked-poc-2030", "networked-trillion-gate", "rsa2048-gidney-ekera"])
def test_one_point_without_overrides_is_the_estimate(name):
    arch = ftp.load(ROOT / "architectures" / f"{name}.yaml")
    rows, plan = plan_rows(arch, {}), ftp.estimate(arch).row()
    assert {column: rows[column][0] for column in CSV_COLUMNS} == plan
