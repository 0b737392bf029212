"""Plain lines are counted a chunk at a time (issue #18): the same counts as statement by statement, and the
same lines in errors."""

from __future__ import annotations

import random
import tracemalloc

import pytest

from ftplanner.errors import ProgramError
from ftplanner.programs import counter, qasm
from ftplanner.programs.qasm import count_qasm

HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[4] q;\nqubit[2] r;\nbit[4] c;\nfloat theta = 0.3;\n'
GATES = ["h {a}", "s {a}", "x {b}", "t {a}", "tdg {b}", "rz(pi/4) {a}", "rz(pi/2) {b}", "rz(theta) {a}", "ry(0.7) {b}",
         "cx {a}, {b}", "cz {b}, {a}", "swap {a}, {b}", "ccx {a}, {b}, {c}", "ccix {a}, {b}, {c}", "cp(pi/8) {a}, {c}",
         "u3(0.1, 0.2, 0.3) {c}", "measure {a} -> c[{i}]", "c[{i}] = measure {b}", "measure {c}", "reset {a}",
         "barrier {a}, {b}", "h r", "cx q[{i}], r", "rz(theta) {b}", "cp(theta) {a}, {b}"]
RARE = ["if (c[{i}] == 1) t {b}", "if (c[{i}] == 1) h {a}", "if (c == 3) cx {a}, {c}",  # never kept: read each time
        "theta = theta + pi/4", "theta = pi/2", "theta = 0.3"]  # theta: a T, a Clifford or a rotation


def random_statements(seed: int, statements: int = 3000) -> list[str]:
    """A mixed program drawn from 60 statements on 6 qubits, so that statements repeat many times between the
    rare ones that are read each time or change what an angle means."""
    rng = random.Random(seed)
    qubits = [f"q[{i}]" for i in range(4)] + ["r[0]", "r[1]"]

    def draw(templates):
        a, b, c = rng.sample(qubits, 3)
        return rng.choice(templates).format(a=a, b=b, c=c, i=rng.randrange(4))

    pool = [draw(GATES) for _ in range(60)]
    return [draw(RARE) if rng.random() < 0.03 else rng.choice(pool) for _ in range(statements)]


def plain(statements: list[str], rng: random.Random) -> str:
    """Statements on plain lines: one or several a line, some over two lines, blank lines between."""
    text, k = [], 0
    while k < len(statements):
        many = rng.choice([1, 1, 1, 2, 3])
        line = " ".join(f"{s};" for s in statements[k:k + many])
        k += many
        if rng.random() < 0.05 and " " in line:
            line = line.replace(" ", "\n   ", 1)
        text.append(line + ("\n" if rng.random() < 0.9 else "\n\n"))
    return "".join(text)


def summary(text: str, path) -> tuple:
    path.write_text(text)
    counts = count_qasm(path).result()
    edges = sorted((a, b, w["weight"]) for a, b, w in counts.interactions.graph.edges(data=True))
    return counts.to_dict(), counts.operations, counts.interactions.two_qubit_gates, edges


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_plain_lines_count_as_statements_one_by_one(tmp_path, monkeypatch, seed):
    statements = random_statements(seed)
    # in a box, every statement goes through the tokenizer and the general reader, one at a time, never kept
    general = summary(HEAD + "".join(f"box {{\n{s};\n}}\n" for s in statements), tmp_path / "general.qasm")
    body = plain(statements, random.Random(seed))
    text = HEAD + body
    assert general[0]["tCount"] > 0 and general[0]["rotationDepth"] > 0 and general[0]["reaction_depth"] > 0
    assert summary(text, tmp_path / "plain.qasm") == general
    monkeypatch.setattr(qasm, "CHUNK_BYTES", 97)  # chunks cut in the middle of statements, windows of a few
    monkeypatch.setattr(qasm, "PLAIN_WINDOW", 5)
    assert summary(text, tmp_path / "small.qasm") == general
    assert summary(HEAD + body.replace("\n", " "), tmp_path / "one_line.qasm") == general


BIG = HEAD + "// the statements below are plain lines\n" + "h q[0]; cx q[0], q[1];\nt q[2];\n" * 30_000


@pytest.mark.parametrize("tail, line, message", [
    ("ccx q[0], q[1],\n  q[3];\nt q[9];\n", 60010, "q[9] is outside q[4]"),
    ("/* a comment\nover lines */ t q[1];\nfoo q[1];\n", 60010, "unknown gate 'foo'"),
    ("h q[1]; h q[2]; cx q[1], r[5];\n", 60008, "r[5] is outside r[2]"),
])
def test_an_error_deep_in_a_chunk_names_its_line(tmp_path, monkeypatch, tail, line, message):
    path = tmp_path / "p.qasm"
    path.write_text(BIG + tail + "t q[0];\n" * 1000)
    for chunk_bytes in (qasm.CHUNK_BYTES, 4096):
        monkeypatch.setattr(qasm, "CHUNK_BYTES", chunk_bytes)
        with pytest.raises(ProgramError) as caught:
            count_qasm(path)
        assert str(caught.value).startswith(f"{path}:{line}: {message}")


def test_the_operation_limit_names_the_statement_that_passes_it(tmp_path, monkeypatch):
    monkeypatch.setattr(counter, "MAX_OPERATIONS", 100_000)
    path = tmp_path / "p.qasm"
    path.write_text(HEAD + "cp(pi/8) q[0], q[1];\nt q[2];\n" * 20_000)  # 6 + 1 operations a two lines
    with pytest.raises(ProgramError) as caught:
        count_qasm(path)
    # 14,285 pairs of lines hold 99,995 operations; the next cp passes 100,000
    assert str(caught.value).startswith(f"{path}:{6 + 2 * 14_285 + 1}: more than 100,000 operations")


def test_a_byte_that_is_not_utf8_names_its_line(tmp_path):
    path = tmp_path / "p.qasm"
    path.write_bytes(BIG.encode() + b"t q[1];\nh q[\xff];\n")
    with pytest.raises(ProgramError, match=rf"p.qasm:{BIG.count(chr(10)) + 2}: not UTF-8 text"):
        count_qasm(path)


def test_a_conditioned_clifford_makes_the_next_gate_wait_for_the_measurement():
    """A one-qubit Clifford is free, but under a condition the qubit waits for the decoded bit."""
    body = "qubit[2] q;\nbit b;\nt q[0];\nb = measure q[0];\n{}t q[1];\n"
    waits = count_qasm("p.qasm", "OPENQASM 3.0;\n" + body.format("if (b) h q[1];\n")).result()
    free = count_qasm("p.qasm", "OPENQASM 3.0;\n" + body.format("h q[1];\n")).result()
    assert (waits.t_depth, waits.reaction_depth) == (2, 3)  # t q[1] after the layer of t q[0], and one reaction more
    assert (free.t_depth, free.reaction_depth) == (1, 1)


@pytest.mark.parametrize("end", ["\r\n", "\r"])
def test_other_line_ends_keep_the_lines(tmp_path, end):
    path = tmp_path / "p.qasm"
    path.write_bytes((BIG + "t q[1];\nt q[9];\n").replace("\n", end).encode())
    with pytest.raises(ProgramError, match=rf"p.qasm:{BIG.count(chr(10)) + 2}: q\[9\] is outside q\[4\]"):
        count_qasm(path)


def test_memory_stays_within_a_few_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(qasm, "CHUNK_BYTES", 2**16)
    path = tmp_path / "p.qasm"
    path.write_text(HEAD + "h q[0]; cx q[0], q[1];\nt q[2];\nrz(0.1) q[3];\n" * 120_000)  # 6 MB
    tracemalloc.start()
    try:
        counts = count_qasm(path).result()
        peak_bytes = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert counts.t_count == 120_000 and counts.rotation_count == 120_000
    assert peak_bytes < 2e6  # a 64 kB chunk, its statements and the 120,000 layers of rotation depth
