"""The bicycle instruction set's error per use and duration at physical error p.

Default: the published table (`ftplanner/data/bicycle_instructions.csv`, read from IBM's
compiler, crates/bicycle_numerics/src/model.rs, which tabulates Yoder et al., "Tour de gross",
arXiv:2506.03094) at p = 1e-4 and 1e-3, interpolated between them as a straight line in
log(error) against log(p), and durations as a straight line against log(p). The table reaches
only that range: below 1e-4 its 1e-4 figures are used (an upper bound, since every error grows
with p) and `in_range` is False; above 1e-3 the figures are those of 1e-3 and `in_range` is
False, which the planner refuses.

With a fitted block-memory law (`BlockMemoryLaw`: the block's logical error per syndrome cycle),
the idle instruction, which lasts one cycle, takes the law's error at p, and every other
instruction keeps its ratio to idle in the table at p (clamped to the table's range):
error_i(p) = law(p) x table_i(p) / table_idle(p). The law then extends the range, so `in_range`
is True, and errors are capped at 1.

Instructions: idle (one syndrome cycle), shift (half an automorphism: the compiler counts an
automorphism as two shifts in error and time), in-module Pauli measurement, inter-module joint
measurement through an L-coupler between two blocks, and T injection (injection plus one
measurement).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

from ftplanner.physics.block_memory_law import BlockMemoryLaw

INSTRUCTIONS = ("idle", "shift", "in_module_measurement", "inter_module_joint_measurement", "t_injection")
P_RANGE = (1e-4, 1e-3)
DATA_FILE = "bicycle_instructions.csv"
SOURCE = ("Yoder et al., 'Tour de gross', arXiv:2506.03094, as IBM's compiler tabulates it "
          "(qiskit-community/bicycle-architecture-compiler, crates/bicycle_numerics/src/model.rs)")


@cache
def table(family: str) -> dict[str, tuple[tuple[float, float], tuple[float, float]]]:
    """instruction -> ((error at 1e-4, at 1e-3), (steps at 1e-4, at 1e-3)) for a code family."""
    text = resources.files("ftplanner.data").joinpath(DATA_FILE).read_text()
    rows = [row for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
            if row["code"] == family]
    if not rows:
        raise ValueError(f"no bicycle instruction table for code family {family!r}")
    out = {}
    for name in INSTRUCTIONS:
        at = {float(r["p"]): r for r in rows if r["instruction"] == name}
        low, high = at[P_RANGE[0]], at[P_RANGE[1]]
        out[name] = ((float(low["error_per_use"]), float(high["error_per_use"])),
                     (float(low["duration_steps"]), float(high["duration_steps"])))
    return out


@dataclass(frozen=True)
class InstructionSet:
    """Error per use and duration in time steps of each instruction, arrays over design points."""

    family: str
    p: np.ndarray
    error: dict[str, np.ndarray]
    steps: dict[str, np.ndarray]
    in_range: np.ndarray  # p within the table's range, or a block law supplies the errors
    source: str

    @property
    def automorphism_error(self) -> np.ndarray:
        return 2.0 * self.error["shift"]

    @property
    def automorphism_steps(self) -> np.ndarray:
        return 2.0 * self.steps["shift"]


def _fraction(p) -> np.ndarray:
    """Where log p lies between log 1e-4 (0) and log 1e-3 (1), clamped to [0, 1]."""
    low, high = np.log(P_RANGE)
    return np.clip((np.log(np.asarray(p, dtype=float)) - low) / (high - low), 0.0, 1.0)


def _on_line(pair, t) -> np.ndarray:
    return pair[0] + (pair[1] - pair[0]) * t


def instruction_set(family: str, p, block_law: BlockMemoryLaw | None = None) -> InstructionSet:
    """The instructions of `family` at physical error p (array), from the table or scaled by `block_law`."""
    p = np.atleast_1d(np.asarray(p, dtype=float))
    t = _fraction(p)
    rows = table(family)
    tabled = {name: np.exp(_on_line(np.log(errors), t)) for name, (errors, _) in rows.items()}
    steps = {name: _on_line(durations, t) for name, (_, durations) in rows.items()}
    in_range = (p >= P_RANGE[0] * (1 - 1e-12)) & (p <= P_RANGE[1] * (1 + 1e-12))
    if block_law is None:
        return InstructionSet(family, p, tabled, steps, in_range, SOURCE)
    idle = block_law.per_round(p)
    error = {name: np.minimum(1.0, idle * tabled[name] / tabled["idle"]) for name in INSTRUCTIONS}
    source = (f"idle from the calibration's {family} block law ({block_law.source or 'fitted'}); other instructions "
              f"at the table's ratio to idle ({SOURCE})")
    return InstructionSet(family, p, error, steps, np.ones(p.shape, bool), source)
