"""Synthetic sinter stats drawn from known laws, so fits can be checked against the truth."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
import sinter

from ftplanner.fit.points import per_shot
from ftplanner.physics.error_law import ErrorLaw

BULK_P = 0.002
TRUTH = {
    "memory": {"memory": 0.03, "p_th": 0.0100},
    "surgery": {"parity": 0.05, "product": 0.07, "p_th": 0.0095},
    "seam": {"parity": 0.12, "product": 0.18, "p_th": 0.30, "offset": 0.05},
}


def _surgery_round(d: int, p: float, obs: str) -> float:
    return TRUTH["surgery"][obs] * (p / TRUTH["surgery"]["p_th"]) ** ((d + 1) / 2)


def _seam_round(d: int, p_link: float, obs: str) -> float:
    law = ErrorLaw(A=TRUTH["seam"][obs], threshold=TRUTH["seam"]["p_th"], at_p=BULK_P, offset=TRUTH["seam"]["offset"])
    return float(law.per_round(d, p_link))


def _meta(kind, d, basis, p, model, obs=None, p_link=None) -> dict:
    meta = {"kind": kind, "d": d, "b": basis, "r": d}
    if obs:
        meta["obs"] = obs
    meta.update({"p": p, "noise": model})
    if p_link is not None:
        meta["p_link"] = p_link
    meta["model"] = model
    return meta


def _stat(meta: dict, p_shot: float, rng) -> sinter.TaskStats:
    shots = int(min(400 / p_shot, 5e7))
    strong_id = hashlib.sha256(json.dumps(meta, sort_keys=True).encode()).hexdigest()
    return sinter.TaskStats(strong_id=strong_id, decoder="pymatching", json_metadata=meta, shots=shots,
                            errors=int(rng.binomial(shots, p_shot)), seconds=shots * 1e-6)


def synthetic_stats(model: str = "uniform", seed: int = 7,
                    p_links=(0.01, 0.02, 0.04, 0.08)) -> list[sinter.TaskStats]:
    """Memory and surgery at d 3, 5, 7 and p = 1, 1.5, 2, 3 x BULK_P / 2; seams at BULK_P and p_links."""
    rng = np.random.default_rng(seed)
    stats = []
    for d in (3, 5, 7):
        for basis in ("Z", "X"):
            for p in (0.001, 0.0015, 0.002, 0.003):
                law = TRUTH["memory"]["memory"] * (p / TRUTH["memory"]["p_th"]) ** ((d + 1) / 2)
                stats.append(_stat(_meta("memory", d, basis, p, model), float(per_shot(law, d)), rng))
                for obs in ("parity", "product"):
                    stats.append(_stat(_meta("surgery", d, basis, p, model, obs),
                                       float(per_shot(_surgery_round(d, p, obs), 3 * d)), rng))
            for p_link in p_links:
                for obs in ("parity", "product"):
                    keep = (1 - 2 * per_shot(_surgery_round(d, BULK_P, obs), 3 * d)) * \
                        (1 - 2 * per_shot(_seam_round(d, p_link, obs), d))
                    stats.append(_stat(_meta("seam", d, basis, BULK_P, model, obs, p_link), float((1 - keep) / 2), rng))
    return stats


@pytest.fixture(scope="session")
def truth():
    """The laws the synthetic stats were drawn from, and the seams' bulk p."""
    return {**TRUTH, "bulk_p": BULK_P}


@pytest.fixture(scope="session")
def make_synthetic():
    """make_synthetic(model, seed) -> synthetic stats for that noise model label."""
    return synthetic_stats


@pytest.fixture(scope="session")
def synthetic():
    return synthetic_stats()


def write_store(path, stats) -> None:
    path.write_text(sinter.CSV_HEADER + "\n" + "".join(s.to_csv_line() + "\n" for s in stats))


@pytest.fixture
def synthetic_csv(tmp_path, synthetic):
    """The synthetic stats as a sinter CSV store."""
    path = tmp_path / "stats.csv"
    write_store(path, synthetic)
    return path


@pytest.fixture
def store_of():
    """store_of(path, stats) writes stats as a sinter CSV store."""
    return write_store
