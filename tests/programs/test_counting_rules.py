"""Programs counted by hand (tests/data/programs, counts in each file's header) and the counting rules one by one (#18)."""

from __future__ import annotations

import math

import pytest

from ftplanner.programs.counter import ROTATION, T, angle_kind
from ftplanner.programs.interaction import read_interaction_graph
from ftplanner.programs.qasm import count_qasm
from ftplanner.programs.read import count_program
from tests.conftest import DATA

PROGRAMS = DATA / "programs"

HAND_COUNTED = {  # derived gate by gate in each file's header comment (and in the README's counting rules)
    "cuccaro_adder.qasm": dict(numQubits=10, tCount=0, rotationCount=0, rotationDepth=0, cczCount=8, ccixCount=0,
                               measurementCount=5, t_depth=8, reaction_depth=8),
    "qft4.qasm": dict(numQubits=4, tCount=9, rotationCount=9, rotationDepth=7, cczCount=0, ccixCount=0,
                      measurementCount=4, t_depth=11, reaction_depth=11),
    "toffoli_ladder.qasm": dict(numQubits=7, tCount=2, rotationCount=0, rotationDepth=0, cczCount=3, ccixCount=0,
                                measurementCount=3, t_depth=4, reaction_depth=6),
}

HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\n'


def counts(body: str, head: str = HEAD) -> dict:
    return count_qasm("p.qasm", head + body).result().to_dict()


@pytest.mark.parametrize("name", sorted(HAND_COUNTED))
def test_hand_counted_programs_exactly(name):
    assert count_program(PROGRAMS / name).to_dict() == HAND_COUNTED[name]


def test_the_adders_interaction_graph_is_the_circuit_files():
    """The program's graph weighs call sites as `workload.circuit_file` does: the same graph from both readers."""
    program = count_program(PROGRAMS / "cuccaro_adder.qasm").interactions
    circuit = read_interaction_graph(PROGRAMS / "cuccaro_adder.qasm")
    assert sorted(program.graph.edges(data="weight")) == sorted(circuit.graph.edges(data="weight"))
    assert program.two_qubit_gates == circuit.two_qubit_gates == 9  # 8 MAJ/UMA calls and one CNOT
    assert sum(w for *_, w in program.graph.edges(data="weight")) == 4 * 2 * 3 + 1


@pytest.mark.parametrize("theta, kind", [(math.pi / 4, T), (-math.pi / 4, T), (3 * math.pi / 4, T), (7 * math.pi / 4, T),
                                         (0.1, ROTATION), (math.pi / 8, ROTATION), (math.nan, ROTATION)])
def test_non_clifford_angles(theta, kind):
    assert angle_kind(theta) == kind


@pytest.mark.parametrize("body, expected", [
    ("rz(pi/4) q[0]; rx(-pi/4) q[1]; ry(3*pi/4) q[0]; tdg q[1];", dict(tCount=4, rotationCount=0)),
    ("rz(pi/2) q[0]; rz(pi) q[1]; s q[0]; sdg q[0]; h q[1]; sx q[0]; cx q[0], q[1]; swap q[0], q[1];",
     dict(tCount=0, rotationCount=0)),
    ("rz(0.1) q[0]; p(0.2) q[1]; u1(0.3) q[0];", dict(rotationCount=3)),
    ("u(0.1, 0.2, 0.3) q[0];", dict(rotationCount=3, rotationDepth=3)),  # rz ry rz on one qubit, in sequence
    ("u(pi/2, 0, pi) q[0];", dict(rotationCount=0, tCount=0)),  # H
    ("u2(0.2, 0.3) q[0];", dict(rotationCount=2)),  # its ry(pi/2) is a Clifford
    ("crz(0.3) q[0], q[1]; crx(0.3) q[0], q[1]; cry(0.3) q[0], q[1];", dict(rotationCount=6)),
    ("cp(pi/2) q[0], q[1];", dict(tCount=3, rotationCount=0)),
    ("ctrl @ rz(0.3) q[0], q[1];", dict(rotationCount=2)),
    ("ctrl @ s q[0], q[1]; ch q[0], q[1];", dict(tCount=5)),
    ("ccx q[0], q[1], q[2]; ccz q[0], q[1], q[2]; ctrl @ ctrl @ x q[0], q[1], q[2]; cswap q[0], q[1], q[2];",
     dict(cczCount=4, tCount=0)),
    ("rzz(0.3) q[0], q[1]; rxx(0.3) q[0], q[1]; ryy(0.3) q[0], q[1];", dict(rotationCount=3)),
    ("inv @ t q[0]; pow(3) @ t q[1]; pow(0.5) @ rz(0.2) q[2];", dict(tCount=4, rotationCount=1)),
    ("bit[3] c; c[0] = measure q[0]; measure q[1] -> c[1]; measure q[2]; reset q[0]; barrier q;",
     dict(measurementCount=3, tCount=0)),
])
def test_rules(body, expected):
    result = counts("qubit[3] q;\n" + body)
    assert {key: result[key] for key in expected} == expected


def test_a_marked_and_gate_counts_as_ccix():
    assert counts("qubit[3] q;\nccix q[0], q[1], q[2];\n") | {} == dict(
        numQubits=3, tCount=0, rotationCount=0, rotationDepth=0, cczCount=0, ccixCount=1, measurementCount=0, t_depth=1,
        reaction_depth=1)


def test_num_qubits_counts_the_qubits_used():
    assert counts("qubit[100] q;\nt q[3];\ncx q[3], q[7];\n")["numQubits"] == 2


def test_depths_schedule_as_soon_as_possible():
    # four T on distinct qubits: one layer; a T chain on one qubit: one layer each; a CNOT carries the order over
    assert counts("qubit[4] q;\nt q[0]; t q[1]; t q[2]; t q[3];\n")["t_depth"] == 1
    assert counts("qubit[1] q;\nt q[0]; t q[0]; t q[0];\n")["t_depth"] == 3
    assert counts("qubit[2] q;\nt q[0]; cx q[0], q[1]; t q[1];\n")["t_depth"] == 2
    # rotation layers: the T layer between two rotations does not count in rotationDepth
    chain = counts("qubit[1] q;\nrz(0.1) q[0]; t q[0]; rz(0.2) q[0];\n")
    assert (chain["rotationDepth"], chain["t_depth"]) == (2, 3)


def test_feed_forward_adds_a_reaction_per_decoded_measurement():
    body = "qubit[2] q;\nbit c;\nt q[0];\nc = measure q[0];\nif (c) t q[1];\n"
    result = counts(body)
    # the conditioned T waits for q[0]'s T, then for the measurement's decoding: t_depth 2, reactions 3
    assert (result["t_depth"], result["reaction_depth"], result["tCount"]) == (2, 3, 2)
    old_style = counts("qreg q[2];\ncreg c[1];\nt q[0];\nmeasure q[0] -> c[0];\nif (c==1) t q[1];\n",
                       'OPENQASM 2.0;\ninclude "qelib1.inc";\n')
    assert old_style == result


def test_both_branches_are_counted():
    result = counts("qubit[2] q;\nbit c;\nc = measure q[0];\nif (c) {\n  t q[1];\n} else {\n  rz(0.1) q[1];\n}\n")
    assert (result["tCount"], result["rotationCount"]) == (1, 1)


def test_loops_and_gates_are_counted_without_unrolling(tmp_path):
    body = ("qubit[2] q;\ngate tt a, b { t a; cx a, b; t b; }\n"
            "for int i in [0:99999] {\n  tt q[0], q[1];\n  rz(0.25 * (i + 1)) q[1];\n  cx q[1], q[0];\n}\n")
    result = count_qasm("p.qasm", HEAD + body).result()
    assert (result.t_count, result.rotation_count) == (200_000, 100_000)
    # each iteration: T on q[0], then (after the CNOT) T and the rotation on q[1], then a CNOT joining them again
    assert result.t_depth == 300_000 and result.reaction_depth == 300_000 and result.rotation_depth == 100_000
    assert result.interactions.graph[("q", 0)][("q", 1)]["weight"] == 200_000


def test_loop_ranges_sets_and_constants():
    result = counts("const int n = 3;\nqubit[4] q;\nfor uint i in [0:2:n] { t q[i]; }\nfor i in {1, 3} { rz(0.1) q[i]; }\n")
    assert (result["tCount"], result["rotationCount"], result["t_depth"]) == (2, 2, 1)


def test_subroutines_take_qubits_and_angles():
    result = counts("qubit[3] q;\ndef rot(qubit a, angle theta) { rz(theta) a; }\nrot(q[0], 0.1);\nrot(q[1], pi/4);\n")
    assert (result["rotationCount"], result["tCount"], result["numQubits"]) == (1, 1, 2)


def test_unknown_angles_count_as_rotations():
    assert counts("input angle theta;\nqubit q;\nrz(theta) q;\nrz(theta/2) q;\n")["rotationCount"] == 2


def test_comments_and_statements_over_lines():
    body = "qubit[2] q; /* a comment\nover lines; t q[0]; */ t q[1]; // t q[0];\ncx q[0],\n   q[1];\n"
    result = counts(body)
    assert (result["tCount"], result["numQubits"]) == (1, 2)
