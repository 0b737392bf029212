"""Shared fixtures: paths to the repository's example architectures and its test data (tests/data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARCHITECTURES = sorted((ROOT / "architectures").glob("*.yaml"))
DATA = Path(__file__).resolve().parent / "data"  # reference figures the tests check against; see data/README.md


@pytest.fixture(scope="session")
def run():
    """Run the `ftplanner` command in process: run("fit", path, "--p", 1e-3) -> click Result."""
    from typer.testing import CliRunner

    from ftplanner.cli import app

    return lambda *args: CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def write_yaml(tmp_path):
    """Write YAML text to a file in tmp_path and return its path."""

    def write(text: str, name: str = "arch.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text)
        return path

    return write


MINIMAL = """\
name: minimal
hardware: {preset: qubit_gate_ns_e3}
workload:
  logical_counts: {numQubits: 100, tCount: 1.0e6}
"""


def small_architecture(name: str, *, two_qubit: str = "2.0e-3", modules: int = 1, network: str = "") -> str:
    """A small uniform-noise architecture (YAML text) whose calibration samples in seconds."""
    network_section = f"network:\n  link: {{{network}}}\n" if network else ""
    return (f"name: {name}\nhardware:\n  noise_model: uniform\n  error_rates: {{two_qubit: {two_qubit}}}\n"
            f"modules: {{count: {modules}}}\n{network_section}"
            "workload:\n  logical_counts: {numQubits: 10, tCount: 100}\n")


def comparable_calibration(calibration) -> dict:
    """A calibration's file content without what differs between two runs of the same fit (when, by what call)."""
    data = json.loads(json.dumps(calibration.to_dict()))  # a copy: to_dict shares the provenance
    data.pop("path")
    for key in ("created", "made_by"):
        data["provenance"].pop(key)
    return data


def variant(path, **changes):
    """The architecture at `path` with some fields replaced (`section__field=value`), validated."""
    import ftplanner as ftp

    data = ftp.load(path).model_dump()
    for dotted, value in changes.items():
        *parents, leaf = dotted.split("__")
        node = data
        for key in parents:
            node = node[key]
        node[leaf] = value
    return ftp.Architecture.model_validate(data)
