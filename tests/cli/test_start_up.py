"""The CLI starts without the libraries only some verbs need (#19): `ftplanner validate`, `--help` and every verb's
`--help` must not wait for numpy, Stim, pandas, networkx, sinter, scipy or matplotlib. Checked in a fresh
interpreter by what it imported, not by timing (timings on shared machines are noise; benchmarks/bench_speed.py
times the start)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("numpy", "stim", "pandas", "networkx", "sinter", "scipy", "matplotlib", "pymatching")
VERBS = ("estimate", "validate", "schema", "counts", "circuit", "circuits", "calibrate", "fit", "sweep")


def imported_after(code: str) -> set[str]:
    """Top-level packages of the heavy list that a fresh interpreter holds after running `code`."""
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(out.stdout.splitlines()[-1])) & set(HEAVY)


def test_cli_import_leaves_heavy_libraries_out():
    assert imported_after("import ftplanner.cli") == set()


def run_cli(*args: str, exit_code: int = 0) -> str:
    """Code that runs `ftplanner ARGS` in the probe's interpreter and checks its exit code."""
    return ("import sys\nfrom ftplanner.cli import app\n"
            f"sys.argv = ['ftplanner', *{list(args)!r}]\n"
            f"try:\n    app()\nexcept SystemExit as exc:\n    assert (exc.code or 0) == {exit_code}, exc.code")


def test_validate_runs_without_heavy_libraries():
    assert imported_after(run_cli("validate", str(ROOT / "architectures" / "networked-poc-2030.yaml"))) == set()


def test_validate_of_a_bad_file_reports_without_heavy_libraries(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nhardware: {error_rates: {two_qubit: 0.7}}\nworkload: {logical_counts: {numQubits: 10}}\n")
    assert imported_after(run_cli("validate", str(bad), exit_code=2)) == set()


@pytest.mark.parametrize("args", [("--help",), *((verb, "--help") for verb in VERBS)], ids=" ".join)
def test_help_shows_without_heavy_libraries(args):
    assert imported_after(run_cli(*args)) == set()


def test_package_names_load_on_first_use():
    assert imported_after("import ftplanner") == set()
    assert "sinter" in imported_after("import ftplanner as ftp\nftp.calibrate")  # the name resolves, bringing its library
