"""Bounds and the default grid of a calibration run's options, apart from the sampling machinery (numpy, Stim) so
the CLI can show them cheaply."""

from __future__ import annotations

from dataclasses import dataclass

MAX_SHOTS = 2_000_000  # default shots per task
MAX_ERRORS = 200  # default errors per task before it stops
MAX_WORKERS = 1024  # most local worker processes
BLOCK_P_FACTORS = (2.0, 3.0, 4.0, 5.0)  # BB blocks: p from 2x to 5x the machine's (rates of 1e-4..1e-2 per shot at 1e-3)


@dataclass(frozen=True)
class Grid:
    """Distances and the multiples of the machine's p (bulk) and p_link (seam) to sample."""

    distances: tuple[int, ...] = (3, 5, 7)
    p_factors: tuple[float, ...] = (1.0, 1.5, 2.0, 3.0)
    p_link_factors: tuple[float, ...] = (1.0, 2.0, 4.0)
