"""The example design notebook runs as a script and as a notebook, shows its tables and saves its figure.

As a script (always): every table is printed and the frontier saved as a PNG. As a notebook (with
the `notebook` extra: jupytext reads the .py, nbclient runs it in an ipykernel): every cell runs
without an error, the tables show as HTML and the figure inline.
"""

from __future__ import annotations

import os
import runpy

import pytest
from matplotlib.figure import Figure
from matplotlib.image import imread

from tests.conftest import ROOT

NOTEBOOK = ROOT / "examples" / "design_notebook.py"


def _saved_figure(folder):
    path = folder / "frontier.png"
    assert path.stat().st_size > 10_000
    pixels = imread(path)[..., :3]
    assert pixels.shape[1] > 800 and (pixels.min(axis=-1) < 0.9).mean() > 0.01  # a drawing, not a blank
    return path


def test_design_notebook_runs_as_a_script(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("FTPLANNER_FIGURES", str(tmp_path))
    names = runpy.run_path(str(NOTEBOOK), run_name="__main__")
    sweep, frontier = names["sweep"], names["frontier"]
    assert len(sweep) == len(names["FIDELITIES"]) * len(names["CAPACITIES"])
    assert isinstance(names["figure"], Figure) and not names["NOTEBOOK"]
    assert 0 < len(frontier) < len(sweep) and frontier["feasible"].all()
    ranked = names["ranked"]
    effect = ranked[["qubits_log2_per_doubling", "runtime_log2_per_doubling"]].abs().max(axis=1)
    assert "hardware.error_rates.two_qubit" in ranked["input"].tolist() and effect.is_monotonic_decreasing
    out = capsys.readouterr().out
    assert "networked-trillion-gate: feasible" in out
    assert out.count("distillation_rounds") == 2 and "tied_designs" in out and "qubits_log2_per_doubling" in out
    assert f"saved {_saved_figure(tmp_path)}" in out
    assert NOTEBOOK.read_text().count("# %%") >= 4  # jupytext percent cells


def test_design_notebook_runs_as_a_notebook(tmp_path):
    jupytext = pytest.importorskip("jupytext", reason="the notebook extra: pip install -e '.[notebook]'")
    nbclient = pytest.importorskip("nbclient", reason="the notebook extra: pip install -e '.[notebook]'")
    pytest.importorskip("ipykernel", reason="the notebook extra: pip install -e '.[notebook]'")
    notebook = jupytext.read(NOTEBOOK)
    os.environ["FTPLANNER_FIGURES"] = str(tmp_path)  # the kernel inherits the environment
    try:
        nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                resources={"metadata": {"path": str(ROOT)}}).execute()
    finally:
        del os.environ["FTPLANNER_FIGURES"]
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    shown = [o for o in outputs if o.output_type == "display_data"]
    assert sum("text/html" in o.data for o in shown) >= 4  # the plan and three tables
    assert sum("image/png" in o.data for o in shown) == 1  # the frontier
    _saved_figure(tmp_path)
