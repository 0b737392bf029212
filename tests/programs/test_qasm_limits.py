"""Circuit files cannot ask for unbounded qubits or gates, and unbalanced braces are errors (issue #17)."""

from __future__ import annotations

import time

import pytest

import ftplanner as ftp
from ftplanner.errors import SpecError
from ftplanner.programs import interaction
from ftplanner.programs.interaction import MAX_GATE_APPLICATIONS, MAX_QUBITS, CircuitError, read_interaction_graph

HEAD = 'OPENQASM 2.0;\ninclude "qelib1.inc";\n'


def read(tmp_path, body: str):
    path = tmp_path / "c.qasm"
    path.write_text(HEAD + body)
    return path, read_interaction_graph(path)


@pytest.mark.parametrize("body, line, message", [
    ("qreg q[100000000000];\n", 3, "register q of 100,000,000,000 qubits is beyond the limit of 1,000,000 qubits per register"),
    ("qreg a[30000000];\nqreg b[30000000];\ncx a, b;\n", 3, "register a of 30,000,000 qubits is beyond the limit"),
    ("qreg a[600000];\nqreg b[600000];\n", 4, "register b brings the circuit to 1,200,000 qubits, beyond the limit of "
                                              "1,000,000 qubits in all"),
    ("qreg q[3];\ncx q[0], q[1];\n}\ncx q[1], q[2];\n", 5, "'}' closes no '{' (the rest of the circuit would be dropped)"),
    ("qreg q[3];\ngate g a, b {\ncx a, b;\ncx q[1], q[2];\n", 4, "'{' is never closed"),
])
def test_limits_and_braces_name_the_line(tmp_path, body, line, message):
    started = time.perf_counter()
    with pytest.raises(CircuitError) as caught:
        read(tmp_path, body)
    assert str(caught.value).startswith(f"{tmp_path / 'c.qasm'}:{line}: {message}")
    assert time.perf_counter() - started < 5


def test_broadcast_gates_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(interaction, "MAX_GATE_APPLICATIONS", 2500)
    body = "qreg a[1000];\nqreg b[1000];\n" + "cx a, b;\n" * 3
    with pytest.raises(CircuitError, match=r"c.qasm:7: more than 2,500 multi-qubit gate applications \(whole-register "
                                           r"operands count once per qubit\): the limit of a circuit file$"):
        read(tmp_path, body)
    assert MAX_GATE_APPLICATIONS == 1_000_000 and MAX_QUBITS == 1_000_000


def test_a_broadcast_on_two_30_million_qubit_registers_is_refused_at_once(tmp_path):
    started = time.perf_counter()
    with pytest.raises(CircuitError, match=r":3: register a of 30,000,000 qubits"):
        read(tmp_path, "qreg a[30000000];\nqreg b[30000000];\ncx a, b;\n")
    assert time.perf_counter() - started < 2


def test_a_broadcast_within_the_limits_pairs_index_by_index(tmp_path):
    _, graph = read(tmp_path, "qreg a[1000];\nqreg b[1000];\ncx a, b;\ncx a[0], b[0];\n")
    assert graph.qubits == 2000 and graph.two_qubit_gates == 1001
    assert graph.graph[("a", 0)][("b", 0)]["weight"] == 2 and graph.graph.number_of_edges() == 1000


def test_the_architecture_reports_the_circuit_line(tmp_path):
    (tmp_path / "c.qasm").write_text(HEAD + "qreg q[100000000000];\n")
    path = tmp_path / "a.yaml"
    path.write_text("name: big\nhardware:\n  error_rates: {two_qubit: 1.0e-3}\nmodules: {count: 2}\n"
                    "workload:\n  logical_counts: {numQubits: 10, tCount: 1.0e+6}\n  circuit_file: c.qasm\n")
    with pytest.raises(SpecError) as caught:
        ftp.estimate(path)
    assert str(caught.value) == (f"{(tmp_path / 'c.qasm').resolve()}:3: register q of 100,000,000,000 qubits is "
                                 f"beyond the limit of 1,000,000 qubits per register")
