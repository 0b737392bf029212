"""The per-round logical error of a whole qLDPC code block as a power of the physical error rate.

A bivariate-bicycle block (gross [[144,12,12]], two-gross [[288,12,18]]; Bravyi et al., Nature
627, 778 (2024)) has a fixed distance, so its memory law is fitted in p alone:
p_round = A (p / p_ref)^exponent, the probability that any of the block's logical qubits fails in
one syndrome cycle. `ftplanner.fit` fits it from BB-memory samples; the planner reads it from the
calibration where present and from the published instruction table otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class BlockMemoryLaw:
    """p_round = A (p / p_ref)^exponent for one code block (all its logical qubits), per syndrome cycle."""

    A: float
    p_ref: float
    exponent: float
    source: str = ""
    A_stderr: float | None = None
    exponent_stderr: float | None = None

    def per_round(self, p):
        """Block logical error per syndrome cycle at physical error p (scalar or numpy array)."""
        return self.A * (np.asarray(p, dtype=float) / self.p_ref) ** self.exponent
