"""Code distance: the smallest odd d whose logical failure over the whole run fits its budget.

Logical failure = (logical qubits of the block) x (syndrome rounds) x p_L(d, p) per round,
where the run lasts max(logical steps x d, rounds forced by slower bounds) rounds. Computed
in logs so that tiny budgets and large distances neither underflow nor overflow.
"""

from __future__ import annotations

import numpy as np

from ftplanner.fit.calibration import ErrorLaw


def run_rounds(d, logical_steps, min_rounds=0.0):
    """Syndrome rounds of the run: one logical step lasts d rounds, unless something slower binds."""
    return np.maximum(np.asarray(logical_steps, float) * np.asarray(d, float), min_rounds)


def log_logical_failure(law: ErrorLaw, d, p, block_qubits, logical_steps, min_rounds=0.0):
    """Natural log of the data block's logical failure probability over the run (union bound)."""
    rounds = run_rounds(d, logical_steps, min_rounds)
    with np.errstate(divide="ignore"):
        return law.log_per_round(d, p) + np.log(np.asarray(block_qubits, float)) + np.log(rounds)


def choose_distance(law: ErrorLaw, p, block_qubits, logical_steps, budget, max_distance: int, min_rounds=0.0):
    """Smallest odd d in [3, max_distance] meeting `budget`; 0 where none does (numpy-broadcasting)."""
    candidates = np.arange(3, max_distance + 1, 2, dtype=float)
    shape = np.broadcast(np.asarray(p), np.asarray(block_qubits), np.asarray(logical_steps), np.asarray(budget), np.asarray(min_rounds)).shape

    def expand(x):
        return np.asarray(x, float)[..., None]

    log_fail = log_logical_failure(law, candidates, expand(p), expand(block_qubits), expand(logical_steps), expand(min_rounds))
    ok = log_fail <= np.log(expand(budget))
    ok = np.broadcast_to(ok, shape + candidates.shape)
    first = np.argmax(ok, axis=-1)
    return np.where(ok.any(axis=-1), candidates[first], 0).astype(int)
