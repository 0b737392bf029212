"""Units per distillation round in the Azure Resource Estimator's model: exact binomial quantiles.

Source: Microsoft's open-source Azure Quantum Resource Estimator (PyPI ``qsharp`` 1.31,
Rust crate ``resource_estimator`` in github.com/microsoft/qsharp), re-derived. A round's unit
count is the smallest n for which the (0.01 / rounds)-quantile of Binomial(n, 1 - failure)
successful units still covers what the next round needs. Here it is computed exactly with the
regularised incomplete beta function: tabulated thresholds for shared demands, vectorised
bisection otherwise (the estimator switches to approximations above 1000 units in a round; this
stays exact).
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np
from scipy.special import betainc, betaincinv

from ftplanner.physics.azure_factory.model import _MAX_UNITS

_THRESHOLDS: dict[tuple[int, float], np.ndarray] = {}
_TABLE_EXTRA_UNITS = 4096  # longest threshold table; larger unit counts are found by bisection
_TABLE_MIN_GROUP = 32  # build a table only for this many rows sharing a demand (else bisect)
_NORMAL = NormalDist()


def _table_size(needed: int, q_max: float) -> int:
    """Table length (a power of two, 64-4096) that should cover failure probabilities <= q_max."""
    q = min(q_max, 0.999)
    guess = (needed * q + 5.0 * math.sqrt(needed * q + 1.0)) / (1.0 - q) + 16.0
    size = 64
    while size < guess and size < _TABLE_EXTRA_UNITS:
        size *= 2
    return size


def _extra_unit_thresholds(needed: int, quantile: float, q_max: float) -> np.ndarray:
    """B[m] = the failure probability below which `needed + m` units suffice.

    `needed + m` units that each fail with probability q deliver at least `needed` successes
    at the given quantile iff P(failures >= m + 1) < quantile, i.e. I_q(m + 1, needed) <
    quantile (regularised incomplete beta), i.e. q < betaincinv(m + 1, needed, quantile).
    B increases with m. It is tabulated per (needed, quantile), long enough for `q_max`
    (at most 4096 entries; rarer, larger counts are found by bisection).
    """
    key = (needed, quantile)
    b = _THRESHOLDS.get(key)
    if b is not None and (b[-1] > q_max or b.size >= _TABLE_EXTRA_UNITS):
        return b
    size = _table_size(needed, q_max)
    if b is not None:
        size = max(size, min(2 * b.size, _TABLE_EXTRA_UNITS))
    b = betaincinv(np.arange(1, size + 1, dtype=float), float(needed), quantile)
    b.setflags(write=False)
    _THRESHOLDS[key] = b
    return b


def _extra_units_by_bisection(needed: np.ndarray, q: np.ndarray, quantile: float,
                              known_short: np.ndarray) -> np.ndarray:
    """Smallest m > known_short with I_q(m + 1, needed) < quantile, per entry (-1: past the cap).

    Brackets the answer around its normal approximation, widens the bracket until it holds,
    then bisects (each step one vectorised incomplete-beta evaluation)."""
    needed = needed.astype(float)
    cap = _MAX_UNITS - needed
    z = _NORMAL.inv_cdf(1.0 - quantile)
    spread = z * np.sqrt(needed * q * (1.0 - q)) / (1.0 - q)
    guess = (needed * q + spread) / (1.0 - q)
    width = 0.1 * spread / np.sqrt(1.0 - q) + 4.0
    lo = np.maximum(known_short.astype(float), np.floor(guess - width))
    hi = np.minimum(np.maximum(lo + 1.0, np.ceil(guess + width)), cap)
    floor = known_short.astype(float)
    # lo must fall short (else restart it from what is known), hi must suffice (else widen)
    short = ~(betainc(lo + 1.0, needed, q) < quantile) | (lo <= floor)
    lo = np.where(short, lo, floor)
    enough = betainc(hi + 1.0, needed, q) < quantile
    while True:
        grow = ~enough & (hi < cap)
        if not grow.any():
            break
        lo = np.where(grow, hi, lo)
        hi = np.where(grow, np.minimum(2.0 * hi + 1.0, cap), hi)
        enough = np.where(grow, betainc(hi + 1.0, needed, q) < quantile, enough)
    while True:
        gap = enough & ((hi - lo) > 1.0)
        if not gap.any():
            break
        mid = np.floor((lo + hi) / 2.0)
        good = betainc(mid + 1.0, needed, q) < quantile
        hi = np.where(gap & good, mid, hi)
        lo = np.where(gap & ~good, mid, lo)
    return np.where(enough, hi, -1.0).astype(np.int64)


def _units_for_one(q: np.ndarray, quantile: float) -> np.ndarray:
    """Smallest n with P(no success among n units) = q^n < quantile (one output needed)."""
    with np.errstate(divide="ignore"):
        n = np.floor(math.log(quantile) / np.log(q)).astype(np.int64) + 1
    return np.maximum(n, 1)


def _units_needed(needed: np.ndarray, q: np.ndarray, quantile: float) -> np.ndarray:
    """Smallest unit count per entry so the quantile of successes covers `needed` (-1: hopeless)."""
    order = np.argsort(needed, kind="stable")
    sorted_needed = needed[order]
    sorted_q = q[order]
    cuts = np.flatnonzero(sorted_needed[1:] != sorted_needed[:-1]) + 1
    bounds = np.concatenate(([0], cuts, [sorted_needed.size]))
    extra = np.full(sorted_needed.size, -2, dtype=np.int64)  # -2: not settled yet
    known_short = np.full(sorted_needed.size, -1, dtype=np.int64)
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist()):
        value = int(sorted_needed[lo])
        qs = sorted_q[lo:hi]
        q_max = float(qs.max())
        if (value, quantile) not in _THRESHOLDS and (
            hi - lo < _TABLE_MIN_GROUP or _table_size(value, q_max) > 3 * (hi - lo)
        ):
            continue  # a table would cost more than bisecting these few rows
        b = _extra_unit_thresholds(value, quantile, q_max)
        m = np.searchsorted(b, qs, side="right")
        inside = m < b.size
        extra[lo:hi] = np.where(inside, m, -2)
        known_short[lo:hi] = np.where(inside, -1, b.size - 1)
    todo = extra == -2
    if todo.any():
        extra[todo] = _extra_units_by_bisection(sorted_needed[todo], sorted_q[todo], quantile, known_short[todo])
    n = np.empty(q.shape, dtype=np.int64)
    n[order] = np.where(extra >= 0, sorted_needed + extra, -1)
    return n
