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

    Fitted laws carry standard errors and the correlation of the A and threshold estimates.
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

    def lambda_at(self, x) -> float:
        """Error suppression factor per distance step of 2: p_th / p."""
        return self.threshold / x


AZURE_RE_LAW = ErrorLaw(
    A=0.03,
    threshold=0.01,
    per="logical_cycle",
    source="Azure Resource Estimator default surface code: 0.03 (p/0.01)^((d+1)/2) per logical cycle",
)
