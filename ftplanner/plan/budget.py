"""Sharing the failure budget between the parts of the run that can fail.

Default (as the Azure Resource Estimator does): equal shares for the parts present: logical
(memory and lattice surgery of the data block), magic (distilled states), rotation synthesis
(approximation error of arbitrary rotations) and network (link errors of remote merges).
A user split is taken as given; a share whose part is absent goes unused.
"""

from __future__ import annotations

from ftplanner.spec.models import BudgetSplit

PARTS = ("logical", "magic", "rotation_synthesis", "network")


def split_budget(total: float, split: BudgetSplit | None, *, magic: bool, rotation_synthesis: bool, network: bool) -> dict[str, float]:
    """Failure probability allowed per part; absent parts get 0."""
    present = {"logical": True, "magic": magic, "rotation_synthesis": rotation_synthesis, "network": network}
    if split is not None:
        return {part: total * getattr(split, part) if present[part] else 0.0 for part in PARTS}
    share = total / sum(present.values())
    return {part: share if present[part] else 0.0 for part in PARTS}
