"""From logical counts to magic states and logical depth (the Azure Resource Estimator's accounting).

Sources: Azure Quantum Resource Estimator documentation (logical counts to physical
estimates); rotation synthesis cost from Kliuchnikov et al., "Shorter quantum circuits via
single-qubit gate approximation", Quantum 7, 1208 (2023): ceil(0.53 log2(R / eps) + 5.3)
T gates per arbitrary rotation for R rotations synthesised within total error eps.
"""

from __future__ import annotations

import numpy as np


def t_per_rotation(rotation_count, synthesis_budget):
    """T gates per synthesised rotation (0 when there are no rotations)."""
    r = np.asarray(rotation_count, dtype=float)
    eps = np.asarray(synthesis_budget, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.ceil(0.53 * np.log2(r / eps) + 5.3)
    return np.where(r > 0, value, 0.0)


def magic_states(t_count, rotation_count, ccz_count, ccix_count, t_per_rot):
    """T states consumed: T + 4 CCZ + 4 CCiX + rotations x T-per-rotation."""
    toffolis = np.asarray(ccz_count, float) + np.asarray(ccix_count, float)
    return np.asarray(t_count, float) + 4.0 * toffolis + np.asarray(rotation_count, float) * t_per_rot


def logical_depth(measurement_count, rotation_count, rotation_depth, t_count, ccz_count, ccix_count, t_per_rot):
    """Sequential logical operations, each one Pauli-product rotation or measurement of the block."""
    return (
        np.asarray(measurement_count, float)
        + np.asarray(rotation_count, float)
        + np.asarray(t_count, float)
        + 3.0 * (np.asarray(ccz_count, float) + np.asarray(ccix_count, float))
        + t_per_rot * np.asarray(rotation_depth, float)
    )


def non_clifford_depth(t_count, ccz_count, ccix_count, rotation_depth, t_per_rot):
    """Non-Clifford operations in sequence when every one waits for the decoder (the default)."""
    toffolis = np.asarray(ccz_count, float) + np.asarray(ccix_count, float)
    return np.asarray(t_count, float) + toffolis + t_per_rot * np.asarray(rotation_depth, float)
