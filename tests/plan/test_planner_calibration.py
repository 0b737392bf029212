"""The planner reads the calibration it is given: the fitted laws change the answer, and the plan says which."""

from __future__ import annotations

import json

import ftplanner as ftp
from ftplanner.calibration import load_calibration


def test_a_worse_calibration_needs_a_larger_distance(tmp_path):
    default = load_calibration()
    data = default.to_dict()
    data["name"] = "pessimistic"
    data["memory"]["uniform"] = {**data["memory"]["uniform"], "threshold": default.memory["uniform"].threshold / 2}
    (tmp_path / "cal.json").write_text(json.dumps(data))
    text = "name: t\nhardware: {error_rates: {two_qubit: 1.0e-3}}\nworkload: {logical_counts: {numQubits: 100, tCount: 1.0e8}}\n"
    (tmp_path / "default.yaml").write_text(text)
    (tmp_path / "custom.yaml").write_text(text + "calibration: cal.json\n")
    base, custom = ftp.estimate(tmp_path / "default.yaml"), ftp.estimate(tmp_path / "custom.yaml")
    assert custom.code_distance > base.code_distance
    assert custom.provenance["calibration"]["name"] == "pessimistic"
    assert base.provenance["calibration"]["name"] == default.name
    assert custom.assumptions["resolved"]["error_law"]["threshold"] == default.memory["uniform"].threshold / 2


def test_the_default_calibration_is_simulated_for_both_families():
    calibration = load_calibration()
    for family in ("uniform", "si1000"):
        memory, fitted_on, warning = calibration.memory_law(family)
        assert fitted_on == family and warning is None and memory.A_stderr and memory.threshold_stderr
        assert calibration.surgery_law(family)[0] is not None and calibration.seam_law(family)[1] == family
    # an SD6 memory threshold near 1 % (tests/data/README.md, Stim SD6 sweep: fit gives p_th ~ 1.01 %)
    assert abs(calibration.memory["uniform"].threshold - 0.0101) < 4 * calibration.memory["uniform"].threshold_stderr
    assert calibration.memory["si1000"].threshold < calibration.memory["uniform"].threshold
