"""The block-memory fit (`ftplanner.fit.block`): it recovers a known law from binomial counts, converts per shot
to per round as documented, and refuses data that cannot pin it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import sinter

from ftplanner.fit.block import block_points, block_round, fit_block

LAW = {"Z": 4e-4, "X": 6e-4}  # per-round prefactors at p = 3e-3, exponent 4


def _points(shots: int, seed: int = 7, rounds: int = 12) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for p in (2e-3, 3e-3, 4e-3, 5e-3):
        for basis, a in LAW.items():
            q = a * (p / 3e-3) ** 4
            p_shot = 1 - (1 - q) ** rounds
            rows.append({"strong_id": f"{basis}{p}", "code": "gross", "model": "uniform", "decoder": "relay-bp",
                         "basis": basis, "rounds": rounds, "p": p, "shots": shots,
                         "errors": int(rng.binomial(shots, p_shot)), "seconds": 1.0})
    return pd.DataFrame(rows)


def test_fit_recovers_the_law_within_its_error_bars():
    fit = fit_block(_points(200_000), "gross", "uniform", "relay-bp")
    assert fit.p_ref == 3.3e-3  # geometric mean of 2, 3, 4, 5e-3 (120^(1/4) = 3.31), two digits
    truth_A = sum(LAW.values()) * (fit.p_ref / 3e-3) ** 4
    assert abs(fit.exponent - 4) < 3 * fit.exponent_stderr and fit.exponent_stderr < 0.1
    assert abs(fit.A - truth_A) < 3 * fit.A_stderr and fit.A_stderr < 0.05 * truth_A
    assert fit.prefactors["X"] / fit.prefactors["Z"] == pytest.approx(1.5, rel=0.1)
    law = fit.to_law()
    assert law.per_round(3e-3) == pytest.approx(sum(LAW.values()), rel=0.05)
    assert fit.dof == 8 - 3 and fit.chi2 < 25  # a right law fits within the binomial noise


def test_per_round_inverts_the_block_per_shot_rate():
    q = np.array([1e-6, 1e-3, 0.05])
    assert block_round(1 - (1 - q) ** 18, 18) == pytest.approx(q, rel=1e-9)


def test_fit_needs_failures_at_two_p_values():
    points = _points(200_000)
    points.loc[points.p != 5e-3, "errors"] = 0
    with pytest.raises(ValueError, match="need failures at 2\\+ p values"):
        fit_block(points, "gross", "uniform", "relay-bp")
    with pytest.raises(ValueError, match="0 points"):
        fit_block(_points(1000), "two_gross", "uniform", "relay-bp")


def test_block_points_read_only_bb_memory_tasks():
    meta = {"kind": "bb_memory", "code": "gross", "d": 12, "b": "Z", "r": 12, "p": 3e-3, "noise": "uniform",
            "model": "uniform", "decoder": "bposd"}
    stats = [sinter.TaskStats(strong_id="a", decoder="bposd", json_metadata=meta, shots=100, errors=3, discards=1),
             sinter.TaskStats(strong_id="b", decoder="pymatching", json_metadata={"kind": "memory", "d": 3, "p": 1e-3},
                              shots=10, errors=0)]
    points = block_points(stats)
    assert points.to_dict("records") == [{"strong_id": "a", "code": "gross", "model": "uniform", "decoder": "bposd",
                                          "basis": "Z", "rounds": 12, "p": 3e-3, "shots": 99, "errors": 3,
                                          "seconds": 0.0}]
