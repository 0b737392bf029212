"""Yoked surface codes for cold storage (Gidney, Newman, Brooks, Jones, arXiv:2312.04522; Nat. Commun. 16, 4498 (2025)).

The paper's "Projected footprint of cold storage" figure (assets/footprint_cold.png of
github.com/Strilanc/yoked-surface-codes, drawn by tools/plot_extrapolation_footprint) annotates,
at targets near 1e-6, 1e-9, 1e-12 and 1e-15 per logical qubit round, the distance d and the block
shape (m groups of n patches) of the cheapest unyoked, 1D and 2D layout under SI1000 noise at
p = 1e-3. Gidney 2025 (arXiv:2505.15917) redraws it for uniform depolarizing noise
(assets/man/yoked-footprint-uniform-cold.png of github.com/Strilanc/quantum-factor-2025-code).
The figure's x axis is np.logspace(-18, -3, 400) and each annotation sits on the grid point
nearest 10^-k, so we evaluate there.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from ftplanner.physics.data_blocks import qubits_per_tile
from ftplanner.physics.yoked_storage import (
    FITS,
    best_storage,
    cheapest_storage,
    log_error_per_patch_round,
    plain_error_law,
    plain_error_per_round,
    plain_qubits_per_logical,
    storage_qubits,
    suppression,
    yoke_1d_error_per_round,
    yoke_1d_logical_qubits,
    yoke_1d_qubits_per_logical,
    yoke_1d_rounds,
    yoke_2d_error_per_round,
    yoke_2d_logical_qubits,
    yoke_2d_qubits_per_logical,
    yoke_2d_rounds,
)

FIGURE_X = np.logspace(-18, -3, 400)


def _annotated_target(k):
    return float(FIGURE_X[np.argmin(np.abs(np.log(FIGURE_X) - np.log(10.0**-k)))])


# (exponent k of the ~10^-k target, d, m, n) as annotated in the two figures
SI1000_ANNOTATIONS = {
    0: [(6, 10, 1, 1), (9, 17, 1, 1), (12, 23, 1, 1), (15, 29, 1, 1)],
    1: [(6, 8, 6, 18), (9, 12, 11, 24), (12, 15, 6, 22), (15, 19, 11, 24)],
    2: [(6, 9, 1, 256), (9, 11, 1, 256), (12, 12, 1, 256), (15, 14, 1, 256)],
}
UNIFORM_ANNOTATIONS = {
    0: [(6, 9, 1, 1), (9, 14, 1, 1), (12, 19, 1, 1), (15, 24, 1, 1)],
    1: [(6, 7, 11, 24), (9, 10, 8, 26), (12, 13, 7, 24), (15, 16, 6, 22)],
    2: [(6, 7, 1, 256), (9, 8, 1, 256), (12, 10, 1, 256), (15, 11, 1, 256)],
}


@pytest.mark.parametrize("noise, annotations", [("si1000", SI1000_ANNOTATIONS), ("uniform", UNIFORM_ANNOTATIONS)])
@pytest.mark.parametrize("dimension", [0, 1, 2])
def test_the_footprint_figures_annotations(noise, annotations, dimension):
    for k, d, m, n in annotations[dimension]:
        choice = best_storage(dimension, _annotated_target(k), noise=noise)
        assert (int(choice.distance), int(choice.groups), int(choice.patches)) == (d, m, n), (noise, dimension, k)


def test_the_fitted_laws():
    # per outer block (n patches) per outer round (r rounds): r^a n^b Lambda^-d / C
    assert [(f.round_exponent, f.patch_exponent, f.suppression, f.divisor) for f in FITS["si1000"].values()] == [
        (1, 1, 3, 20), (2, 2, 8, 500), (4, 2, 50, 200_000)]
    assert [(f.round_exponent, f.patch_exponent, f.suppression, f.divisor) for f in FITS["uniform"].values()] == [
        (1, 1, 4, 10), (2, 2, 10, 2000), (4, 2, 200, 20_000)]
    d, r, n = 11, 1000.0, 16
    assert math.exp(log_error_per_patch_round(0, d, r, n)) == pytest.approx(3.0**-d / 20, rel=1e-12)
    assert math.exp(log_error_per_patch_round(1, d, r, n)) * r * n == pytest.approx(r**2 * n**2 * 8.0**-d / 500, rel=1e-12)
    assert math.exp(log_error_per_patch_round(2, d, r, 256)) * r * 256 == pytest.approx(r**4 * 256**2 * 50.0**-d / 2e5, rel=1e-12)


def test_layouts_and_their_qubit_counts():
    # plain: a 2(d+1)^2 patch, as data_blocks' tile
    assert plain_qubits_per_logical(25) == qubits_per_tile(25, "ftplanner") == 1352
    # 1D: m rows of n patches, X and Z yokes per row, one shared workspace row
    assert yoke_1d_logical_qubits(22, 6) == 120
    assert yoke_1d_rounds(15, 6) == 50 * 15
    assert yoke_1d_qubits_per_logical(15, 22, 6) == pytest.approx(2 * 16**2 * 7 * 22 / 120)
    # 2D: the paper's 16 x 16 square, [[256, 194, 4]], in a 17 x 17 tile area
    assert yoke_2d_logical_qubits(16) == 194
    assert yoke_2d_rounds(11, 16) == 404 * 11
    assert yoke_2d_qubits_per_logical(11, 16) == pytest.approx(2 * 12**2 * 289 / 194)


def test_error_per_logical_qubit_round_is_the_block_error_shared_by_its_logical_qubits():
    d, n, m, w = 15, 22, 6, 16
    r1 = (8 * m + 2) * d
    assert yoke_1d_error_per_round(d, n, m) == pytest.approx(r1 * n * 8.0**-d / 500 * n / (n - 2), rel=1e-12)
    r2 = (25 * w + 4) * d
    assert yoke_2d_error_per_round(d, w) == pytest.approx(r2**3 * w * w * 50.0**-d / 2e5 * 256 / 194, rel=1e-12)
    assert plain_error_per_round(d) == pytest.approx(3.0**-d / 20, rel=1e-12)


def test_teraquop_savings():
    # At 1e-12 per logical qubit round (SI1000, p = 1e-3): unyoked d = 23, 1152 qubits; 1D d = 15,
    # 657 (57%); 2D d = 12, 504 (44%). At 1e-15: 1800, 952 (53%), 670 (37%).
    t12, t15 = _annotated_target(12), _annotated_target(15)
    plain, one, two = (best_storage(k, [t12, t15]).qubits_per_logical for k in (0, 1, 2))
    assert list(plain) == [1152, 1800]
    assert one / plain == pytest.approx([0.570, 0.529], abs=1e-3)
    assert two / plain == pytest.approx([0.437, 0.372], abs=1e-3)


def test_as_few_as_one_third_the_qubits():
    # Nat. Commun. abstract: "yoked surface codes use as few as one-third the number of physical
    # qubits per logical qubit as standard surface codes"; over the figure's range the 2D saving
    # peaks at 3.0x (targets ~1e-17 to 1e-18), 2.3x at 1e-12 and 2.7x at 1e-15 ("nearly triple
    # ... in the teraquop regime", arXiv v1 abstract).
    plain = best_storage(0, FIGURE_X).qubits_per_logical
    two = best_storage(2, FIGURE_X).qubits_per_logical
    ratio = plain / two
    assert ratio.max() == pytest.approx(3.03, abs=0.01)
    assert FIGURE_X[ratio.argmax()] < 1e-16
    # under uniform noise (Gidney 2025's figure) the saving at 1e-15 is 1250 / 429 = 2.9x
    assert (best_storage(0, 1e-15, noise="uniform").qubits_per_logical
            / best_storage(2, 1e-15, noise="uniform").qubits_per_logical) == pytest.approx(2.91, abs=0.01)


def test_gidney_2025_cold_and_hot_storage():
    # 2D cold storage at 1e-15 per logical qubit round, uniform noise: d = 11, 2 * 12^2 * 289 / 194 =
    # 429 qubits per logical qubit, the "430" Gidney 2025 budgets for its 1280 cold logical qubits;
    # the hot patches (d = 25, the smallest odd distance meeting 1e-15) take 2 * 26^2 = 1352 each.
    cold = cheapest_storage(1e-15, noise="uniform")
    assert (cold.kind, int(cold.distance), round(float(cold.qubits_per_logical))) == ("yoked-2d", 11, 429)
    hot = best_storage(0, 1e-15, noise="uniform", odd_only=True)
    assert (int(hot.distance), float(hot.qubits_per_logical)) == (25, 1352)
    assert 1280 * 430 + (131 + 7 * 18) * 1352 == 897_864
    # in whole 194-qubit squares, 1280 logical qubits take 7 squares
    assert float(storage_qubits(cold, 1280)) == pytest.approx(7 * 289 * 288)


def test_more_distance_means_less_error():
    d = np.arange(3, 60)
    for errors in (plain_error_per_round(d), yoke_1d_error_per_round(d, 24, 11), yoke_2d_error_per_round(d, 16),
                   yoke_1d_error_per_round(d, 22, 6, noise="uniform"), yoke_2d_error_per_round(d, 8, p=5e-4)):
        assert np.all(np.diff(errors) < 0)


def test_more_patches_or_more_rows_mean_more_error_per_logical_qubit():
    d = 12
    assert yoke_1d_error_per_round(d, 24, 5) < yoke_1d_error_per_round(d, 24, 10)  # checks come round later
    assert yoke_1d_error_per_round(d, 16, 5) < yoke_1d_error_per_round(d, 32, 5)
    assert yoke_2d_error_per_round(d, 8) < yoke_2d_error_per_round(d, 16)


def test_yoked_storage_never_costs_more_than_plain_in_its_regime():
    # at 1e-6 per logical qubit round and below, 1D (and so the cheaper yoke) beats unyoked
    # patches; plain patches only win above ~8e-6 (SI1000) or ~1e-4 (uniform)
    for noise in ("si1000", "uniform"):
        targets = FIGURE_X[FIGURE_X <= 1e-6]
        plain = best_storage(0, targets, noise=noise).qubits_per_logical
        one = best_storage(1, targets, noise=noise).qubits_per_logical
        choice = cheapest_storage(targets, noise=noise)
        assert np.all(one <= plain)
        assert np.all(choice.qubits_per_logical <= plain)
        assert not np.any(choice.kind == "plain")
    choice = cheapest_storage(FIGURE_X)
    assert FIGURE_X[choice.kind == "plain"].min() == pytest.approx(7.85e-6, rel=1e-2)
    # 2D takes over from 1D below ~5e-10 (SI1000)
    assert FIGURE_X[choice.kind == "yoked-1d"].min() == pytest.approx(4.83e-10, rel=1e-2)
    assert np.all(choice.kind[FIGURE_X < 4e-10] == "yoked-2d")


def test_cheapest_is_the_minimum_of_the_three_and_meets_the_target():
    targets = np.array([[1e-5, 1e-8], [1e-11, 1e-14]])
    choice = cheapest_storage(targets)
    assert choice.distance.shape == targets.shape
    each = [best_storage(k, targets).qubits_per_logical for k in (0, 1, 2)]
    assert np.array_equal(choice.qubits_per_logical, np.minimum.reduce(each))
    assert np.all(choice.error_per_round <= targets)
    # the layout's own error at the chosen d meets the target, and one less d would not
    for idx in np.ndindex(targets.shape):
        d, kind = int(choice.distance[idx]), choice.kind[idx]
        if kind == "yoked-2d":
            assert yoke_2d_error_per_round(d - 1, 16) > targets[idx] >= yoke_2d_error_per_round(d, 16)
        elif kind == "yoked-1d":
            n, m = int(choice.patches[idx]), int(choice.groups[idx])
            assert yoke_1d_error_per_round(d - 1, n, m) > targets[idx] >= yoke_1d_error_per_round(d, n, m)
        else:
            assert plain_error_per_round(d - 1) > targets[idx] >= plain_error_per_round(d)


def test_a_tighter_target_never_costs_less():
    for k in (0, 1, 2):
        qubits = best_storage(k, FIGURE_X[::-1]).qubits_per_logical
        assert np.all(np.diff(qubits) >= 0)


def test_the_unyoked_fit_is_our_error_law_form():
    law = plain_error_law()
    assert (law.A, law.threshold) == pytest.approx((0.15, 9e-3))
    d = np.array([5, 11, 25])
    for p in (1e-3, 5e-4, 2e-3):
        assert law.per_round(d, p) == pytest.approx(plain_error_per_round(d, p), rel=1e-12)
    assert plain_error_law("uniform").per_round(25, 1e-3) == pytest.approx(4.0**-25 / 10, rel=1e-12)


def test_the_suppression_scales_with_the_outer_distance_away_from_the_fit():
    assert [suppression(k) for k in (0, 1, 2)] == [3, 8, 50]
    assert suppression(0, 5e-4) == pytest.approx(3 * math.sqrt(2))
    assert suppression(1, 5e-4) == pytest.approx(16)
    assert suppression(2, 5e-4) == pytest.approx(200)
    # better hardware: a lower distance meets the same target
    assert best_storage(2, 1e-15, p=5e-4).distance < best_storage(2, 1e-15).distance


def test_odd_distances_and_other_squares():
    choice = best_storage(2, 1e-12, odd_only=True)
    assert int(choice.distance) == 13
    smaller = best_storage(2, 1e-12, widths=(8,))
    assert (int(smaller.patches), int(smaller.logical_per_block)) == (64, 34)
    with pytest.raises(ValueError, match="even and at least 4"):
        best_storage(2, 1e-12, widths=(7,))


def test_above_threshold_more_distance_only_hurts():
    # at p = 2e-2 the scaled unyoked error rises with d: 0.74 at d = 3, so 0.8 takes d = 3 and 0.5 is out of reach
    assert plain_error_per_round(3, 2e-2) == pytest.approx(3.0**-3 / 20 * 20**2, rel=1e-12)
    assert np.all(np.diff(plain_error_per_round(np.arange(3, 30), 2e-2)) > 0)
    assert list(best_storage(0, [0.8, 0.5], p=2e-2).distance) == [3, 0]


def test_unreachable_targets_and_bad_arguments():
    choice = best_storage(0, 1e-300, max_distance=40)
    assert (choice.kind, int(choice.distance), float(choice.qubits_per_logical)) == ("", 0, math.inf)
    assert float(storage_qubits(choice, 10)) == math.inf
    with pytest.raises(ValueError, match="unknown noise"):
        plain_error_per_round(11, noise="biased")
    with pytest.raises(ValueError, match="unknown yoke dimension"):
        best_storage(3, 1e-12)
    with pytest.raises(ValueError, match="one physical error rate"):
        best_storage(1, 1e-12, p=[1e-3, 2e-3])
    with pytest.raises(ValueError, match="no yoked-1d layout"):
        best_storage(1, 1e-12, min_stored=300, max_stored=250)
