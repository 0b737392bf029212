"""A real (small) calibration: sampled with sinter and PyMatching, its fits agree with the reference sweep.

Reference: tests/data/stim_sd6_threshold.csv (tests/data/README.md), Stim's
generated rotated memory under uniform circuit-depolarizing noise, which our `uniform` memory
circuits reproduce: A ≈ 0.026, p_th ≈ 1.01 % per round.
"""

from __future__ import annotations

import pytest

from ftplanner.calibration import load_calibration
from tests.conftest import small_architecture

ARCH = small_architecture('small-networked', modules=2, network="bell_pair_fidelity: 0.99")


@pytest.mark.slow
def test_small_calibration_matches_the_reference_and_predicts_held_out_seams(run, write_yaml, tmp_path):
    out = tmp_path / "cal.json"
    result = run("calibrate", write_yaml(ARCH), "--store", tmp_path / "stats.csv", "--distances", "3,5,7",
                 "--p-grid", "0.75,1,1.5", "--max-errors", "150", "--max-shots", "300000", "--workers", "2", "--out", out)
    assert result.exit_code == 0, result.output
    calibration = load_calibration(str(out))
    memory = calibration.memory["uniform"]
    assert abs(memory.threshold - 0.0101) <= 3 * memory.threshold_stderr + 5e-4
    assert abs(memory.A - 0.026) <= 3 * memory.A_stderr + 3e-3
    holdout = calibration.provenance["fits"]["seam.uniform"]["holdout"]
    assert holdout["within_2_sigma"] >= 0.75, holdout["summary"]
