"""From logical counts to magic states and logical depth, as the Azure Resource Estimator counts them.

Rotation synthesis (Kliuchnikov et al., Quantum 7, 1208 (2023)): ceil(0.53 log2(R / eps) + 5.3)
T gates per rotation. T states: T + 4 CCZ + 4 CCiX + R x T-per-rotation. Logical depth:
measurements + R + T + 3 (CCZ + CCiX) + T-per-rotation x rotation depth.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from ftplanner.physics.logical_counts import logical_depth, magic_states, non_clifford_depth, t_per_rotation


@pytest.mark.parametrize("rotations, budget", [(1, 1e-3), (1024, 2.0**-10), (1e6, 1e-4 / 3), (30, 1e-9)])
def test_t_per_rotation_is_the_synthesis_formula(rotations, budget):
    assert t_per_rotation(rotations, budget) == math.ceil(0.53 * math.log2(rotations / budget) + 5.3)


def test_t_per_rotation_known_values():
    assert t_per_rotation(1024, 2.0**-10) == 16  # log2(R / eps) = 20: 0.53 * 20 + 5.3 = 15.9
    assert t_per_rotation(1, 0.5) == 6  # log2 2 = 1: 5.83
    assert t_per_rotation(0, 1e-3) == 0  # no rotations, no synthesis
    assert list(t_per_rotation(np.array([0, 1024]), 2.0**-10)) == [0, 16]


def test_magic_states_count_four_per_toffoli_like_gate():
    # T = 10, R = 2 rotations of 16 T each, CCZ = 3, CCiX = 1
    assert magic_states(10, 2, 3, 1, 16) == 10 + 4 * 3 + 4 * 1 + 2 * 16


def test_logical_depth_and_non_clifford_depth():
    # measurements 5, R = 2 (depth 1), T = 10, CCZ = 3, CCiX = 1, 16 T per rotation
    assert logical_depth(5, 2, 1, 10, 3, 1, 16) == 5 + 2 + 10 + 3 * (3 + 1) + 16 * 1
    assert non_clifford_depth(10, 3, 1, 1, 16) == 10 + 3 + 1 + 16 * 1
    assert logical_depth(0, 0, 0, 0, 0, 0, 0) == 0
