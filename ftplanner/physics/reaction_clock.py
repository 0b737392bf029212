"""The reaction-limited clock: one decoder reaction per step of the longest classically-dependent chain.

Sources: A. G. Fowler, "Time-optimal quantum computation", arXiv:1210.4626 (2012): with
Clifford operations commuted away and non-Clifford gates teleported into place, a computation
runs at one classical reaction per step of its dependent chain, whatever the code distance,
provided the operations of each step can be prepared ahead; C. Gidney and M. Ekera, "How to
factor 2048 bit RSA integers in 8 hours using 20 million noisy qubits", Quantum 5, 433 (2021),
arXiv:1905.09749, Sec. 2: reaction-limited lookup additions fed by auto-corrected CCZ states,
each consumed in a ring of six routing patches around its three targets.

A step's merges last d code cycles while a new step starts every reaction, so
ceil(d x cycle / reaction) steps are in flight on each chain, each with its own routing
workspace. We charge that workspace as surface-code tiles beside the data block.
"""

from __future__ import annotations

import numpy as np

WORKSPACE_TILES_PER_OPERATION = 6  # routing patches around one in-flight CCZ consumption (GE2019 Sec. 2)


def step_time_s(reaction_time_s, cycle_time_s):
    """Seconds per step of the dependent chain: the decoder reaction, never below one code cycle."""
    return np.maximum(np.asarray(reaction_time_s, float), np.asarray(cycle_time_s, float))


def operations_in_flight(d, cycle_time_s, step_s):
    """Steps of one chain whose merges overlap: ceil(d x cycle / step), at least one."""
    with np.errstate(divide="ignore", invalid="ignore"):
        overlap = np.asarray(d, float) * np.asarray(cycle_time_s, float) / np.asarray(step_s, float)
    return np.maximum(1.0, np.ceil(np.nan_to_num(overlap, posinf=1.0) - 1e-9))


def parallel_chains(non_clifford_operations, reaction_depth):
    """Chains running side by side: the non-Clifford operations over the longest chain's steps, at least one."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.asarray(non_clifford_operations, float) / np.asarray(reaction_depth, float)
    return np.maximum(1.0, np.ceil(np.nan_to_num(ratio, nan=1.0, posinf=1.0) - 1e-9))


def workspace_tiles(d, cycle_time_s, step_s, non_clifford_operations, reaction_depth):
    """Routing tiles the operations in flight occupy: chains x in flight x WORKSPACE_TILES_PER_OPERATION."""
    return (parallel_chains(non_clifford_operations, reaction_depth) * operations_in_flight(d, cycle_time_s, step_s)
            * WORKSPACE_TILES_PER_OPERATION).astype(np.int64)
