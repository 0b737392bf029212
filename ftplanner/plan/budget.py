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

from ftplanner.spec.models import BudgetSplit

PARTS = ("logical", "magic", "rotation_synthesis", "network")
GRID_STEPS = 8


def split_budget(total: float, split: BudgetSplit | str, *, magic: bool, rotation_synthesis: bool, network: bool) -> dict[str, float]:
    """Failure probability allowed per part ('equal' shares or a BudgetSplit); absent parts get 0."""
    present = {"logical": True, "magic": magic, "rotation_synthesis": rotation_synthesis, "network": network}
    if isinstance(split, BudgetSplit):
        return {part: total * getattr(split, part) if present[part] else 0.0 for part in PARTS}
    share = total / sum(present.values())
    return {part: share if present[part] else 0.0 for part in PARTS}


def candidate_splits(present: dict[str, float]) -> list[BudgetSplit]:
    """Every split of the parts with a nonzero share in `present` into eighths, each part at least one eighth."""
    parts = [part for part in PARTS if present.get(part)]
    splits = []
    for steps in product(range(1, GRID_STEPS + 1), repeat=len(parts)):
        if sum(steps) == GRID_STEPS:
            splits.append(BudgetSplit(**{part: k / GRID_STEPS for part, k in zip(parts, steps)}))
    return splits
