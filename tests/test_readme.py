"""The README's command-line examples print what the README says they print.

The blocks are read from README.md: the `estimate` example's output whole (but the folder it
wrote to), and the `sweep` example's summary and sensitivity lines (its timing line is elided
there, as `...`), and the frontier sizes the text beside it quotes.
"""

from __future__ import annotations

import re
import shlex

import pandas as pd

import ftplanner as ftp
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block_after(marker: str) -> list[str]:
    """The lines of the first ``` block after `marker` in the README."""
    start = README.index(marker)
    body = README[README.index("```\n", start) + 4:]
    return body[:body.index("```")].splitlines()


def _command(first_words: str) -> list[str]:
    """The README's indented command that starts with `first_words`, its continuation lines joined."""
    match = re.search(rf"^    ({re.escape(first_words)}.*?)\n\n", README, re.M | re.S)
    return shlex.split(match.group(1).replace("\\\n", " "))


def test_the_estimate_example_prints_the_readme_block(run, tmp_path):
    expected = _block_after("`ftplanner estimate architectures/networked-poc-2030.yaml --out reports` prints")
    result = run("estimate", ROOT / "architectures" / "networked-poc-2030.yaml", "--out", tmp_path)
    printed = result.output.replace(str(tmp_path), "reports").replace(str(ROOT) + "/", "").splitlines()
    assert result.exit_code == 0 and printed == expected


def test_the_sweep_example_prints_the_readme_lines(run, tmp_path, monkeypatch):
    words = _command("ftplanner sweep ")
    assert words[:2] == ["ftplanner", "sweep"] and "--out" in words
    words[words.index("--out") + 1] = str(tmp_path)
    monkeypatch.chdir(ROOT)
    result = run(*words[1:])
    assert result.exit_code == 0, result.output
    expected = _block_after("--out reports/sweeps --sensitivity")
    printed = result.output.splitlines()
    assert printed[0] == expected[0]  # points, feasible, the frontier and its ties
    assert printed[2] == expected[2]  # the most sensitive input
    assert re.fullmatch(r"planned in [\d.]+ s \([\d,.]+ µs per point\)", printed[1])
    # the text after the block: the same sweep over physical_qubits and links has a frontier of 2 designs
    sweep = pd.read_csv(tmp_path / "networked-trillion-gate-sweep.csv")
    front = ftp.pareto_frontier(sweep, ["physical_qubits", "links"])
    assert "With `--pareto physical_qubits,links` the\nsame sweep has a trade-off: 3 designs" in README
    assert len(front) == 3 and front["links"].tolist() == [480, 279, 270]
    assert [f"{q / 1e6:.1f} M" for q in front["physical_qubits"]] == ["14.8 M", "17.9 M", "18.3 M"]
