"""Bell-pair fidelity through swapping and recurrence distillation, for Werner states.

Swapping (Duer et al. / Briegel et al. 1998): joining h Werner pairs of fidelity F gives
F_h = 1/4 + 3/4 ((4F - 1) / 3)^h. Distillation (BBPSSW recurrence, Bennett et al., PRL 76,
722 (1996), with twirling back to Werner form): two pairs of fidelity F give one of
F' = (F^2 + ((1-F)/3)^2) / N with success probability N = F^2 + 2F(1-F)/3 + 5((1-F)/3)^2.
It only improves pairs with F > 1/2. Each round consumes 2 pairs per attempt.
"""

from __future__ import annotations

import numpy as np


def swapped_fidelity(fidelity, hops):
    """Fidelity of an end-to-end pair made by swapping `hops` link pairs (hops >= 1)."""
    f = np.asarray(fidelity, dtype=float)
    return 0.25 + 0.75 * np.power((4.0 * f - 1.0) / 3.0, np.asarray(hops, dtype=float))


def bbpssw_round(fidelity):
    """One recurrence round: (output fidelity, success probability)."""
    f = np.asarray(fidelity, dtype=float)
    e = (1.0 - f) / 3.0
    success = f * f + 2.0 * f * e + 5.0 * e * e
    return (f * f + e * e) / success, success


def distilled(fidelity, rounds: int):
    """(fidelity after `rounds` rounds, raw pairs consumed per output pair on average)."""
    f = np.asarray(fidelity, dtype=float)
    raw_per_output = np.ones_like(f)
    for _ in range(rounds):
        f, success = bbpssw_round(f)
        raw_per_output = raw_per_output * 2.0 / success
    return f, raw_per_output
