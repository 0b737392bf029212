"""`ftplanner sweep` end to end: the tables, the frontier, sensitivity, provenance; bad input is one line, exit 2."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import ftplanner as ftp
from ftplanner.architecture import input_hash
from ftplanner.cli import sweep as commands
from ftplanner.plan.result import CSV_COLUMNS
from tests.sweeps.conftest import POC, TRILLION

VARY = ["--vary", "hardware.error_rates.two_qubit=1e-3..1.2e-2:3:log", "--vary", "network.link.bell_pair_fidelity=0.9,0.995",
        "--vary", "modules.physical_qubits=5e5,1e6"]


def test_a_sweep_writes_every_point_its_frontier_sensitivity_and_provenance(run, tmp_path):
    result = run("sweep", TRILLION, *VARY, "--out", tmp_path, "--sensitivity", "--quiet")
    assert result.exit_code == 0, result.output
    assert result.output == ""
    stem = tmp_path / "networked-trillion-gate"
    points = pd.read_csv(f"{stem}-sweep.csv")
    assert list(points.columns) == ["hardware.error_rates.two_qubit", "network.link.bell_pair_fidelity",
                                    "modules.physical_qubits", *CSV_COLUMNS]
    assert len(points) == 12 and points["feasible"].sum() == 8
    front = pd.read_csv(f"{stem}-pareto.csv")
    expected = ftp.pareto_frontier(ftp.sweep(TRILLION, {"hardware.error_rates.two_qubit": "1e-3..1.2e-2:3:log",
                                                        "network.link.bell_pair_fidelity": [0.9, 0.995],
                                                        "modules.physical_qubits": [5e5, 1e6]}))
    assert front["physical_qubits"].tolist() == expected["physical_qubits"].tolist()
    assert front["runtime_s"].tolist() == pytest.approx(expected["runtime_s"].tolist(), rel=1e-9)
    table = pd.read_csv(f"{stem}-sensitivity.csv")
    assert table["input"].tolist() == ftp.sensitivity(TRILLION)["input"].tolist()
    record = json.loads((tmp_path / "networked-trillion-gate-sweep.json").read_text())
    assert record["points"] == 12 and record["shape"] == [3, 2, 2] and record["feasible"] == 8
    assert record["vary"] == VARY[1::2] and record["pareto_points"] == len(front)
    assert record["provenance"]["input_sha256"] == input_hash(TRILLION)
    assert record["provenance"]["calibration"]["name"] and record["provenance"]["ftplanner_version"]
    assert not (tmp_path / "networked-trillion-gate-sweep.parquet").exists()


def test_the_summary_names_the_counts_the_time_and_the_files(run, tmp_path):
    result = run("sweep", POC, "--vary", "modules.physical_qubits=40000,100000", "--out", tmp_path,
                 "--pareto", "modules,links")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("networked-poc-2030: 2 points (2), 2 feasible; Pareto frontier over modules, links: 1 design")
    assert lines[1].startswith("planned in ") and lines[1].endswith(" µs per point)")
    assert lines[2].startswith("wrote ") and "networked-poc-2030-pareto.csv" in lines[2]


def test_sensitivity_without_vary_plans_the_files_design(run, tmp_path):
    result = run("sweep", POC, "--sensitivity", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(tmp_path / "networked-poc-2030-sweep.csv")) == 1
    assert "most sensitive: " in result.output
    assert (tmp_path / "networked-poc-2030-sensitivity.csv").exists()


def test_no_feasible_point_exits_3_with_the_files_written(run, tmp_path):
    result = run("sweep", POC, "--vary", "hardware.error_rates.two_qubit=0.02,0.03", "--out", tmp_path)
    assert result.exit_code == 3
    assert len(pd.read_csv(tmp_path / "networked-poc-2030-sweep.csv")) == 2
    assert len(pd.read_csv(tmp_path / "networked-poc-2030-pareto.csv")) == 0


def test_parquet_round_trips(run, tmp_path):
    pytest.importorskip("pyarrow")
    result = run("sweep", TRILLION, *VARY, "--out", tmp_path, "--format", "csv,parquet", "--sensitivity")
    assert result.exit_code == 0, result.output
    stem = tmp_path / "networked-trillion-gate"
    for name in ("sweep", "pareto", "sensitivity"):
        assert (tmp_path / f"networked-trillion-gate-{name}.csv").exists()
    points = pd.read_parquet(f"{stem}-sweep.parquet")
    expected = ftp.sweep(TRILLION, {"hardware.error_rates.two_qubit": "1e-3..1.2e-2:3:log",
                                    "network.link.bell_pair_fidelity": [0.9, 0.995], "modules.physical_qubits": [5e5, 1e6]})
    def plain(frame):  # parquet reads text as pandas strings (NaN when missing), the sweep keeps Python objects
        return frame.astype(object).where(frame.notna(), None)

    pd.testing.assert_frame_equal(plain(points), plain(pd.DataFrame(expected)))
    assert pd.read_parquet(f"{stem}-pareto.parquet").shape == pd.read_csv(f"{stem}-pareto.csv").shape


def test_parquet_without_pyarrow_says_what_to_install(run, tmp_path, monkeypatch):
    monkeypatch.setattr(commands.importlib.util, "find_spec", lambda name: None)
    result = run("sweep", POC, "--format", "parquet", "--out", tmp_path)
    assert result.exit_code == 2
    assert result.output.strip() == "--format parquet: needs pyarrow; pip install pyarrow (or pip install 'ftplanner[parquet]')"
    assert not tmp_path.joinpath("networked-poc-2030-sweep.csv").exists()


@pytest.mark.parametrize("args, message", [
    (["--vary", "hardware.error_rates.two_qubit=1e-3.."], "--vary hardware.error_rates.two_qubit=1e-3..: expected LIST"),
    (["--vary", "hardware.error_rates.two_qubit=0.7"],
     "--vary hardware.error_rates.two_qubit=0.7: Input should be less than or equal to 0.5"),
    (["--vary", "hardware.error_rate.two_qubit=1e-3"],
     "--vary hardware.error_rate.two_qubit: not a sweepable field; did you mean hardware.error_rates.two_qubit"),
    (["--vary", "modules.physical_qubits=1e5", "--vary", "modules.physical_qubits=2e5"],
     "--vary modules.physical_qubits: given twice"),
    (["--pareto", "qubits"], "--pareto: unknown objective qubits"),
    (["--format", "xlsx"], "--format: unknown format xlsx"),
])
def test_bad_input_is_one_line_and_exit_2(run, tmp_path, args, message):
    result = run("sweep", POC, *args, "--out", tmp_path)
    assert result.exit_code == 2
    assert len(result.output.strip().splitlines()) == 1 and result.output.startswith(message), result.output
    assert not any(tmp_path.iterdir())


def test_an_unwritable_out_folder_is_one_line_and_exit_2(run, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    result = run("sweep", POC, "--out", blocker / "reports")
    assert result.exit_code == 2 and result.output.startswith(f"{blocker / 'reports'}: cannot write")


def test_a_bad_file_is_reported_like_every_verb(run, tmp_path, write_yaml):
    path = write_yaml("name: x\nworkload: {logical_counts: {numQubits: 0}}\nhardware: {preset: qubit_gate_ns_e3}\n")
    result = run("sweep", path, "--out", tmp_path)
    assert result.exit_code == 2 and result.output.startswith(f"{path}:2: workload.logical_counts.numQubits:")
