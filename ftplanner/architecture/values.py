"""An architecture's numeric inputs as arrays over design points: one estimate is one point.

The planner reads every number through `Values`, so a sweep (overrides for some fields, one
value per point) and a single estimate (no overrides, one point) run the same code. Counts
that may be `auto` read as AUTO (-1); optional fields left out read as None.
"""

from __future__ import annotations

import numpy as np

from ftplanner.architecture.models import Architecture
from ftplanner.architecture.sweepable import SWEEPABLE

AUTO = -1


class Values:
    """Read `arch`'s numbers at n points; `overrides` maps SWEEPABLE paths to n values each."""

    def __init__(self, arch: Architecture, overrides: dict | None = None):
        self.arch = arch
        self.overrides = {path: np.asarray(v) for path, v in (overrides or {}).items()}
        unknown = sorted(set(self.overrides) - set(SWEEPABLE))
        if unknown:
            raise ValueError(f"cannot vary {', '.join(unknown)}: not a numeric field the planner reads")
        sizes = {v.shape for v in self.overrides.values()}
        if len(sizes) > 1 or any(len(s) != 1 for s in sizes):
            raise ValueError("every override must be a 1-d array of the same length")
        self.n = next(iter(sizes))[0] if sizes else 1
        self._numbers: dict = {}

    def given(self, path: str):
        """The field as written (or overridden): an array, or None/'auto' when left so everywhere."""
        if path in self.overrides:
            return self.overrides[path]
        node = self.arch
        for key in path.split("."):
            if node is None:
                return None
            node = getattr(node, key)
        return node

    def number(self, path: str):
        """Float array of the field over the points, or None where the architecture leaves it out."""
        if path not in self._numbers:
            value = self.given(path)
            self._numbers[path] = None if value is None or isinstance(value, str) else self._spread(value, float)
        return self._numbers[path]

    def count(self, path: str) -> np.ndarray:
        """Integer array of a count that may be 'auto' (read as AUTO)."""
        value = self.given(path)
        return self._spread(AUTO if isinstance(value, str) else value, np.int64)

    def _spread(self, value, dtype) -> np.ndarray:
        """An override as it is, or the architecture's one value at every point."""
        if isinstance(value, np.ndarray):
            return value.astype(dtype, copy=False)
        return np.full(self.n, value, dtype=dtype)

    def take(self, index: np.ndarray) -> Values:
        """The same inputs at a subset of the points."""
        subset = Values.__new__(Values)
        subset.arch = self.arch
        subset.overrides = {path: v[index] for path, v in self.overrides.items()}
        subset.n = len(index) if np.ndim(index) else 1
        subset._numbers = {}
        return subset
