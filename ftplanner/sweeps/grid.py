"""The full grid of several varied fields, handed out in chunks so memory does not grow with the grid."""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

CHUNK_POINTS = 4_096  # points per planner call: its intermediates take ~6 kB a point (64 k: 430 MB); smaller is no slower


@dataclass(frozen=True)
class Grid:
    """The cartesian product of `axes` (path -> values) in C order: the first path varies slowest."""

    axes: dict[str, np.ndarray]

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(values) for values in self.axes.values())

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    def chunks(self, chunk_points: int = CHUNK_POINTS) -> Iterator[dict[str, np.ndarray]]:
        """Override arrays (path -> values) for consecutive runs of at most `chunk_points` grid points;
        each chunk's indices come from its flat range, so no index array spans the whole grid."""
        if chunk_points < 1:
            raise ValueError(f"chunk_points must be at least 1, got {chunk_points}")
        if not self.axes:
            yield {}
            return
        for start in range(0, self.size, chunk_points):
            indices = np.unravel_index(np.arange(start, min(start + chunk_points, self.size)), self.shape)
            yield {path: values[index] for (path, values), index in zip(self.axes.items(), indices)}
