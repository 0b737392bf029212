"""The first network estimate: Bell-pair costs, swapping, distillation and topologies."""

from __future__ import annotations

import numpy as np
import pytest

from ftplanner.architecture.values import AUTO
from ftplanner.physics.topology import TOPOLOGIES, routes
from ftplanner.plan.network import bell_pairs_per_round, network_plan, route_set, size_networks
from ftplanner.sim import link_gates_per_round


def _one_network(*, modules, data_modules, topology, d, operations, layers, magic_states, dedicated_factories, traffic,
                 cycle_time_s, runtime_s, fidelity, p_two_qubit, link_rate_hz, latency_s, links_per_pair, distillation,
                 seam_law, budget):
    """The NetworkPlan of one design on `traffic`'s route set (the planner sizes many points at once)."""
    rs = route_set(modules, data_modules, topology, traffic, dedicated_factories)
    sizes = size_networks(rs, d=[d], cycle_time_s=[cycle_time_s], merges=[traffic.cross_module_fraction * operations],
                          magic_states=[magic_states], layers=[layers], t_logical=[layers * d * cycle_time_s],
                          fidelity=[fidelity], bulk_p=[p_two_qubit], p_two_qubit=[p_two_qubit], p_measurement=[p_two_qubit],
                          link_rate_hz=[link_rate_hz], latency_s=[latency_s], links_per_pair=[links_per_pair],
                          distillation=distillation, protocol="dejmps",
                          seam_law=seam_law, budget=budget)
    return network_plan(sizes, 0, rs, traffic.source, traffic.cross_module_fraction, fidelity, link_rate_hz, runtime_s,
                        links_per_pair == AUTO)


@pytest.mark.parametrize("d", [3, 5, 7, 9])
def test_bell_pairs_per_round_is_the_seam_circuits_count(d):
    assert bell_pairs_per_round(d) == link_gates_per_round(d, kind="seam")


@pytest.mark.parametrize("topology", TOPOLOGIES)
@pytest.mark.parametrize("m", [2, 3, 4, 7, 12])
def test_link_loads_add_up_to_traffic_times_hops(topology, m):
    """Every route puts its traffic on each of its hops: total link load = sum over pairs of traffic x hops."""
    rng = np.random.default_rng(m)
    traffic = rng.random((m, m))
    traffic = traffic + traffic.T
    np.fill_diagonal(traffic, 0)
    topo = routes(m, topology)
    loads = topo.loads(traffic)
    assert len(loads) == len(topo.edges) and (loads >= 0).all()
    assert loads.sum() == pytest.approx(np.triu(traffic * topo.hops, 1).sum())


def test_line_middle_link_carries_the_most():
    # 4 modules on a line, even traffic: the middle link joins {0,1} with {2,3}: 4 of 6 pairs
    loads = routes(4, "line").loads(np.ones((4, 4)) - np.eye(4))
    assert list(loads) == [3, 4, 3]


def test_switch_routes_take_two_hops_and_ring_the_short_way():
    assert routes(5, "switched").hops[0, 3] == 2
    assert routes(6, "ring").hops[0, 5] == 1 and routes(6, "ring").hops[0, 3] == 3


@pytest.mark.parametrize("topology", TOPOLOGIES)
@pytest.mark.parametrize("dedicated", [False, True])
def test_even_traffic_shortcut_matches_the_pairwise_computation(topology, dedicated):
    """Even traffic is planned without M x M arrays; it must agree with the explicit pair matrix."""
    from ftplanner.calibration import load_calibration
    from ftplanner.plan.network import _even_share
    from ftplanner.plan.traffic import Traffic

    common = dict(modules=9, data_modules=7 if dedicated else 9, topology=topology, d=15, operations=1e7, layers=1e5,
                  magic_states=1e7 if dedicated else 0.0, dedicated_factories=dedicated, cycle_time_s=1e-6, runtime_s=100.0,
                  fidelity=0.995, p_two_qubit=1e-3, link_rate_hz=1e6, latency_s=1e-5, links_per_pair=AUTO,
                  distillation="auto", seam_law=load_calibration().seam, budget=1e-4)
    data = common["data_modules"]
    even = _one_network(traffic=Traffic(None, 0.5, "even"), **common)
    if dedicated:  # the shortcut spreads deliveries over every pair: compare totals only
        matrix = _one_network(traffic=Traffic(_even_share(data), 0.5, "matrix"), **common)
        assert even.remote_operations == pytest.approx(matrix.remote_operations)
        return
    matrix = _one_network(traffic=Traffic(_even_share(data), 0.5, "matrix"), **common)
    assert even.failure == pytest.approx(matrix.failure)
    assert even.supply_time_s == pytest.approx(matrix.supply_time_s)
    assert even.round_trip_s == pytest.approx(matrix.round_trip_s)
    def total(plan):
        return sum(link.count * link.raw_bell_pairs_per_s for link in plan.links)

    def busiest(plan):
        return max(link.raw_bell_pairs_per_s for link in plan.links)

    assert total(even) == pytest.approx(total(matrix))
    assert busiest(even) == pytest.approx(busiest(matrix))
    assert even.links_total == matrix.links_total
    assert even.busiest.peak_raw_bell_pairs_per_s == pytest.approx(matrix.busiest.peak_raw_bell_pairs_per_s)
    assert even.busiest.concurrent_merges == matrix.busiest.concurrent_merges
