"""The gates a program may call: the primitives the counter knows, and the standard gates of
OpenQASM's qelib1.inc / stdgates.inc (and Qiskit's standard gates) as their textbook
decompositions into those primitives, written once below in OpenQASM itself.

Primitives: the one-qubit Cliffords (id, x, y, z, h, s, sdg, sx, sxdg), t and tdg, the
rotations rz, rx, ry (classified by angle: see `counter.angle_kind`), the multi-qubit Cliffords
(cx, cy, cz, swap, iswap, ecr, dcx) and ccx/ccz (a CCZ) and ccix (the AND gate, CCiX). A name
marks the operation: a program's own definition of a primitive's name is not expanded.
Decompositions (Nielsen & Chuang §4.3, qelib1.inc): u/u3 = rz ry rz, u2 = u3(π/2, ...), p/u1 = rz,
cp/cu1 = three rz (π/2 → three T), crz/crx/cry = two rotations, ch = two T, cs = three T,
rzz/rxx/ryy/rzx = one rotation, cswap = one CCZ, rccx = four T, cu3 = six rotations (the Azure
estimator counts eight: it controls each rotation of u3 and the phase separately).

`ctrl @` applies to the gates with a listed controlled form (`CONTROLLED`); `inv @` reverses a
gate (counts are unchanged), `pow(k) @` repeats it k times (a rotation's angle is multiplied).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ftplanner.programs.counter import CCIX, CCZ, CLIFFORD1, CLIFFORD2, T, angle_kind
from ftplanner.programs.expressions import ExpressionError, evaluate

CLIFFORD_1Q = frozenset({"id", "i", "x", "y", "z", "h", "s", "sdg", "sx", "sxdg"})
CLIFFORD_2Q = frozenset({"cx", "CX", "cnot", "cy", "cz", "swap", "iswap", "ecr", "dcx"})
ROTATIONS = frozenset({"rz", "rx", "ry"})
TOFFOLI = frozenset({"ccx", "ccz", "toffoli"})
NO_OPERATION = frozenset({"gphase", "global_phase", "delay"})

CONTROLLED = {  # (gate, number of controls) -> the controlled gate, controls first
    ("x", 1): "cx", ("x", 2): "ccx", ("cx", 1): "ccx", ("z", 1): "cz", ("z", 2): "ccz", ("cz", 1): "ccz", ("y", 1): "cy",
    ("h", 1): "ch", ("rz", 1): "crz", ("rx", 1): "crx", ("ry", 1): "cry", ("p", 1): "cp", ("u1", 1): "cp",
    ("phase", 1): "cp", ("s", 1): "cs", ("sdg", 1): "csdg", ("sx", 1): "csx", ("swap", 1): "cswap", ("u3", 1): "cu3",
    ("u", 1): "cu3", ("U", 1): "cu3", ("t", 1): "ct", ("tdg", 1): "ctdg",
}

LIBRARY = """
gate u3(theta, phi, lambda) q { rz(lambda) q; ry(theta) q; rz(phi) q; }
gate u(theta, phi, lambda) q { u3(theta, phi, lambda) q; }
gate U(theta, phi, lambda) q { u3(theta, phi, lambda) q; }
gate u2(phi, lambda) q { u3(pi/2, phi, lambda) q; }
gate u1(lambda) q { rz(lambda) q; }
gate p(lambda) q { rz(lambda) q; }
gate phase(lambda) q { rz(lambda) q; }
gate r(theta, phi) q { u3(theta, phi - pi/2, -phi + pi/2) q; }
gate cp(lambda) a, b { p(lambda/2) a; cx a, b; p(-lambda/2) b; cx a, b; p(lambda/2) b; }
gate cu1(lambda) a, b { cp(lambda) a, b; }
gate cphase(lambda) a, b { cp(lambda) a, b; }
gate ct a, b { cp(pi/4) a, b; }
gate ctdg a, b { cp(-pi/4) a, b; }
gate crz(theta) a, b { rz(theta/2) b; cx a, b; rz(-theta/2) b; cx a, b; }
gate cry(theta) a, b { ry(theta/2) b; cx a, b; ry(-theta/2) b; cx a, b; }
gate crx(theta) a, b { h b; crz(theta) a, b; h b; }
gate ch a, b { s b; h b; t b; cx a, b; tdg b; h b; sdg b; }
gate cs a, b { t a; t b; cx a, b; tdg b; cx a, b; }
gate csdg a, b { tdg a; tdg b; cx a, b; t b; cx a, b; }
gate csx a, b { h b; cs a, b; h b; }
gate rzz(theta) a, b { cx a, b; rz(theta) b; cx a, b; }
gate rxx(theta) a, b { h a; h b; rzz(theta) a, b; h a; h b; }
gate ryy(theta) a, b { sx a; sx b; rzz(theta) a, b; sxdg a; sxdg b; }
gate rzx(theta) a, b { h b; rzz(theta) a, b; h b; }
gate cu3(theta, phi, lambda) c, t {
  p((lambda+phi)/2) c; p((lambda-phi)/2) t; cx c, t; u3(-theta/2, 0, -(phi+lambda)/2) t; cx c, t; u3(theta/2, phi, 0) t;
}
gate cu(theta, phi, lambda, gamma) c, t { p(gamma) c; cu3(theta, phi, lambda) c, t; }
gate cswap a, b, c { cx c, b; ccx a, b, c; cx c, b; }
gate fredkin a, b, c { cswap a, b, c; }
gate rccx a, b, c { h c; t c; cx b, c; tdg c; cx a, c; t c; cx b, c; tdg c; h c; }
"""

MAX_NESTING = 64  # gate definitions calling gate definitions
MAX_POWER_OPERATIONS = 1_000_000  # operations one pow(k) @ gate may make (they are held in memory)


class GateError(ValueError):
    """A gate call that cannot be expanded; the message says why (the reader adds the file and line)."""


@dataclass(frozen=True)
class Call:
    """One gate call as written: modifiers (kind, argument text), name, parameter texts, operand texts."""

    modifiers: tuple[tuple[str, str], ...]
    name: str
    params: tuple[str, ...]
    operands: tuple[str, ...]


@dataclass(frozen=True)
class Definition:
    """A gate defined in OpenQASM: formal parameter and qubit names and the calls of its body."""

    name: str
    params: tuple[str, ...]
    qubits: tuple[str, ...]
    body: tuple[Call, ...]


_MODIFIER = re.compile(r"\s*(inv|pow|ctrl|negctrl)\s*(\(([^()]*(?:\([^()]*\)[^()]*)*)\))?\s*@")
_NAME = re.compile(r"\s*([A-Za-z_][\w]*)\s*")


def split_top(text: str, sep: str = ",") -> list[str]:
    """`text` split at `sep` outside (), [] and {}; empty parts dropped."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def closing_parenthesis(text: str, start: int) -> int:
    """Index of the ')' that closes the '(' at `start`, -1 if none does."""
    depth = 0
    for i in range(start, len(text)):
        depth += (text[i] == "(") - (text[i] == ")")
        if depth == 0:
            return i
    return -1


def parse_call(text: str) -> Call:
    """A gate call statement (without its ';') as a Call; GateError if it does not read as one."""
    modifiers, at = [], 0
    while m := _MODIFIER.match(text, at):
        modifiers.append((m.group(1), (m.group(3) or "").strip()))
        at = m.end()
    m = _NAME.match(text, at)
    if not m:
        raise GateError(f"cannot read {text.strip()!r} as a statement")
    name, at = m.group(1), m.end()
    params: list[str] = []
    if at < len(text) and text[at] == "(":
        end = closing_parenthesis(text, at)
        if end < 0:
            raise GateError(f"unbalanced parentheses in {text.strip()!r}")
        params, at = split_top(text[at + 1:end]), end + 1
    return Call(tuple(modifiers), name, tuple(params), tuple(split_top(text[at:])))


def parse_definitions(text: str) -> dict[str, Definition]:
    """The `gate name(params) qubits { body }` definitions of OpenQASM text (the library above)."""
    definitions = {}
    for header, body in re.findall(r"gate\s+([^{]*)\{([^}]*)\}", text):
        definition = parse_definition(header, [s for s in body.split(";") if s.strip()])
        definitions[definition.name] = definition
    return definitions


def parse_definition(header: str, body: list[str]) -> Definition:
    """A Definition from its header (`name(params) a, b`) and the statements of its body."""
    call = parse_call(header)
    if call.modifiers:
        raise GateError(f"a gate definition's name cannot carry modifiers: {header.strip()!r}")
    calls = []
    for statement in body:
        statement = statement.strip()
        if statement.startswith("barrier"):
            continue
        calls.append(parse_call(statement))
    return Definition(call.name, call.params, call.operands, tuple(calls))


BUILTIN = parse_definitions(LIBRARY)


class GateTable:
    """The gates a program can call: primitives, the library above and the program's own definitions."""

    def __init__(self):
        self.definitions: dict[str, Definition] = dict(BUILTIN)

    def define(self, definition: Definition) -> None:
        self.definitions[definition.name] = definition

    def knows(self, name: str) -> bool:
        return name in self.definitions or is_primitive(name)

    def expand(self, call_modifiers, name: str, params: tuple[float, ...], qubits: tuple[int, ...], nesting: int = 0):
        """The primitive operations of one application of gate `name` (after its modifiers) on flat `qubits`."""
        if nesting > MAX_NESTING:
            raise GateError(f"gate {name} calls gates more than {MAX_NESTING} levels deep (a gate that calls itself?)")
        controls = sum(_control_count(kind, arg) for kind, arg in call_modifiers if kind in ("ctrl", "negctrl"))
        if controls:
            controlled = CONTROLLED.get((name, controls))
            if controlled is None:
                raise GateError(f"ctrl @ {name} with {controls} control(s) has no Clifford+T decomposition here; define "
                                f"the controlled gate in the program")
            name = controlled
        if len(set(qubits)) != len(qubits):
            raise GateError(f"gate {name} is applied to the same qubit twice")
        ops = self._expand(name, params, qubits, nesting)
        for kind, arg in reversed(call_modifiers):
            if kind == "inv":
                ops = ops[::-1]
            elif kind == "pow":
                ops = self._power(name, arg, params, qubits, ops, nesting)
        return ops

    def _power(self, name, arg, params, qubits, ops, nesting):
        try:
            k = evaluate(arg, {})
        except ExpressionError as exc:
            raise GateError(str(exc)) from None
        if math.isfinite(k) and k.is_integer():
            if abs(k) * len(ops) > MAX_POWER_OPERATIONS:
                raise GateError(f"pow({arg}) @ {name} makes more than {MAX_POWER_OPERATIONS:,} operations; write a loop")
            return (ops if k >= 0 else ops[::-1]) * int(abs(k))
        if name in ROTATIONS or name in ("p", "u1", "phase"):
            return self._expand(name, (params[0] * k,), qubits, nesting)
        raise GateError(f"pow({arg}) @ {name}: only whole powers, or any power of a rotation, can be counted")

    def _expand(self, name: str, params: tuple[float, ...], qubits: tuple[int, ...], nesting: int) -> list:
        if name in NO_OPERATION:
            return []
        arity = _primitive_arity(name)
        if arity is not None:
            _check(name, params, qubits, *arity)
            if name in CLIFFORD_1Q:
                return [(CLIFFORD1, qubits[0])]
            if name in ("t", "tdg"):
                return [(T, qubits[0])]
            if name in ROTATIONS:
                return [(angle_kind(params[0]), qubits[0])]
            if name in CLIFFORD_2Q:
                return [(CLIFFORD2, *qubits)]
            return [(CCIX if name == "ccix" else CCZ, qubits)]
        definition = self.definitions.get(name)
        if definition is None:
            raise GateError(f"unknown gate {name!r}: define it in the program (gate {name} ... {{ ... }})")
        _check(name, params, qubits, len(definition.params), len(definition.qubits))
        scope = dict(zip(definition.params, params))
        where = dict(zip(definition.qubits, qubits))
        ops: list = []
        for call in definition.body:
            try:
                values = tuple(evaluate(p, scope) for p in call.params)
                inner = tuple(where[o] for o in call.operands)
            except KeyError as exc:
                raise GateError(f"gate {name}: {exc.args[0]!r} is not one of its qubits") from None
            except ExpressionError as exc:
                raise GateError(f"gate {name}: {exc}") from None
            ops += self.expand(call.modifiers, call.name, values, inner, nesting + 1)
        return ops


def is_primitive(name: str) -> bool:
    return _primitive_arity(name) is not None or name in NO_OPERATION


def _primitive_arity(name: str) -> tuple[int, int] | None:
    """(parameters, qubits) of a primitive gate, None for any other name."""
    if name in CLIFFORD_1Q or name in ("t", "tdg"):
        return 0, 1
    if name in ROTATIONS:
        return 1, 1
    if name in CLIFFORD_2Q:
        return 0, 2
    if name in TOFFOLI or name == "ccix":
        return 0, 3
    return None


def _check(name: str, params, qubits, n_params: int, n_qubits: int) -> None:
    if len(params) != n_params:
        raise GateError(f"gate {name} takes {n_params} parameter(s), got {len(params)}")
    if len(qubits) != n_qubits:
        raise GateError(f"gate {name} acts on {n_qubits} qubit(s), got {len(qubits)}")


def _control_count(kind: str, arg: str) -> int:
    if not arg:
        return 1
    try:
        value = evaluate(arg, {})
    except ExpressionError as exc:
        raise GateError(str(exc)) from None
    if not (math.isfinite(value) and value.is_integer() and value >= 1):
        raise GateError(f"{kind}({arg}): the number of controls must be a whole number of at least 1")
    return int(value)
