"""Maximum-likelihood fit of sums of power laws to binomial failure counts, with covariance.

Each point i is `shots` trials with `errors` failures. Its failure per shot combines terms t,
each a per-round rate q_t acting over R_t rounds, with flips cancelling in pairs:
1 - 2 p_shot = prod_t (1 - 2 q_t)^R_t. With k = (d+1)/2, a term's rate is one of

    power law    q = A_g (x / x_th)^k
    offset law   q = A_g [((x + u) / x_th)^k - ((x0 + u) / x_th)^k]   (zero at x = x0)
    free rate    q = A_g                                               (threshold=False)

with one prefactor A_g per group g (e.g. per observable set). Parameters are alpha = log A,
beta = -log x_th and gamma = log u. Standard errors come from the inverse Fisher information,
scaled by sqrt(deviance / dof) when the law fits worse than the binomial noise allows
(quasi-likelihood), so a misfit widens the error bars instead of hiding.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace

import numpy as np
from scipy import optimize, stats


@dataclass(frozen=True)
class Term:
    """One law over the points: x (0 where the term does not act), rounds R, prefactor group;
    `zero_at` (x0 per point) makes it the offset law; threshold=False a free rate per group."""

    x: np.ndarray
    rounds: np.ndarray
    group: np.ndarray
    groups: int
    threshold: bool = True
    zero_at: np.ndarray | None = None
    alpha_start: float = np.log(0.03)
    beta_start: float = -np.log(0.01)
    gamma_start: float = np.log(0.01)

    @property
    def size(self) -> int:
        return self.groups + self.threshold + (self.zero_at is not None)

    def start(self) -> list[float]:
        return [self.alpha_start] * self.groups + [self.beta_start] * self.threshold + \
            [self.gamma_start] * (self.zero_at is not None)

    def subset(self, mask: np.ndarray) -> Term:
        """The term on the points where mask is true."""
        zero_at = None if self.zero_at is None else self.zero_at[mask]
        return replace(self, x=self.x[mask], rounds=self.rounds[mask], group=self.group[mask], zero_at=zero_at)

    def log_rate(self, params: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """log q per point (-inf where the term does not act) and d log q / d params."""
        acts = self.x > 0
        x = np.where(acts, self.x, 1.0)
        jacobian = np.zeros((len(x), self.size))
        jacobian[:, :self.groups] = self.group[:, None] == np.arange(self.groups)
        log_q = params[self.group]
        if self.threshold:
            log_q = log_q + k * params[self.groups]
            jacobian[:, self.groups] = k
            if self.zero_at is None:
                log_q = log_q + k * np.log(x)
            else:
                u = np.exp(params[self.groups + 1])
                a, b = x + u, np.minimum(np.where(acts, self.zero_at, 0.0) + u, x + u)
                ratio = np.power(b / a, k)
                log_q = log_q + k * np.log(a) + np.log1p(-np.minimum(ratio, 1 - 1e-15))
                # d log[a^k - b^k] / d log u = u k (a^(k-1) - b^(k-1)) / (a^k - b^k)
                jacobian[:, self.groups + 1] = u * k / a * (1 - ratio * a / b) / (1 - np.minimum(ratio, 1 - 1e-15))
        jacobian[~acts] = 0.0
        return np.where(acts, log_q, -np.inf), jacobian


@dataclass(frozen=True)
class MleResult:
    """theta = each term's parameters in order (alphas, beta, gamma); covariance already scaled for
    overdispersion."""

    theta: np.ndarray
    covariance: np.ndarray
    deviance: float
    dof: int
    slices: tuple[slice, ...]

    @property
    def p_value(self) -> float:
        """Chance of a deviance this large if the law were exact (chi-square with dof)."""
        return float(stats.chi2.sf(self.deviance, self.dof)) if self.dof > 0 else float("nan")


class _Model:
    def __init__(self, terms: list[Term], d: np.ndarray, shots: np.ndarray, errors: np.ndarray):
        self.terms = terms
        self.k = (np.asarray(d, dtype=float) + 1) / 2
        self.n = np.asarray(shots, dtype=float)
        self.e = np.asarray(errors, dtype=float)
        edges = np.cumsum([0, *(t.size for t in terms)])
        self.slices = tuple(slice(a, b) for a, b in itertools.pairwise(edges))
        self.size = int(edges[-1])

    def start(self) -> np.ndarray:
        return np.array([value for t in self.terms for value in t.start()])

    def shot_rate_and_jacobian(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """p_shot per point and d p_shot / d theta (points x parameters)."""
        log_keep = np.zeros_like(self.n)
        parts = []
        for term, part in zip(self.terms, self.slices):
            log_q, dlogq = term.log_rate(theta[part], self.k)
            q = np.minimum(np.exp(log_q), 0.4999)
            log_keep += term.rounds * np.log1p(-2 * q)
            parts.append((term, part, q, dlogq))
        keep = np.exp(log_keep)
        p_shot = np.clip(-np.expm1(log_keep) / 2, 1e-300, 0.5)
        jacobian = np.zeros((len(self.n), self.size))
        for term, part, q, dlogq in parts:
            dp_dlogq = term.rounds * keep * q / (1 - 2 * q)
            jacobian[:, part] = dp_dlogq[:, None] * dlogq
        return p_shot, jacobian

    def nll(self, theta):
        p, jac = self.shot_rate_and_jacobian(theta)
        value = -np.sum(self.e * np.log(p) + (self.n - self.e) * np.log1p(-p))
        gradient = -((self.e / p - (self.n - self.e) / (1 - p)) @ jac)
        return value, gradient

    def fisher(self, theta):
        p, jac = self.shot_rate_and_jacobian(theta)
        weight = self.n / (p * (1 - p))
        return (jac * weight[:, None]).T @ jac

    def deviance(self, theta) -> float:
        p, _ = self.shot_rate_and_jacobian(theta)
        observed = self.e / self.n
        with np.errstate(divide="ignore", invalid="ignore"):
            fail = np.where(self.e > 0, self.e * np.log(observed / p), 0.0)
            keep = np.where(self.e < self.n, (self.n - self.e) * np.log((1 - observed) / (1 - p)), 0.0)
        return float(2 * np.sum(fail + keep))


def fit(terms: list[Term], d, shots, errors) -> MleResult:
    """Maximise the binomial likelihood over the terms' parameters; raises ValueError if it cannot."""
    model = _Model(terms, d, shots, errors)
    if len(model.n) <= model.size:
        raise ValueError(f"{len(model.n)} points cannot fit {model.size} parameters")
    if model.e.sum() == 0:
        raise ValueError("no failures in the data: nothing to fit")
    result = optimize.minimize(model.nll, model.start(), jac=True, hess=model.fisher, method="trust-exact",
                               options={"gtol": 1e-8, "maxiter": 500})
    fisher = model.fisher(result.x)
    if not np.all(np.isfinite(result.x)) or np.linalg.cond(fisher) > 1e14:
        raise ValueError(f"the fit did not converge to a well-determined law ({result.message})")
    dof = len(model.n) - model.size
    deviance = model.deviance(result.x)
    covariance = np.linalg.inv(fisher) * max(1.0, deviance / dof)
    return MleResult(result.x, covariance, deviance, dof, model.slices)


def predict(terms: list[Term], result: MleResult, d) -> tuple[np.ndarray, np.ndarray]:
    """Per-shot failure the fit predicts at the terms' points, and its standard error (delta method)."""
    d = np.asarray(d)
    model = _Model(terms, d, np.ones(len(d)), np.zeros(len(d)))
    p_shot, jacobian = model.shot_rate_and_jacobian(result.theta)
    return p_shot, np.sqrt(np.einsum("ij,jk,ik->i", jacobian, result.covariance, jacobian))
