"""The returned frame draws its frontier; `ftplanner.sweep` is the function; `import ftplanner` stays light."""

from __future__ import annotations

import subprocess
import sys

from matplotlib.figure import Figure

import ftplanner as ftp
from ftplanner.report.plots import to_svg
from ftplanner.sweeps.frame import SweepFrame


def test_the_sweep_frame_draws_its_frontier_and_keeps_its_type(poc):
    frame = ftp.sweep(poc, {"modules.physical_qubits": [40_000, 100_000], "hardware.error_rates.two_qubit": [1e-3, 2e-3]})
    figure = frame.plot_frontier()
    assert isinstance(figure, Figure)
    assert "<svg" in to_svg(figure, "sweep")
    assert isinstance(ftp.plot_frontier(frame, x="modules", y="links", colour_by="hardware.error_rates.two_qubit"), Figure)
    feasible = frame[frame["feasible"]]
    assert isinstance(feasible, SweepFrame) and isinstance(feasible.head(1), SweepFrame)
    assert frame.pareto().equals(ftp.pareto_frontier(frame))


def test_ftplanner_sweep_is_the_function_even_after_its_modules_load():
    import ftplanner.cli.sweep  # noqa: F401  (a submodule import must not rebind ftplanner.sweep)

    assert callable(ftp.sweep) and ftp.sweep.__module__ == "ftplanner.sweeps.run"


def test_importing_ftplanner_loads_neither_pandas_nor_typer():
    code = "import sys, ftplanner; print(sorted({'pandas', 'typer', 'matplotlib'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
