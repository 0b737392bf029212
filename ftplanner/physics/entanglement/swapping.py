"""Entanglement swapping of Bell-diagonal pairs, ideal and with the hardware's own errors.

Source: Briegel, Duer, Cirac, Zoller, PRL 81, 5932 (1998) (the quantum repeater: pairs joined
by Bell measurements at the intermediate nodes); noise treated as in Duer & Briegel, Rep. Prog.
Phys. 70, 1381 (2007), here with stim-style channels.

Ideal swap. A Bell measurement on the inner qubits of pairs with Pauli labels P and Q leaves
the outer qubits in the pair of label P Q (XOR of the (x, z) bits), so the joined distribution
is the XOR convolution of the two, a product of `characters`; for Werner pairs
F' = F1 F2 + (1 - F1)(1 - F2)/3, and h Werner pairs give 1/4 + 3/4 ((4F - 1)/3)^h.

Noisy swap. The Bell measurement is CNOT, then DEPOLARIZE2(p2) on its two qubits, then H on
the control and Z measurements that each flip with probability pm. Of a Pauli after the CNOT
only the Z part on the control and the X part on the target change the outcomes, each of the
three non-trivial flip patterns coming from 4 of the 15 Paulis; a wrong outcome applies the
wrong Pauli frame correction to the joined pair. So each swap adds the Pauli channel
X, Y, Z at 4 p2 / 15 each, then an X flip and a Z flip at pm each, independently: characters
(1, l m^2, l m, l m) on (I, Y, X, Z) with l = 1 - 16 p2 / 15 and m = 1 - 2 pm.
(Checked against a 16 x 16 density-matrix simulation in tests/physics/test_entanglement.py.)
"""

from __future__ import annotations

import numpy as np

from ftplanner.physics.entanglement.bell_states import characters, depolarize2_character, from_characters


def swapped_fidelity(fidelity, hops):
    """Fidelity of an end-to-end pair made by swapping `hops` ideal Werner link pairs (hops >= 1)."""
    f = np.asarray(fidelity, dtype=float)
    return 0.25 + 0.75 * np.power((4.0 * f - 1.0) / 3.0, np.asarray(hops, dtype=float))


def swap_noise_characters(p_two_qubit=0.0, p_measurement=0.0):
    """Characters (last axis 4) of the Pauli channel one noisy Bell measurement adds to the joined pair."""
    lam = depolarize2_character(p_two_qubit)
    mu = 1.0 - 2.0 * np.asarray(p_measurement, dtype=float)
    lam, mu = np.broadcast_arrays(lam, mu)
    return np.stack([np.ones_like(lam), lam * mu * mu, lam * mu, lam * mu], axis=-1)


def swap(state_a, state_b, p_two_qubit=0.0, p_measurement=0.0):
    """The pair made by joining pairs `state_a` and `state_b` with one (noisy) Bell measurement."""
    chi = characters(state_a) * characters(state_b) * swap_noise_characters(p_two_qubit, p_measurement)
    return from_characters(chi)


def swapped(state, hops, p_two_qubit=0.0, p_measurement=0.0):
    """The end-to-end pair from `hops` identical link pairs joined by hops - 1 (noisy) swaps.

    `hops` (>= 1) broadcasts against the state's leading axes, as do the error probabilities.
    """
    h = np.asarray(hops, dtype=float)[..., None]
    noise = swap_noise_characters(p_two_qubit, p_measurement)
    return from_characters(np.power(characters(state), h) * np.power(noise, h - 1.0))
