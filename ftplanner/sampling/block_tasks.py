"""The sinter tasks of a qLDPC block-memory calibration: BB memory in both bases over multiples of the machine's p.

A machine built from bivariate-bicycle blocks (code family gross or two_gross) is calibrated by
its block-memory law (`ftplanner.physics.block_memory_law`), so it needs BB memories rather than
surface-code memory, surgery and seam. The noise model is the architecture's, as for the surface
code (`tasks.target`), scaled over `p_factors` (every rate times the same factor). At each p: the
Z and X memories, `rounds` cycles each (default: the code's distance), decoded by one decoder.
json_metadata is the experiment's (`BlockExperiment.metadata`) plus `model` (the noise model's
label at the machine's p) and `decoder`, so a store can hold several decoders' runs side by side.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import sinter

from ftplanner.sampling.decoders import BB_DECODERS
from ftplanner.sampling.limits import BLOCK_P_FACTORS
from ftplanner.sampling.tasks import Target, scaled
from ftplanner.sim import BASES
from ftplanner.sim.bicycle import CODES, KIND, BlockExperiment, bb_code, build_memory

BB_FAMILIES = tuple(CODES)


@dataclass(frozen=True)
class BlockGrid:
    """Which code, multiples of the machine's p, rounds per shot (None: the code's distance) and decoder."""

    code: str
    p_factors: tuple[float, ...] = BLOCK_P_FACTORS
    rounds: int | None = None
    decoder: str = "relay-bp"

    def __post_init__(self):
        bb_code(self.code)
        if self.decoder not in BB_DECODERS:
            raise ValueError(f"decoder must be one of {', '.join(BB_DECODERS)} for BB codes, got {self.decoder!r}")

    @property
    def cycles(self) -> int:
        return bb_code(self.code).distance if self.rounds is None else self.rounds


def experiments(t: Target, grid: BlockGrid) -> list[BlockExperiment]:
    """The target's BB memories: each p factor, both bases."""
    return [build_memory(grid.code, basis, scaled(t.noise, factor), grid.cycles)
            for factor in grid.p_factors for basis in BASES]


def metadata(experiment: BlockExperiment, model: str, decoder: str) -> dict:
    return {**experiment.metadata, "model": model, "decoder": decoder}


def tasks(targets: list[Target], grid: BlockGrid) -> list[sinter.Task]:
    """One sinter task per distinct BB memory of the targets."""
    seen: dict[str, sinter.Task] = {}
    for t in targets:
        for experiment in experiments(t, grid):
            meta = metadata(experiment, t.model, grid.decoder)
            seen.setdefault(json.dumps(meta, sort_keys=True),
                            sinter.Task(circuit=experiment.circuit, decoder=grid.decoder, json_metadata=meta))
    return list(seen.values())


def in_grid(points: pd.DataFrame, targets: list[Target], grid: BlockGrid) -> pd.DataFrame:
    """The block points (`ftplanner.fit.block.block_points`) of this grid's tasks; a store may hold others."""
    keep = np.zeros(len(points), dtype=bool)
    for t in targets:
        ps = [scaled(t.noise, f).p for f in grid.p_factors]
        keep |= ((points.code == grid.code) & (points.model == t.model) & (points.decoder == grid.decoder)
                 & (points.rounds == grid.cycles) & points.p.isin(ps)).to_numpy()
    return points[keep].reset_index(drop=True)


__all__ = ["BB_FAMILIES", "KIND", "BlockGrid", "experiments", "in_grid", "metadata", "tasks"]
