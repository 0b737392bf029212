"""Fit memory and lattice-surgery statistics to A (p / p_th)^((d+1)/2) per round, by maximum likelihood.

    fit = fit_memory("stats.csv", model="uniform", p_max=0.005)
    fit.A, fit.A_stderr, fit.p_th, fit.p_th_stderr, fit.lambda_at(1e-3), fit.to_error_law()

Memory: one law over both bases (each basis's experiment observes one logical, so the law is
the per-round failure of one logical of one patch; a patch loses either of its two logicals
about twice as often). Surgery: the per-round failure of the whole experiment (two patches
r rounds apart, merged for d rounds, r rounds apart; `points.per_round`), counting both
observable sets (parity and product), which are separate experiments: each set gets its own
prefactor, the sets share the threshold, and the law's A is their sum (the rate either flips).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ftplanner.fit import mle
from ftplanner.fit.points import points_frame, read_stats, stats_digest
from ftplanner.physics.error_law import ErrorLaw


@dataclass(frozen=True)
class LawFit:
    """A fitted A (x / x_th)^((d+1)/2) per round with standard errors, goodness of fit and its data.

    `x` names the physical rate the law scales with: "p" (memory, surgery) or "p_link" (seam:
    the extra per merged round at bulk rate `at_p`, in the offset form of `ftplanner.fit.seam`,
    with `offset` u). `prefactors` splits A by group (observable set). deviance / dof near 1
    means the law fits within the binomial noise; `correlation` is that of the A and p_th
    estimates (strong: the data pins the product A / p_th^k at its distances best), and the
    offset's correlations pair log u with log A and log p_th (what the planner's network
    failure stderr needs, `ErrorLaw.log_covariance`).
    """

    kind: str
    model: str
    A: float
    p_th: float
    A_stderr: float
    p_th_stderr: float
    correlation: float
    deviance: float
    dof: int
    points: int
    shots: int
    errors: int
    stats_sha256: str
    x: str = "p"
    at_p: float | None = None
    offset: float = 0.0
    offset_stderr: float | None = None
    offset_correlation_A: float | None = None  # of the log u and log A estimates
    offset_correlation_threshold: float | None = None  # of the log u and log p_th estimates
    prefactors: dict[str, float] = field(default_factory=dict)

    @property
    def p_value(self) -> float:
        """Chance of a deviance this large if the law were exact (chi-square, dof)."""
        return float(stats.chi2.sf(self.deviance, self.dof)) if self.dof > 0 else float("nan")

    def lambda_at(self, p) -> float:
        """Suppression factor per distance step of 2 at physical rate p: p_th / p."""
        return self.p_th / p

    def per_round(self, d, x):
        """The fitted per-round rate at distance d and physical rate x."""
        return self.to_error_law().per_round(d, x)

    def to_error_law(self, source: str = "") -> ErrorLaw:
        """The law as the planner reads it, with its uncertainties."""
        return ErrorLaw(A=self.A, threshold=self.p_th, per="round", source=source or self.describe(),
                        A_stderr=self.A_stderr, threshold_stderr=self.p_th_stderr, correlation=self.correlation,
                        at_p=self.at_p, offset=self.offset, offset_stderr=self.offset_stderr,
                        offset_correlation_A=self.offset_correlation_A,
                        offset_correlation_threshold=self.offset_correlation_threshold)

    def describe(self) -> str:
        what = {"memory": "memory (one logical, both bases)",
                "surgery": "lattice surgery (whole experiment, parity + product observables)",
                "seam": f"seam: extra per merged round from link gates at bulk p = {self.at_p}"}[self.kind]
        form = (f"A ({self.x}/{self.x}_th)^((d+1)/2)" if self.at_p is None else
                f"A [(({self.x} + u)/{self.x}_th)^k - ((p + u)/{self.x}_th)^k], k = (d+1)/2, u = {self.offset:.3g}")
        return (f"{what}, {self.model}: MLE fit of {form} per round to {self.points} points, {self.shots:.3g} "
                f"shots, {self.errors} errors; deviance/dof {self.deviance:.1f}/{self.dof}")


def select(stats_or_csv_path, kind: str, model: str | None, p_max: float | None = None) -> tuple[pd.DataFrame, str]:
    """The points of one kind and noise model (the only model present when None), p <= p_max."""
    points = stats_or_csv_path
    if not isinstance(points, pd.DataFrame):
        points = points_frame(read_stats(points))
    points = points[points.kind == kind]
    models = sorted(points.model.unique())
    if model is None:
        if len(models) != 1:
            raise ValueError(f"no {kind} points" if not models else f"{kind} points come from several noise "
                             f"models ({', '.join(models)}); pick one with model=")
        model = models[0]
    points = points[points.model == model]
    if p_max is not None:
        points = points[points.p <= p_max]
    if points.empty:
        raise ValueError(f"no {kind} points for noise model {model!r}" + (f" with p <= {p_max:g}" if p_max else ""))
    return points.reset_index(drop=True), model


def group_codes(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Integer codes of a column's values and the names in code order."""
    names = sorted(values.unique())
    return values.map({name: i for i, name in enumerate(names)}).to_numpy(), names


def law_from(result: mle.MleResult, term: mle.Term, index: int, names: list[str], kind: str, model: str,
             points: pd.DataFrame, x: str = "p", at_p: float | None = None) -> LawFit:
    """The LawFit of one thresholded term of an MLE result: A summed over its groups, delta-method errors."""
    part = result.slices[index]
    theta, cov = result.theta[part], result.covariance[part, part]
    prefactors = np.exp(theta[:term.groups])
    gradient = np.zeros(term.size)  # d A / d (alphas, beta, gamma)
    gradient[:term.groups] = prefactors
    beta = term.groups
    var_A = float(gradient @ cov @ gradient)
    var_log_th = float(cov[beta, beta])
    cov_A_log_th = -float(gradient @ cov[:, beta])  # log p_th = -beta
    p_th = float(np.exp(-theta[beta]))
    offset, offset_stderr, offset_correlations = 0.0, None, {}
    if term.zero_at is not None:
        gamma = beta + 1
        offset = float(np.exp(theta[gamma]))
        sigma_log_u = float(np.sqrt(cov[gamma, gamma]))
        offset_stderr = offset * sigma_log_u
        # log A moves by (dA / d theta) / A, log p_th by -beta: their covariances with gamma = log u
        offset_correlations = {
            "offset_correlation_A": float(gradient @ cov[:, gamma]) / float(np.sqrt(var_A)) / sigma_log_u,
            "offset_correlation_threshold": -float(cov[beta, gamma]) / float(np.sqrt(var_log_th)) / sigma_log_u}
    return LawFit(kind=kind, model=model, A=float(prefactors.sum()), p_th=p_th, A_stderr=float(np.sqrt(var_A)),
                  p_th_stderr=p_th * float(np.sqrt(var_log_th)),
                  correlation=cov_A_log_th / float(np.sqrt(var_A * var_log_th)),
                  deviance=result.deviance, dof=result.dof, points=len(points), shots=int(points.shots.sum()),
                  errors=int(points.errors.sum()), stats_sha256=stats_digest(points), x=x, at_p=at_p,
                  offset=offset, offset_stderr=offset_stderr, **offset_correlations,
                  prefactors=dict(zip(names, prefactors.tolist())))


def _fit_power_law(points: pd.DataFrame, kind: str, model: str, by: str | None) -> LawFit:
    if points.d.nunique() < 2:
        raise ValueError(f"{kind} points at one distance only: A and the threshold need two or more")
    codes, names = group_codes(points[by]) if by else (np.zeros(len(points), dtype=int), [kind])
    term = mle.Term(x=points.p.to_numpy(), rounds=points.rounds.to_numpy(), group=codes, groups=len(names))
    result = mle.fit([term], points.d, points.shots, points.errors)
    return law_from(result, term, 0, names, kind, model, points)


def fit_memory(stats_or_csv_path, model: str | None = None, p_max: float | None = None) -> LawFit:
    """Memory law of one noise model from sinter stats, a CSV path (or paths), or a points frame."""
    points, model = select(stats_or_csv_path, "memory", model, p_max)
    return _fit_power_law(points, "memory", model, by=None)


def fit_surgery(stats_or_csv_path, model: str | None = None, p_max: float | None = None) -> LawFit:
    """Lattice-surgery law of one noise model: both observable sets, A summed over them."""
    points, model = select(stats_or_csv_path, "surgery", model, p_max)
    return _fit_power_law(points, "surgery", model, by="obs")
