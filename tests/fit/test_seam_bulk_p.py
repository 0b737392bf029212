"""The shipped seam law holds at bulk error rates other than the one it was fitted at.

Data: tests/data/seam_bulk_p.csv (see tests/data/README.md): the project's own seam and surgery
experiments, uniform noise at bulk p = 5e-4 and 2e-3, d = 3, 5, 7, three p_link levels each,
sampled with sinter + PyMatching. The shipped law was fitted at p = 1e-3 only. Its offset u
counts the bulk locations beside the seam, so it scales with p, and the extra is zero at
p_link = p (`ErrorLaw.seam_per_round`); evaluated that way it must agree with a fresh fit at
each bulk p within x[0.75, 1.33] at every sampled (d, p_link), where the old evaluation (u and
the subtraction point fixed at p = 1e-3) misses by up to ~4x.
"""

from __future__ import annotations

import numpy as np
import pytest

from ftplanner.calibration import load_calibration
from ftplanner.fit.seam import fit_seam, seam_points
from tests.conftest import DATA

STATS = DATA / "seam_bulk_p.csv"
SHIPPED = load_calibration("default").seam_by_family["uniform"]


def _ratios(bulk_p: float) -> tuple[np.ndarray, np.ndarray]:
    """(shipped law at this bulk p, shipped law as evaluated before) / the law fitted here, at the sampled points."""
    fitted = fit_seam(STATS, model="uniform", p=bulk_p).to_error_law()
    points, _, _ = seam_points(STATS, "uniform", bulk_p)
    cases = points[points.kind == "seam"][["d", "p_link"]].drop_duplicates()
    d, p_link = cases.d.to_numpy(float), cases.p_link.to_numpy(float)
    measured = fitted.per_round(d, p_link)
    return SHIPPED.seam_per_round(d, p_link, bulk_p) / measured, SHIPPED.per_round(d, p_link) / measured


@pytest.mark.parametrize("bulk_p", [5e-4, 2e-3])
def test_the_seam_law_scales_with_the_bulk_error(bulk_p):
    new, old = _ratios(bulk_p)
    assert len(new) == 9  # d = 3, 5, 7 x three p_link levels
    assert np.all((0.75 <= new) & (new <= 1.33)), new
    assert np.any((old < 0.75) | (old > 1.33)), old  # the fixed-p evaluation is off


def test_at_the_fitted_bulk_p_nothing_changes():
    d, p_link = np.array([3.0, 7.0, 25.0]), np.array([0.005, 0.02, 0.05])
    assert np.array_equal(SHIPPED.seam_per_round(d, p_link, SHIPPED.at_p), SHIPPED.per_round(d, p_link))
    assert SHIPPED.seam_per_round(11, 2e-3, 2e-3) == 0.0  # no extra when the link gate is no worse than the bulk
