"""workload.program: an architecture planned from its program's counts, depths and interaction graph (#18)."""

from __future__ import annotations

import json

import pytest

import ftplanner as ftp
from ftplanner.errors import SpecError
from tests.conftest import DATA

PROGRAMS = DATA / "programs"
MACHINE = "name: from-program\nhardware:\n  error_rates: {two_qubit: 1.0e-3}\nmodules: {count: 2}\n"


def write(tmp_path, workload: str):
    (tmp_path / "adder.qasm").write_text((PROGRAMS / "cuccaro_adder.qasm").read_text())
    path = tmp_path / "arch.yaml"
    path.write_text(MACHINE + "workload:\n" + workload)
    return path


def test_the_program_fills_counts_and_depths(tmp_path):
    arch = ftp.load(write(tmp_path, "  program: adder.qasm\n"))
    workload = arch.workload
    assert workload.logical_counts.model_dump() == dict(numQubits=10, tCount=0, rotationCount=0, rotationDepth=0,
                                                        cczCount=8, ccixCount=0, measurementCount=5)
    assert (workload.t_depth, workload.reaction_depth) == (8, 8)
    assert workload.program == str((tmp_path / "adder.qasm").resolve())


def test_the_plan_partitions_the_programs_graph(tmp_path):
    plan = ftp.estimate(write(tmp_path, "  program: adder.qasm\n"))
    assert plan.reaction_depth == 8
    traffic = plan.to_dict()
    assert "adder.qasm" in json.dumps(traffic)  # the traffic source names the program


def test_given_depths_win(tmp_path):
    workload = ftp.load(write(tmp_path, "  program: adder.qasm\n  t_depth: 3\n")).workload
    assert (workload.t_depth, workload.reaction_depth) == (3, 8)


@pytest.mark.parametrize("extra, message", [
    ("  logical_counts: {numQubits: 3}\n", "arch.yaml:6: workload.program: give program or logical_counts, not both"),
    ("  cross_module_fraction: 0.5\n", "give program or cross_module_fraction, not both"),
])
def test_one_source_of_counts(tmp_path, extra, message):
    with pytest.raises(SpecError, match=message):
        ftp.load(write(tmp_path, "  program: adder.qasm\n" + extra))


def test_a_bad_program_is_located_in_the_program(tmp_path):
    (tmp_path / "bad.qasm").write_text('OPENQASM 2.0;\ninclude "qelib1.inc";\nqreg q[2];\nfoo q[0];\n')
    with pytest.raises(SpecError) as caught:
        ftp.load(write(tmp_path, "  program: bad.qasm\n"))
    assert str(caught.value) == f"{(tmp_path / 'bad.qasm').resolve()}:4: unknown gate 'foo': define it in the program " \
                                "(gate foo ... { ... })"


def test_a_missing_program_is_located_in_the_architecture(tmp_path, run):
    path = write(tmp_path, "  program: nowhere.qasm\n")
    result = run("validate", path)
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}:6: workload.program: no such file: {(tmp_path / 'nowhere.qasm').resolve()}"


def test_counts_prints_azure_field_names(run):
    result = run("counts", PROGRAMS / "qft4.qasm")
    assert result.exit_code == 0
    assert json.loads(result.output) == dict(numQubits=4, tCount=9, rotationCount=9, rotationDepth=7, cczCount=0,
                                             ccixCount=0, measurementCount=4, t_depth=11, reaction_depth=11)
