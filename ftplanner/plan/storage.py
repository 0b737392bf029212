"""Idle logical qubits in cold storage: the cheapest plain or yoked layout for their share of the budget.

Sources: Gidney, Newman, Brooks, Jones, "Yoked surface codes", arXiv:2312.04522 (2023), through
`ftplanner.physics.yoked_storage`; Gidney 2025 (arXiv:2505.15917) keeps its idle registers so.
The planner gives the stored qubits the share of the logical budget that their number takes of
every logical qubit-basis the run protects, and asks for that error per logical qubit round.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ftplanner.physics.yoked_storage import cheapest_storage, storage_qubits

NOISE_OF_FAMILY = {"uniform": "uniform", "si1000": "si1000"}  # the yoked fits' noise models


@dataclass(frozen=True)
class Storage:
    """Per point: the layout ('' where none reaches the target), its distance, physical qubits and error
    per stored logical qubit per round."""

    kind: np.ndarray
    distance: np.ndarray
    physical_qubits: np.ndarray
    error_per_round: np.ndarray

    @property
    def found(self) -> np.ndarray:
        return np.isfinite(self.physical_qubits)

    def take(self, index) -> Storage:
        """The storage at `index`."""
        return Storage(self.kind[index], self.distance[index], self.physical_qubits[index], self.error_per_round[index])


def cold_share(stored, tiles, bases: int):
    """Share of the logical budget the stored qubits take: stored / (stored + bases x tiles of the active block)."""
    stored = np.asarray(stored, float)
    return stored / (stored + bases * np.asarray(tiles, float))


def size_storage(stored, target_per_round, p, law_family: str) -> Storage:
    """The cheapest storage of `stored` logical qubits at `target_per_round` error each per round, at physical
    error p (per point); the yoked fits' noise is the law family's (si1000 for any other)."""
    n = len(np.asarray(stored))
    kind, distance = np.full(n, "", dtype=object), np.zeros(n, np.int64)
    qubits, error = np.zeros(n), np.zeros(n)
    noise = NOISE_OF_FAMILY.get(law_family, "si1000")
    needs = np.asarray(stored) > 0
    p = np.asarray(p, float)
    for value in np.unique(p[needs]):
        at = np.flatnonzero(needs & (p == value))
        choice = cheapest_storage(np.asarray(target_per_round, float)[at], p=float(value), noise=noise, odd_only=True)
        kind[at], distance[at] = choice.kind, choice.distance
        qubits[at] = storage_qubits(choice, np.asarray(stored, float)[at])
        error[at] = choice.error_per_round
    return Storage(kind, distance, qubits, error)
