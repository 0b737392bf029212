"""The two clocks, CCZ factories and expected runtime: Gidney & Ekera 2019 with its own assumptions, and the
properties any clock must keep."""

from __future__ import annotations

import math

import numpy as np
import pytest

import ftplanner as ftp
from ftplanner.architecture.models import Execution
from tests.conftest import ROOT, variant

GE2019 = ROOT / "architectures" / "rsa2048-gidney-ekera.yaml"
HOUR = 3600.0


def small(**changes) -> ftp.Architecture:
    """A 100-qubit, 1e8-T workload at p = 1e-3 with the given fields replaced (`section__field`)."""
    data = {"name": "clock", "hardware": {"noise_model": "uniform", "error_rates": {"two_qubit": 1e-3}},
            "workload": {"logical_counts": {"numQubits": 100, "tCount": 10**8}}}
    for dotted, value in changes.items():
        *parents, leaf = dotted.split("__")
        node = data
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = value
    return ftp.Architecture.model_validate(data)


def space_time(plan) -> float:
    return plan.physical_qubits * plan.runtime_s


# ---- Gidney & Ekera 2019 (arXiv:1905.09749; Quantum 5, 433): ~20 M qubits, d = 27, 5.1 h per run, 7.4 h expected

def test_gidney_ekera_2019_one_chain_per_toffoli():
    """Every Toffoli on one reaction-limited chain: 2.7e9 x 10 us = 7.5 h, with the factories that keeps fed."""
    plan = ftp.estimate(variant(GE2019, workload__reaction_depth=2698311345, factories__count="auto"))
    assert plan.execution_clock == "reaction_limited"
    assert 25 <= plan.code_distance <= 29
    assert 19e6 <= plan.physical_qubits <= 23e6
    assert plan.runtime_s == pytest.approx(7.5 * HOUR, rel=0.2)
    assert plan.binding_constraint in ("decoder_reaction", "magic_supply")


def test_gidney_ekera_2019_as_published():
    """The lookup, then the two carry pieces adding in parallel, fed by 28 CCZ factories."""
    plan = ftp.estimate(GE2019)
    assert plan.execution_clock == "reaction_limited"
    assert plan.factories == 28 and plan.factory.output_kind == "CCZ"
    assert 25 <= plan.code_distance <= 29
    assert 19e6 <= plan.physical_qubits <= 23e6
    assert plan.runtime_s == pytest.approx(5.1 * HOUR, rel=0.25)
    assert plan.expected_runtime_s == pytest.approx(7.44 * HOUR, rel=0.25)
    assert plan.binding_constraint in ("decoder_reaction", "magic_supply")
    logical_steps = ftp.estimate(variant(GE2019, execution__clock="logical_steps"))
    assert logical_steps.runtime_s > 2 * plan.runtime_s  # d cycles per layer: the 2019 planner's 17 h


# ---- properties

@pytest.mark.parametrize("clock", ["reaction_limited", "auto"])
def test_a_longer_reaction_never_shortens_the_run(clock):
    runtimes = [ftp.estimate(small(execution__clock=clock, decoder__reaction_time_us=t)).runtime_s
                for t in (0.5, 1, 3, 10, 30, 100)]
    assert runtimes == sorted(runtimes)
    assert runtimes[-1] > runtimes[0]


@pytest.mark.parametrize("clock", ["logical_steps", "reaction_limited", "auto"])
def test_more_parallel_chains_never_lengthen_the_run(clock):
    runtimes = [ftp.estimate(small(execution__clock=clock, workload__reaction_depth=r)).runtime_s
                for r in (10**8, 3 * 10**7, 10**7, 10**6)]
    assert all(later <= earlier * (1 + 1e-12) for earlier, later in zip(runtimes, runtimes[1:]))


def test_auto_is_never_worse_than_either_clock():
    for reaction_us in (1, 10, 100):
        plans = {clock: ftp.estimate(small(execution__clock=clock, decoder__reaction_time_us=reaction_us))
                 for clock in ("logical_steps", "reaction_limited", "auto")}
        best = min(space_time(plans["logical_steps"]), space_time(plans["reaction_limited"]))
        assert space_time(plans["auto"]) == pytest.approx(best, rel=1e-12)


AUTO_CASES = {
    "starling": ROOT / "architectures" / "ibm-starling-2029.yaml",
    "poc": ROOT / "architectures" / "networked-poc-2030.yaml",
    "trillion": ROOT / "architectures" / "networked-trillion-gate.yaml",
    "rsa2048": GE2019,
}


@pytest.mark.parametrize("name", sorted(AUTO_CASES))
def test_auto_picks_the_cheaper_clock_at_every_point_of_a_sweep(name):
    """auto plans the second clock only where a bound says it may win: the answer must be the cheaper of both."""
    grid = {"hardware.error_rates.two_qubit": [3e-4, 1e-3, 3e-3], "decoder.reaction_time_us": [0.3, 3, 30],
            "workload.logical_counts.numQubits": [4, 200]}
    arch = ftp.load(AUTO_CASES[name])
    frames = {clock: ftp.sweep(arch.model_copy(update={"execution": Execution(clock=clock)}), grid)
              for clock in ("auto", "logical_steps", "reaction_limited")}

    def cost(frame):
        return np.where(frame["feasible"], frame["physical_qubits"].astype(float) * frame["runtime_s"].astype(float), np.inf)

    best = np.minimum(cost(frames["logical_steps"]), cost(frames["reaction_limited"]))
    assert cost(frames["auto"]) == pytest.approx(best, rel=1e-12)
    assert (frames["auto"]["feasible"] == (frames["logical_steps"]["feasible"] | frames["reaction_limited"]["feasible"])).all()


def test_reaction_limited_runs_one_reaction_per_step_and_charges_its_workspace():
    plan = ftp.estimate(small(execution__clock="reaction_limited"))
    assert plan.binding_constraint == "decoder_reaction"
    assert plan.runtime_s == pytest.approx(1e8 * 10e-6)
    cycle = plan.cycle_time_s
    assert plan.runtime_bounds_s["logical_clock"] == pytest.approx(plan.code_distance * cycle)  # the last merge
    in_flight = math.ceil(plan.code_distance * cycle / 10e-6)
    assert plan.workspace_tiles == in_flight * 6
    per_tile = 2 * (plan.code_distance + 1) ** 2
    assert plan.physical_qubits_data == (plan.layout_tiles + plan.workspace_tiles) * per_tile
    steps = ftp.estimate(small(execution__clock="logical_steps"))
    assert steps.workspace_tiles == 0 and steps.execution_clock == "logical_steps"
    assert steps.runtime_s == pytest.approx(1e8 * steps.code_distance * cycle)


def test_a_ccz_workload_never_costs_more_than_the_same_counted_as_four_t():
    for toffolis in (10**4, 10**6, 10**8, 10**10):
        same = dict(execution__clock="reaction_limited", workload__reaction_depth=toffolis)
        ccz = ftp.estimate(small(workload__logical_counts={"numQubits": 100, "cczCount": toffolis}, **same))
        as_t = ftp.estimate(small(workload__logical_counts={"numQubits": 100, "tCount": 4 * toffolis}, **same))
        assert ccz.feasible and as_t.feasible
        assert space_time(ccz) <= space_time(as_t) * (1 + 1e-9)
        assert ccz.physical_qubits_factories <= as_t.physical_qubits_factories


def test_ccz_factories_serve_toffolis_one_state_each():
    plan = ftp.estimate(small(workload__logical_counts={"numQubits": 100, "cczCount": 10**8}))
    assert plan.factory.output_kind == "CCZ"
    assert plan.factory_outputs == 1e8
    assert plan.failures["magic"] == pytest.approx(1e8 * plan.factory.output_error)
    t_only = ftp.estimate(small(workload__logical_counts={"numQubits": 100, "cczCount": 10**8},
                                factories__protocols=["15-to-1", "(15-to-1) x (15-to-1)"]))
    assert t_only.factory.output_kind == "T" and t_only.factory_outputs == 4e8


def test_expected_runtime_counts_the_runs_until_one_succeeds():
    plan = ftp.estimate(small(workload__success_probability=0.5))
    assert plan.expected_runtime_s == pytest.approx(plan.runtime_s / (0.5 * (1 - plan.failure_probability)))
    row = plan.row()
    assert row["expected_runtime_s"] == plan.expected_runtime_s
    assert row["execution_clock"] == plan.execution_clock and row["reaction_depth"] == 1e8


def test_a_sweep_and_single_estimates_agree_under_auto():
    rates = [3e-4, 1e-3, 3e-3]
    frame = ftp.sweep(small(), {"hardware.error_rates.two_qubit": rates})
    for rate, (_, row) in zip(rates, frame.iterrows()):
        single = ftp.estimate(small(hardware__error_rates={"two_qubit": rate}))
        assert row["execution_clock"] == single.execution_clock
        assert row["physical_qubits"] == single.physical_qubits
        assert row["runtime_s"] == pytest.approx(single.runtime_s, rel=1e-12)


def test_remote_merges_overlap_under_the_reaction_clock():
    """Merges last d cycles and start every reaction: the busiest link carries the overlap, each merge at
    (2d - 1) pairs per cycle."""
    arch = variant(ROOT / "architectures" / "networked-poc-2030.yaml", execution__clock="reaction_limited")
    plan = ftp.estimate(arch)
    busiest = plan.network.busiest
    d, cycle = plan.code_distance, plan.cycle_time_s
    assert busiest.peak_raw_bell_pairs_per_s >= busiest.concurrent_merges * (2 * d - 1) / cycle * (1 - 1e-12)
    steps = ftp.estimate(variant(ROOT / "architectures" / "networked-poc-2030.yaml", execution__clock="logical_steps"))
    assert plan.network.remote_operations == pytest.approx(steps.network.remote_operations)  # traffic: per operation


def test_azure_profile_refuses_the_reaction_clock():
    with pytest.raises(ValueError, match="azure-re"):
        small(profile="azure-re", execution__clock="reaction_limited")
    assert ftp.estimate(small(profile="azure-re")).execution_clock == "logical_steps"


def test_reaction_depth_is_sweepable():
    frame = ftp.sweep(small(execution__clock="reaction_limited"), {"workload.reaction_depth": np.array([1e6, 1e7, 1e8])})
    assert list(frame["runtime_s"]) == pytest.approx([10.0, 100.0, 1000.0])
