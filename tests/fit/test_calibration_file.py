"""A calibration written from fits loads back with the same laws; older files still load."""

from __future__ import annotations

import json
from dataclasses import asdict

import pytest

from ftplanner.calibration import calibration_from_dict, load_calibration
from ftplanner.fit.build import fit_family, make_calibration, write_calibration
from ftplanner.fit.points import points_frame, read_stats


@pytest.fixture(scope="module")
def families(synthetic, make_synthetic, truth):
    points = points_frame(read_stats(synthetic + make_synthetic("si1000", seed=11)))
    return [fit_family(points, "uniform", "uniform", truth["bulk_p"]), fit_family(points, "si1000", "si1000", None)]


def _calibration(families):
    return make_calibration(families, name="test-cal", command="ftplanner calibrate x.yaml --store s.csv",
                            store="s.csv", noise_models={"uniform": {"p": 0.002}}, grid={"distances": [3, 5, 7]})


def test_round_trip(tmp_path, families):
    calibration = _calibration(families)
    path = tmp_path / "cal.json"
    write_calibration(calibration, path)
    loaded = load_calibration(str(path))
    assert loaded.memory == calibration.memory and loaded.surgery == calibration.surgery
    assert loaded.seam_by_family == calibration.seam_by_family and loaded.seam == calibration.seam
    assert loaded.provenance == json.loads(json.dumps(calibration.provenance))
    assert loaded.path == str(path) and loaded.name == "test-cal"


def test_contents_name_laws_data_and_versions(families):
    calibration = _calibration(families)
    uniform = families[0]
    assert calibration.memory["uniform"].A == uniform.memory.A
    assert calibration.memory["uniform"].A_stderr == uniform.memory.A_stderr
    assert calibration.surgery_law("si1000")[0].threshold == families[1].surgery.p_th
    seam, family, warning = calibration.seam_law("si1000")  # no si1000 seam data: the uniform law, said so
    assert family == "uniform" and "no 'si1000' seam fit" in warning and seam.at_p == uniform.seam.at_p
    fits = calibration.provenance["fits"]
    assert set(fits) == {"memory.uniform", "surgery.uniform", "seam.uniform", "memory.si1000", "surgery.si1000"}
    assert len(fits["memory.uniform"]["stats_sha256"]) == 64 and "held-out" in fits["seam.uniform"]["holdout"]["summary"]
    assert {"stim", "sinter", "pymatching"} <= set(calibration.provenance["versions"])
    assert calibration.provenance["made_by"].startswith("ftplanner calibrate")


def test_first_format_and_shipped_default_still_load():
    old = {"name": "old", "memory": {"uniform": {"A": 0.03, "threshold": 0.01}},
           "seam": {"A": 0.02, "threshold": 0.1}}
    calibration = calibration_from_dict(old, "old.json")
    assert calibration.surgery == {} and calibration.surgery_law("uniform")[0] is None
    assert calibration.seam_law("si1000")[0] == calibration.seam
    default = load_calibration("default")
    assert default.memory_law("uniform")[0].A > 0 and default.seam.per_round(7, 0.01) >= 0


def test_bad_law_is_named():
    with pytest.raises(ValueError, match="surgery.uniform"):
        calibration_from_dict({"name": "x", "memory": {"uniform": {"A": 0.03, "threshold": 0.01}},
                               "surgery": {"uniform": {"A": -1, "threshold": 0.01}},
                               "seam": {"uniform": asdict(load_calibration().seam)}}, "x.json")


def test_block_laws_round_trip_and_are_checked():
    """A qLDPC block-memory law survives to_dict/from_dict, and a non-positive parameter is named."""
    import pytest

    from ftplanner.calibration import calibration_from_dict, load_calibration

    data = load_calibration().to_dict()
    assert "blocks" not in data  # no BB law shipped yet: old readers see the old format
    data["blocks"] = {"gross": {"A": 2e-7, "p_ref": 1e-3, "exponent": 6.0}}
    calibration = calibration_from_dict(data, "x")
    law = calibration.block_law("gross")
    assert law.per_round(2e-3) == pytest.approx(2e-7 * 2**6)
    assert calibration.block_law("two_gross") is None
    assert calibration_from_dict(calibration.to_dict(), "x") == calibration
    data["blocks"]["gross"]["exponent"] = -1
    with pytest.raises(ValueError, match=r"blocks\.gross\.exponent: expected a positive"):
        calibration_from_dict(data, "x")
