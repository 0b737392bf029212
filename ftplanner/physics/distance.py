"""Code distance: the smallest odd d whose logical failure over the whole run fits its budget.

Logical failure = (tiles of the block) x (logical bases a patch protects) x (syndrome rounds)
x p_L(d, p) per round, where the run lasts max(logical steps x d, rounds forced by slower
bounds) rounds (under a reaction-limited clock, `clocked=False`, steps overlap and the rounds
are those of the runtime, at least d), plus, when a surgery law is calibrated, what each logical step's merge adds
beyond idle memory. Computed in logs so that tiny budgets and large distances neither
underflow nor overflow.
"""

from __future__ import annotations

import numpy as np

from ftplanner.physics.error_law import ErrorLaw


def run_rounds(d, logical_steps, min_rounds=0.0, clocked: bool = True):
    """Syndrome rounds of the run: one logical step lasts d rounds (unless something slower binds); unclocked,
    the rounds of the runtime and at least one step's d."""
    d = np.asarray(d, float)
    return np.maximum(np.asarray(logical_steps, float) * d if clocked else d, min_rounds)


def log_merge_extra(surgery: ErrorLaw, memory: ErrorLaw, d, p):
    """Log of the failure one merge adds beyond idle memory.

    The calibrated surgery experiment lasts 2d + d rounds (apart, merged, apart) and holds two
    patches idle in both bases for 2d of them: 8d patch-basis rounds of memory (see
    `ftplanner.fit`). What is left is the merge's own failure; never below zero.
    """
    d = np.asarray(d, dtype=float)
    extra = 3 * d * surgery.per_round(d, p) - 8 * d * memory.per_round(d, p)
    with np.errstate(divide="ignore"):
        return np.log(np.maximum(extra, 0.0))


def log_logical_failure(law: ErrorLaw, d, p, block_qubits, logical_steps, min_rounds=0.0, *, bases: int = 1,
                        surgery: ErrorLaw | None = None, clocked: bool = True):
    """Natural log of the data block's logical failure probability over the run (union bound); every logical
    step is one merge."""
    rounds = run_rounds(d, logical_steps, min_rounds, clocked)
    with np.errstate(divide="ignore"):
        memory = law.log_per_round(d, p) + np.log(bases * np.asarray(block_qubits, float)) + np.log(rounds)
        if surgery is None:
            return memory
        return np.logaddexp(memory, np.log(np.asarray(logical_steps, float)) + log_merge_extra(surgery, law, d, p))


def choose_distance(law: ErrorLaw, p, block_qubits, logical_steps, budget, max_distance, min_rounds=0.0, *,
                    bases: int = 1, surgery: ErrorLaw | None = None, clocked: bool = True):
    """Smallest odd d in [3, max_distance] meeting `budget`; 0 where none does (numpy-broadcasting, max_distance too)."""
    candidates = np.arange(3, int(np.max(max_distance)) + 1, 2, dtype=float)
    shape = np.broadcast(np.asarray(p), np.asarray(block_qubits), np.asarray(logical_steps), np.asarray(budget),
                         np.asarray(min_rounds), np.asarray(max_distance)).shape

    def expand(x):
        return np.asarray(x, float)[..., None]

    log_fail = log_logical_failure(law, candidates, expand(p), expand(block_qubits), expand(logical_steps),
                                   expand(min_rounds), bases=bases, surgery=surgery, clocked=clocked)
    ok = (log_fail <= np.log(expand(budget))) & (candidates <= expand(max_distance))
    ok = np.broadcast_to(ok, shape + candidates.shape)
    first = np.argmax(ok, axis=-1)
    return np.where(ok.any(axis=-1), candidates[first], 0).astype(int)
