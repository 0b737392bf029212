"""The logical counts of the hand-counted programs agree with the Azure Resource Estimator's (#18).

Runs where the estimator's `qdk`/`qsharp` package is installed (the `bench` extra): its
`openqasm.estimate` counts the same OpenQASM 3 files. Only the conditioned operations of these
programs are Cliffords, so the estimator's counts do not depend on the measurement outcomes it
draws; t_depth and reaction_depth are ftplanner's own and not compared.
"""

from __future__ import annotations

import warnings

import pytest

from ftplanner.programs.read import count_program
from tests.conftest import DATA

PROGRAMS = ["cuccaro_adder.qasm", "qft4.qasm", "toffoli_ladder.qasm"]


def azure_estimate():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            from qdk.openqasm import estimate
        except ImportError:
            estimate = pytest.importorskip("qsharp.openqasm").estimate
    return estimate


@pytest.mark.parametrize("name", PROGRAMS)
def test_counts_agree_with_the_azure_estimator(name):
    estimate = azure_estimate()
    path = DATA / "programs" / name
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        azure = estimate(path.read_text())["logicalCounts"]
    assert count_program(path).logical_counts() == {key: azure[key] for key in count_program(path).logical_counts()}


def test_arbitrary_gates_agree(tmp_path):
    estimate = azure_estimate()
    path = tmp_path / "gates.qasm"
    path.write_text('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[3] q;\nbit[3] c;\n'
                    "u3(0.1, 0.2, 0.3) q[0];\nu2(0.2, 0.3) q[1];\ncrz(0.3) q[0], q[2];\ncry(0.4) q[1], q[2];\n"
                    "ch q[0], q[1];\ncs q[1], q[2];\nrzz(0.5) q[0], q[1];\ncswap q[0], q[1], q[2];\nrx(pi/4) q[2];\n"
                    "ctrl @ rz(0.6) q[2], q[0];\nc = measure q;\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        azure = estimate(path.read_text())["logicalCounts"]
    ours = count_program(path).logical_counts()
    assert ours == {key: azure[key] for key in ours}
