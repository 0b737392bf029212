"""The seam law: the extra logical error per merged round that link gates add to a lattice surgery.

A seam experiment is the surgery with every boundary-crossing gate at error p_link instead of
p. We fit its failures as the matching surgery (same d, basis, observable set, bulk p), whose
per-round rate is a free parameter measured by the surgery points themselves (so a misfit of
the surgery law cannot leak in), plus an extra flip over the d merged rounds, where the link
gates act, at (k = (d+1)/2)

    A_link [((p_link + u) / p_th_link)^k - ((p + u) / p_th_link)^k]   per merged round.

Why this form: a logical failure along the seam needs k faults near it, any of which may sit
on a link gate (rate p_link) or on one of the bulk locations beside it (rate p, u / p times as
many). Summing over how many are link faults gives (p_link + u)^k, and chains without a
worse-than-bulk link gate are already in the surgery, hence the subtraction: the extra is zero
at p_link = p. At p_link >> u it is the pure A_link (p_link / p_th_link)^k; below u a single
link fault plus k - 1 bulk faults dominates, linear in p_link. (The pure power law misfits the
calibration data badly, deviance/dof ~ 15 against ~ 1.3 for this form.) Each observable set has
its own A_link; they share p_th_link and u, and the law's A is their sum. The law holds at the
bulk p it was measured at (`LawFit.at_p`; u scales with p to first order); p_link is the
crossing gate's total two-qubit error (link noise composed with the gate's own, `linknoise`),
as the planner evaluates it.

`holdout_check` refits with each p_link level left out in turn and compares the left-out
points with the prediction: z = (observed - predicted) / sigma, sigma from the binomial
count and the prediction's own uncertainty.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ftplanner.fit import mle
from ftplanner.fit.fitting import LawFit, group_codes, law_from, select
from ftplanner.fit.points import points_frame, read_stats

_CASE = ["d", "basis", "obs", "rounds"]


def seam_points(stats_or_csv_path, model: str | None = None, p: float | None = None) -> tuple[pd.DataFrame, str, float]:
    """Seam points at one bulk p (the only one present when None) and their surgeries at that p."""
    frame = stats_or_csv_path
    if not isinstance(frame, pd.DataFrame):
        frame = points_frame(read_stats(frame))
    seams, model = select(frame, "seam", model)
    levels = sorted(seams.p.unique())
    if p is None:
        if len(levels) != 1:
            raise ValueError(f"seam points at several bulk p ({', '.join(f'{x:g}' for x in levels)}); pick one with p=")
        p = levels[0]
    seams = seams[np.isclose(seams.p, p, rtol=1e-9)]
    surgeries = frame[(frame.kind == "surgery") & (frame.model == model) & np.isclose(frame.p, p, rtol=1e-9)]
    if seams.empty:
        raise ValueError(f"no seam points for noise model {model!r} at p = {p:g}")
    missing = seams[_CASE].merge(surgeries[_CASE], how="left", indicator=True).query("_merge == 'left_only'")
    if len(missing):
        case = missing.iloc[0]
        raise ValueError(f"seam points need the surgery at the same p = {p:g} as baseline; none for d={case.d}, "
                         f"basis {case.basis}, observable {case.obs}, rounds {case.rounds}")
    return pd.concat([surgeries, seams], ignore_index=True), model, float(p)


def _terms(points: pd.DataFrame) -> tuple[list[mle.Term], list[str]]:
    case, cases = group_codes(points[_CASE].astype(str).agg("|".join, axis=1))
    obs, names = group_codes(points.obs)
    is_seam = (points.kind == "seam").to_numpy()
    baseline = mle.Term(x=np.ones(len(points)), rounds=points.rounds.to_numpy(), group=case, groups=len(cases),
                        threshold=False, alpha_start=-10.0)
    bulk = points.p.to_numpy()
    link = mle.Term(x=np.where(is_seam, points.p_link.fillna(0).to_numpy(), 0.0),
                    rounds=points.merged_rounds.to_numpy(), group=obs, groups=len(names), zero_at=bulk,
                    beta_start=-np.log(0.2), gamma_start=np.log(10 * bulk.mean()))
    return [baseline, link], names


def fit_seam(stats_or_csv_path, model: str | None = None, p: float | None = None) -> LawFit:
    """The seam law (extra per merged round vs p_link) of one noise model at bulk p."""
    points, model, p = seam_points(stats_or_csv_path, model, p)
    seams = points[points.kind == "seam"]
    if seams.d.nunique() < 2 or seams.p_link.nunique() < 2:
        raise ValueError("seam points need two or more distances and p_link levels")
    terms, names = _terms(points)
    result = mle.fit(terms, points.d, points.shots, points.errors)
    return law_from(result, terms[1], 1, names, "seam", model, points, x="p_link", at_p=p)


@dataclass(frozen=True)
class Holdout:
    """Left-out seam points against the prediction of a fit without their p_link level."""

    table: pd.DataFrame  # d, basis, obs, p_link, shots, errors, observed, predicted, z
    unfitted: tuple[float, ...] = ()  # levels whose points alone determined the law: refit without them failed

    @property
    def within_2_sigma(self) -> float:
        return float((self.table.z.abs() <= 2).mean())

    @property
    def max_abs_z(self) -> float:
        return float(self.table.z.abs().max())

    def describe(self) -> str:
        """One line: overall, then per level (the end levels are extrapolations, the others interpolations)."""
        levels = self.table.groupby("p_link").z.apply(lambda z: (z.abs() <= 2).mean())
        unfitted = "".join(f"; without {level:.3g} the law is not determined (not checked)" for level in self.unfitted)
        return (f"held-out p_link levels: {len(self.table)} points, {self.within_2_sigma:.0%} within 2 sigma, "
                f"max |z| {self.max_abs_z:.1f} (by level: "
                + ", ".join(f"{level:.3g}: {share:.0%}" for level, share in levels.items()) + ")" + unfitted)


def holdout_check(stats_or_csv_path, model: str | None = None, p: float | None = None) -> Holdout:
    """Leave each p_link level out in turn, refit, and score the left-out points; a level without which the fit
    does not converge (e.g. the only one where the largest distances fail) is named in `unfitted`, and ValueError
    only if that leaves none to score."""
    points, model, p = seam_points(stats_or_csv_path, model, p)
    rows, unfitted = [], []
    levels = sorted(points.p_link.dropna().unique())
    if len(levels) < 3:
        raise ValueError("the held-out check needs seam points at 3 or more p_link levels")
    terms, _ = _terms(points)
    for level in levels:
        out = (points.kind == "seam") & np.isclose(points.p_link, level)
        kept = points[~out]
        try:
            result = mle.fit([t.subset(~out.to_numpy()) for t in terms], kept.d, kept.shots, kept.errors)
        except ValueError:
            unfitted.append(float(level))
            continue
        held = points[out]
        predicted, spread = mle.predict([t.subset(out.to_numpy()) for t in terms], result, held.d)
        observed = held.errors.to_numpy() / held.shots.to_numpy()
        sigma = np.sqrt(predicted * (1 - predicted) / held.shots.to_numpy() + spread**2)
        rows.append(held[["d", "basis", "obs", "p_link", "shots", "errors"]].assign(
            observed=observed, predicted=predicted, z=(observed - predicted) / sigma))
    if not rows:
        raise ValueError("the held-out check could not refit without any one of the p_link levels")
    return Holdout(pd.concat(rows, ignore_index=True), tuple(unfitted))
