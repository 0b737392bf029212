"""15-to-1 magic-state distillation run inside one bicycle block with its own instructions.

The protocol of Bravyi & Kitaev, PRA 71, 022316 (2005), output error 35 e^3 for inputs of error e,
in Litinski's Pauli-product form ("A Game of Surface Codes", Quantum 3, 128 (2019), §3.1): five
logical qubits, four prepared as T states and eleven pi/8 rotations, each consuming one T state
(15 in all), then four X measurements. In a block (12 logical qubits hold the 5) each rotation is
a one-block rotation of `ftplanner.physics.bicycle.rotation`. Every failure of the block's
Clifford instructions is counted as a bad output (an upper bound); the protocol succeeds when no
input fault is detected, (1 - e)^15. The model is ours, built from the instruction set; Xu et al.,
"Distilling magic states in the bicycle architecture", arXiv:2602.20546, design such factories
in detail.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INPUTS = 15
ROTATIONS = 11
PREPARED = 4
MEASURED = 4


@dataclass(frozen=True)
class Distilled:
    """Output error per state, success probability and time steps per attempt (arrays)."""

    output_error: np.ndarray
    success: np.ndarray
    steps: np.ndarray

    @property
    def steps_per_output(self) -> np.ndarray:
        return self.steps / self.success


def fifteen_to_one(input_error, input_steps, rotation_error, rotation_steps, measurement_error,
                   measurement_steps) -> Distilled:
    """One 15-to-1 round from inputs of `input_error` that take `input_steps` each to bring in.

    `rotation_error` and `rotation_steps` are one one-block rotation's Clifford instructions (no T);
    each of the 11 rotations also takes one input.
    """
    e = np.asarray(input_error, dtype=float)
    output = 35.0 * e**3 + ROTATIONS * np.asarray(rotation_error, float) + MEASURED * np.asarray(measurement_error, float)
    steps = (PREPARED + ROTATIONS) * np.asarray(input_steps, float) + ROTATIONS * np.asarray(rotation_steps, float) \
        + MEASURED * np.asarray(measurement_steps, float)
    return Distilled(np.minimum(output, 1.0), (1.0 - np.minimum(e, 1.0)) ** INPUTS, steps)
