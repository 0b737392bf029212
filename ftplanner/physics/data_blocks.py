"""Litinski's data blocks ("A Game of Surface Codes", Quantum 3, 128 (2019), arXiv:1808.02892).

A block of n logical data qubits occupies a number of tiles (data patches plus routing space)
and executes one Pauli-product rotation in a number of logical time steps (d code cycles
each): compact 1.5n + 3 tiles and up to 9 steps, intermediate 2n + 4 tiles and up to 5 steps,
fast 2n + sqrt(8n) + 1 tiles and 1 step. We budget the worst case of each.
"""

from __future__ import annotations

import numpy as np

STEPS_PER_ROTATION = {"compact": 9, "intermediate": 5, "fast": 1}


def layout_tiles(n_logical, layout: str):
    """Tiles of a data block holding n logical qubits (numpy-broadcasting, integer-valued)."""
    n = np.asarray(n_logical, dtype=float)
    if layout == "compact":
        return np.ceil(1.5 * n) + 3
    if layout == "intermediate":
        return 2 * n + 4
    if layout == "fast":
        return 2 * n + np.ceil(np.sqrt(8 * n)) + 1
    raise ValueError(f"unknown layout {layout!r}; expected compact, intermediate or fast")


def qubits_per_tile(d, profile: str):
    """Physical qubits per tile: 2(d+1)^2 (patch plus its share of routing), or 2d^2 as Azure counts."""
    d = np.asarray(d, dtype=float)
    return 2 * d * d if profile == "azure-re" else 2 * (d + 1) ** 2
