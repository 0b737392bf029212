"""Fits recover the laws synthetic data was drawn from, within their own standard errors."""

from __future__ import annotations

import numpy as np
import pytest

from ftplanner.fit import fit_memory, fit_seam, fit_surgery, holdout_check, mle, per_round, per_shot
from ftplanner.fit.seam import _terms, seam_points
from ftplanner.physics.error_law import ErrorLaw


def _within(value, truth, stderr, sigmas=3.5):
    assert abs(value - truth) <= sigmas * stderr, f"{value} vs {truth} ± {stderr}"


def test_per_round_conversion_is_the_pairwise_cancelling_formula():
    assert per_round(0.1, 1) == pytest.approx(0.1)
    assert per_round(per_shot(1e-4, 25), 25) == pytest.approx(1e-4, rel=1e-12)
    assert per_shot(0.01, 3) == pytest.approx((1 - (1 - 0.02) ** 3) / 2)
    assert per_round(1e-300, 10) > 0  # no cancellation to zero for tiny rates


def test_memory_and_surgery(synthetic, truth):
    memory = fit_memory(synthetic)
    _within(memory.A, truth["memory"]["memory"], memory.A_stderr)
    _within(memory.p_th, truth["memory"]["p_th"], memory.p_th_stderr)
    surgery = fit_surgery(synthetic)
    _within(surgery.A, truth["surgery"]["parity"] + truth["surgery"]["product"], surgery.A_stderr)
    _within(surgery.p_th, truth["surgery"]["p_th"], surgery.p_th_stderr)
    assert set(surgery.prefactors) == {"parity", "product"}
    for fit in (memory, surgery):
        assert fit.deviance / fit.dof < 2
        assert fit.lambda_at(1e-3) == pytest.approx(fit.p_th / 1e-3)


def test_seam_law_and_held_out_points(synthetic, truth):
    seam = fit_seam(synthetic)
    assert seam.at_p == truth["bulk_p"] and seam.x == "p_link"
    _within(seam.A, truth["seam"]["parity"] + truth["seam"]["product"], seam.A_stderr)
    _within(seam.p_th, truth["seam"]["p_th"], seam.p_th_stderr)
    _within(seam.offset, truth["seam"]["offset"], seam.offset_stderr)
    assert seam.deviance / seam.dof < 2
    check = holdout_check(synthetic)
    assert len(check.table) == 48
    assert check.within_2_sigma >= 0.85 and check.max_abs_z < 4


def test_a_level_the_law_cannot_do_without_is_named_not_fatal(synthetic, monkeypatch):
    """Refit without the lowest p_link level failing (as with d = 11 seams whose only failures are there) leaves
    that level unchecked and says so; the other levels are still scored."""
    from ftplanner.fit import seam as seam_module

    fit, calls = seam_module.mle.fit, []

    def first_refit_fails(*args):
        calls.append(1)
        if len(calls) == 1:
            raise ValueError("the fit did not converge")
        return fit(*args)

    monkeypatch.setattr(seam_module.mle, "fit", first_refit_fails)
    check = holdout_check(synthetic)
    assert check.unfitted == (0.01,) and len(check.table) == 36 and 0.01 not in set(check.table.p_link)
    assert "without 0.01 the law is not determined (not checked)" in check.describe()


def test_the_seam_law_carries_the_fits_covariance_in_log_parameters(synthetic):
    """`ErrorLaw.log_covariance` of the fitted seam law is the MLE covariance of (log A, log p_th, log u), the
    offset's correlations with the other two included (the network failure's stderr reads it)."""
    points, _, _ = seam_points(synthetic)
    terms, _ = _terms(points)
    result = mle.fit(terms, points.d, points.shots, points.errors)
    part, link = result.slices[1], terms[1]
    prefactors = np.exp(result.theta[part][:link.groups])
    jacobian = np.zeros((3, link.size))  # (log A, log p_th, log u) by (alphas, beta = -log p_th, gamma = log u)
    jacobian[0, :link.groups] = prefactors / prefactors.sum()
    jacobian[1, link.groups], jacobian[2, link.groups + 1] = -1.0, 1.0
    expected = jacobian @ result.covariance[part, part] @ jacobian.T
    law = fit_seam(synthetic).to_error_law()
    assert law.offset_correlation_A is not None and law.offset_correlation_threshold is not None
    assert np.allclose(law.log_covariance(), expected, rtol=1e-9, atol=0)


def test_seam_error_law_is_zero_for_a_bulk_quality_link():
    law = ErrorLaw(A=0.3, threshold=0.3, at_p=0.002, offset=0.05)
    assert law.per_round(5, 0.002) == 0 and law.per_round(5, 0.001) == 0
    x = np.array([0.005, 0.02, 0.08])
    assert np.allclose(np.exp(law.log_per_round(5, x)), law.per_round(5, x))
    assert np.isfinite(law.log_per_round(999, 0.01))  # where the value itself underflows
    # a single link fault plus bulk faults: linear in p_link well below the offset
    assert law.per_round(7, 0.004) / law.per_round(7, 0.003) == pytest.approx(2, rel=0.05)


def test_selection_errors_are_clear(synthetic, make_synthetic):
    two_models = synthetic + make_synthetic("si1000")
    with pytest.raises(ValueError, match="several noise models"):
        fit_memory(two_models)
    assert fit_memory(two_models, model="si1000").model == "si1000"
    with pytest.raises(ValueError, match="no memory points"):
        fit_memory(synthetic, model="ion")
    low = [s for s in synthetic if s.json_metadata["p"] == 0.001 and s.json_metadata["b"] == "Z"]
    with pytest.raises(ValueError, match="one distance only"):
        fit_memory([s for s in low if s.json_metadata["d"] == 3])
    with pytest.raises(ValueError, match="2 points cannot fit 2 parameters"):
        fit_memory([s for s in low if s.json_metadata["d"] in (3, 5)])
