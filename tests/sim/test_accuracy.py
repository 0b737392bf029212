"""Decoded logical failure rates: they fall with d, and memory under `uniform` matches the reference sweep.

Reference: tests/data/stim_sd6_threshold.csv (see tests/data/README.md): sinter 1.16 /
PyMatching 2.4 on stim.Circuit.generated("surface_code:rotated_memory_z", rounds=d) with all
four noise arguments = p. Our circuits are built independently, so agreement within the
binomial error bars of both samples checks the layout, the schedule and the noise placement.
"""

from __future__ import annotations

import math

import pytest
import sinter

from ftplanner.sim import KINDS, NoiseModel, build
from tests.conftest import DATA

REFERENCE_CSV = DATA / "stim_sd6_threshold.csv"
# Shots per distance at p = 1e-3: about ten d = 5 failures, so d = 3 > 5 > 7 separates (seeded, repeatable).
SHOTS = {"memory": 80_000, "seam_memory": 80_000, "surgery": 20_000, "seam": 20_000}


def _reference() -> dict[tuple[int, float], tuple[int, int]]:
    """(d, p) -> (shots, errors) summed over the reference CSV's rows."""
    totals: dict[tuple[int, float], list[int]] = {}
    for stat in sinter.read_stats_from_csv_files(REFERENCE_CSV):
        key = (stat.json_metadata["d"], stat.json_metadata["p"])
        shots, errors = totals.setdefault(key, [0, 0])
        totals[key] = [shots + stat.shots, errors + stat.errors]
    return {k: (v[0], v[1]) for k, v in totals.items()}


def _z_score(shots_a: int, errors_a: int, shots_b: int, errors_b: int) -> float:
    """Difference of two binomial rates in units of its standard error."""
    a, b = errors_a / shots_a, errors_b / shots_b
    return (a - b) / math.sqrt(a * (1 - a) / shots_a + b * (1 - b) / shots_b)


FALLING = [(kind, basis, "parity") for kind in KINDS for basis in ("Z", "X")] + [
    ("surgery", "Z", "product"), ("seam", "X", "product")]


@pytest.mark.parametrize("kind,basis,observable", FALLING)
def test_logical_failure_falls_with_distance(logical_failures, kind, basis, observable):
    noise = NoiseModel.uniform(1e-3).with_link(3e-3)
    failures = [logical_failures(build(kind, d, basis, noise, observable=observable).circuit, SHOTS[kind])
                for d in (3, 5, 7)]
    assert failures[0] > failures[1] > failures[2] or failures[0] > failures[1] > 0 == failures[2], failures


@pytest.mark.parametrize("d,p,shots", [(3, 0.005, 100_000), (5, 0.005, 100_000), (7, 0.005, 50_000),
                                         (3, 0.01, 50_000), (5, 0.01, 50_000)])
def test_uniform_memory_matches_reference_sweep(logical_failures, d, p, shots):
    ref_shots, ref_errors = _reference()[(d, p)]
    errors = logical_failures(build("memory", d, "Z", NoiseModel.uniform(p)).circuit, shots)
    assert abs(_z_score(shots, errors, ref_shots, ref_errors)) < 3


@pytest.mark.slow
def test_uniform_memory_matches_every_affordable_reference_point():
    """Every (d, p) of the reference with logical error ≥ 1e-4 per shot, to 500 errors each (minutes)."""
    reference = {k: v for k, v in _reference().items() if v[1] / v[0] >= 1e-4}
    tasks = [sinter.Task(circuit=build("memory", d, "Z", NoiseModel.uniform(p)).circuit, json_metadata={"d": d, "p": p})
             for d, p in reference]
    stats = sinter.collect(num_workers=2, tasks=tasks, decoders=["pymatching"], max_errors=500, max_shots=5_000_000)
    for stat in stats:
        ref_shots, ref_errors = reference[(stat.json_metadata["d"], stat.json_metadata["p"])]
        assert abs(_z_score(stat.shots, stat.errors, ref_shots, ref_errors)) < 4, stat
