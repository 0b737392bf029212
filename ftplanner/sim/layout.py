"""Rotated surface-code geometry: where the qubits of a patch sit and what each check touches.

Frame: data qubits at odd (x, y) = (2i + 1, 2j + 1), measure qubits at even (2a, 2b). With
the experiment's basis B (Z or X) and O the other Pauli, the check at (2a, 2b) is of type B
when a + b is even, else O. B-type two-body checks sit on the top and bottom edges, O-type on
the left and right edges, so the B logical is a vertical string and the O logical a
horizontal one; two patches side by side then measure B⊗B when merged. This is stim's
`surface_code:rotated_memory_z` layout transposed (with Pauli types swapped for B = X), with
the same CNOT orders: B checks visit their data in N order, whose hook errors run horizontal,
across the vertical B logical; O checks in Z order, hooks vertical. Both keep distance d.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# (dx, dy) from a measure qubit to its data, in the order of the four CNOT layers.
B_ORDER = np.array([(1, 1), (-1, 1), (1, -1), (-1, -1)])
O_ORDER = np.array([(1, 1), (1, -1), (-1, 1), (-1, -1)])


@dataclass(frozen=True)
class Checks:
    """A set of stabilizer checks: their measure qubits, types and data in CNOT-layer order.

    `ancilla_xy` (n, 2) and `is_b` (n,) describe the measure qubits; `data_xy` (n, 4, 2) the
    data each touches in layer k, valid where `has_data` (n, 4) is true.
    """

    ancilla_xy: np.ndarray
    is_b: np.ndarray
    data_xy: np.ndarray
    has_data: np.ndarray


def check_distance(distance: int) -> None:
    """Refuse distances the layouts do not support (odd, at least 3)."""
    if isinstance(distance, bool) or not isinstance(distance, (int, np.integer)) or distance < 3 or distance % 2 == 0:
        raise ValueError(f"distance must be an odd integer >= 3, got {distance!r}")


def patch_data(first_column: int, width: int, distance: int) -> np.ndarray:
    """(x, y) of the data qubits of a patch `width` columns wide starting at data column `first_column`."""
    i, j = np.meshgrid(np.arange(first_column, first_column + width), np.arange(distance), indexing="ij")
    return np.stack([2 * i.ravel() + 1, 2 * j.ravel() + 1], axis=1)


def patch_checks(first_column: int, width: int, distance: int) -> Checks:
    """The d·width − 1 checks of a rectangular patch (height d); first_column must be even.

    An even first column keeps every patch on one global checkerboard, so a patch and the
    merged patch that contains it agree on each check's type.
    """
    if first_column % 2:
        raise ValueError("a patch must start on an even data column to share the checkerboard")
    left, right = first_column, first_column + width
    a, b = np.meshgrid(np.arange(left, right + 1), np.arange(distance + 1), indexing="ij")
    a, b = a.ravel(), b.ravel()
    is_b = (a + b) % 2 == 0
    inner_a = (a > left) & (a < right)
    inner_b = (b > 0) & (b < distance)
    keep = (inner_a & inner_b) | (inner_a & ~inner_b & is_b) | (~inner_a & inner_b & ~is_b)
    a, b, is_b = a[keep], b[keep], is_b[keep]
    order = np.where(is_b[:, None, None], B_ORDER[None], O_ORDER[None])  # (n, 4, 2)
    data_xy = np.stack([2 * a, 2 * b], axis=1)[:, None, :] + order
    x, y = data_xy[..., 0], data_xy[..., 1]
    has_data = (x > 2 * left) & (x < 2 * right) & (y > 0) & (y < 2 * distance)
    return Checks(ancilla_xy=np.stack([2 * a, 2 * b], axis=1), is_b=is_b, data_xy=data_xy, has_data=has_data)


def combine(*parts: Checks) -> Checks:
    """The union of check sets (of disjoint patches)."""
    return Checks(*(np.concatenate([getattr(p, f) for p in parts]) for f in ("ancilla_xy", "is_b", "data_xy", "has_data")))


def surgery_columns(distance: int) -> tuple[int, int, int]:
    """Data columns of patch A's start, the seam column and patch B's start (A | seam | B)."""
    return 0, distance, distance + 1


def seam_x(distance: int) -> int:
    """x of the seam column of data qubits between two patches merged side by side."""
    return 2 * surgery_columns(distance)[1] + 1
