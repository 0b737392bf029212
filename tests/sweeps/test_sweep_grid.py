"""The grid: full cartesian product in C order (first --vary slowest), chunked without changing a row."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import ftplanner as ftp
from ftplanner.plan.batch import plan_rows
from ftplanner.plan.result import CSV_COLUMNS
from ftplanner.sweeps import run as run_module
from ftplanner.sweeps.frame import SweepFrame
from ftplanner.sweeps.grid import Grid

RATES = [1e-3, 2e-3, 4e-3]
CAPACITIES = [250_000, 500_000, 1_000_000, 2_000_000]


@pytest.fixture(scope="module")
def grid_3x4(trillion):
    return ftp.sweep(trillion, {"hardware.error_rates.two_qubit": RATES, "modules.physical_qubits": CAPACITIES})


def test_several_varies_make_the_full_grid_first_varying_slowest(grid_3x4):
    assert isinstance(grid_3x4, SweepFrame)
    assert list(grid_3x4.columns) == ["hardware.error_rates.two_qubit", "modules.physical_qubits", *CSV_COLUMNS]
    assert len(grid_3x4) == 12
    assert grid_3x4["hardware.error_rates.two_qubit"].tolist() == np.repeat(RATES, 4).tolist()
    assert grid_3x4["modules.physical_qubits"].tolist() == CAPACITIES * 3
    assert grid_3x4["modules.physical_qubits"].dtype == np.int64


def test_no_vary_plans_the_files_design_once(trillion):
    frame = ftp.sweep(trillion)
    assert list(frame.columns) == list(CSV_COLUMNS) and len(frame) == 1
    assert frame["physical_qubits"].iloc[0] == ftp.estimate(trillion).physical_qubits


def test_specs_numbers_and_arrays_are_all_accepted(trillion):
    frame = ftp.sweep(trillion, {"hardware.error_rates.two_qubit": "1e-3..4e-3:3:log", "modules.physical_qubits": 5e5,
                                 "network.link.bell_pair_fidelity": np.array([0.99, 0.999])})
    assert frame["hardware.error_rates.two_qubit"].tolist() == pytest.approx(np.repeat([1e-3, 2e-3, 4e-3], 2).tolist())
    assert frame["network.link.bell_pair_fidelity"].tolist() == [0.99, 0.999] * 3
    assert len(frame) == 6 and set(frame["modules.physical_qubits"]) == {500_000}


def test_chunks_give_the_same_rows_as_one_chunk_and_stay_within_their_size(trillion, grid_3x4, monkeypatch):
    sizes, reports = [], []

    def recording(arch, overrides, calibration=None):
        sizes.append(len(next(iter(overrides.values()))))
        return plan_rows(arch, overrides, calibration)

    monkeypatch.setattr(run_module, "plan_rows", recording)
    chunked = ftp.sweep(trillion, {"hardware.error_rates.two_qubit": RATES, "modules.physical_qubits": CAPACITIES},
                        chunk_points=5, progress=lambda done, total: reports.append((done, total)))
    assert sizes == [5, 5, 2]
    assert reports == [(5, 12), (10, 12), (12, 12)]
    pd.testing.assert_frame_equal(chunked, grid_3x4)


def test_a_million_point_grid_is_handed_out_in_bounded_chunks():
    axes = {"a": np.arange(100.0), "b": np.arange(100), "c": np.arange(100.0) / 100}
    grid = Grid(axes)
    assert grid.shape == (100, 100, 100) and grid.size == 1_000_000
    count, last = 0, None
    for chunk in grid.chunks(65_536):
        assert {len(v) for v in chunk.values()} <= set(range(1, 65_537))
        count += len(chunk["a"])
        last = chunk
    assert count == 1_000_000
    assert math.ceil(1_000_000 / 65_536) == sum(1 for _ in grid.chunks(65_536))
    assert (last["a"][-1], last["b"][-1], last["c"][-1]) == (99.0, 99, 0.99)
    first = next(grid.chunks(3))
    assert first["a"].tolist() == [0, 0, 0] and first["c"].tolist() == [0, 0.01, 0.02]


def test_text_columns_share_their_strings_so_memory_stays_a_pointer_per_row(trillion):
    # 1e6 points must fit in 1 GB (issue #19): a text column holds one object per distinct value, not per row
    frame = ftp.sweep(trillion, {"hardware.error_rates.two_qubit": np.geomspace(5e-4, 2e-3, 40).tolist()})
    for name in frame.select_dtypes(include=object).columns:
        values = frame[name].tolist()
        assert len({id(v) for v in values}) == len({v for v in values}), name
