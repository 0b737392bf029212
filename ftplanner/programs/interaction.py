"""A representative circuit's interaction graph, read from OpenQASM 2 or 3.

Only what locality needs is read: qubit registers (`qreg q[n];`, `qubit[n] q;`, `qubit q;`)
and every gate applied to two or more qubits (`cx q[0], q[1];`, `ccx a[1], a[2], b[0];`, a
whole-register operand such as `cx a, b;` pairs the registers index by index). Each such gate
adds weight 1 to every pair of qubits it touches. Declarations (`gate`, `def`) are skipped.

Limits (CircuitError naming the line): at most MAX_QUBITS qubits per register and in all, and at
most MAX_GATE_APPLICATIONS multi-qubit gate applications after whole-register operands are
expanded, so that a short file cannot ask for unbounded memory or time; braces must balance.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_QREG2 = re.compile(r"^qreg\s+(\w+)\s*\[\s*(\d+)\s*\]$")
_QREG3 = re.compile(r"^qubit(?:\s*\[\s*(\d+)\s*\])?\s+(\w+)$")
_OPERAND = re.compile(r"^(\w+)(?:\s*\[\s*(\d+)\s*\])?$")
_MODIFIERS = re.compile(r"^(?:(?:ctrl|negctrl|inv|pow)(?:\s*\([^)]*\))?\s*@\s*)+")
MAX_QUBITS = 1_000_000  # per register and in all registers together
MAX_GATE_APPLICATIONS = 1_000_000  # multi-qubit gates, whole-register operands counted index by index
_SKIP = ("OPENQASM", "include", "creg", "bit", "measure", "barrier", "reset", "input", "output", "const", "let")


class CircuitError(ValueError):
    """The circuit file cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class InteractionGraph:
    """Qubits and weighted pairwise interactions of a circuit."""

    graph: nx.Graph
    qubits: int
    two_qubit_gates: int
    source: str


def _statements(text: str):
    """(line number, statement) for each ';'-terminated statement outside gate/def bodies."""
    text = _COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)
    line, depth, start_line, buf, opened = 1, 0, 1, [], []
    for ch in text:
        if ch == "{":
            depth += 1
            opened.append(line)
        elif ch == "}":
            if depth == 0:
                raise _BraceError(line, "'}' closes no '{' (the rest of the circuit would be dropped)")
            depth -= 1
            opened.pop()
            buf = [] if depth == 0 else buf
        elif ch == ";" and depth == 0:
            yield start_line, "".join(buf).strip()
            buf = []
        elif depth == 0:
            if not "".join(buf).strip():
                start_line = line
            buf.append(ch)
        if ch == "\n":
            line += 1
    if opened:
        raise _BraceError(opened[0], "'{' is never closed (the rest of the circuit would be dropped)")


class _BraceError(Exception):
    """Unbalanced braces at `line` (turned into a CircuitError naming the file)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def read_interaction_graph(path: str | Path) -> InteractionGraph:
    """Parse `path` and return its interaction graph; CircuitError on anything unreadable."""
    path = Path(path)
    try:
        text = path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise CircuitError(f"{path}:1: cannot read circuit: {exc}") from None
    try:
        return _read(text, path)
    except _BraceError as exc:
        raise CircuitError(f"{path}:{exc.line}: {exc}") from None


def _declare(registers: dict[str, int], name: str, size: int, path: Path, line: int) -> None:
    """Add a register of `size` qubits, within MAX_QUBITS for it and for all registers together."""
    if size > MAX_QUBITS:
        raise CircuitError(f"{path}:{line}: register {name} of {size:,} qubits is beyond the limit of "
                           f"{MAX_QUBITS:,} qubits per register")
    total = sum(n for other, n in registers.items() if other != name) + size
    if total > MAX_QUBITS:
        raise CircuitError(f"{path}:{line}: register {name} brings the circuit to {total:,} qubits, beyond the "
                           f"limit of {MAX_QUBITS:,} qubits in all")
    registers[name] = size


def _read(text: str, path: Path) -> InteractionGraph:
    """The interaction graph of circuit text `text` (read from `path`, named in errors)."""
    registers: dict[str, int] = {}
    weights: Counter = Counter()
    gates = 0
    for line, stmt in _statements(text):
        if not stmt or stmt.split()[0].split("[")[0] in _SKIP or stmt.startswith(("gate ", "def ")):
            continue
        if m := _QREG2.match(stmt):
            _declare(registers, m.group(1), int(m.group(2)), path, line)
            continue
        if m := _QREG3.match(stmt):
            _declare(registers, m.group(2), int(m.group(1) or 1), path, line)
            continue
        if "=" in stmt.split("(")[0]:  # an OpenQASM 3 assignment, e.g. c[0] = measure q[0]
            continue
        operands = [_operand(op.strip(), registers, path, line) for op in _operand_text(stmt).split(",") if op.strip()]
        if len(operands) < 2:
            continue
        width = max(len(o) for o in operands)
        if gates + width > MAX_GATE_APPLICATIONS:
            raise CircuitError(f"{path}:{line}: more than {MAX_GATE_APPLICATIONS:,} multi-qubit gate applications "
                               f"(whole-register operands count once per qubit): the limit of a circuit file")
        _add_interactions(weights, operands, width)
        gates += width
    if not registers:
        raise CircuitError(f"{path}:1: no qubit register declared (qreg or qubit)")
    import networkx as nx  # imported by the reading of a circuit, not with the planner

    graph = nx.Graph()
    graph.add_weighted_edges_from((a, b, w) for (a, b), w in weights.items())  # edges first: the node order of before
    graph.add_nodes_from((name, i) for name, size in registers.items() for i in range(size))
    return InteractionGraph(graph=graph, qubits=graph.number_of_nodes(), two_qubit_gates=gates, source=str(path))


def _add_interactions(weights: Counter, operands: list[list[tuple[str, int]]], width: int) -> None:
    """Add 1 to every pair each of the gate's `width` applications touches (a one-qubit operand takes part in
    every application, a register operand index by index); a pair keeps the first orientation seen."""
    columns = [o if len(o) > 1 else o * width for o in operands]
    for touched in zip(*columns):
        for a, b in combinations(dict.fromkeys(touched), 2):
            if (b, a) in weights:
                weights[b, a] += 1
            else:
                weights[a, b] += 1


def _operand_text(stmt: str) -> str:
    """The operands of a gate statement: what follows its modifiers, name and parameters."""
    stmt = _MODIFIERS.sub("", stmt)
    depth = 0
    for i, ch in enumerate(stmt):
        depth += (ch == "(") - (ch == ")")
        if ch.isspace() and depth == 0:
            return stmt[i:].strip()
    return ""


def _operand(text: str, registers: dict[str, int], path: Path, line: int) -> list[tuple[str, int]]:
    """The qubits of one operand: a register's qubit, or (no index) every qubit of the register."""
    m = _OPERAND.match(text)
    if not m or m.group(1) not in registers:
        raise CircuitError(f"{path}:{line}: unknown qubit operand {text!r}")
    name, index = m.group(1), m.group(2)
    if index is None:
        return [(name, i) for i in range(registers[name])]
    if int(index) >= registers[name]:
        raise CircuitError(f"{path}:{line}: {text} is outside register {name}[{registers[name]}]")
    return [(name, int(index))]
