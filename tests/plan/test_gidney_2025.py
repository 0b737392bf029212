"""Gidney 2025, "How to factor 2048 bit RSA integers with less than a million noisy qubits" (arXiv:2505.15917),
with its own assumptions: fewer than 1 M physical qubits and under a week expected."""

from __future__ import annotations

import pytest

import ftplanner as ftp
from tests.conftest import ROOT, variant

G2025 = ROOT / "architectures" / "rsa2048-gidney-2025.yaml"
DAY = 86400.0


@pytest.fixture(scope="module")
def plan():
    return ftp.estimate(G2025)


def test_under_1_2_million_qubits_and_8_days_expected(plan):
    assert plan.feasible, plan.reason
    assert plan.physical_qubits < 1.2e6
    assert plan.expected_runtime_s < 8 * DAY
    assert plan.expected_runtime_s == pytest.approx(plan.runtime_s * 9.21 / (1 - plan.failure_probability), rel=0.01)


def test_the_idle_register_sits_in_the_papers_yoke(plan):
    """1,280 cold qubits in 2D-yoked 16 x 16 blocks at d = 11, 429 qubits each (the paper budgets 430)."""
    assert plan.stored_logical_qubits == 1280 and plan.storage == "yoked-2d" and plan.storage_distance == 11
    assert plan.physical_qubits_storage == pytest.approx(7 * 194 * 429.03, rel=1e-4)  # whole blocks of 194
    assert 25 <= plan.code_distance <= 27  # hot patches: the paper's d = 25


def test_cultivated_states_make_its_ccz_states(plan):
    assert plan.factories == 6 and plan.factory.output_kind == "CCZ"
    assert plan.factory.protocol.startswith("cultivation") and "8-to-CCZ" in plan.factory.protocol
    # the paper's six factories take 97 k qubits; distillation from 15-to-1 would take about twice ours
    litinski = ftp.estimate(variant(G2025, factories__protocols=["15-to-1", "(15-to-1) x (8-to-CCZ)"]))
    assert plan.physical_qubits_factories < 0.7 * litinski.physical_qubits_factories


def test_left_to_choose_six_factories_it_finds_a_smaller_supply(plan):
    """Six copies fixed, the planner keeps the design whose copies keep up in the fewest qubit-seconds: six
    cultivation -> 15-to-1 T factories serve the run's 2.8e9 T states (4 per Toffoli) on the same clock at fewer
    qubits than the paper's CCZ factories, though per state they cost more."""
    free = ftp.estimate(variant(G2025, factories__protocols=["auto"]))
    assert free.factories == 6 and free.runtime_s == pytest.approx(plan.runtime_s)
    assert free.physical_qubits_factories < plan.physical_qubits_factories
    assert free.factory.space_time_per_output * free.factory_outputs > \
        plan.factory.space_time_per_output * plan.factory_outputs


def test_without_yoked_storage_it_needs_far_more_qubits(plan):
    patches = ftp.estimate(variant(G2025, code__storage="patches", workload__active_qubits=None))
    assert patches.physical_qubits > 2 * plan.physical_qubits
