"""The first network estimate: Bell-pair costs, swapping, distillation and topologies."""

from __future__ import annotations

import pytest

from ftplanner.plan.entanglement import bbpssw_round, distilled, swapped_fidelity
from ftplanner.plan.network import bell_pairs_per_round
from ftplanner.plan.topology import topology_load
from ftplanner.sim import link_gates_per_round


@pytest.mark.parametrize("d", [3, 5, 7, 9])
def test_bell_pairs_per_round_is_the_seam_circuits_count(d):
    assert bell_pairs_per_round(d) == link_gates_per_round(d, kind="seam")


def test_bbpssw_matches_its_published_formula_and_improves_above_one_half():
    # Bennett et al. PRL 76, 722 (1996): F=0.9 -> F' = (0.81 + (0.1/3)^2) / N, N = 0.81 + 0.06 + 5 (0.1/3)^2
    f, n = bbpssw_round(0.9)
    assert n == pytest.approx(0.81 + 2 * 0.9 * 0.1 / 3 + 5 * (0.1 / 3) ** 2)
    assert f == pytest.approx((0.81 + (0.1 / 3) ** 2) / n)
    for start in (0.55, 0.7, 0.9, 0.99):
        assert bbpssw_round(start)[0] > start
    assert bbpssw_round(0.5)[0] == pytest.approx(0.5)


def test_more_distillation_rounds_cost_more_raw_pairs_and_raise_fidelity():
    fidelities, costs = zip(*(map(float, distilled(0.9, k)) for k in range(5)))
    assert list(fidelities) == sorted(fidelities) and list(costs) == sorted(costs)
    assert costs[0] == 1 and costs[1] >= 2


def test_swapping_loses_fidelity_per_hop():
    assert swapped_fidelity(0.99, 1) == pytest.approx(0.99)
    # two Werner pairs of F: F1 F2 + (1 - F1)(1 - F2)/3
    assert swapped_fidelity(0.99, 2) == pytest.approx(0.99 * 0.99 + 0.01 * 0.01 / 3)
    assert swapped_fidelity(0.99, 5) < swapped_fidelity(0.99, 2)


@pytest.mark.parametrize("topology", ["all_to_all", "ring", "line", "switched"])
def test_topologies_carry_every_route(topology):
    for m in (2, 3, 8, 33):
        load = topology_load(m, topology)
        pairs = m * (m - 1) / 2
        # every route crosses at least one link and the busiest link carries at least its fair share
        assert load.mean_hops >= 1 and load.max_hops >= load.mean_hops
        assert load.busiest_link_share >= load.mean_hops / load.links - 1e-12
        assert load.busiest_link_share * pairs >= 1 - 1e-9


def test_line_middle_link_carries_the_most():
    # 4 modules on a line: the middle link joins {0,1} with {2,3}: 4 of 6 pairs
    assert topology_load(4, "line").busiest_link_share == pytest.approx(4 / 6)
