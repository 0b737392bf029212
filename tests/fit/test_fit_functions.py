"""The library calls under `ftplanner calibrate --fit-only` and `ftplanner fit` give what the verbs write and print."""

from __future__ import annotations

import json

import pytest

import ftplanner as ftp
from ftplanner.calibration import calibration_from_dict
from ftplanner.errors import InvalidArgument, StoreError, WriteError
from ftplanner.fit.table import fits_table
from ftplanner.sampling import fit_stores
from tests.conftest import comparable_calibration, small_architecture

ARCH = small_architecture('fit-only')
GRID = {"distances": (3, 5, 7), "p_factors": (0.5, 0.75, 1, 1.5)}


def test_fit_only_calibration_is_the_one_the_verb_writes_and_nothing_is_printed(run, write_yaml, synthetic_csv,
                                                                                  tmp_path, capfd):
    arch, out = write_yaml(ARCH), tmp_path / "cli.json"
    result = run("calibrate", arch, "--store", synthetic_csv, "--distances", "3,5,7", "--p-grid", "0.5,0.75,1,1.5",
                 "--fit-only", "--out", out, "--name", "cal")
    assert result.exit_code == 0, result.output
    capfd.readouterr()
    calibration = ftp.calibrate(arch, synthetic_csv, **GRID, fit_only=True, out=tmp_path / "lib.json", name="cal")
    assert capfd.readouterr() == ("", "")
    assert comparable_calibration(calibration) == comparable_calibration(calibration_from_dict(json.loads(out.read_text()), str(out)))
    assert calibration == calibration_from_dict(json.loads((tmp_path / "lib.json").read_text()), str(tmp_path / "lib.json"))

    lines = []
    ftp.calibrate(arch, synthetic_csv, **GRID, fit_only=True, out=tmp_path / "lib.json", report=lines.append)
    assert capfd.readouterr() == ("", "")
    assert lines == ["\n".join(result.stdout.splitlines()[:-1])]  # what the verb printed, less "wrote OUT"


def test_an_unwritable_calibration_is_a_write_error_and_one_line_from_the_verb(run, write_yaml, synthetic_csv, tmp_path):
    arch, out = write_yaml(ARCH), tmp_path / "missing" / "cal.json"
    message = f"{out}: cannot write the calibration (No such file or directory)"
    with pytest.raises(WriteError) as error:
        ftp.calibrate(arch, synthetic_csv, **GRID, fit_only=True, out=out)
    assert str(error.value) == message and isinstance(error.value, OSError)
    result = run("calibrate", arch, "--store", synthetic_csv, "--distances", "3,5,7", "--p-grid", "0.5,0.75,1,1.5",
                 "--fit-only", "--out", out)
    assert result.exit_code == 2 and result.stderr == message + "\n"


def test_fit_stores_is_what_the_fit_verb_prints(run, synthetic_csv):
    fits, notes, problems = fit_stores(synthetic_csv)
    assert problems == [] and {f.kind for f in fits} == {"memory", "surgery", "seam"}
    assert run("fit", synthetic_csv, "--p", "0.002").stdout == "\n".join([fits_table(fits, 0.002), *notes]) + "\n"


def test_fit_stores_refuses_what_it_cannot_fit(tmp_path, synthetic_csv):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(StoreError, match="empty.csv: no results with d and p metadata to fit"):
        fit_stores([empty])
    with pytest.raises(InvalidArgument, match=r"^p_max: expected a number in \[0, 0.5\], got 2"):
        fit_stores(synthetic_csv, p_max=2)
