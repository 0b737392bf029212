"""The logical-error law A (x / x_th)^((d+1)/2) of a code at distance d and physical error x.

Memory and lattice surgery are fitted to it per round (Fowler et al., "Surface codes: Towards
practical large-scale quantum computation", PRA 86, 032324 (2012), eq. 11 gives its form); seam
laws subtract the bulk's share at the p they were calibrated at (`ftplanner.fit.seam`). The Azure
Resource Estimator's default surface-code law is the same form per logical cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ErrorLaw:
    """A (x / x_th)^((d+1)/2): logical error per `per` ('round' or 'logical_cycle' = d rounds).

    Fitted laws carry standard errors and the correlation of the A and threshold estimates (of
    their logs, to first order the same), and seam laws the offset's correlations with both.
    Seam laws also carry `at_p`, the bulk physical error rate they were calibrated at, and
    `offset` u: A [((x + u) / x_th)^k - ((at_p + u) / x_th)^k] with k = (d+1)/2, zero when the
    link gate is no worse than a bulk gate (x = at_p); see `ftplanner.fit.seam`.
    """

    A: float
    threshold: float
    per: str = "round"
    source: str = ""
    A_stderr: float | None = None
    threshold_stderr: float | None = None
    correlation: float | None = None
    at_p: float | None = None
    offset: float = 0.0
    offset_stderr: float | None = None
    offset_correlation_A: float | None = None  # of ln offset with ln A (None: not recorded, taken as 0)
    offset_correlation_threshold: float | None = None  # of ln offset with ln threshold

    def per_round(self, d, x):
        """Logical error per round at distance d and physical error x (numpy-broadcasting)."""
        d = np.asarray(d, dtype=float)
        k = (d + 1.0) / 2.0
        value = self.A * np.power((np.asarray(x, dtype=float) + self.offset) / self.threshold, k)
        if self.at_p is not None:
            value = np.maximum(value - self.A * np.power((self.at_p + self.offset) / self.threshold, k), 0.0)
        return value / d if self.per == "logical_cycle" else value

    def log_per_round(self, d, x):
        """Natural log of `per_round`, finite where the value itself would underflow."""
        d = np.asarray(d, dtype=float)
        k = (d + 1.0) / 2.0
        shifted = np.asarray(x, dtype=float) + self.offset
        value = np.log(self.A) + k * np.log(shifted / self.threshold)
        if self.at_p is not None:
            with np.errstate(divide="ignore", invalid="ignore"):
                value = value + np.log(-np.expm1(np.minimum(k * np.log((self.at_p + self.offset) / shifted), 0.0)))
        return value - np.log(d) if self.per == "logical_cycle" else value

    def seam_per_round(self, d, x, bulk_p):
        """A seam law's extra per merged round at link-gate error x over a bulk of error `bulk_p`.

        The offset u counts the bulk locations beside the seam (u / p times as many as link
        gates), so it scales with the bulk: u' = u bulk_p / at_p, and the extra is zero at
        x = bulk_p: A [((x + u') / x_th)^k - ((bulk_p + u') / x_th)^k]. At bulk_p = at_p this is
        `per_round`. Laws without `at_p` are not seam laws and are evaluated as `per_round`.
        """
        if self.at_p is None:
            return self.per_round(d, x)
        d = np.asarray(d, dtype=float)
        k = (d + 1.0) / 2.0
        bulk = np.asarray(bulk_p, dtype=float)
        offset = self.offset * (bulk / self.at_p)  # as per_round's, to the bit, at bulk_p = at_p
        value = self.A * np.power((np.asarray(x, dtype=float) + offset) / self.threshold, k)
        value = np.maximum(value - self.A * np.power((bulk + offset) / self.threshold, k), 0.0)
        return value / d if self.per == "logical_cycle" else value

    def seam_log_gradient(self, d, x, bulk_p) -> np.ndarray:
        """d `seam_per_round` / d (ln A, ln threshold, ln offset), stacked on a leading axis of 3.

        The fit's own parameters are logs (`ftplanner.fit.mle`), and in them the law is nearly
        linear: with s = A [a^k - b^k] / x_th^k (a = x + u', b = bulk_p + u'), ds/d ln A = s,
        ds/d ln x_th = -k s and ds/d ln u = k u' (A (a/x_th)^k / a - A (b/x_th)^k / b), since u'
        is proportional to u. All three are 0 where the extra is (x <= bulk_p). Laws without
        `at_p` give the gradient of `per_round`.
        """
        d = np.asarray(d, dtype=float)
        k = (d + 1.0) / 2.0
        x = np.asarray(x, dtype=float)
        if self.at_p is None:  # not a seam law: `per_round`, nothing subtracted
            offset, lower, b = self.offset, 0.0, 1.0
        else:
            bulk = np.asarray(bulk_p, dtype=float)
            offset = self.offset * (bulk / self.at_p)
            b = bulk + offset
            lower = self.A * np.power(b / self.threshold, k)
        upper = self.A * np.power((x + offset) / self.threshold, k)
        value = upper - lower
        acts = value > 0
        d_log_offset = k * offset * (_ratio(upper, x + offset) - _ratio(lower, b))
        gradient = np.stack(np.broadcast_arrays(value, -k * value, d_log_offset))
        gradient = np.where(acts, gradient, 0.0)
        return gradient / d if self.per == "logical_cycle" else gradient

    def log_covariance(self) -> np.ndarray:
        """Covariance of the fitted (ln A, ln threshold, ln offset), from the standard errors the law carries.

        sigma(ln A) = A_stderr / A (and alike for the others); `correlation` pairs ln A and ln
        threshold. A missing standard error counts as 0 (the law taken as exact), and so does the
        offset's where it is 0. The offset's correlations with the other two are
        `offset_correlation_A` and `offset_correlation_threshold`; where a calibration does not
        give them (files made before they were recorded) the offset is taken as independent.
        """
        sigma = np.array([(self.A_stderr or 0.0) / self.A, (self.threshold_stderr or 0.0) / self.threshold,
                          (self.offset_stderr or 0.0) / self.offset if self.offset else 0.0])
        correlation = np.eye(3)
        pairs = ((0, 1, self.correlation), (0, 2, self.offset_correlation_A), (1, 2, self.offset_correlation_threshold))
        for i, j, rho in pairs:
            correlation[i, j] = correlation[j, i] = rho or 0.0
        return correlation * np.outer(sigma, sigma)

    def fit_stderr(self, log_gradient) -> np.ndarray:
        """1-sigma from the fit of a quantity with gradient `log_gradient` (3 x ...) over (ln A, ln threshold,
        ln offset): the delta method, sqrt(g' C g) with C = `log_covariance()`."""
        g = np.asarray(log_gradient, dtype=float)
        variance = np.einsum("i...,ij,j...->...", g, self.log_covariance(), g)
        return np.sqrt(np.maximum(variance, 0.0))

    def lambda_at(self, x) -> float:
        """Error suppression factor per distance step of 2: p_th / p."""
        return self.threshold / x


def _ratio(numerator, denominator) -> np.ndarray:
    """numerator / denominator, 0 where the denominator is 0 (a term that is itself 0 there)."""
    numerator, denominator = np.broadcast_arrays(np.asarray(numerator, dtype=float), np.asarray(denominator, dtype=float))
    return np.divide(numerator, denominator, out=np.zeros(numerator.shape), where=denominator > 0)


AZURE_RE_LAW = ErrorLaw(
    A=0.03,
    threshold=0.01,
    per="logical_cycle",
    source="Azure Resource Estimator default surface code: 0.03 (p/0.01)^((d+1)/2) per logical cycle",
)
