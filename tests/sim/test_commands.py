"""`ftplanner circuit` and `ftplanner circuits`: output, file names, and one-line errors with exit code 2."""

from __future__ import annotations

import json

import pytest
import sinter
import stim

from ftplanner.api import load
from ftplanner.physics.link_noise import p_link_from_fidelity
from ftplanner.sampling.tasks import Grid, target, tasks
from ftplanner.sim import NoiseModel, build
from ftplanner.sim.noise import rounded_rate
from tests.conftest import ROOT

ARCHITECTURE = """\
name: seam-test
hardware:
  noise_model: si1000
  error_rates: {two_qubit: 1.0e-3}
network:
  link: {bell_pair_fidelity: 0.98}
workload:
  logical_counts: {numQubits: 10, tCount: 100}
"""



def test_circuit_prints_the_built_circuit(run):
    result = run("circuit", "seam", "--distance", 3, "--basis", "X", "--p", 1e-3, "--p-link", 0.02,
                 "--noise", "si1000", "--rounds", 2, "--observable", "product")
    assert result.exit_code == 0, result.output
    expected = build("seam", 3, "X", NoiseModel.si1000(1e-3).with_link(0.02), rounds=2, observable="product").circuit
    assert stim.Circuit(result.stdout) == expected


@pytest.mark.parametrize("args,message", [
    (["memory", "-d", "4", "--p", "1e-3"], "distance must be an odd integer"),
    (["memory", "-d", "three", "--p", "1e-3"], "--distance: expected an integer"),
    (["memory", "-d", "3", "--p", "0.9"], "--p: 0.9 is outside"),
    (["memory", "-d", "3", "--p", "1e-3", "--basis", "Y"], "--basis: expected one of Z, X"),
    (["memory", "-d", "3", "--p", "1e-3", "--noise", "ion"], "--noise: expected one of"),
    (["memory", "-d", "3", "--p", "1e-3", "--p-link", "0.1"], "seam circuits only"),
    (["seam", "-d", "3", "--p", "1e-3"], "--p-link: required"),
    (["seam", "-d", "3", "--p", "1e-3", "--p-link", "0.1", "--boundary", "99"], "outside the layout"),
    (["teleport", "-d", "3", "--p", "1e-3"], "KIND: expected one of"),
    (["memory", "-d", "3", "--p", "1e-3", "--observable", "product"], "surgery circuits only"),
    (["surgery", "-d", "3", "--p", "1e-3", "--observable", "all"], "--observable: expected one of"),
])
def test_circuit_bad_values_exit_2_with_one_line(run, args, message):
    result = run("circuit", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_circuits_writes_what_sinter_collect_auto_reads(run, tmp_path):
    spec = tmp_path / "arch.yaml"
    spec.write_text(ARCHITECTURE)
    result = run("circuits", spec, "--out", tmp_path / "out", "--distances", "3")
    assert result.exit_code == 0, result.output
    files = sorted((tmp_path / "out").glob("*.stim"))
    assert len(files) == 10  # Z and X: memory, and surgery and seam with both observable sets
    for path in files:
        meta = sinter.comma_separated_key_values(str(path))
        assert (meta["d"], meta["p"], meta["noise"]) == (3, 1e-3, "si1000")
        if meta["kind"] == "seam":
            assert meta["p_link"] == rounded_rate(float(p_link_from_fidelity(0.98, 1e-3)))  # 6 significant digits
        circuit = stim.Circuit.from_file(path)
        expected = build(meta["kind"], 3, meta["b"], observable=meta.get("obs", "parity")).circuit
        assert (circuit.num_detectors, circuit.num_observables) == (expected.num_detectors, expected.num_observables)


def test_circuits_reports_spec_problems_and_bad_distances(run, tmp_path):
    spec = tmp_path / "arch.yaml"
    spec.write_text(ARCHITECTURE.replace("two_qubit: 1.0e-3", "two_qubit: 2.0"))
    result = run("circuits", spec, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "arch.yaml:4" in result.stderr
    spec.write_text(ARCHITECTURE)
    result = run("circuits", spec, "--out", tmp_path / "out", "--distances", "3,x")
    assert result.exit_code == 2 and result.stderr.strip() == "--distances: expected an integer, got 'x'"


def test_circuit_file_names_carry_rounded_values_and_are_the_tasks_calibrate_samples(run, tmp_path):
    """The issue's case: networked-poc-2030's seams were named p_link=0.010989333333333406; a file name now
    carries at most 6 significant digits per value, the names stay unique, sinter's `--metadata_func auto`
    parser reads them back, and each file holds the very task `ftplanner calibrate` samples at the machine's own
    rates (so a `sinter collect` run on them and a calibration store agree)."""
    poc = ROOT / "architectures" / "networked-poc-2030.yaml"
    assert run("circuits", poc, "--out", tmp_path, "--distances", "3,5").exit_code == 0
    files = sorted(tmp_path.glob("*.stim"))
    assert len({f.name for f in files}) == len(files) == 20
    calibrated = {json_key(t.json_metadata): t.circuit for t in tasks([target(load(poc))], Grid((3, 5), (1.0,), (1.0,)))}
    for path in files:
        meta = sinter.comma_separated_key_values(str(path))
        assert all(float(f"{v:.6g}") == v for v in meta.values() if isinstance(v, float)), path.name
        assert stim.Circuit.from_file(path) == calibrated[json_key(meta)], path.name
    assert "p_link=0.0109893," in " ".join(f.name for f in files)


def json_key(meta: dict) -> str:
    return json.dumps({k: v for k, v in meta.items() if k != "model"}, sort_keys=True)
