"""Sinter statistics as fit points: one row per task with what the fits need (kind, d, p, rounds, counts).

Per-shot and per-round rates are related by p_round = (1 - (1 - 2 p_shot)^(1/rounds)) / 2:
a shot fails when an odd number of its rounds flip the observable, and flips cancel in pairs.
Rounds per shot come from the experiment's metadata (`ftplanner.sim.Experiment.metadata`):
memory r; surgery and seam r + d + r (apart, merged for d rounds, apart again), and the link
gates of a seam act in the d merged rounds only. Metadata without `kind` is a memory (so a
plain `stim.Circuit.generated` sweep, like the reference threshold file, reads as one).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import sinter

COLUMNS = ("strong_id", "kind", "model", "d", "basis", "obs", "rounds", "merged_rounds", "p", "p_link",
           "shots", "errors", "seconds")


def per_round(p_shot, rounds):
    """Per-round rate from a per-shot rate over `rounds` rounds (flips that cancel in pairs)."""
    p_shot = np.asarray(p_shot, dtype=float)
    return -np.expm1(np.log1p(-2 * np.minimum(p_shot, 0.5)) / np.asarray(rounds, dtype=float)) / 2


def per_shot(p_round, rounds):
    """Per-shot rate of `rounds` rounds each failing with p_round (the inverse of `per_round`)."""
    p_round = np.asarray(p_round, dtype=float)
    return -np.expm1(np.asarray(rounds, dtype=float) * np.log1p(-2 * np.minimum(p_round, 0.5))) / 2


def read_stats(source) -> list[sinter.TaskStats]:
    """TaskStats merged by strong_id, from a CSV path, several paths, or TaskStats already read."""
    if isinstance(source, (str, Path)):
        source = [source]
    items = list(source)
    paths = [item for item in items if isinstance(item, (str, Path))]
    stats = [item for item in items if isinstance(item, sinter.TaskStats)]
    if len(paths) + len(stats) != len(items):
        raise TypeError("expected CSV paths or sinter.TaskStats")
    if paths:
        stats += sinter.read_stats_from_csv_files(*paths)
    merged: dict[str, sinter.TaskStats] = {}
    for stat in stats:
        merged[stat.strong_id] = merged[stat.strong_id] + stat if stat.strong_id in merged else stat
    return list(merged.values())


def _row(stat: sinter.TaskStats) -> dict:
    meta = stat.json_metadata if isinstance(stat.json_metadata, dict) else {}
    kind = meta.get("kind", "memory")
    d = int(meta["d"])
    rounds = int(meta.get("r", d))
    surgery = kind in ("surgery", "seam")
    return {
        "strong_id": stat.strong_id,
        "kind": kind,
        "model": str(meta.get("model", meta.get("noise", "unlabelled"))),
        "d": d,
        "basis": meta.get("b", "Z"),
        "obs": meta.get("obs", "memory" if not surgery else "parity"),
        "rounds": 2 * rounds + d if surgery else rounds,
        "merged_rounds": d if surgery else 0,
        "p": float(meta["p"]),
        "p_link": float(meta.get("p_link", np.nan)),
        "shots": stat.shots - stat.discards,
        "errors": stat.errors,
        "seconds": stat.seconds,
    }


def points_frame(stats: Iterable[sinter.TaskStats]) -> pd.DataFrame:
    """One row per task with metadata d and p; tasks without them (not ours) are left out."""
    rows = [_row(s) for s in stats if isinstance(s.json_metadata, dict) and {"d", "p"} <= s.json_metadata.keys()]
    return pd.DataFrame(rows, columns=list(COLUMNS)).sort_values(["kind", "model", "obs", "d", "p", "p_link", "basis"],
                                                                   ignore_index=True)


def stats_digest(points: pd.DataFrame) -> str:
    """sha256 of the (strong_id, shots, errors) a fit used, so a calibration names its data exactly."""
    lines = sorted(f"{s},{n},{e}" for s, n, e in zip(points.strong_id, points.shots, points.errors))
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()
