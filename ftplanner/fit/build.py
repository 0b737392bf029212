"""Turn a store's statistics into a Calibration: fit every kind per noise family, record where it came from.

Per family (`fit_family`): memory and surgery over the family's noise model, and (when asked, at the
family's bulk p) the seam law with its held-out check (given three or more p_link levels). The file names its
data (a sha256 of each fit's strong_ids and counts), the package versions, the noise models
and the command that made it, so a calibration can be traced and regenerated. `fit_all` fits
whatever some points hold instead: every noise model and kind.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from ftplanner.calibration import Calibration, load_calibration
from ftplanner.fit.fitting import LawFit, fit_memory, fit_surgery
from ftplanner.fit.seam import Holdout, fit_seam, holdout_check
from ftplanner.physics.error_law import ErrorLaw

CONVENTIONS = {
    "per_round": "p_round = (1 - (1 - 2 p_shot)^(1/rounds)) / 2 (flips cancel in pairs)",
    "memory": "per round of one patch, one logical (both bases pooled); rounds = r",
    "surgery": "per round of the whole ZZ/XX parity-measurement experiment (two patches r rounds apart, "
               "merged d rounds, r apart; r = d), parity and product observable sets summed; rounds = 2r + d",
    "seam": "extra per merged round from link gates of error p_link (total two-qubit error of a crossing "
            "gate), over the same surgery at bulk p = at_p; rounds = d",
}


@dataclass(frozen=True)
class FamilyFits:
    """The fits of one noise family (seam and its held-out check when the data has seams)."""

    family: str
    memory: LawFit
    surgery: LawFit
    seam: LawFit | None = None
    holdout: Holdout | None = None

    @property
    def laws(self) -> list[LawFit]:
        return [law for law in (self.memory, self.surgery, self.seam) if law is not None]


def fit_family(points: pd.DataFrame, family: str, model: str, seam_p: float | None) -> FamilyFits:
    """Fit memory, surgery and (with seam_p) the seam law of one noise model in the points."""
    memory = fit_memory(points, model=model)
    surgery = fit_surgery(points, model=model)
    if seam_p is None:
        return FamilyFits(family, memory, surgery)
    seam = fit_seam(points, model=model, p=seam_p)
    levels = points[(points.kind == "seam") & (points.model == model)].p_link.nunique()
    holdout = holdout_check(points, model=model, p=seam_p) if levels >= 3 else None
    return FamilyFits(family, memory, surgery, seam, holdout)


class AllFits(NamedTuple):
    """What `fit_all` made: the fits, the seams' held-out summaries, and one line per fit that failed."""

    fits: list[LawFit]
    notes: list[str]
    problems: list[str]


def fit_all(points: pd.DataFrame, p_max: float | None = None) -> AllFits:
    """Every fit the points allow: memory and surgery per noise model (with p <= p_max only, if given),
    and the seam of each (model, bulk p) the points have seams at, with its held-out check given
    three or more p_link levels. A fit that fails is a line in `problems`, not an exception."""
    fits, notes, problems = [], [], []
    for kind, fitter in (("memory", fit_memory), ("surgery", fit_surgery)):
        for model in sorted(points[points.kind == kind].model.unique()):
            try:
                fits.append(fitter(points, model=model, p_max=p_max))
            except ValueError as exc:
                problems.append(f"{kind} {model}: cannot fit ({exc})")
    seams = points[points.kind == "seam"][["model", "p"]].drop_duplicates()
    for model, p in seams.itertuples(index=False):
        try:
            fits.append(fit_seam(points, model=model, p=p))
            if points[(points.kind == "seam") & (points.model == model)].p_link.nunique() >= 3:
                notes.append(f"seam {model} at p={p:g}: {holdout_check(points, model=model, p=p).describe()}")
        except ValueError as exc:
            problems.append(f"seam {model} at p={p:g}: cannot fit ({exc})")
    return AllFits(fits, notes, problems)


def versions(packages=("ftplanner", "stim", "sinter", "pymatching", "numpy", "scipy")) -> dict[str, str]:
    """Each package's installed version ("not installed" when absent), for a calibration's provenance."""
    out = {}
    for package in packages:
        try:
            out[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            out[package] = "not installed"
    return out


def _fit_record(law: LawFit) -> dict:
    return {"model": law.model, "points": law.points, "shots": law.shots, "errors": law.errors,
            "deviance": round(law.deviance, 3), "dof": law.dof, "p_value": law.p_value,
            "prefactors": law.prefactors, "stats_sha256": law.stats_sha256}


def make_calibration(fits: list[FamilyFits], *, name: str, command: str, store: str,
                     noise_models: dict[str, dict], grid: dict) -> Calibration:
    """A Calibration of the families' laws; without any seam fit it keeps the shipped default's seam law."""
    records: dict[str, dict] = {}
    for family in fits:
        for law in family.laws:
            records[f"{law.kind}.{family.family}"] = _fit_record(law)
        if family.holdout is not None:
            check = family.holdout
            records[f"seam.{family.family}"]["holdout"] = {
                "summary": check.describe(), "points": len(check.table),
                "within_2_sigma": round(check.within_2_sigma, 3), "max_abs_z": round(check.max_abs_z, 2)}
    seam_by_family = {f.family: f.seam.to_error_law() for f in fits if f.seam is not None}
    if seam_by_family:
        seam = seam_by_family["uniform" if "uniform" in seam_by_family else next(iter(seam_by_family))]
    else:
        default = load_calibration("default").seam
        source = f"no seam data; kept from the default calibration: {default.source}"
        seam = ErrorLaw(**{**asdict(default), "source": source})
    provenance = {
        "made_by": command,
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "store": store,
        "versions": versions(),
        "decoder": "pymatching (sinter)",
        "noise_models": noise_models,
        "grid": grid,
        "conventions": CONVENTIONS,
        "fits": records,
    }
    return Calibration(name=name, memory={f.family: f.memory.to_error_law() for f in fits}, seam=seam,
                       provenance=provenance, path="", surgery={f.family: f.surgery.to_error_law() for f in fits},
                       seam_by_family=seam_by_family)


def write_calibration(calibration: Calibration, path: str | Path) -> None:
    """Write the calibration as JSON (`load_calibration(path)` reads it back)."""
    data = calibration.to_dict()
    data.pop("path")
    Path(path).write_text(json.dumps(data, indent=2) + "\n")
