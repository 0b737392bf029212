"""Code distance: the smallest odd d whose logical failure over the run fits its budget.

Failure = tiles x bases x rounds x p_L(d, p) per round, rounds = logical steps x d (or more when a
slower bound forces them). With the Azure estimator's law, 0.03 (p / 0.01)^((d+1)/2) per logical
cycle of d rounds, this is the estimator's qubits x depth x p_L per cycle.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from ftplanner.physics.distance import choose_distance, log_logical_failure, run_rounds
from ftplanner.physics.error_law import AZURE_RE_LAW, ErrorLaw


def _azure_failure(d, p, qubits, steps):
    return qubits * steps * 0.03 * (p / 0.01) ** ((d + 1) / 2)


def test_azure_law_per_logical_cycle():
    assert AZURE_RE_LAW.per_round(9, 1e-3) * 9 == pytest.approx(0.03 * 0.1**5, rel=1e-12)
    assert AZURE_RE_LAW.lambda_at(1e-3) == pytest.approx(10)


@pytest.mark.parametrize("d", [3, 11, 25])
def test_log_failure_is_tiles_times_depth_times_the_per_cycle_error(d):
    log_fail = log_logical_failure(AZURE_RE_LAW, d, 1e-3, 100, 1e6)
    assert log_fail == pytest.approx(math.log(_azure_failure(d, 1e-3, 100, 1e6)), rel=1e-12)
    assert log_logical_failure(AZURE_RE_LAW, d, 1e-3, 100, 1e6, bases=2) == pytest.approx(log_fail + math.log(2))


def test_the_smallest_odd_distance_meeting_the_budget():
    # 100 tiles, 1e6 steps, p = 1e-3, budget 1e-3: d = 17 gives 3e-3, d = 19 gives 3e-4
    assert _azure_failure(17, 1e-3, 100, 1e6) > 1e-3 >= _azure_failure(19, 1e-3, 100, 1e6)
    assert choose_distance(AZURE_RE_LAW, 1e-3, 100, 1e6, 1e-3, 101) == 19
    budgets = np.array([1.0, 1e-3, 1e-12])
    expected = [min(d for d in range(3, 102, 2) if _azure_failure(d, 1e-3, 100, 1e6) <= b) for b in budgets]
    assert list(choose_distance(AZURE_RE_LAW, 1e-3, 100, 1e6, budgets, 101)) == expected


def test_zero_when_no_distance_up_to_the_cap_fits():
    assert choose_distance(AZURE_RE_LAW, 1e-3, 100, 1e6, 1e-3, 17) == 0
    assert choose_distance(AZURE_RE_LAW, 2e-2, 100, 1e6, 1e-3, 101) == 0  # above threshold


def test_rounds_forced_by_a_slower_bound():
    assert run_rounds(7, 10) == 70
    assert run_rounds(7, 10, min_rounds=1000) == 1000
    law = ErrorLaw(A=0.1, threshold=0.01)  # per round
    fast = log_logical_failure(law, 7, 1e-3, 10, 10)
    slow = log_logical_failure(law, 7, 1e-3, 10, 10, min_rounds=700)
    assert slow - fast == pytest.approx(math.log(10))
