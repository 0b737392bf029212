"""Output paths that are files, folders or a full device: one line, exit 2, no traceback (issue #17)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ftplanner.cli import app

POC = str(Path(__file__).resolve().parents[2] / "architectures" / "networked-poc-2030.yaml")
FULL = Path("/dev/full")
needs_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full")


def run(*args):
    result = CliRunner().invoke(app, list(map(str, args)))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output.strip().splitlines()


@pytest.fixture
def afile(tmp_path):
    path = tmp_path / "afile"
    path.write_text("keep me\n")
    return path


def test_estimate_out_an_existing_file(afile):
    assert run("estimate", POC, "--out", afile) == (2, [f"{afile}: is not a folder (--out names the folder the files go in)"])
    assert afile.read_text() == "keep me\n"


def test_schema_out_a_folder(tmp_path):
    assert run("schema", "--out", tmp_path) == (2, [f"{tmp_path}: is a folder; give a file name"])


def test_circuits_out_an_existing_file(afile):
    assert run("circuits", POC, "--out", afile, "--distances", "3") == \
        (2, [f"{afile}: is not a folder (--out names the folder the files go in)"])


def test_sweep_out_an_existing_file(afile):
    assert run("sweep", POC, "--out", afile, "--quiet") == \
        (2, [f"{afile}: is not a folder (--out names the folder the files go in)"])


@needs_full
def test_schema_out_dev_full():
    assert run("schema", "--out", FULL) == (2, ["/dev/full: cannot write (No space left on device)"])


@needs_full
@pytest.mark.parametrize("verb", ["estimate", "circuits"])
def test_a_folder_out_dev_full(verb):
    assert run(verb, POC, "--out", FULL) == (2, ["/dev/full: is not a folder (--out names the folder the files go in)"])


@needs_full
def test_stdout_on_dev_full(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    with open(FULL, "w") as full:
        done = subprocess.run([sys.executable, "-m", "ftplanner", "schema"], stdout=full, stderr=subprocess.PIPE,
                              text=True, env=env, timeout=120)
    assert done.returncode == 2
    assert done.stderr == "stdout: cannot write (No space left on device)\n"


def test_a_folder_under_a_file(afile):
    assert run("estimate", POC, "--out", afile / "reports") == (2, [f"{afile / 'reports'}: cannot write (Not a directory)"])
