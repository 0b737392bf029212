"""The sinter tasks an architecture's calibration needs: memory, surgery and seam on a grid around its p.

For each architecture the hardware's noise model (`NoiseModel.for_architecture`: the rates
`architecture.hardware.resolve_hardware` gives, which the planner reads too; or with
`pure_family` the named family at the two-qubit rate) is scaled over multiples of its p: every
rate times the same factor, so the grid stays within one noise model. At each distance and p:
memory in both bases, surgery in both bases with both observable sets. Seams, for
multi-module machines only, run at the machine's own p over multiples of the link-gate rate
that its Bell-pair fidelity gives (`linknoise`), keeping rates above the bulk two-qubit rate.
Each task's json_metadata is the experiment's metadata plus `model`: the noise model's label
at the machine's p (the family name for a pure family), which names the scaled model
grid-wide so fits can select it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from ftplanner.physics.link_noise import p_link_from_fidelity
from ftplanner.sampling.limits import Grid
from ftplanner.sim import BASES, OBSERVABLES, Experiment, NoiseModel, build
from ftplanner.sim.noise import MAX_LINK_RATE, rounded_rate

if TYPE_CHECKING:  # pandas and sinter load with a calibration run, not with the CLI's options
    import pandas as pd
    import sinter

DECODER = "pymatching"
_RATES = ("p", "two_qubit", "single_qubit", "measurement", "reset", "idle", "readout_idle")


@dataclass(frozen=True)
class Target:
    """What one architecture asks to calibrate: its noise family, model, rates and whether it has seams."""

    family: str
    noise: NoiseModel
    p_link: float | None

    @property
    def model(self) -> str:
        return self.noise.label


def target(arch, pure_family: bool = False) -> Target:
    """The calibration target of an Architecture (its hardware noise, link rate if multi-module)."""
    noise = NoiseModel.for_architecture(arch)
    if pure_family:
        noise = NoiseModel.family_model(noise.family, noise.two_qubit)
    noise = scaled(noise, 1.0)
    networked = arch.modules.count != 1
    p_link = float(p_link_from_fidelity(arch.network.link.bell_pair_fidelity, noise.two_qubit)) if networked else None
    return Target(family=noise.family, noise=noise, p_link=p_link)


def scaled(noise: NoiseModel, factor: float) -> NoiseModel:
    """The model with every error rate (and p) times `factor`; pure families stay exact."""
    if noise.label == noise.family:
        return NoiseModel.family_model(noise.family, rounded_rate(noise.p * factor))
    rates = {name: rounded_rate(getattr(noise, name) * factor) for name in _RATES}
    for name, value in rates.items():
        if value > 0.5:
            raise ValueError(f"p factor {factor:g} takes {name} to {value:g}, above 0.5")
    return replace(noise, **rates)


def link_rates(t: Target, grid: Grid) -> list[float]:
    """The seam p_link values: multiples of the machine's, above its bulk two-qubit rate."""
    if t.p_link is None:
        return []
    rates = [rounded_rate(t.p_link * factor) for factor in grid.p_link_factors]
    return [x for x in rates if t.noise.two_qubit < x <= MAX_LINK_RATE]


def experiments(t: Target, grid: Grid) -> list[tuple[Experiment, str]]:
    """(experiment, model label) for the target's grid."""
    out = []
    for factor in grid.p_factors:
        noise = scaled(t.noise, factor)
        for d in grid.distances:
            out += [(build("memory", d, basis, noise), t.model) for basis in BASES]
            out += [(build("surgery", d, basis, noise, observable=obs), t.model)
                    for basis in BASES for obs in OBSERVABLES]
    for p_link in link_rates(t, grid):
        out += [(build("seam", d, basis, t.noise.with_link(p_link), observable=obs), t.model)
                for d in grid.distances for basis in BASES for obs in OBSERVABLES]
    return out


def in_grid(points: pd.DataFrame, targets: list[Target], grid: Grid) -> pd.DataFrame:
    """The fit points (`ftplanner.fit.points`) of the tasks the grid asks for; a store may hold others."""
    keep = np.zeros(len(points), dtype=bool)
    for t in targets:
        mine = (points.model == t.model) & points.d.isin(grid.distances)
        bulk = points.kind.isin(["memory", "surgery"]) & points.p.isin([scaled(t.noise, f).p for f in grid.p_factors])
        seam = (points.kind == "seam") & (points.p == t.noise.p) & points.p_link.isin(link_rates(t, grid))
        keep |= (mine & (bulk | seam)).to_numpy()
    return points[keep].reset_index(drop=True)


def metadata(experiment: Experiment, model: str) -> dict:
    """The json_metadata of an experiment's task."""
    return {**experiment.metadata, "model": model}


def tasks(targets: list[Target], grid: Grid) -> list[sinter.Task]:
    """One sinter task per distinct experiment of the targets (decoder pymatching)."""
    import sinter

    seen: dict[str, sinter.Task] = {}
    for t in targets:
        for experiment, model in experiments(t, grid):
            meta = metadata(experiment, model)
            key = json.dumps(meta, sort_keys=True)
            if key not in seen:
                seen[key] = sinter.Task(circuit=experiment.circuit, decoder=DECODER, json_metadata=meta)
    return list(seen.values())


def check_targets(targets: list[Target]) -> None:
    """One noise model at one p per family: a calibration keys its laws (and the seam's bulk p) by family."""
    chosen: dict[str, NoiseModel] = {}
    for t in targets:
        first = chosen.setdefault(t.family, t.noise)
        if first != t.noise:
            raise ValueError(f"two architectures of noise family {t.family} differ in noise ({first.label} at "
                             f"p = {first.p:g}, {t.model} at p = {t.noise.p:g}); calibrate them separately")
