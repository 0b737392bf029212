"""Litinski's data blocks ("A Game of Surface Codes", Quantum 3, 128 (2019), arXiv:1808.02892).

Compact block: 1.5n + 3 tiles, up to 9 logical time steps per Pauli-product rotation;
intermediate: 2n + 4 tiles, 5 steps; fast: 2n + sqrt(8n) + 1 tiles, 1 step (tiles rounded up).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from ftplanner.physics.data_blocks import STEPS_PER_ROTATION, layout_tiles, qubits_per_tile


@pytest.mark.parametrize("n", [1, 2, 5, 8, 50, 100, 2048, 6190])
def test_tiles_are_the_papers_formulas(n):
    assert layout_tiles(n, "compact") == math.ceil(1.5 * n) + 3
    assert layout_tiles(n, "intermediate") == 2 * n + 4
    assert layout_tiles(n, "fast") == 2 * n + math.ceil(math.sqrt(8 * n)) + 1


def test_tiles_at_known_sizes():
    # n = 100: compact 153, intermediate 204, fast 200 + ceil(28.28) + 1 = 230; n = 2: fast 2n + 4 + 1 = 9
    assert [float(layout_tiles(100, layout)) for layout in ("compact", "intermediate", "fast")] == [153, 204, 230]
    assert layout_tiles(2, "fast") == 9
    assert layout_tiles(5, "compact") == 11  # 1.5 * 5 = 7.5, rounded up to whole tiles
    assert list(layout_tiles(np.array([2, 8, 18]), "fast")) == [9, 25, 49]  # sqrt(8n) = 4, 8, 12


def test_steps_per_rotation_and_the_space_time_trade():
    assert STEPS_PER_ROTATION == {"compact": 9, "intermediate": 5, "fast": 1}
    n = 100
    tiles = {layout: float(layout_tiles(n, layout)) for layout in STEPS_PER_ROTATION}
    assert tiles["compact"] < tiles["intermediate"] < tiles["fast"]


def test_qubits_per_tile():
    # a distance-d patch and its share of routing: 2(d+1)^2; the Azure estimator counts 2d^2
    assert qubits_per_tile(25, "ftplanner") == 2 * 26**2
    assert qubits_per_tile(25, "azure-re") == 2 * 25**2
    assert list(qubits_per_tile(np.array([3, 5]), "ftplanner")) == [32, 72]


def test_unknown_layout():
    with pytest.raises(ValueError, match="unknown layout 'sparse'"):
        layout_tiles(10, "sparse")
