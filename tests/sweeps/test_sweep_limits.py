"""Sweeps refuse grids beyond max_points before allocating them, and malformed ranges (issue #17)."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ftplanner as ftp
from ftplanner.cli import app
from ftplanner.errors import InvalidArgument
from ftplanner.sweeps.specs import MAX_POINTS, parse_spec

POC = str(Path(__file__).resolve().parents[2] / "architectures" / "networked-poc-2030.yaml")
RATE = "hardware.error_rates.two_qubit"


def test_a_huge_range_is_refused_before_it_is_made():
    tracemalloc.start()
    with pytest.raises(InvalidArgument) as caught:
        parse_spec("1e-4..1e-3:1000000000", "x=1e-4..1e-3:1000000000")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert str(caught.value) == (f"max_points: x=1e-4..1e-3:1000000000: the range has 1,000,000,000 points, more than "
                                 f"the {MAX_POINTS:,} a sweep plans")
    assert peak < 10_000_000


def test_a_huge_grid_is_refused_before_it_is_planned():
    with pytest.raises(InvalidArgument, match=r"^max_points: the grid has 1,000,000,000,000 points \(1000000 x 1000000\), "
                                              r"more than the 2,000,000 a sweep plans"):
        ftp.sweep(POC, {RATE: "1e-4..1e-3:1000000", "network.link.bell_pair_fidelity": "0.9..0.99:1000000"})


def test_max_points_is_an_argument():
    with pytest.raises(InvalidArgument, match="the grid has 3 points"):
        ftp.sweep(POC, {RATE: [1e-4, 2e-4, 3e-4]}, max_points=2)
    assert len(ftp.sweep(POC, {RATE: [1e-4, 2e-4]}, max_points=2)) == 2


@pytest.mark.parametrize("spec, message", [
    ("1e-4...1e-3:3", "'1e-4...1e-3:3' is not a range: write A..B:N with exactly two dots"),
    ("1..2..3:3", "'1..2..3:3' is not a range"),
    ("1e-4..1e-4:3", "a range from 0.0001 to itself is one value"),
])
def test_malformed_ranges_are_refused(spec, message):
    with pytest.raises(InvalidArgument, match=message):
        parse_spec(spec, f"x={spec}")


@pytest.mark.parametrize("args, line", [
    (["--vary", f"{RATE}=1e-4..1e-3:1000000000"],
     f"--max-points {RATE}=1e-4..1e-3:1000000000: the range has 1,000,000,000 points, more than the 2,000,000 a sweep plans"),
    (["--vary", f"{RATE}=1e-4..1e-3:1000", "--vary", "network.link.bell_pair_fidelity=0.9..0.99:1000", "--max-points", "10000"],
     "--max-points: the grid has 1,000,000 points (1000 x 1000), more than the 10,000 a sweep plans: vary fewer values, "
     "or raise the limit"),
    (["--vary", f"{RATE}=1e-4...1e-3:3"],
     f"--vary {RATE}=1e-4...1e-3:3: '1e-4...1e-3:3' is not a range: write A..B:N with exactly two dots; "
     "expected LIST or A..B:N[:log|lin]"),
    (["--max-points", "0"], "--max-points: 0 is outside [1, inf]"),
    (["--max-points", "lots"], "--max-points: expected an integer, got 'lots'"),
])
def test_the_command_line_says_one_line_and_exits_2(tmp_path, args, line):
    result = CliRunner().invoke(app, ["sweep", POC, "--out", str(tmp_path), *args])
    assert result.exit_code == 2, result.output
    assert result.output.strip() == line
    assert not list(tmp_path.iterdir())
