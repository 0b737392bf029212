"""A plan near threshold says that its error law is least trustworthy there.

Held out at d = 13, 15 (tests/fit/test_distance_holdout.py), the default calibration's memory laws hold within
their errors at 0.3 of threshold and underpredict by up to 1.45x at 0.41; plans above a third of the threshold
carry a warning, plans below it (every shipped example: 0.10-0.14) and infeasible ones do not.
"""

from __future__ import annotations

import pytest

import ftplanner as ftp
from ftplanner.plan.resolve import NEAR_THRESHOLD


def _plan(two_qubit: float):
    return ftp.estimate({"name": "near", "hardware": {"noise_model": "uniform", "error_rates": {"two_qubit": two_qubit}},
                         "workload": {"logical_counts": {"numQubits": 10, "tCount": 100}}})


def _threshold() -> float:
    return _plan(1e-3).assumptions["resolved"]["error_law"]["threshold"]


@pytest.mark.parametrize("fraction", [0.36, 0.6, 0.95])
def test_near_threshold_the_plan_warns(fraction):
    plan = _plan(fraction * _threshold())  # feasible at 0.36 and 0.6; at 0.95 no distance up to 101 fits
    assert plan.feasible == (fraction < 0.9)
    assert any(f"{fraction:.2f} of the error law's threshold" in w and "--distances" in w for w in plan.warnings), plan.warnings


@pytest.mark.parametrize("fraction", [0.1, 0.3])
def test_well_below_threshold_no_warning(fraction):
    assert fraction < NEAR_THRESHOLD
    assert not any("threshold" in w for w in _plan(fraction * _threshold()).warnings)


def test_at_threshold_the_reason_says_it_not_a_warning():
    plan = _plan(1.2 * _threshold())
    assert not plan.feasible and "threshold" in plan.reason
    assert not any("threshold" in w for w in plan.warnings)


def test_the_shipped_examples_sit_well_below():
    from pathlib import Path

    for path in sorted((Path(__file__).resolve().parents[2] / "architectures").glob("*.yaml")):
        assert not any("threshold" in w for w in ftp.estimate(path).warnings), path.name
