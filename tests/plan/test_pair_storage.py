"""Bell pairs made ahead and stored in link memories: they let fewer or slower links keep up, and they decay.

A stored pair's fidelity decays as F(t) = 1/4 + (F0 - 1/4) e^(-t/T); a link fills its memory in
the time between its merges, and the planner uses storage only where it helps (fewer auto links,
less waiting on fixed ones) and the decayed pairs still fit the budget, so adding a memory never
gives a worse plan.
"""

from __future__ import annotations

import copy

import pytest
from ruamel.yaml import YAML

import ftplanner as ftp
from ftplanner.errors import SpecError
from ftplanner.physics.entanglement import distill, mean_decay, werner
from tests.conftest import ROOT

POC = YAML(typ="safe").load((ROOT / "architectures" / "networked-poc-2030.yaml").read_text())


def poc(layout="fast", links=4, memory=None) -> ftp.Plan:
    arch = copy.deepcopy(POC)
    arch["code"] = {**arch.get("code", {}), "layout": layout}
    arch["network"].update(links_per_module_pair=links, **({"memory": memory} if memory else {}))
    arch["constraints"] = {}
    arch["execution"] = {"clock": "logical_steps"}  # layers of logical steps, between which links idle
    return ftp.estimate(arch)


MEMORIES = [{"coherence_time_us": t, "qubits_per_link": 10_000} for t in (1, 10_000, 1_000_000)]


@pytest.mark.parametrize("layout", ["fast", "compact"])
@pytest.mark.parametrize("links", [4, "auto"])
def test_a_memory_never_gives_a_worse_plan(layout, links):
    without = poc(layout, links)
    for memory in MEMORIES:
        stored = poc(layout, links, memory)
        assert stored.feasible and without.feasible
        assert stored.runtime_s <= without.runtime_s * (1 + 1e-12)
        assert stored.row()["links"] <= without.row()["links"]
        assert stored.failure_probability <= stored.assumptions["architecture"]["budget"]["total_failure"]


def test_storage_lets_fixed_links_keep_up_between_merges():
    # compact blocks: a layer lasts 9 logical steps, a merge 1, so links idle between merges and can fill a memory
    # (5 links: with cultivated T states the run fits 4 modules, so each link carries more than with 5 modules,
    # and 4 links with storage fall just short of the logical clock)
    without = poc("compact", 5)
    stored = poc("compact", 5, {"coherence_time_us": 10_000, "qubits_per_link": 10_000})
    assert without.binding_constraint == "bell_pair_supply"
    assert stored.binding_constraint == "logical_clock" and stored.runtime_s < without.runtime_s
    assert stored.row()["pair_storage_s"] > 0 and without.row()["pair_storage_s"] == 0


def test_stored_pairs_are_delivered_decayed_then_distilled():
    memory = {"coherence_time_us": 10_000, "qubits_per_link": 10_000}
    plan = poc("fast", "auto", memory)
    fresh = poc("fast", "auto")
    net = plan.network
    assert net.pair_storage_s > 0 and net.links_total < fresh.network.links_total  # fewer links, pairs made ahead
    # every pair taken as stored for up to twice the mean wait (ages uniform over the memory's fill time)
    decayed = 0.25 + (0.99 - 0.25) * float(mean_decay(2 * net.pair_storage_s, 10e-3))
    state, _ = distill(werner(decayed), net.distillation_rounds, "dejmps", 1e-3, 1e-3)  # one hop: no swap
    assert net.delivered_fidelity == pytest.approx(float(state[0]), rel=1e-12)
    assert net.distillation_rounds > fresh.network.distillation_rounds  # decay costs distillation


def test_a_memory_too_short_lived_to_help_is_not_used():
    plan, fresh = poc("compact", 4, {"coherence_time_us": "1us", "qubits_per_link": 10_000}), poc("compact", 4)
    assert plan.row()["pair_storage_s"] == 0 and plan.runtime_s == fresh.runtime_s


def test_a_memory_needs_both_fields(tmp_path):
    arch = copy.deepcopy(POC)
    arch["network"]["memory"] = {"coherence_time_us": 1000}
    with pytest.raises(SpecError, match="network.memory.qubits_per_link"):
        ftp.load(arch)


def test_sweeping_the_memory_equals_estimating_each_point():
    arch = copy.deepcopy(POC)
    arch["code"] = {"layout": "compact"}
    arch["network"].update(links_per_module_pair=4, memory={"coherence_time_us": 10_000, "qubits_per_link": 10_000})
    times = [1.0, 1e3, 1e4, 1e6]
    frame = ftp.sweep(arch, {"network.memory.coherence_time_us": times})
    for t, (_, row) in zip(times, frame.iterrows()):
        point = copy.deepcopy(arch)
        point["network"]["memory"]["coherence_time_us"] = t
        plan = ftp.estimate(point)
        assert row["runtime_s"] == plan.runtime_s and row["pair_storage_s"] == plan.row()["pair_storage_s"]
    assert frame["pair_storage_s"].iloc[0] == 0 < frame["pair_storage_s"].iloc[-1]


def test_a_sweep_of_a_section_the_file_leaves_out_says_so():
    from ftplanner.errors import InvalidArgument

    with pytest.raises(InvalidArgument, match="no network.memory section"):
        ftp.sweep(POC, {"network.memory.qubits_per_link": [10, 100]})
