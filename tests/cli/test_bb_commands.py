"""`ftplanner circuit bb_memory` and `ftplanner calibrate --code gross`: output, the blocks section, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sinter
import stim

from ftplanner.calibration import load_calibration
from ftplanner.sampling.store import open_for_append
from ftplanner.sim import NoiseModel
from ftplanner.sim.bicycle import build_memory
from tests.conftest import small_architecture


def test_circuit_bb_memory_prints_the_built_circuit(run):
    result = run("circuit", "bb_memory", "--code", "gross", "--basis", "X", "--rounds", 3, "--p", 1e-3,
                 "--noise", "si1000")
    assert result.exit_code == 0, result.output
    assert stim.Circuit(result.stdout) == build_memory("gross", "X", NoiseModel.si1000(1e-3), 3).circuit


@pytest.mark.parametrize("args,message", [
    (["bb_memory", "--p", "1e-3"], "--code: required for bb_memory"),
    (["bb_memory", "--code", "gross", "-d", "12", "--p", "1e-3"], "do not apply to bb_memory"),
    (["bb_memory", "--code", "hyperbolic", "--p", "1e-3"], "--code: expected one of gross, two_gross"),
    (["memory", "--code", "gross", "-d", "3", "--p", "1e-3"], "--code applies to bb_memory circuits only"),
    (["memory", "--p", "1e-3"], "--distance: required for memory"),
])
def test_circuit_bad_options_are_one_line_exit_2(run, args, message):
    result = run("circuit", *args)
    assert result.exit_code == 2 and message in result.output and len(result.output.strip().splitlines()) == 1


def _check_written(out, decoder: str, p_ref: float) -> None:
    calibration, default = load_calibration(str(out)), load_calibration("default")
    law = calibration.block_law("gross")
    assert law is not None and law.p_ref == pytest.approx(p_ref) and law.exponent > 1
    assert calibration.memory == default.memory and calibration.seam == default.seam
    provenance = json.loads(out.read_text())["provenance"]
    assert provenance["fits"]["blocks.gross"]["decoder"] == decoder
    assert "--code gross" in provenance["made_by"]


def test_calibrate_fit_only_fits_the_stores_bb_results(run, write_yaml, tmp_path):
    """--fit-only on a store of BB results (counts from a law with exponent 4): blocks.gross written, the
    surface-code sections the default's, and the exponent recovered."""
    pytest.importorskip("relay_bp", reason="needs the qldpc extra")
    arch, store, out = write_yaml(small_architecture("bb", two_qubit="1.0e-3")), tmp_path / "s.csv", tmp_path / "c.json"
    stats = []
    for p, errors in ((2e-3, 16), (3e-3, 81), (4e-3, 256), (5e-3, 625)):
        for basis in ("Z", "X"):
            meta = {"kind": "bb_memory", "code": "gross", "d": 12, "b": basis, "r": 12, "p": p, "noise": "uniform",
                    "model": "uniform", "decoder": "bposd"}
            stats.append(sinter.TaskStats(strong_id=f"{basis}{p}", decoder="bposd", json_metadata=meta,
                                          shots=100_000, errors=errors))
    with open_for_append(store) as writer:
        writer.append(stats)
    result = run("calibrate", arch, "--store", store, "--code", "gross", "--decoder", "bposd", "--fit-only",
                 "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    _check_written(out, "bposd", 3.3e-3)
    assert load_calibration(str(out)).block_law("gross").exponent == pytest.approx(4, abs=0.1)


@pytest.mark.slow
def test_calibrate_code_gross_samples_and_writes_the_block_law(run, write_yaml, tmp_path):
    """A tiny real run (2 cycles, p = 6e-3 and 1.2e-2, 200 shots, Relay-BP; about a minute)."""
    pytest.importorskip("relay_bp", reason="needs the qldpc extra")
    arch, store, out = write_yaml(small_architecture("bb", two_qubit="6.0e-3")), tmp_path / "s.csv", tmp_path / "c.json"
    result = run("calibrate", arch, "--store", store, "--code", "gross", "--rounds", 2, "--p-grid", "1,2",
                 "--max-shots", 200, "--max-errors", 10**6, "--workers", 1, "--out", out, "--quiet")
    assert result.exit_code == 0, result.output
    _check_written(out, "relay-bp", 8.5e-3)


def test_calibrate_without_the_extra_is_one_line_exit_2(write_yaml, tmp_path):
    arch = write_yaml(small_architecture("bb"))
    code = ("import sys; sys.modules['relay_bp'] = None; from ftplanner.cli import main; "
            f"sys.argv = ['ftplanner', 'calibrate', {str(arch)!r}, '--store', {str(tmp_path / 's.csv')!r}, "
            "'--code', 'gross']; main()")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip() == "decoder relay-bp needs the qldpc extra: pip install 'ftplanner[qldpc]'"
