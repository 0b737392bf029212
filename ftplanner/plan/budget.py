"""Sharing the failure budget between the parts of the run that can fail.

Default (as the Azure Resource Estimator does): equal shares for the parts present: logical
(memory and lattice surgery of the data block), magic (distilled states), rotation synthesis
(approximation error of arbitrary rotations) and network (link errors of remote merges).
A user split is taken as given; a share whose part is absent goes unused. `optimise` tries
every split of the present parts on a grid of eighths and keeps the feasible plan with the
least space-time (physical qubits x runtime).
"""

from __future__ import annotations

from itertools import product

import numpy as np

from ftplanner.architecture.models import BudgetSplit

PARTS = ("logical", "magic", "rotation_synthesis", "network")
GRID_STEPS = 8


def split_budget(total, split: BudgetSplit | str, *, magic, rotation_synthesis, network) -> dict[str, np.ndarray]:
    """Failure probability allowed per part ('equal' shares or a BudgetSplit); absent parts get 0 (per design point)."""
    total = np.asarray(total, dtype=float)
    present = {part: np.asarray(flag, dtype=bool) | np.zeros(total.shape, bool)
               for part, flag in (("logical", True), ("magic", magic), ("rotation_synthesis", rotation_synthesis),
                                  ("network", network))}
    if isinstance(split, BudgetSplit):
        return {part: np.where(present[part], total * getattr(split, part), 0.0) for part in PARTS}
    share = total / sum(flags.astype(int) for flags in present.values())
    return {part: np.where(present[part], share, 0.0) for part in PARTS}


def candidate_splits(parts: tuple[str, ...]) -> list[BudgetSplit]:
    """Every split of `parts` into eighths, each part at least one eighth."""
    splits = []
    for steps in product(range(1, GRID_STEPS + 1), repeat=len(parts)):
        if sum(steps) == GRID_STEPS:
            splits.append(BudgetSplit(**{part: k / GRID_STEPS for part, k in zip(parts, steps)}))
    return splits
