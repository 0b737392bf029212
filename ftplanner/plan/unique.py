"""Evaluate a function once per distinct input row: sweeps repeat most inputs across points."""

from __future__ import annotations

import numpy as np


def distinct_rows(*columns) -> tuple[np.ndarray, np.ndarray]:
    """(index of one point per distinct row, each point's row number) over equal-length 1-d columns."""
    n = len(columns[0])
    key = np.zeros(n, dtype=np.int64)
    for column in columns:
        column = np.asarray(column)
        if n == 0 or column[0] == column[-1] and (column == column[0]).all():
            continue  # constant: adds nothing to the key
        _, code = np.unique(column, return_inverse=True)
        key = key * (int(code.max()) + 1) + code.ravel()
        _, key = np.unique(key, return_inverse=True)  # renumber densely so the key never overflows
        key = key.ravel()
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    return first, inverse.ravel()


def per_distinct(function, *columns, **fixed):
    """`function(*columns, **fixed)` computed once per distinct row of `columns`, spread back to every point."""
    if len(columns[0]) < 2:
        return function(*columns, **fixed)
    first, inverse = distinct_rows(*columns)
    if len(first) == len(inverse):
        return function(*columns, **fixed)
    result = function(*(np.asarray(c)[first] for c in columns), **fixed)
    return np.asarray(result)[inverse]
