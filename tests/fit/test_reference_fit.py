"""Fitting the reference threshold sweep recovers its published law.

Data: tests/data/stim_sd6_threshold.csv (see tests/data/README.md): Stim's
generated rotated_memory_z circuits under uniform circuit-depolarizing noise (SD6), decoded with
PyMatching by sinter 1.16. A fit of A (p/p_th)^((d+1)/2) per round to p <= 0.005 gave
A ≈ 0.026, p_th ≈ 1.01 %, Λ ≈ 10 at p = 1e-3.
"""

from __future__ import annotations

import math

import pytest

from ftplanner.fit import fit_memory
from tests.conftest import DATA

SWEEP = DATA / "stim_sd6_threshold.csv"


@pytest.fixture(scope="module")
def fit():
    return fit_memory(SWEEP, p_max=0.005)


def test_reference_law_within_three_standard_errors(fit):
    assert abs(fit.A - 0.026) <= 3 * fit.A_stderr
    assert abs(fit.p_th - 0.0101) <= 3 * fit.p_th_stderr
    assert fit.A_stderr / fit.A < 0.1 and fit.p_th_stderr / fit.p_th < 0.05  # the data pins both down


def test_lambda_and_goodness_of_fit(fit):
    assert fit.lambda_at(1e-3) == pytest.approx(10, abs=3 * fit.p_th_stderr / 1e-3)
    assert fit.points == 16 and fit.dof == 14
    assert fit.deviance / fit.dof < 3  # the leading-order law describes p <= p_th / 2
    assert 0 < fit.p_value < 1


def test_error_law_carries_the_fit(fit):
    law = fit.to_error_law()
    assert (law.A, law.threshold) == (fit.A, fit.p_th)
    assert (law.A_stderr, law.threshold_stderr) == (fit.A_stderr, fit.p_th_stderr)
    assert law.per_round(7, 1e-3) == pytest.approx(fit.per_round(7, 1e-3))
    assert -1 <= law.correlation <= 1


def test_near_threshold_points_misfit_the_leading_order_law():
    """Including p up to p_th shows in the goodness of fit, not in false precision."""
    everything = fit_memory(SWEEP)
    assert everything.deviance / everything.dof > 5
    assert math.isfinite(everything.A_stderr)
