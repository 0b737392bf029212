"""A representative circuit's interaction graph, read from OpenQASM 2 or 3.

Only what locality needs is read: qubit registers (`qreg q[n];`, `qubit[n] q;`, `qubit q;`)
and every gate applied to two or more qubits (`cx q[0], q[1];`, `ccx a[1], a[2], b[0];`, a
whole-register operand such as `cx a, b;` pairs the registers index by index). Each such gate
adds weight 1 to every pair of qubits it touches. Declarations (`gate`, `def`) are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import networkx as nx

_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_QREG2 = re.compile(r"^qreg\s+(\w+)\s*\[\s*(\d+)\s*\]$")
_QREG3 = re.compile(r"^qubit(?:\s*\[\s*(\d+)\s*\])?\s+(\w+)$")
_OPERAND = re.compile(r"^(\w+)(?:\s*\[\s*(\d+)\s*\])?$")
_MODIFIERS = re.compile(r"^(?:(?:ctrl|negctrl|inv|pow)(?:\s*\([^)]*\))?\s*@\s*)+")
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
    line, depth, start_line, buf = 1, 0, 1, []
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
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


def read_interaction_graph(path: str | Path) -> InteractionGraph:
    """Parse `path` and return its interaction graph; CircuitError on anything unreadable."""
    path = Path(path)
    try:
        text = path.read_text()
    except (OSError, UnicodeDecodeError) as exc:
        raise CircuitError(f"{path}:1: cannot read circuit: {exc}") from None
    registers: dict[str, int] = {}
    graph = nx.Graph()
    gates = 0
    for line, stmt in _statements(text):
        if not stmt or stmt.split()[0].split("[")[0] in _SKIP or stmt.startswith(("gate ", "def ")):
            continue
        if m := _QREG2.match(stmt):
            registers[m.group(1)] = int(m.group(2))
            continue
        if m := _QREG3.match(stmt):
            registers[m.group(2)] = int(m.group(1) or 1)
            continue
        if "=" in stmt.split("(")[0]:  # an OpenQASM 3 assignment, e.g. c[0] = measure q[0]
            continue
        operands = [_operand(op.strip(), registers, path, line) for op in _operand_text(stmt).split(",") if op.strip()]
        if len(operands) < 2:
            continue
        width = max(len(o) for o in operands)
        for k in range(width):
            touched = [o[k] if len(o) > 1 else o[0] for o in operands]
            for a, b in combinations(set(touched), 2):
                weight = graph.get_edge_data(a, b, {"weight": 0})["weight"]
                graph.add_edge(a, b, weight=weight + 1)
            gates += 1
    if not registers:
        raise CircuitError(f"{path}:1: no qubit register declared (qreg or qubit)")
    graph.add_nodes_from((name, i) for name, size in registers.items() for i in range(size))
    return InteractionGraph(graph=graph, qubits=graph.number_of_nodes(), two_qubit_gates=gates, source=str(path))


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
    m = _OPERAND.match(text)
    if not m or m.group(1) not in registers:
        raise CircuitError(f"{path}:{line}: unknown qubit operand {text!r}")
    name, index = m.group(1), m.group(2)
    if index is None:
        return [(name, i) for i in range(registers[name])]
    if int(index) >= registers[name]:
        raise CircuitError(f"{path}:{line}: {text} is outside register {name}[{registers[name]}]")
    return [(name, int(index))]
