"""The planner's factory: of the designs reaching a point's target, the one whose whole copies occupy the fewest
qubit-seconds over the run, checked against a brute force over every candidate: the exact search's (the path
outside the factory tables' range of p) and the tables' (inside it)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ftplanner.architecture.values import AUTO
from ftplanner.physics.factories import choose_factories, factory_candidates
from ftplanner.plan.factory_choice import Demand, _choose_exact, _choose_under


def brute_force(p, target, demand_row):
    """Every candidate's qubit-seconds at one point (inf where it misses the target)."""
    found = factory_candidates(p)
    designs = [found.designs[i] for i in found.index]
    cost = [demand_row.qubit_seconds(np.array([[d.physical_qubits]]), np.array([[d.code_cycles]]),
                                     np.array([[d.outputs_per_run]]))[0, 0] if d.output_error <= target else np.inf
            for d in designs]
    return designs, np.array(cost)


def test_the_exact_choice_has_the_fewest_qubit_seconds_of_any_candidate():
    rng = np.random.default_rng(3)
    n = 300
    p = rng.choice([3e-4, 1e-3, 2e-3], n)
    targets = 10 ** rng.uniform(-16, -6, n)
    demand = Demand(states=np.round(10 ** rng.uniform(0, 10, n)), runtime_s=10 ** rng.uniform(-3, 5, n),
                    cycle_time_s=np.full(n, 1e-6), count=np.where(rng.random(n) < 0.2, 3, AUTO))
    chosen = _choose_exact(None, p, np.full(n, np.inf), targets, "T", demand)
    improved = 0
    for k in range(n):
        designs, cost = brute_force(float(p[k]), targets[k], demand.take(np.array([k])))
        if not np.isfinite(cost).any():
            assert chosen.design_at(k) is None
            continue
        got = demand.take(np.array([k])).cost(chosen.take(np.array([k])))[0]
        assert got == cost.min()
        assert chosen.design_at(k) == designs[int(np.argmin(cost))]  # ties: the cheapest per state
        table, index = choose_factories(float(p[k]), np.array([targets[k]]))
        assert chosen.least_space_time_per_output[k] == table[index[0]].space_time_per_output
        improved += chosen.design_at(k) != table[index[0]]
    assert improved > 0  # whole copies do change the choice somewhere: the test sees both branches


def test_many_copies_tend_to_the_cheapest_per_state():
    """With millions of states the rounding of whole copies vanishes: the cheapest-per-state design wins."""
    n = 4
    demand = Demand(states=np.full(n, 1e12), runtime_s=np.full(n, 1e4), cycle_time_s=np.full(n, 1e-6),
                    count=np.full(n, AUTO))
    targets = np.array([1e-10, 1e-12, 1e-14, 1e-16])
    chosen = _choose_exact(None, np.full(n, 1e-3), np.full(n, np.inf), targets, "T", demand)
    table, index = choose_factories(1e-3, targets)
    assert all(chosen.design_at(k) == table[index[k]] for k in range(n))


def _tabulated_brute_force(p, target, demand_row):
    """Every candidate of the tables' interval at p with its interpolated numbers and qubit-seconds (inf where it
    misses the target)."""
    from ftplanner.physics.factories.tables import tables

    t = tables()
    iv = t.interval(int(t.interval_of(p)))
    log_error, log_cycles = iv.at(np.array([p]))
    t_kind = ~t.is_ccz[iv.design]
    qubits, outputs = t.qubits[iv.design][t_kind], t.outputs[iv.design][t_kind]
    error, cycles = np.exp(log_error[0][t_kind]), np.exp(log_cycles[0][t_kind])
    cost = demand_row.qubit_seconds(qubits[None], cycles[None], outputs[None])[0]
    return np.where(error <= target, cost, np.inf), np.where(error <= target, qubits * cycles / outputs, np.inf)


def test_many_distinct_rates_choose_from_the_tables_by_the_same_rule():
    """Inside the tables' range: the tables' candidates at each rate, and of them the fewest qubit-seconds (brute force)."""
    from ftplanner.plan.factory_tables import tabulated

    rng = np.random.default_rng(5)
    n = 200
    p = rng.choice(np.geomspace(2e-4, 4e-3, 40), n)
    targets = 10 ** rng.uniform(-16, -6, n)
    demand = Demand(states=np.round(10 ** rng.uniform(0, 10, n)), runtime_s=10 ** rng.uniform(-3, 5, n),
                    cycle_time_s=np.full(n, 1e-6), count=np.where(rng.random(n) < 0.2, 3, AUTO))
    assert tabulated(p).all() and not tabulated(np.array([1e-6, 6e-3])).any()
    chosen = _choose_under(None, p, np.full(n, np.inf), targets, "T", demand)
    for k in range(n):
        row = demand.take(np.array([k]))
        cost, per_state = _tabulated_brute_force(float(p[k]), targets[k], row)
        if not np.isfinite(cost).any():
            assert chosen.design_at(k) is None
            continue
        assert math.isclose(row.cost(chosen.take(np.array([k])))[0], cost.min(), rel_tol=1e-12)
        assert math.isclose(chosen.least_space_time_per_output[k], per_state.min(), rel_tol=1e-12)
        assert chosen.design_at(k).output_error <= targets[k]
        assert chosen.design_at(k).space_time_per_output == pytest.approx(chosen.space_time_per_output[k], rel=1e-12)


def test_the_tables_choice_costs_about_what_the_exact_search_choice_costs():
    """On 24 rates x 7 targets the tables' choice occupies 0.5-1.15x the qubit-seconds of the exact search's at each
    rate (its candidates and the search's differ; benchmarks/bench_factory_tables.py measures 1,000 rates)."""
    from ftplanner.plan.factory_choice import FactoryChoice, _choose_exact
    from ftplanner.plan.factory_tables import choose_tabulated

    rates = np.geomspace(1.1e-4, 4.7e-3, 24)
    p, targets = np.repeat(rates, 7), np.tile(np.geomspace(1e-6, 1e-18, 7), rates.size)
    n = p.size
    demand = Demand(states=np.full(n, 1e9), runtime_s=np.full(n, 3e3), cycle_time_s=np.full(n, 1e-6),
                    count=np.full(n, AUTO))
    cap = np.full(n, np.inf)
    tab = FactoryChoice(*choose_tabulated(None, p, cap, targets, "T", demand))
    exact = _choose_exact(None, p, cap, targets, "T", demand)
    assert np.array_equal(tab.found, exact.found)
    ratio = demand.cost(tab)[tab.found] / demand.cost(exact)[exact.found]
    assert 0.5 < ratio.min() and ratio.max() < 1.15
    same = [a.protocol == b.protocol for a, b in zip(tab.design[tab.found], exact.design[exact.found])]
    assert np.mean(same) > 0.5
    assert np.median(ratio) == pytest.approx(1.0, abs=1e-3)
