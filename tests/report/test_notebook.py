"""The example design notebook runs as a script and ends with a frontier of the swept designs."""

from __future__ import annotations

import runpy

from matplotlib.figure import Figure

from tests.conftest import ROOT

NOTEBOOK = ROOT / "examples" / "design_notebook.py"


def test_design_notebook_runs(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    names = runpy.run_path(str(NOTEBOOK), run_name="__main__")
    sweep, frontier = names["sweep"], names["frontier"]
    assert len(sweep) == len(names["FIDELITIES"]) * len(names["CAPACITIES"])
    assert isinstance(names["figure"], Figure)
    assert 0 < len(frontier) < len(sweep) and frontier["feasible"].all()
    ranked = names["ranked"]
    effect = ranked[["qubits_log2_per_doubling", "runtime_log2_per_doubling"]].abs().max(axis=1)
    assert "hardware.error_rates.two_qubit" in ranked["input"].tolist() and effect.is_monotonic_decreasing
    assert "networked-trillion-gate: feasible" in capsys.readouterr().out
    assert NOTEBOOK.read_text().count("# %%") >= 4  # jupytext percent cells
