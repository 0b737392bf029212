"""Recurrence distillation of Bell-diagonal pairs: DEJMPS and twirled BBPSSW, ideal or noisy.

DEJMPS (Deutsch et al., PRL 77, 2818 (1996)). Alice rotates her two qubits by
(1 - i sigma_x)/sqrt2, Bob his by the inverse (this exchanges Psi- and Phi-), both apply a CNOT
from pair 1 to pair 2, measure pair 2 in Z and keep pair 1 when the outcomes agree. On
(A, B, C, D) = weights of (Phi+, Psi-, Psi+, Phi-):

    A' = (A^2 + B^2)/N, B' = 2CD/N, C' = (C^2 + D^2)/N, D' = 2AB/N,  N = (A+B)^2 + (C+D)^2,

N being the success probability. BBPSSW (Bennett et al., PRL 76, 722 (1996)) twirls each pair
to Werner form first (and we twirl the output back, as the planner has always assumed): on
Werner pairs the rotation does nothing, so one round is the map above followed by a twirl,
F' = (F^2 + E^2) / (F^2 + 2FE + 5E^2) with E = (1 - F)/3. Either only improves pairs with
F > 1/2; each attempt consumes 2 pairs, so a round costs 2 / N pairs per output.

Noisy round (the gate and readout model of Duer & Briegel, Rep. Prog. Phys. 70, 1381 (2007),
in stim's terms). Each bilateral CNOT is followed by DEPOLARIZE2(p2) on its two qubits (the
paper's p is 1 - 16 p2 / 15) and each of the two measurements flips with probability pm (its
eta is 1 - pm). Propagated through the Pauli frame, the two gate channels compose to a
depolarizing channel on the joint 16-label distribution that keeps it with g = (1 - 16 p2/15)^2
and otherwise makes it uniform; the readout flips the agreement test with e = 2 pm (1 - pm).
The unnormalised output is

    A' ~ g[(1-e)(A^2 + B^2) + e(AC + BD)] + (1-g)/8,   B' ~ g[(1-e) 2CD + e(AD + BC)] + (1-g)/8,
    C' ~ g[(1-e)(C^2 + D^2) + e(AC + BD)] + (1-g)/8,   D' ~ g[(1-e) 2AB + e(AD + BC)] + (1-g)/8,

and N is their sum (checked against a 16 x 16 density-matrix simulation in
tests/physics/test_entanglement.py).
"""

from __future__ import annotations

import numpy as np

from ftplanner.physics.entanglement.bell_states import depolarize2_character, twirled, werner
from ftplanner.physics.entanglement.bell_states import fidelity as fidelity_of

PROTOCOLS = ("dejmps", "bbpssw")


def _noiseless(*probabilities) -> bool:
    return not any(np.any(np.asarray(p, dtype=float)) for p in probabilities)


def dejmps_round(state, p_two_qubit=0.0, p_measurement=0.0):
    """One DEJMPS round on two copies of `state` (last axis 4): (output state, success probability)."""
    s = np.asarray(state, dtype=float)
    a, b, c, d = s[..., 0], s[..., 1], s[..., 2], s[..., 3]
    kept = np.stack([a * a + b * b, 2.0 * c * d, c * c + d * d, 2.0 * a * b], axis=-1)
    if not _noiseless(p_two_qubit, p_measurement):
        g = (depolarize2_character(p_two_qubit) ** 2)[..., None]
        pm = np.asarray(p_measurement, dtype=float)
        e = (2.0 * pm * (1.0 - pm))[..., None]
        ac_bd, ad_bc = a * c + b * d, a * d + b * c
        rejected = np.stack([ac_bd, ad_bc, ac_bd, ad_bc], axis=-1)  # pairs of differing x, let through by a flip
        total = s.sum(axis=-1)[..., None]
        kept = g * ((1.0 - e) * kept + e * rejected) + (1.0 - g) * total * total / 8.0
    success = kept.sum(axis=-1)
    return kept / success[..., None], success


def bbpssw_round(fidelity, p_two_qubit=0.0, p_measurement=0.0):
    """One twirled BBPSSW round on Werner pairs of fidelity F: (output fidelity, success probability)."""
    f = np.asarray(fidelity, dtype=float)
    if _noiseless(p_two_qubit, p_measurement):
        e = (1.0 - f) / 3.0
        success = f * f + 2.0 * f * e + 5.0 * e * e
        return (f * f + e * e) / success, success
    out, success = dejmps_round(werner(f), p_two_qubit, p_measurement)
    return fidelity_of(out), success


def distillation_round(state, protocol: str = "dejmps", p_two_qubit=0.0, p_measurement=0.0):
    """One round of `protocol` ('dejmps' or 'bbpssw', the latter twirling in and out): (state, success)."""
    if protocol == "dejmps":
        return dejmps_round(state, p_two_qubit, p_measurement)
    if protocol == "bbpssw":
        out, success = dejmps_round(twirled(state), p_two_qubit, p_measurement)
        return twirled(out), success
    raise ValueError(f"unknown distillation protocol {protocol!r}; expected one of {', '.join(PROTOCOLS)}")


def distill(state, rounds: int, protocol: str = "dejmps", p_two_qubit=0.0, p_measurement=0.0):
    """(state after `rounds` rounds, raw pairs consumed per output pair on average: the product of 2 / N)."""
    s = np.asarray(state, dtype=float)
    raw_per_output = np.ones(s.shape[:-1])
    for _ in range(rounds):
        s, success = distillation_round(s, protocol, p_two_qubit, p_measurement)
        raw_per_output = raw_per_output * 2.0 / success
    return s, raw_per_output


def distilled(fidelity, rounds: int, protocol: str = "bbpssw", p_two_qubit=0.0, p_measurement=0.0):
    """(fidelity after `rounds` rounds from Werner pairs of fidelity F, raw pairs per output pair)."""
    if protocol == "bbpssw":
        f = np.asarray(fidelity, dtype=float)
        raw_per_output = np.ones_like(f)
        for _ in range(rounds):
            f, success = bbpssw_round(f, p_two_qubit, p_measurement)
            raw_per_output = raw_per_output * 2.0 / success
        return f, raw_per_output
    s, raw_per_output = distill(werner(fidelity), rounds, protocol, p_two_qubit, p_measurement)
    return fidelity_of(s), raw_per_output
