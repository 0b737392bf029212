"""IBM's bicycle architecture: bivariate-bicycle code blocks and their logical instruction set.

One idea per module:

* codes: the gross [[144,12,12]] and two-gross [[288,12,18]] blocks (Bravyi et al., Nature 627,
  778 (2024)), their physical qubits with the logical processing unit, and the syndrome cycle.
* instructions: the published error and duration of each instruction (Yoder et al., "Tour de
  gross", arXiv:2506.03094, as IBM's compiler tabulates them), interpolated in p, or scaled by a
  fitted block-memory law.
* rotation: the compiled cost of one Pauli-product rotation or measurement spanning b blocks.
* distillation: 15-to-1 distillation run with the same instructions inside one block.
* remote: a joint measurement between blocks of different modules through optical Bell pairs.
"""

from __future__ import annotations

from ftplanner.physics.bicycle.codes import CODES, STEPS_PER_CYCLE, BicycleCode, syndrome_cycle_ns
from ftplanner.physics.bicycle.distillation import Distilled, fifteen_to_one
from ftplanner.physics.bicycle.instructions import INSTRUCTIONS, P_RANGE, InstructionSet, instruction_set, table
from ftplanner.physics.bicycle.remote import crossing_gates_per_round, pairs_per_remote_measurement, remote_link_error
from ftplanner.physics.bicycle.rotation import (
    NATIVE_ROTATIONS_PER_BLOCK,
    block_busy_steps,
    block_instructions,
    ghz_layers,
    product_steps,
)

__all__ = [
    "CODES",
    "INSTRUCTIONS",
    "NATIVE_ROTATIONS_PER_BLOCK",
    "P_RANGE",
    "STEPS_PER_CYCLE",
    "BicycleCode",
    "Distilled",
    "InstructionSet",
    "block_busy_steps",
    "block_instructions",
    "crossing_gates_per_round",
    "fifteen_to_one",
    "ghz_layers",
    "instruction_set",
    "pairs_per_remote_measurement",
    "product_steps",
    "remote_link_error",
    "syndrome_cycle_ns",
    "table",
]
