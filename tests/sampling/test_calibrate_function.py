"""`ftplanner.calibrate()`: the library call under `ftplanner calibrate` makes the calibration the verb writes,
resumes from the store, and refuses bad values naming the parameter (the verb names the flag)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import ftplanner as ftp
from ftplanner.calibration import Calibration, calibration_from_dict
from ftplanner.errors import InvalidArgument
from ftplanner.sampling.store import read_store
from tests.conftest import comparable_calibration, small_architecture

ARCH = small_architecture('tiny')
SHOTS = 2_000
TASKS = 2 * 2 + 2 * 2 * 2  # memory: distance x basis; surgery: x observable sets
GRID = {"distances": (3, 5), "p_factors": (1,), "max_shots": SHOTS, "max_errors": 10**9}


def _comparable(calibration: Calibration) -> str:
    return json.dumps(comparable_calibration(calibration), sort_keys=True)  # NaN (a fit without spare points) compares as text


def test_calibrate_returns_what_the_command_writes_and_resumes_from_the_store(run, write_yaml, tmp_path):
    arch, store = write_yaml(ARCH), tmp_path / "stats.csv"
    sampled = []
    first = ftp.calibrate(arch, store, **GRID, workers=1, name="tiny", progress=sampled.append)
    assert isinstance(first, Calibration) and first.name == "tiny"
    assert first.path == str(tmp_path / "stats.calibration.json")
    assert calibration_from_dict(json.loads((tmp_path / "stats.calibration.json").read_text()), first.path) is not None
    assert sum(s.shots for p in sampled for s in p.new_stats) == TASKS * SHOTS
    assert [s.shots for s in read_store(store)] == [SHOTS] * TASKS
    assert first.provenance["made_by"].startswith(f"ftplanner.calibrate([{str(arch)!r}], store={str(store)!r}")
    recorded = store.read_text()

    out = tmp_path / "cli.json"
    result = run("calibrate", arch, "--store", store, "--distances", "3,5", "--p-grid", "1", "--workers", 1,
                 "--max-shots", SHOTS, "--max-errors", 10**9, "--out", out, "--name", "tiny", "--quiet")
    assert result.exit_code == 0, result.output
    assert store.read_text() == recorded  # the verb found every task done
    written = calibration_from_dict(json.loads(out.read_text()), str(out))
    assert written.provenance["made_by"].startswith("ftplanner calibrate ")
    assert _comparable(first) == _comparable(written)

    resampled = []
    again = ftp.calibrate([ftp.load(arch)], store, **GRID, workers=1, name="tiny", out=tmp_path / "again.json",
                          progress=resampled.append)
    assert store.read_text() == recorded
    assert sum(s.shots for p in resampled for s in p.new_stats) == 0
    assert _comparable(again) == _comparable(first)
    assert again.provenance["made_by"].startswith("ftplanner.calibrate([<Architecture 'tiny'>]")


@pytest.mark.parametrize("options, argument, message", [
    ({"distances": (5,)}, "distances", "distances: give at least two; how errors fall with d tells A from the threshold"),
    ({"distances": (3, 1)}, "distances", "distances: 1 is outside [3, inf]"),
    ({"p_factors": ()}, "p_factors", "p_factors: give at least one multiple"),
    ({"p_link_factors": (1, -2)}, "p_link_factors", "p_link_factors: expected positive numbers, got -2"),
    ({"max_shots": 0}, "max_shots", "max_shots: 0 is outside [1, inf]"),
    ({"max_errors": 1.5}, "max_errors", "max_errors: expected an integer, got 1.5"),
    ({"workers": 2, "scheduler": "tcp://127.0.0.1:1"}, "workers", "workers: not used with scheduler"),
    ({"workers": 0}, "workers", "workers: 0 is outside [1, 1024]"),
    ({"progress": "loud"}, "progress", "progress: expected one of auto, terminal, log, quiet or a callable"),
])
def test_bad_values_raise_invalid_argument_naming_the_parameter(write_yaml, tmp_path, options, argument, message):
    store = tmp_path / "stats.csv"
    with pytest.raises(InvalidArgument) as error:
        ftp.calibrate(write_yaml(ARCH), store, **options)
    assert error.value.argument == argument
    assert str(error.value).startswith(message) and "--" not in str(error.value)
    assert not store.exists()


def test_no_architecture_or_an_invalid_one(write_yaml, tmp_path):
    with pytest.raises(InvalidArgument, match="^architectures: give at least one"):
        ftp.calibrate([], tmp_path / "stats.csv")
    bad, worse = write_yaml(ARCH.replace("2.0e-3", "-1"), "bad.yaml"), write_yaml(ARCH.replace("10,", "0,"), "worse.yaml")
    with pytest.raises(ftp.SpecError) as error:
        ftp.calibrate([bad, worse], tmp_path / "stats.csv")
    assert {p.file for p in error.value.problems} == {str(bad), str(worse)}


def test_ftplanner_calibrate_is_the_function_and_imports_sinter_only_when_used():
    code = ("import sys, ftplanner; before = sorted({'sinter', 'scipy', 'typer'} & set(sys.modules)); "
            "f = ftplanner.calibrate; print(before, f.__module__, 'sinter' in sys.modules, 'calibrate' in dir(ftplanner))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "ftplanner.sampling.run", "True", "True"]
    assert ftp.calibrate is ftp.sampling.calibrate and "calibrate" in ftp.__all__
