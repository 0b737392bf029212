"""The planner's factory: of the designs reaching a point's target, the one whose whole copies occupy the fewest
qubit-seconds over the run, checked against a brute force over every candidate."""

from __future__ import annotations

import numpy as np

from ftplanner.architecture.values import AUTO
from ftplanner.physics.factories import choose_factories, factory_candidates
from ftplanner.plan.factory_choice import Demand, _choose_under


def brute_force(p, target, demand_row):
    """Every candidate's qubit-seconds at one point (inf where it misses the target)."""
    found = factory_candidates(p)
    designs = [found.designs[i] for i in found.index]
    cost = [demand_row.qubit_seconds(np.array([[d.physical_qubits]]), np.array([[d.code_cycles]]),
                                     np.array([[d.outputs_per_run]]))[0, 0] if d.output_error <= target else np.inf
            for d in designs]
    return designs, np.array(cost)


def test_the_choice_has_the_fewest_qubit_seconds_of_any_candidate():
    rng = np.random.default_rng(3)
    n = 300
    p = rng.choice([3e-4, 1e-3, 2e-3], n)
    targets = 10 ** rng.uniform(-16, -6, n)
    demand = Demand(states=np.round(10 ** rng.uniform(0, 10, n)), runtime_s=10 ** rng.uniform(-3, 5, n),
                    cycle_time_s=np.full(n, 1e-6), count=np.where(rng.random(n) < 0.2, 3, AUTO))
    chosen = _choose_under(None, p, np.full(n, np.inf), targets, "T", demand)
    improved = 0
    for k in range(n):
        designs, cost = brute_force(float(p[k]), targets[k], demand.take(np.array([k])))
        if not np.isfinite(cost).any():
            assert chosen.design[k] is None
            continue
        got = demand.take(np.array([k])).cost(chosen.take(np.array([k])))[0]
        assert got == cost.min()
        assert chosen.design[k] is designs[int(np.argmin(cost))]  # ties: the cheapest per state
        table, index = choose_factories(float(p[k]), np.array([targets[k]]))
        assert chosen.least_space_time_per_output[k] == table[index[0]].space_time_per_output
        improved += chosen.design[k] is not table[index[0]]
    assert improved > 0  # whole copies do change the choice somewhere: the test sees both branches


def test_many_copies_tend_to_the_cheapest_per_state():
    """With millions of states the rounding of whole copies vanishes: the cheapest-per-state design wins."""
    n = 4
    demand = Demand(states=np.full(n, 1e12), runtime_s=np.full(n, 1e4), cycle_time_s=np.full(n, 1e-6),
                    count=np.full(n, AUTO))
    targets = np.array([1e-10, 1e-12, 1e-14, 1e-16])
    chosen = _choose_under(None, np.full(n, 1e-3), np.full(n, np.inf), targets, "T", demand)
    table, index = choose_factories(1e-3, targets)
    assert all(chosen.design[k] is table[index[k]] for k in range(n))
