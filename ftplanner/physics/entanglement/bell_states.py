"""Bell-diagonal pairs: the representation every entanglement model in this package works on.

Convention, that of Deutsch et al., PRL 77, 2818 (1996): a pair is the four weights
(A, B, C, D) of the Bell states (Phi+, Psi-, Psi+, Phi-), with Phi+- = (|00> +- |11>)/sqrt2 and
Psi+- = (|01> +- |10>)/sqrt2, held as a numpy array whose last axis has length 4; any leading
axes are independent pairs. A is the fidelity with the target Phi+.

Pauli frame. Each Bell state is Phi+ with one Pauli on a qubit: Phi+ = I, Psi- ~ Y, Psi+ = X,
Phi- = Z (up to a phase, and on either qubit, since (I x P) Phi+ = (P^T x I) Phi+). A
Bell-diagonal pair is thus a probability distribution over the Pauli labels (x, z) in Z2 x Z2,
and a Pauli channel on it (from any Clifford circuit with Pauli noise) is an XOR convolution.
The 4-point Walsh-Hadamard transform `characters` turns XOR convolution into a product, which
is how swapping h pairs costs one power, vectorised over any shape.
"""

from __future__ import annotations

import numpy as np

# Pauli label bits (x, z) of A, B, C, D = Phi+ (I), Psi- (Y), Psi+ (X), Phi- (Z)
LABELS = np.array([[0, 0], [1, 1], [1, 0], [0, 1]])
# WALSH[s, i] = (-1)^(s . i) over those labels; symmetric, WALSH @ WALSH = 4 I
WALSH = (-1.0) ** (LABELS @ LABELS.T)


def bell_diagonal(a, b, c, d):
    """The pair with weights a, b, c, d on Phi+, Psi-, Psi+, Phi- (broadcast, stacked on a last axis)."""
    return np.stack(np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (a, b, c, d))), axis=-1)


def werner(fidelity):
    """The Werner pair of fidelity F: (F, (1-F)/3, (1-F)/3, (1-F)/3)."""
    f = np.asarray(fidelity, dtype=float)
    e = (1.0 - f) / 3.0
    return bell_diagonal(f, e, e, e)


def fidelity(state):
    """Overlap with Phi+: the A coefficient."""
    return np.asarray(state, dtype=float)[..., 0]


def twirled(state):
    """The Werner pair of the same fidelity (what a random bilateral rotation makes of any pair)."""
    return werner(fidelity(state))


def characters(state):
    """Walsh-Hadamard transform of the Pauli-label distribution (the first entry is the total weight)."""
    return np.asarray(state, dtype=float) @ WALSH


def from_characters(chi):
    """Inverse of `characters`."""
    return np.asarray(chi, dtype=float) @ WALSH / 4.0


def depolarize2_character(p_two_qubit):
    """Character of DEPOLARIZE2(p) at any non-identity label: 1 - 16 p / 15 (each of 15 Paulis at p/15)."""
    return 1.0 - 16.0 * np.asarray(p_two_qubit, dtype=float) / 15.0
