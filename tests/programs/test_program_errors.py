"""Bad programs are one line, FILE:LINE: message, and exit 2 from the command line (#18)."""

from __future__ import annotations

import builtins

import pytest

from ftplanner.errors import ProgramError
from ftplanner.programs import read
from ftplanner.programs.read import count_program

HEAD = 'OPENQASM 3.0;\ninclude "stdgates.inc";\nqubit[3] q;\n'


@pytest.mark.parametrize("body, line, message", [
    ("t q[0];\nfoo q[1];\n", 5, "unknown gate 'foo': define it in the program"),
    ("t q[0]\nh q[1];\n", 4, "cannot read the expression"),  # a missing ';' joins two lines into one statement
    ("t q[5];\n", 4, "q[5] is outside q[3]"),
    ("cx q[0], r[1];\n", 4, "unknown qubit operand 'r[1]'"),
    ("ctrl @ ctrl @ h q[0], q[1], q[2];\n", 4, "ctrl @ h with 2 control(s) has no Clifford+T decomposition here"),
    ("pow(0.5) @ t q[0];\n", 4, "pow(0.5) @ t: only whole powers, or any power of a rotation, can be counted"),
    ("rz(1, 2) q[0];\n", 4, "gate rz takes 1 parameter(s), got 2"),
    ("cx q[0], q[0];\n", 4, "gate cx is applied to the same qubit twice"),
    ("bit c;\nc = measure q[0];\nwhile (c) {\n  x q[0];\n}\n", 6, "OpenQASM 3 'while' is outside what ftplanner's reader"),
    ("x q[0];\n}\n", 5, "'}' closes no '{'"),
    ("for int i in [0:3] {\n  t q[i];\n", 4, "'{' is never closed"),
    ("t q[0];\nh q[1]", 5, "the last statement, 'h q[1]', has no ';'"),
    ('include "mine.inc";\n', 4, "include 'mine.inc': only qelib1.inc and stdgates.inc are known"),
    ("rz(sin(0.1, 0.2) q[0];\n", 4, "unbalanced parentheses"),
    ("rz(__import__('os')) q[0];\n", 4, "unknown function"),
])
def test_bad_programs_name_file_and_line(tmp_path, body, line, message, monkeypatch):
    monkeypatch.setattr(builtins, "__import__", _without("qiskit_qasm3_import"))
    path = tmp_path / "p.qasm"
    path.write_text(HEAD + body)
    with pytest.raises(ProgramError) as caught:
        count_program(path)
    assert str(caught.value).startswith(f"{path}:{line}: {' '.join(message.split())}")
    assert "\n" not in str(caught.value)


def _without(name: str):
    real = builtins.__import__

    def fake(module, *args, **kwargs):
        if module == name or module.startswith(name + "."):
            raise ImportError(f"No module named {name!r}")
        return real(module, *args, **kwargs)

    return fake


def test_a_construct_beyond_the_reader_asks_for_the_extra(tmp_path, monkeypatch):
    monkeypatch.setattr(builtins, "__import__", _without("qiskit_qasm3_import"))
    path = tmp_path / "p.qasm"
    path.write_text(HEAD + "let a = q[0:1];\n")
    with pytest.raises(ProgramError, match=r"p.qasm:4: OpenQASM 3 'let' is outside what ftplanner's reader counts; to read it "
                                           r"with qiskit-qasm3-import: pip install 'ftplanner\[programs\]'$"):
        count_program(path)


def test_qir_without_pyqir_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(builtins, "__import__", _without("pyqir"))
    path = tmp_path / "p.ll"
    path.write_text("; empty\n")
    with pytest.raises(ProgramError, match=r"p.ll:1: reading QIR needs pyqir: pip install 'ftplanner\[programs\]'$"):
        count_program(path)


def test_unknown_suffix_and_size_limit(tmp_path, monkeypatch):
    with pytest.raises(ProgramError, match=r"unknown program type '.txt': expected .qasm \(OpenQASM 2 or 3\), .ll or .bc"):
        count_program(tmp_path / "p.txt")
    path = tmp_path / "p.qasm"
    path.write_text(HEAD + "t q[0];\n" * 100)
    monkeypatch.setattr(read, "MAX_PROGRAM_BYTES", 500)
    with pytest.raises(OSError, match=r"p.qasm is .* input files may be at most"):
        count_program(path)


def test_the_command_line_prints_one_line_and_exits_2(run, tmp_path):
    path = tmp_path / "p.qasm"
    path.write_text(HEAD + "t q[0];\nfoo q[1];\n")
    result = run("counts", path)
    assert result.exit_code == 2
    assert result.output.strip() == f"{path}:5: unknown gate 'foo': define it in the program (gate foo ... {{ ... }})"
