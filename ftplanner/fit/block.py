"""Fit BB-memory statistics to the block law p_round = A (p / p_ref)^exponent (`physics.block_memory_law`).

Per round: a shot of an r-cycle memory fails when any of the block's k observables is decoded
wrong, so the per-shot rate P of a whole block converts to the per-cycle rate as
p_round = 1 - (1 - P)^(1/r), the convention of Bravyi et al., Nature 627, 778 (2024) (their
P_L(N_c) = 1 - (1 - p_L)^N_c). Unlike one observable's flips, which cancel in pairs (the surface
code's `points.per_round`), two failures of a 12-qubit block rarely undo each other; at the
rates fitted here (P up to a few %) the two conventions differ by under 1 %.

The block fails when its Z memory (X errors) or its X memory (Z errors) fails, so the law is the
sum over bases: a weighted least-squares line in log-log, log p_round = log A_b + e log(p / p_ref),
with one intercept per basis and a shared exponent e, and A = A_Z + A_X. Each point's weight is
its binomial error in log p_round (1 / sigma^2 with sigma ~ sqrt((1 - P) / (P n))), points with
no failure are left out (they have no log), and the covariance is scaled by chi^2 / dof when the
line fits worse than the counts allow. p_ref is the geometric mean of the fitted p (to two
significant digits), where A and e are least correlated.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import sinter

from ftplanner.fit.points import read_stats, stats_digest
from ftplanner.physics.block_memory_law import BlockMemoryLaw
from ftplanner.sim.bicycle import KIND

COLUMNS = ("strong_id", "code", "model", "decoder", "basis", "rounds", "p", "shots", "errors", "seconds")
CONVENTION = ("per round of one whole block (any of its logical qubits, X or Z), Z and X memories summed; "
              "p_round = 1 - (1 - p_shot)^(1/rounds)")


def block_round(p_shot, rounds):
    """Per-cycle block failure from the per-shot failure of `rounds` cycles."""
    p_shot = np.asarray(p_shot, dtype=float)
    return -np.expm1(np.log1p(-np.minimum(p_shot, 1.0 - 1e-12)) / np.asarray(rounds, dtype=float))


def block_points(stats: Iterable[sinter.TaskStats] | str) -> pd.DataFrame:
    """One row per BB-memory task (json_metadata kind bb_memory); other tasks are left out."""
    stats = read_stats(stats) if isinstance(stats, str) else list(stats)
    rows = []
    for s in stats:
        meta = s.json_metadata if isinstance(s.json_metadata, dict) else {}
        if meta.get("kind") != KIND or "p" not in meta:
            continue
        rows.append({"strong_id": s.strong_id, "code": meta["code"], "model": str(meta.get("model", meta.get("noise"))),
                     "decoder": s.decoder, "basis": meta["b"], "rounds": int(meta["r"]), "p": float(meta["p"]),
                     "shots": s.shots - s.discards, "errors": s.errors, "seconds": s.seconds})
    return pd.DataFrame(rows, columns=list(COLUMNS)).sort_values(["code", "model", "decoder", "p", "basis"],
                                                                   ignore_index=True)


@dataclass(frozen=True)
class BlockFit:
    """A fitted block law with standard errors, goodness of fit and the data it used."""

    code: str
    model: str
    decoder: str
    A: float
    p_ref: float
    exponent: float
    A_stderr: float
    exponent_stderr: float
    chi2: float
    dof: int
    points: int
    shots: int
    errors: int
    stats_sha256: str
    prefactors: dict[str, float] = field(default_factory=dict)

    def per_round(self, p):
        return self.to_law().per_round(p)

    def describe(self) -> str:
        return (f"{self.code} block memory, {self.model}, {self.decoder}: weighted log-log fit of A (p/p_ref)^e per "
                f"round (any logical failure, Z + X memories) to {self.points} points, {self.shots:.3g} shots, "
                f"{self.errors} errors; chi2/dof {self.chi2:.1f}/{self.dof}")

    def to_law(self) -> BlockMemoryLaw:
        return BlockMemoryLaw(A=self.A, p_ref=self.p_ref, exponent=self.exponent, source=self.describe(),
                              A_stderr=self.A_stderr, exponent_stderr=self.exponent_stderr)


def fit_block(points: pd.DataFrame, code: str, model: str, decoder: str) -> BlockFit:
    """Fit one code's block law for one noise model and decoder; ValueError when the points cannot pin it."""
    sel = points[(points.code == code) & (points.model == model) & (points.decoder == decoder) & (points.errors > 0)]
    bases = sorted(sel.basis.unique())
    if sel.p.nunique() < 2 or len(sel) < len(bases) + 2:
        raise ValueError(f"{code} ({model}, {decoder}): {len(sel)} points with failures at {sel.p.nunique()} p "
                         f"values; need failures at 2+ p values, and more points than parameters")
    p_shot = sel.errors.to_numpy() / sel.shots.to_numpy()
    y = np.log(block_round(p_shot, sel.rounds.to_numpy()))
    sigma = np.sqrt((1 - p_shot) / sel.errors.to_numpy())  # relative binomial error of P, ~ that of p_round
    p_ref = float(f"{np.exp(np.log(sel.p.to_numpy()).mean()):.2g}")
    design = np.column_stack([(sel.basis.to_numpy() == b).astype(float) for b in bases]
                             + [np.log(sel.p.to_numpy() / p_ref)])
    w = 1 / sigma
    theta, *_ = np.linalg.lstsq(design * w[:, None], y * w, rcond=None)
    residual = (y - design @ theta) / sigma
    dof = len(sel) - design.shape[1]
    chi2 = float(residual @ residual)
    covariance = np.linalg.inv((design * (w ** 2)[:, None]).T @ design) * (max(1.0, chi2 / dof) if dof else 1.0)
    prefactors = np.exp(theta[:len(bases)])
    gradient = np.append(prefactors, 0.0)  # d A / d theta
    return BlockFit(code=code, model=model, decoder=decoder, A=float(prefactors.sum()), p_ref=p_ref,
                    exponent=float(theta[-1]), A_stderr=float(np.sqrt(gradient @ covariance @ gradient)),
                    exponent_stderr=float(np.sqrt(covariance[-1, -1])), chi2=chi2, dof=dof, points=len(sel),
                    shots=int(sel.shots.sum()), errors=int(sel.errors.sum()), stats_sha256=stats_digest(sel),
                    prefactors=dict(zip(bases, prefactors.tolist())))
