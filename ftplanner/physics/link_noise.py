"""Bell-pair fidelity to link-gate error: the one model shared by the seam circuits and the planner.

A link delivers Werner states: the ideal Bell pair with probability F, otherwise one of the
three other Bell states, each with probability (1 - F) / 3. A gate that crosses a module
boundary is teleported through such a pair; the pair's Pauli error lands on the two qubits
the gate acts on. We model that as a two-qubit depolarizing channel (stim's DEPOLARIZE2,
which applies each of the 15 non-identity Paulis with probability p / 15) whose total error
probability is 1 - F, composed with the gate's own local two-qubit error. Composing two such
channels with error probabilities p1 and p2 leaves the identity with probability
(1 - p1)(1 - p2) + p1 p2 / 15 (a Pauli and its twin cancel), hence the formula below.
"""

from __future__ import annotations

import numpy as np


def compose_depolarize2(p1, p2):
    """Total error probability of two DEPOLARIZE2 channels applied one after the other."""
    p1 = np.asarray(p1, dtype=float)
    p2 = np.asarray(p2, dtype=float)
    return 1.0 - ((1.0 - p1) * (1.0 - p2) + p1 * p2 / 15.0)


def p_link_from_fidelity(bell_pair_fidelity, p_two_qubit=0.0):
    """Two-qubit error probability of a boundary-crossing gate fed by pairs of fidelity F."""
    fidelity = np.asarray(bell_pair_fidelity, dtype=float)
    return compose_depolarize2(1.0 - fidelity, p_two_qubit)
