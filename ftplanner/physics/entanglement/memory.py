"""Decay of a stored pair in a depolarizing memory.

Model (the depolarizing memory of Duer & Briegel, Rep. Prog. Phys. 70, 1381 (2007), and of
repeater analyses after Briegel et al., PRL 81, 5932 (1998)): while a pair waits for a time t
it moves toward the maximally mixed state with coherence time T, so each Bell-diagonal
coefficient relaxes to 1/4 as e^(-t/T), and the fidelity F(t) = 1/4 + (F0 - 1/4) e^(-t/T).

The map is linear, so a pair drawn from a buffer whose waits are uniform on [0, tau] has the
mean factor (T/tau)(1 - e^(-tau/T)) (1 when tau -> 0) in place of e^(-t/T).
"""

from __future__ import annotations

import numpy as np


def depolarized(fidelity_or_state, factor):
    """1/4 + (x - 1/4) * factor, elementwise: a fidelity, or every coefficient of a Bell-diagonal state."""
    x = np.asarray(fidelity_or_state, dtype=float)
    return 0.25 + (x - 0.25) * np.asarray(factor, dtype=float)


def decayed(fidelity_or_state, wait_s, coherence_time_s):
    """A fidelity or a Bell-diagonal state after waiting `wait_s` in a memory of coherence time T.

    Elementwise with numpy broadcasting: for states (last axis 4) with one wait per pair, give
    the waits a trailing axis (wait_s[..., None]).
    """
    factor = np.exp(-np.asarray(wait_s, dtype=float) / np.asarray(coherence_time_s, dtype=float))
    return depolarized(fidelity_or_state, factor)


def mean_decay(wait_s_max, coherence_time_s):
    """Mean of e^(-t/T) over waits t uniform on [0, tau]: (T/tau)(1 - e^(-tau/T)), 1 at tau = 0."""
    x = np.asarray(wait_s_max, dtype=float) / np.asarray(coherence_time_s, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0.0, -np.expm1(-x) / np.where(x > 0.0, x, 1.0), 1.0)
