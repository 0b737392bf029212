"""The compiled cost of one Pauli-product rotation (or measurement) on the bicycle architecture.

IBM's compiler (qiskit-community/bicycle-architecture-compiler, crates/bicycle_compiler/src/
compile.rs, `compile_rotation` and `compile_measurement`; Yoder et al., arXiv:2506.03094 §4 and
App. A) turns exp(i pi/8 P) for a Pauli P over b blocks of a path into:

* on each block P touches: r native rotations to bring its 11-qubit factor to a native
  measurement (each: measure the pivot, automorphism, measure, inverse automorphism, measure the
  pivot: 3 measurements, 2 automorphisms), the pivot prepared (1 measurement), the native
  measurement itself (automorphism, measurement, inverse automorphism), the pivot measured out
  (1 measurement), and the r rotations undone: 3 + 6r measurements and 2 + 4r automorphisms;
* a GHZ state over the path by b - 1 joint measurements of adjacent blocks, in two layers (even
  then odd boundaries; one layer for b = 2, none for b = 1);
* the T (an injection on the block at the end of the path, next to the magic-state source).

A Pauli-product measurement is the same without the T. r depends on P; we take its mean over
the random Paulis of the compiler's benchmark: NATIVE_ROTATIONS_PER_BLOCK = 2.6, which the
compiler's own sample run reproduces (notebooks/random_circuits.ipynb: 22 qubits on two gross
blocks, 30-40 measurements and one joint measurement per rotation, mean 37.2 = 2 x (3 + 6 x 2.6);
its error per rotation, 9.65e-7 at p = 1e-4, is 8.79e-7 + 37.2 x 1.01e-9 + 4.81e-8 to 0.1 %).
We use the same r for the two-gross code (its table is built alike; no sample run is published).

Time: the blocks work in parallel, one after another only through the GHZ layers and the T, so
a rotation lasts 2r (3 t_meas + 2 t_aut) + 3 t_meas + 2 t_aut + layers x t_joint + t_T time
steps (the compiler's schedule took 14,115 steps for the five rotations of its two-block sample,
2,823 each; this gives 2,843).
Cliffords are free: Pauli-based computation moves them past the rotations into the Pauli bases
(Litinski, "A Game of Surface Codes", Quantum 3, 128 (2019); Tour de gross App. A.9).
"""

from __future__ import annotations

import numpy as np

NATIVE_ROTATIONS_PER_BLOCK = 2.6


def block_instructions(r: float = NATIVE_ROTATIONS_PER_BLOCK) -> tuple[float, float]:
    """(in-module measurements, automorphisms) on each block a rotation or measurement touches."""
    return 3.0 + 6.0 * r, 2.0 + 4.0 * r


def ghz_layers(span) -> np.ndarray:
    """Layers of joint measurements that build the GHZ state over `span` blocks of a path."""
    return np.clip(np.asarray(span, dtype=float) - 1.0, 0.0, 2.0)


def block_busy_steps(t_meas, t_aut, r: float = NATIVE_ROTATIONS_PER_BLOCK) -> np.ndarray:
    """Time steps one touched block spends on its own instructions (rotations, pivot, native measurement)."""
    t_meas, t_aut = np.asarray(t_meas, dtype=float), np.asarray(t_aut, dtype=float)
    return 2.0 * r * (3.0 * t_meas + 2.0 * t_aut) + 3.0 * t_meas + 2.0 * t_aut


def product_steps(span, t_meas, t_aut, t_joint, t_magic, r: float = NATIVE_ROTATIONS_PER_BLOCK) -> np.ndarray:
    """Time steps of one rotation (t_magic: its T) or measurement (t_magic = 0) over `span` blocks."""
    return block_busy_steps(t_meas, t_aut, r) + ghz_layers(span) * np.asarray(t_joint, dtype=float) + t_magic
