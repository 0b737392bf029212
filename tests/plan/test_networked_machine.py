"""The networked machine end to end: traffic sources, links, distillation, latency, tables."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ftplanner as ftp
from ftplanner.plan.traffic import circuit_traffic
from ftplanner.programs.interaction import read_interaction_graph


def networked(**sections) -> dict:
    """100 logical qubits, 1e8 T gates, on modules of 150,000 physical qubits."""
    base = {
        "name": "net",
        "hardware": {"noise_model": "uniform", "error_rates": {"two_qubit": 1e-3}},
        "modules": {"physical_qubits": 150_000},
        "workload": {"logical_counts": {"numQubits": 100, "tCount": 1e8}},
    }
    for key, value in sections.items():
        base[key] = {**base.get(key, {}), **value} if isinstance(value, dict) else value
    return base


TWO_HALVES = """OPENQASM 3.0;
qubit[8] q;
cx q[0], q[1]; cx q[1], q[2]; cx q[2], q[3]; cx q[3], q[0];
cx q[4], q[5]; cx q[5], q[6]; cx q[6], q[7]; cx q[7], q[4];
"""


def test_two_disconnected_halves_on_two_modules_have_no_cross_traffic(tmp_path):
    path = tmp_path / "halves.qasm"
    path.write_text(TWO_HALVES)
    traffic = circuit_traffic(read_interaction_graph(path), 2)
    assert traffic.cross_module_fraction == 0
    assert (traffic.pair_share == 0).all()


def test_circuit_file_sets_the_cross_module_fraction(tmp_path):
    (tmp_path / "halves.qasm").write_text(TWO_HALVES + "cx q[0], q[4];\n")
    arch_path = tmp_path / "arch.yaml"
    arch_path.write_text(
        "name: circ\nhardware: {error_rates: {two_qubit: 1.0e-3}}\nmodules: {count: 2}\n"
        "workload:\n  logical_counts: {numQubits: 100, tCount: 1.0e6}\n  circuit_file: halves.qasm\n")
    plan = ftp.estimate(arch_path)
    assert plan.feasible, plan.reason
    assert plan.network.cross_module_fraction == pytest.approx(1 / 9)
    assert "Kernighan-Lin" in plan.network.traffic_source


def test_bad_circuit_file_is_a_located_error(tmp_path):
    (tmp_path / "bad.qasm").write_text("OPENQASM 2.0;\nqreg q[2];\ncx q[0], r[1];\n")
    arch_path = tmp_path / "arch.yaml"
    arch_path.write_text("name: circ\nhardware: {preset: qubit_gate_ns_e3}\n"
                         "workload:\n  logical_counts: {numQubits: 10}\n  circuit_file: bad.qasm\n")
    with pytest.raises(ftp.SpecError) as info:
        ftp.load(arch_path)
    problem = info.value.problems[0]
    assert problem.file.endswith("bad.qasm") and problem.line == 3 and "r[1]" in problem.message


def test_worse_fidelity_never_needs_fewer_distillation_rounds():
    rounds = [ftp.estimate(networked(network={"link": {"bell_pair_fidelity": f}})).network.distillation_rounds
              for f in (0.999, 0.99, 0.95, 0.9, 0.8, 0.7)]
    assert rounds == sorted(rounds)
    assert rounds[-1] > rounds[0]


def test_slower_link_never_makes_the_run_faster():
    runtimes = [ftp.estimate(networked(network={"links_per_module_pair": 1, "link": {"bell_pair_rate_hz": r}})).runtime_s
                for r in (1e9, 1e7, 1e5, 1e3)]
    assert runtimes == sorted(runtimes)
    slow = ftp.estimate(networked(network={"links_per_module_pair": 1, "link": {"bell_pair_rate_hz": 1e3}}))
    assert slow.binding_constraint == "bell_pair_supply"


def test_auto_links_meet_the_peak_demand_of_every_merge_in_flight():
    plan = ftp.estimate(networked(network={"link": {"bell_pair_rate_hz": 1e5}}))
    assert plan.binding_constraint != "bell_pair_supply" and plan.network.links_chosen
    d, cycle = plan.code_distance, plan.cycle_time_s
    for link in plan.network.links:
        assert link.concurrent_merges >= 1
        # each merge in flight needs its 2d - 1 pairs per round inside its own d rounds
        assert link.peak_raw_bell_pairs_per_s >= link.concurrent_merges * (2 * d - 1) / cycle * (1 - 1e-12)
        assert link.links == max(1, math.ceil(link.peak_raw_bell_pairs_per_s / 1e5 - 1e-9))  # the fewest that meet it
        assert link.peak_raw_bell_pairs_per_s >= link.raw_bell_pairs_per_s  # the peak, not the run's average
        assert link.raw_bell_pairs_per_s <= link.links * 1e5 * (1 + 1e-9)


@pytest.mark.parametrize("topology", ["all_to_all", "ring", "line", "switched"])
def test_sparser_topologies_need_no_fewer_raw_pairs(topology):
    dense = ftp.estimate(networked(network={"topology": "all_to_all"}))
    plan = ftp.estimate(networked(network={"topology": topology}))
    assert plan.feasible, plan.reason

    def total(p):
        return sum(link.raw_bell_pairs_per_s for link in p.network.links)

    assert total(plan) >= total(dense) * (1 - 1e-9)
    assert plan.network.max_hops >= dense.network.max_hops
    assert plan.network.distillation_rounds >= dense.network.distillation_rounds


def test_latency_adds_to_the_reaction_bound():
    fast = ftp.estimate(networked(network={"link": {"latency_us": 0}}))
    slow = ftp.estimate(networked(network={"link": {"latency_us": 1000}}))
    assert slow.runtime_bounds_s["decoder_reaction"] > fast.runtime_bounds_s["decoder_reaction"]
    assert slow.binding_constraint == "decoder_reaction"


def test_latency_beyond_the_runtime_limit_is_infeasible():
    plan = ftp.estimate(networked(network={"link": {"latency_us": 10_000}}, constraints={"max_runtime": "1d"}))
    assert not plan.feasible and "max_runtime" in plan.reason and "latency" in plan.reason


def test_fidelity_one_half_cannot_be_distilled():
    plan = ftp.estimate(networked(network={"link": {"bell_pair_fidelity": 0.5}}))
    assert not plan.feasible and "above 0.5" in plan.reason


def test_dedicated_factory_modules_send_every_magic_state_across():
    plan = ftp.estimate(networked(factories={"placement": "dedicated_modules"}))
    assert plan.feasible, plan.reason
    frame = plan.modules_frame()
    assert (frame[frame.factories > 0].tiles == 0).all()
    assert plan.network.remote_operations >= plan.t_states


def test_tables_describe_modules_and_links():
    plan = ftp.estimate(networked())
    modules, links = plan.modules_frame(), plan.links_frame()
    assert len(modules) == plan.modules
    assert modules.tiles.sum() == plan.layout_tiles and modules.factories.sum() == plan.factories
    assert (modules.physical_qubits <= modules.capacity).all()
    assert links["count"].sum() == plan.modules * (plan.modules - 1) // 2
    assert (links["count"] * links.links).sum() == plan.row()["links"]
    assert (links.utilisation <= 1).all() and (links.raw_bell_pairs_per_s >= links.bell_pairs_per_s).all()
    assert (links.peak_raw_bell_pairs_per_s >= links.raw_bell_pairs_per_s).all()
    assert (links.capacity_bell_pairs_per_s >= links.peak_raw_bell_pairs_per_s).all() and links.links_chosen.all()


def test_optimised_budget_split_is_never_worse_than_equal_shares():
    for sections in ({}, {"modules": {"physical_qubits": 1_000_000}}, {"network": {"link": {"bell_pair_fidelity": 0.9}}}):
        equal = ftp.estimate(networked(**sections))
        best = ftp.estimate(networked(budget={"split": "optimise"}, **sections))
        assert best.feasible
        assert best.physical_qubits * best.runtime_s <= equal.physical_qubits * equal.runtime_s
        assert sum(best.budget.values()) == pytest.approx(1e-3)
        for part, used in best.failures.items():
            assert used <= best.budget[part] * (1 + 1e-9)


def test_fixed_budget_split_is_used_as_given():
    plan = ftp.estimate(networked(budget={"split": {"logical": 0.5, "magic": 0.2, "network": 0.3}}))
    assert plan.budget["logical"] == pytest.approx(5e-4) and plan.budget["network"] == pytest.approx(3e-4)


def test_thousands_of_modules_plan_without_pairwise_arrays():
    """1e7 logical qubits on modules of 1e6 physical qubits: tens of thousands of modules."""
    plan = ftp.estimate(networked(modules={"physical_qubits": 1_000_000},
                                  workload={"logical_counts": {"numQubits": 10_000_000, "tCount": 1e9}},
                                  network={"topology": "switched"}))
    assert plan.feasible, plan.reason
    assert plan.modules > 10_000
    assert plan.links_frame()["count"].sum() == plan.modules


def test_a_long_chain_splits_along_its_length():
    """Beyond Kernighan-Lin's size the bisection keeps the Cuthill-McKee cut: a 20,000-qubit chain (names in no
    useful order) goes into 8 balanced modules with only the 7 cuts a chain needs."""
    import networkx as nx

    from ftplanner.plan.traffic import KL_MAX_QUBITS, partition

    n = 20_000
    assert n > 2 * KL_MAX_QUBITS
    order = np.random.default_rng(0).permutation(n)  # qubit names shuffled along the chain
    graph = nx.Graph()
    graph.add_edges_from(((f"q{order[k]}", f"q{order[k + 1]}") for k in range(n - 1)), weight=1)
    group = partition(graph, 8)
    sizes = np.bincount(list(group.values()))
    assert sizes.tolist() == [n // 8] * 8
    assert sum(group[a] != group[b] for a, b in graph.edges) == 7
