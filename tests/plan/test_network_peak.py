"""The network as it runs: traffic counted per operation, links sized to the peak of the merges in flight.

Physical relations, not column checks: a remote merge needs its (2d - 1) d pairs inside its own
d rounds, so a link carrying c merges must supply c (2d - 1) / t_cycle raw pairs per second at
its peak; the number of remote operations is the crossing share of the operations, whatever
the parallelism; with fixed links a faster link never gives a slower run, and no link is
reported above its capacity.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest
from ruamel.yaml import YAML

import ftplanner as ftp
from tests.conftest import ROOT

TRILLION = YAML(typ="safe").load((ROOT / "architectures" / "networked-trillion-gate.yaml").read_text())
# the figures below are the logical-step clock's (d cycles per layer); test_execution_clock.py checks the
# reaction-limited clock's overlapping merges
TRILLION["execution"] = {"clock": "logical_steps"}


def trillion(**changes) -> dict:
    """The trillion-gate example with `section__field=value` changes."""
    arch = copy.deepcopy(TRILLION)
    for path, value in changes.items():
        node, *parents = arch, *path.split("__")
        for key in parents[:-1]:
            node = node.setdefault(key, {})
        node[parents[-1]] = value
    return arch


@pytest.fixture(scope="module")
def example():
    return ftp.estimate(trillion())


def test_every_crossing_operation_is_a_remote_merge(example):
    # 1e12 T gates, 30 % crossing: 3e11 remote merges (not 0.3 x the 1e10 layers)
    assert example.row()["remote_operations"] == pytest.approx(0.3 * 1e12)


def test_parallelism_changes_concurrency_not_the_count():
    plans = [ftp.estimate(trillion(workload__t_depth=layers)) for layers in (1e10, 1e9)]
    assert all(plan.feasible for plan in plans), [plan.reason for plan in plans]
    assert plans[0].network.remote_operations == plans[1].network.remote_operations == pytest.approx(3e11)
    sequential, parallel = (plan.network.busiest for plan in plans)
    # ten times the operations per layer: more merges in flight on a link, and more pairs per second at the peak
    assert parallel.concurrent_merges > sequential.concurrent_merges
    assert parallel.peak_raw_bell_pairs_per_s > sequential.peak_raw_bell_pairs_per_s


def test_a_remote_merge_uses_its_pairs_inside_its_own_rounds(example):
    d, cycle = example.code_distance, example.cycle_time_s
    assert d == 37 and example.network.bell_pairs_per_remote_operation == (2 * d - 1) * d == 2701
    busiest = example.network.busiest
    assert busiest.concurrent_merges >= 1
    assert busiest.peak_raw_bell_pairs_per_s >= busiest.concurrent_merges * (2 * d - 1) / cycle * (1 - 1e-12)
    assert busiest.peak_raw_bell_pairs_per_s == pytest.approx(8.6e7, rel=0.01)  # 73 pairs per 0.85 us round
    # auto links meet the peak; the run's average is the peak times the share of layers the link is busy
    assert example.network.links_chosen
    assert busiest.links * 1e7 >= busiest.peak_raw_bell_pairs_per_s > (busiest.links - 1) * 1e7
    merges_on_link = busiest.remote_operations_per_s * example.runtime_s
    busy_share = merges_on_link / (busiest.concurrent_merges * example.logical_depth)
    # 2 x 3e11 / (modules) merges over 1e10 layers (0.88 with its 68 modules)
    assert busy_share == pytest.approx(2 * 3e11 / example.placement.modules / 1e10, rel=0.05)
    assert busiest.raw_bell_pairs_per_s == pytest.approx(busiest.peak_raw_bell_pairs_per_s * busy_share, rel=1e-9)
    assert example.binding_constraint != "bell_pair_supply"


def test_fixed_links_below_the_peak_slow_the_merges_and_cost_rounds():
    fast = ftp.estimate(trillion(network__links_per_module_pair=9))
    slow = ftp.estimate(trillion(network__links_per_module_pair=2))
    assert fast.binding_constraint == "logical_clock"
    assert slow.binding_constraint == "bell_pair_supply" and not slow.network.links_chosen
    busiest = slow.network.busiest
    assert busiest.peak_raw_bell_pairs_per_s > busiest.capacity_bell_pairs_per_s
    # every layer that carries a merge on the busiest link waits for its pairs
    d, cycle = slow.code_distance, slow.cycle_time_s
    slowdown = busiest.peak_raw_bell_pairs_per_s / busiest.capacity_bell_pairs_per_s
    busy_layers = min(slow.logical_depth, busiest.remote_operations_per_s * slow.runtime_s)
    assert slow.runtime_s == pytest.approx(slow.runtime_bounds_s["logical_clock"] + (slowdown - 1) * busy_layers * d * cycle)
    # the extra QEC rounds are charged: the run is longer, and its logical failure is over all of its rounds
    assert slow.runtime_s > fast.runtime_s and slow.code_distance >= fast.code_distance


def test_with_fixed_links_a_faster_link_never_slows_the_run_or_overfills_a_link():
    runtimes = []
    for rate in (1e6, 3e6, 1e7, 3e7, 1e8, 1e9):
        plan = ftp.estimate(trillion(network__link__bell_pair_rate_hz=rate, network__links_per_module_pair=2,
                                     constraints={}))
        assert plan.runtime_s is not None, plan.reason
        runtimes.append(plan.runtime_s)
        for link in plan.network.links:
            assert link.utilisation <= 1 + 1e-9
            assert link.raw_bell_pairs_per_s <= link.capacity_bell_pairs_per_s * (1 + 1e-9)
    assert runtimes == sorted(runtimes, reverse=True)
    assert runtimes[0] > 10 * runtimes[-1]


def test_rates_are_reported_at_the_final_runtime():
    slow = ftp.estimate(trillion(network__links_per_module_pair=2))
    row, net = slow.row(), slow.network
    total_pairs = net.remote_operations * net.bell_pairs_per_remote_operation * net.raw_pairs_per_delivered
    hops = 2  # switched: every route crosses two module-switch links
    assert row["raw_bell_pairs_per_s"] == pytest.approx(total_pairs * hops / slow.runtime_s, rel=1e-9)
    assert row["bell_pairs_per_s_per_link"] <= 1e7 * (1 + 1e-9)


def test_swaps_use_the_hardwares_own_gate_and_measurement_errors(example):
    from ftplanner.physics.entanglement import swapped, swapped_fidelity, werner

    # switched: every route is two link pairs joined by one Bell measurement, with p = 1e-3 gates and readout
    assert example.network.max_hops == 2 and example.network.distillation_rounds == 0
    noisy = float(swapped(werner(0.995), 2, 1e-3, 1e-3)[0])
    assert example.network.delivered_fidelity == pytest.approx(noisy, rel=1e-12)
    assert noisy < float(swapped_fidelity(0.995, 2)) == pytest.approx(0.990033, abs=1e-6)


@pytest.mark.parametrize("fidelity", [0.8, 0.9, 0.95])
def test_dejmps_is_the_default_and_never_plans_worse_than_bbpssw(fidelity):
    link = {"bell_pair_fidelity": fidelity}
    dejmps = ftp.estimate(trillion(network__link=dict(TRILLION["network"]["link"], **link)))
    bbpssw = ftp.estimate(trillion(network__link=dict(TRILLION["network"]["link"], **link),
                                   network__distillation_protocol="bbpssw"))
    assert dejmps.assumptions["architecture"]["network"]["distillation_protocol"] == "dejmps"
    assert dejmps.feasible, dejmps.reason
    if bbpssw.feasible:
        assert dejmps.network.distillation_rounds <= bbpssw.network.distillation_rounds
        assert dejmps.network.raw_pairs_per_delivered <= bbpssw.network.raw_pairs_per_delivered * (1 + 1e-12)
        assert dejmps.physical_qubits <= bbpssw.physical_qubits and dejmps.runtime_s <= bbpssw.runtime_s
    assert dejmps.network.distillation_rounds >= 1  # the pairs needed distilling at all


def test_pairs_too_noisy_for_ten_rounds_say_so():
    plan = ftp.estimate(trillion(network__link=dict(TRILLION["network"]["link"], bell_pair_fidelity=0.7)))
    assert not plan.feasible and "network failure" in plan.reason  # 0.7 over two noisy hops is 0.52: too slow to distill


def switched(**switch) -> dict:
    return trillion(network=dict(TRILLION["network"], switch=switch))


def test_switches_are_sized_to_swap_the_peak():
    plan = ftp.estimate(switched(pairs_per_s=2e8))
    net = plan.network
    swaps_at_peak = sum(link.count * link.peak_raw_bell_pairs_per_s for link in net.links) / 2
    assert net.switches == -(-swaps_at_peak // 2e8) and net.switches * 2e8 >= swaps_at_peak > (net.switches - 1) * 2e8
    assert not net.switches_bind and plan.runtime_s == ftp.estimate(trillion()).runtime_s  # enough switches: no wait
    assert ftp.estimate(trillion()).network.switches == 1  # unlimited capacity: one switch, as before


def test_too_few_switches_make_every_remote_layer_wait():
    enough, few = ftp.estimate(switched(pairs_per_s=2e8)), ftp.estimate(switched(pairs_per_s=2e8, count=8))
    assert few.network.switches == 8 and few.network.switches_bind and few.binding_constraint == "bell_pair_supply"
    assert few.runtime_s > enough.runtime_s
    swaps_at_peak = sum(link.count * link.peak_raw_bell_pairs_per_s for link in few.network.links) / 2
    wait = (swaps_at_peak / (8 * 2e8) - 1) * few.code_distance * few.cycle_time_s * few.logical_depth
    assert few.runtime_s == pytest.approx(few.runtime_bounds_s["logical_clock"] + wait)
    more = ftp.estimate(switched(pairs_per_s=4e8, count=8))
    assert more.runtime_s < few.runtime_s  # faster switches never slow the run


def test_more_modules_than_ports_take_a_tree_of_switches(example):
    modules = example.placement.modules  # 68
    assert 50 < modules <= 75
    star, tree = ftp.estimate(switched(ports=75)), ftp.estimate(switched(ports=50))
    assert star.network.max_hops == 2 and star.network.switch_levels == 1
    assert tree.feasible and tree.network.max_hops == 4 and tree.network.switch_levels == 2
    assert tree.network.round_trip_s > star.network.round_trip_s  # routes between leaves climb to the root
    two_ports = ftp.estimate(switched(ports=2))
    assert not two_ports.feasible and f"{modules} modules exceed the 2 ports of network.switch.ports" in two_ports.reason


def test_fewer_ports_never_give_a_faster_run():
    """Smaller switches only add levels: longer routes, more swaps, more round trips."""
    plans = [ftp.estimate(switched(ports=ports)) for ports in (3, 5, 10, 20, 50, 75)]
    assert all(p.feasible for p in plans)
    runtimes = [p.runtime_s for p in plans]
    assert runtimes == sorted(runtimes, reverse=True) and runtimes[0] > runtimes[-1]
    assert [p.network.switch_levels for p in plans] == sorted((p.network.switch_levels for p in plans), reverse=True)
    assert plans[0].network.max_hops == 2 * plans[0].network.switch_levels


def test_a_tree_is_copied_until_its_busiest_switch_keeps_up():
    from ftplanner.physics.topology import SwitchTree

    plan = ftp.estimate(switched(ports=10, pairs_per_s=2e8))
    net, fabric = plan.network, SwitchTree(plan.placement.modules, 10)
    per_copy = int(fabric.switches_per_level().sum())  # 8 leaves and the root
    assert net.switches % per_copy == 0 and not net.switches_bind
    # the root joins 8 leaves: every uplink at its peak is swapped there, one swap per two link pairs
    uplinks = [link for link in net.links if "switch" in link.ends[0]]
    root_swaps = sum(link.count * link.peak_raw_bell_pairs_per_s for link in uplinks) / 2
    copies = net.switches // per_copy
    # enough for the root; the bound takes each of its ports at the busiest uplink's peak (52 copies' worth
    # here, where the root's exact load needs 51): conservative, and within a few per cent
    assert copies * 2e8 >= root_swaps and copies <= np.ceil(1.1 * root_swaps / 2e8)
    few = ftp.estimate(switched(ports=10, pairs_per_s=2e8, count=copies // 4))
    assert few.network.switches_bind and few.runtime_s > plan.runtime_s
    from ftplanner.report.summary import summary_text

    assert f"{few.network.switches} switch(es) in a tree of 2 levels, whose capacity makes the merges wait" \
        in summary_text(few)


def test_factory_modules_on_a_tree_route_link_by_link():
    """Dedicated factory modules make traffic uneven: the tree is then loaded pair by pair, every link its own."""
    plan = ftp.estimate(dict(switched(ports=10), factories={"placement": "dedicated_modules"}))
    assert plan.feasible, plan.reason
    modules, net = plan.placement.modules, plan.network
    assert net.max_hops == 4 and net.switch_levels == 2
    assert len(net.links) == net.topology_links == modules + -(-modules // 9)  # module links and leaf uplinks


def test_a_switch_needs_a_switched_network():
    arch = trillion(network=dict(TRILLION["network"], topology="all_to_all", switch={"ports": 10}))
    with pytest.raises(ftp.SpecError, match="network.switch describes a switched network"):
        ftp.load(arch)


def test_slow_links_with_a_short_memory_cannot_serve_the_trillion_gate_run():
    # 10 kHz links, 69 per module (the count average-rate sizing used to install), a 1 ms memory
    network = dict(TRILLION["network"], link=dict(TRILLION["network"]["link"], bell_pair_rate_hz=1e4),
                   links_per_module_pair=69, memory={"coherence_time_us": 1000, "qubits_per_link": 1000})
    plan = ftp.estimate(trillion(network=network))
    assert not plan.feasible and plan.binding_constraint == "bell_pair_supply"
    assert "exceeds constraints.max_runtime" in plan.reason and "bell_pair_supply" in plan.reason
    assert plan.runtime_s > 100 * ftp.estimate(trillion()).runtime_s  # merges wait ~100x their window for pairs
