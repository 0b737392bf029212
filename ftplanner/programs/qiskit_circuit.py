"""Counting a Qiskit `QuantumCircuit` with the same rules as OpenQASM (see `counter` and `gates`).

Each instruction is expanded by name through the gate table (Qiskit's standard gates carry the
OpenQASM names); a gate it does not know is expanded through Qiskit's own `definition`, down to
gates it knows. Control flow is counted as the OpenQASM reader counts it: both branches of an
`if_else`, each conditioned on the bits its condition reads, a `for_loop` body once per index,
a `box` body once; `while_loop` and `switch_case` are refused (their trip counts and cases are
only known when the circuit runs). Unbound parameters count as arbitrary rotations.
"""

from __future__ import annotations

import math

from ftplanner.errors import ProgramError
from ftplanner.programs.counter import MEASURE, RESET, LogicalCounter, pairs_op
from ftplanner.programs.gates import GateError, GateTable

_FREE = frozenset({"barrier", "delay", "store", "global_phase"})
MAX_DEFINITION_NESTING = 32


def count_circuit(circuit, source: str | None = None) -> LogicalCounter:
    """Count `circuit` (a qiskit QuantumCircuit); ProgramError naming `source` (default: the circuit's name)."""
    source = source or f"<QuantumCircuit {circuit.name}>"
    counter = LogicalCounter(source)
    for register in circuit.qregs:
        counter.add_qubits(register.name, register.size)
    loose = [q for q in circuit.qubits if not circuit.find_bit(q).registers]
    if loose:
        counter.add_qubits("q", len(loose))
    qubit_index = _qubit_indices(circuit, loose)
    if circuit.num_clbits:
        counter.add_bits(circuit.num_clbits)
    clbit_index = {bit: circuit.find_bit(bit).index for bit in circuit.clbits}
    _Walker(counter, GateTable()).circuit(circuit, qubit_index, clbit_index, (0, 0))
    return counter


def _qubit_indices(circuit, loose) -> dict:
    """Flat index of each qubit: registers in order (as declared to the counter), then qubits of no register."""
    index, at = {}, 0
    for register in circuit.qregs:
        for k, qubit in enumerate(register):
            index.setdefault(qubit, at + k)
        at += register.size
    for k, qubit in enumerate(loose):
        index[qubit] = at + k
    return index


class _Walker:
    """Walks a circuit's instructions (and the blocks of its control flow) onto the counter."""

    def __init__(self, counter: LogicalCounter, gates: GateTable):
        self.counter, self.gates = counter, gates

    def fail(self, message: str):
        raise ProgramError(self.counter.source, 1, message)

    def circuit(self, circuit, qubits: dict, clbits: dict, condition: tuple[int, int], nesting: int = 0) -> None:
        counter = self.counter
        for position, instruction in enumerate(circuit.data, 1):
            counter.line = position
            op = instruction.operation
            on = tuple(qubits[q] for q in instruction.qubits)
            bits = tuple(clbits[c] for c in instruction.clbits)
            name = op.name
            if name in _FREE:
                continue
            if name == "measure":
                counter.use(on)
                counter.run(tuple((MEASURE, q, b) for q, b in zip(on, bits)), *condition)
            elif name == "reset":
                counter.use(on)
                counter.run(tuple((RESET, q) for q in on), *condition)
            elif name in ("if_else", "for_loop", "box", "while_loop", "switch_case"):
                self.control_flow(instruction, on, bits, circuit, clbits, condition, nesting)
            else:
                self.gate(op, on, bits, condition, nesting)

    def gate(self, op, on: tuple[int, ...], bits: tuple[int, ...], condition, nesting: int) -> None:
        params = tuple(_value(p) for p in op.params)
        if self.gates.knows(op.name):  # a control state other than all ones differs by Cliffords (X) only
            try:
                ops = self.gates.expand((), op.name, params, on)
            except GateError as exc:
                if op.definition is None:
                    self.fail(f"{op.name}: {exc}")
                ops = None
            if ops is not None:
                self.counter.use(on)
                if len(set(on)) > 1:
                    ops = [*ops, pairs_op(on)]
                self.counter.run(tuple(ops), *condition)
                return
        definition = op.definition
        if definition is None or nesting > MAX_DEFINITION_NESTING:
            self.fail(f"gate {op.name!r} has no decomposition into Clifford+T gates and rotations")
        inner = {q: on[k] for k, q in enumerate(definition.qubits)}
        if len(set(on)) > 1:  # the gate as called is one interaction, whatever its definition holds
            self.counter.run((pairs_op(on),))
        self.circuit(definition, inner, {c: bits[k] for k, c in enumerate(definition.clbits)}, condition, nesting + 1)

    def control_flow(self, instruction, on, bits, circuit, clbits, condition, nesting) -> None:
        op = instruction.operation
        name = op.name
        if name in ("while_loop", "switch_case"):
            self.fail(f"{name}: its trip count or case is known only when the circuit runs; unroll it, or give "
                      f"the counts")
        blocks = [b for b in op.blocks if b is not None]
        if name == "if_else":
            read = _condition_bits(op.condition, circuit, clbits)
            counter = self.counter
            condition = (max([condition[0], *(counter.bit_level[b] for b in read)]),
                         max([condition[1], *(counter.bit_react[b] for b in read)]))
        repeats = len(op.params[0]) if name == "for_loop" else 1
        for block in blocks:
            inner_q = {q: on[k] for k, q in enumerate(block.qubits)}
            inner_c = {c: bits[k] for k, c in enumerate(block.clbits)}
            for _ in range(repeats):
                self.circuit(block, inner_q, inner_c, condition, nesting)


def _condition_bits(condition, circuit, clbits: dict) -> tuple[int, ...]:
    """Flat indices of the classical bits an if_else condition reads (a bit, a register, or an expression's)."""
    from qiskit.circuit import ClassicalRegister, Clbit

    if isinstance(condition, tuple):
        targets = [condition[0]]
    else:
        from qiskit.circuit.classical import expr

        targets = [var.var for var in expr.iter_vars(condition)]
    found = []
    for target in targets:
        if isinstance(target, Clbit):
            found.append(clbits[target])
        elif isinstance(target, ClassicalRegister):
            found += [clbits[bit] for bit in target]
    return tuple(found)


def _value(param) -> float:
    """A gate parameter as a float; NaN when it is an unbound Parameter (an arbitrary rotation)."""
    try:
        return float(param)
    except (TypeError, ValueError):
        return math.nan
