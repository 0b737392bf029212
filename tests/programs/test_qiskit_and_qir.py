"""Qiskit circuits and QIR are counted by the same rules as OpenQASM (#18; the `programs` extra)."""

from __future__ import annotations

import math

import pytest

import ftplanner as ftp
from ftplanner.programs.read import count_program
from tests.conftest import DATA

PROGRAMS = DATA / "programs"
MACHINE = {"name": "circuit", "hardware": {"error_rates": {"two_qubit": 1e-3}}, "modules": {"count": 2},
           "workload": {"logical_counts": {"numQubits": 1}}}


@pytest.mark.parametrize("name", ["qft4", "toffoli_ladder"])
def test_qir_counts_as_its_openqasm(name):
    pytest.importorskip("pyqir")
    assert count_program(PROGRAMS / f"{name}.ll").to_dict() == count_program(PROGRAMS / f"{name}.qasm").to_dict()


def qft(n: int):
    qiskit = pytest.importorskip("qiskit")
    circuit = qiskit.QuantumCircuit(n, n, name="qft")
    for j in range(n):
        circuit.h(j)
        for k in range(j + 1, n):
            circuit.cp(math.pi / 2 ** (k - j), k, j)
    for j in range(n // 2):
        circuit.swap(j, n - 1 - j)
    circuit.measure(range(n), range(n))
    return circuit


def test_a_qiskit_circuit_counts_as_its_openqasm():
    from ftplanner.programs.read import count_circuit_object

    _, counts = count_circuit_object(qft(4))
    assert counts.to_dict() == count_program(PROGRAMS / "qft4.qasm").to_dict()


def test_load_plans_from_a_quantum_circuit():
    arch = ftp.load(MACHINE, program=qft(4))
    assert arch.workload.logical_counts.tCount == 9 and arch.workload.t_depth == 11
    plan = ftp.estimate(arch)
    assert plan.reaction_depth == 11
    # the circuit's 8 two-qubit gates (6 cp, 2 swaps) are what the two modules are partitioned on
    assert plan.to_dict()["network"]["traffic_source"].startswith("circuit <QuantumCircuit qft #")
    assert ": 4 qubits, 8 multi-qubit gates" in plan.to_dict()["network"]["traffic_source"]


def test_qiskit_control_flow_and_definitions():
    qiskit = pytest.importorskip("qiskit")
    from ftplanner.programs.read import count_circuit_object

    inner = qiskit.QuantumCircuit(3, name="and_then_t")
    inner.ccx(0, 1, 2)
    inner.t(2)
    circuit = qiskit.QuantumCircuit(4, 1)
    circuit.t(0)
    circuit.measure(0, 0)
    with circuit.if_test((circuit.clbits[0], 1)):
        circuit.t(1)  # waits for q[0]'s T and the decoding of its measurement: 3 reactions
    with circuit.for_loop(range(3)):
        circuit.rz(0.2, 2)  # three rotations in sequence: layers 0, 1, 2
    circuit.append(inner.to_gate(), [0, 2, 3])  # a name the gate table does not know: counted through its definition
    counts = count_circuit_object(circuit)[1]
    assert counts.to_dict() == dict(numQubits=4, tCount=3, rotationCount=3, rotationDepth=3, cczCount=1, ccixCount=0,
                                    measurementCount=1, t_depth=5, reaction_depth=5)
    while_circuit = qiskit.QuantumCircuit(1, 1)
    with while_circuit.while_loop((while_circuit.clbits[0], 0)):
        while_circuit.x(0)
    with pytest.raises(ftp.SpecError, match="while_loop: its trip count or case is known only when the circuit runs"):
        ftp.load(MACHINE, program=while_circuit)


def test_openqasm_3_beyond_the_reader_goes_to_qiskit(tmp_path):
    pytest.importorskip("qiskit_qasm3_import")
    path = tmp_path / "p.qasm"
    path.write_text('OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[2] q;\nlet a = q[0:1];\nt a[0];\ncx q[0], q[1];\n')
    counts = count_program(path)
    assert (counts.t_count, counts.num_qubits, counts.t_depth) == (1, 2, 1)
