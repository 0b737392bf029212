"""Linear algebra over GF(2) on numpy uint8 matrices: row reduction, rank, kernel, inverse.

Small and dense: the check matrices of the codes here are at most 144 x 288, so plain Gaussian
elimination with vectorised row XORs takes milliseconds.
"""

from __future__ import annotations

import numpy as np


def row_reduce(matrix) -> tuple[np.ndarray, list[int]]:
    """The reduced row-echelon form of `matrix` mod 2 and its pivot columns."""
    m = np.array(matrix, dtype=np.uint8) % 2
    pivots: list[int] = []
    row = 0
    for col in range(m.shape[1]):
        if row == m.shape[0]:
            break
        hits = np.flatnonzero(m[row:, col]) + row
        if not len(hits):
            continue
        m[[row, hits[0]]] = m[[hits[0], row]]
        others = np.flatnonzero(m[:, col])
        others = others[others != row]
        m[others] ^= m[row]
        pivots.append(col)
        row += 1
    return m[:row], pivots


def rank(matrix) -> int:
    """The rank of `matrix` over GF(2)."""
    return len(row_reduce(matrix)[1])


def kernel(matrix) -> np.ndarray:
    """A basis (rows) of the vectors v with matrix @ v = 0 mod 2."""
    reduced, pivots = row_reduce(matrix)
    n = np.asarray(matrix).shape[1]
    free = [c for c in range(n) if c not in set(pivots)]
    basis = np.zeros((len(free), n), dtype=np.uint8)
    for i, f in enumerate(free):
        basis[i, f] = 1
        basis[i, pivots] = reduced[:, f]
    return basis


def inverse(matrix) -> np.ndarray:
    """The inverse of a square invertible matrix over GF(2); ValueError if it is singular."""
    m = np.asarray(matrix, dtype=np.uint8) % 2
    size = m.shape[0]
    reduced, pivots = row_reduce(np.hstack([m, np.eye(size, dtype=np.uint8)]))
    if pivots[:size] != list(range(size)) or len(pivots) < size:
        raise ValueError("matrix is singular over GF(2)")
    return reduced[:size, size:]


def independent_of(rows, span) -> np.ndarray:
    """The rows (in order) that are not in the span of `span` nor of the rows kept before them."""
    basis, pivots = row_reduce(span)
    basis, kept = list(basis), []
    for row in np.asarray(rows, dtype=np.uint8):
        v = row.copy()
        for b, col in zip(basis, pivots):
            if v[col]:
                v ^= b
        if v.any():
            kept.append(row)
            col = int(np.flatnonzero(v)[0])
            for i, b in enumerate(basis):  # keep the basis reduced at the new pivot
                if b[col]:
                    basis[i] = b ^ v
            basis.append(v)
            pivots.append(col)
    return np.array(kept, dtype=np.uint8).reshape(len(kept), np.asarray(rows).shape[1])
