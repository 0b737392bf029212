"""HTML reports of plans stopped before they were sized render, leading with the reason (issue #17)."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from ftplanner.cli import app

HEAD = "name: {name}\nhardware:\n  error_rates: {{two_qubit: 1.0e-3}}\n"
CASES = {
    "magic-share-0": ("workload:\n  logical_counts: {numQubits: 100, tCount: 1.0e+6}\n"
                      "budget: {total_failure: 1.0e-2, split: {logical: 1.0, magic: 0}}\n",
                      "the budget leaves magic states no share (budget.split.magic is 0)"),
    "tcount-1e18": ("workload:\n  logical_counts: {numQubits: 100, tCount: 1.0e+18}\nbudget: {total_failure: 1.0e-4}\n",
                    "no factory reaches"),  # 5e-23 per T state: below every factory at p = 1e-3
    "budget-1e-17": ("workload:\n  logical_counts: {numQubits: 100, tCount: 1.0e+6}\nbudget: {total_failure: 1.0e-17}\n",
                     "no factory reaches"),
    "qubits-1e17": ("code: {max_distance: 99}\nworkload:\n  logical_counts: {numQubits: 1.0e+17, tCount: 1.0e+6}\n",
                    "physical qubits beyond 1e+18"),
}


@pytest.mark.parametrize("name", CASES)
def test_infeasible_plans_render_html_with_the_reason_first(tmp_path, name):
    body, reason = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(HEAD.format(name=name) + body)
    result = CliRunner().invoke(app, ["estimate", str(path), "--out", str(tmp_path / "out"), "--format", "html"])
    assert result.exit_code == 3, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    html = (tmp_path / "out" / f"{name}.html").read_text()
    text = re.sub(r"<[^>]+>", " ", html[html.index("<body"):])
    verdict = text.index("Infeasible:")
    assert reason in re.sub(r"\s+", " ", text[verdict:verdict + 600])
    assert verdict < text.find("physical qubits") or text.find("physical qubits") < 0
