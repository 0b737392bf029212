"""Counting a QIR program (LLVM text `.ll` or bitcode `.bc`) with pyqir, by the rules of `counter`.

The entry point's quantum instruction calls (`__quantum__qis__NAME__body` / `__adj`) are mapped
to the gates of `gates` by name; runtime calls (`__quantum__rt__...`) are free. QIR of the base
and adaptive profiles is read: static qubit and result ids, branches on measurement results
(`read_result`) without loops. A block that runs only on one side of a branch is conditioned on
the result the branch reads (control dependence from the post-dominator tree), so feed-forward
counts in `reaction_depth`. Unlike OpenQASM, LLVM reads the whole module into memory, hence the
smaller file limit (MAX_QIR_BYTES).
"""

from __future__ import annotations

import re
from pathlib import Path

from ftplanner.errors import ProgramError
from ftplanner.programs.counter import MEASURE, RESET, LogicalCounter, pairs_op
from ftplanner.programs.gates import GateError, GateTable

MAX_QIR_BYTES = 64 * 2**20  # LLVM holds the module in memory: about 10^6 instructions
MAX_BLOCKS = 10_000  # basic blocks of the entry point (the post-dominator sets are quadratic in them)

_NAMES = {"cnot": "cx", "mz": "measure", "m": "measure", "mresetz": "mresetz"}
_ADJOINT = {"t": "tdg", "s": "sdg", "sx": "sxdg"}


def count_qir(path: str | Path) -> LogicalCounter:
    """Count the QIR module at `path`; ProgramError naming the file (and the line of the first bad call)."""
    path = Path(path)
    source = str(path)
    try:
        import pyqir
    except ImportError:
        raise ProgramError(source, 1, "reading QIR needs pyqir: pip install 'ftplanner[programs]'") from None
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace") if path.suffix == ".ll" else ""
    try:
        module = (pyqir.Module.from_ir(pyqir.Context(), text, path.stem) if path.suffix == ".ll"
                  else pyqir.Module.from_bitcode(pyqir.Context(), raw, path.stem))
    except (ValueError, RuntimeError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        line = re.search(r":(\d+):\d+:", first)
        raise ProgramError(source, int(line.group(1)) if line else 1, f"not readable QIR: {first}") from None
    entries = [f for f in module.functions if pyqir.is_entry_point(f)]
    if len(entries) != 1:
        raise ProgramError(source, 1, f"QIR needs one entry-point function, found {len(entries)}")
    return _Reader(pyqir, source, text).count(entries[0])


class _Reader:
    def __init__(self, pyqir, source: str, text: str):
        self.pyqir, self.source, self.text = pyqir, source, text
        self.counter = LogicalCounter(source)
        self.gates = GateTable()

    def fail(self, message: str, near: str = ""):
        line = 1
        if near and self.text:
            at = self.text.find(near)
            line = self.text.count("\n", 0, at) + 1 if at >= 0 else 1
        raise ProgramError(self.source, line, message)

    def count(self, entry) -> LogicalCounter:
        pyqir, counter = self.pyqir, self.counter
        blocks = list(entry.basic_blocks)
        if len(blocks) > MAX_BLOCKS:
            self.fail(f"an entry point of more than {MAX_BLOCKS:,} basic blocks")
        qubits, results = pyqir.required_num_qubits(entry), pyqir.required_num_results(entry)
        if qubits is None:
            self.fail("the entry point does not say its required_num_qubits (dynamic qubit allocation is not counted)")
        counter.add_qubits("q", max(qubits, 1))
        if results:
            counter.add_bits(results)
        depends = self._dependencies(blocks)
        for block in blocks:
            read = depends[block.name]
            condition = (max([0, *(counter.bit_level[b] for b in read)]), max([0, *(counter.bit_react[b] for b in read)]))
            for instruction in block.instructions:
                if isinstance(instruction, pyqir.Call):
                    self.call(instruction, condition)
        return counter

    def call(self, instruction, condition) -> None:
        name = instruction.callee.name
        if not name.startswith("__quantum__qis__"):
            return  # runtime calls: initialize, read_result, output recording
        m = re.fullmatch(r"__quantum__qis__(\w+?)__(body|adj|ctl|ctladj)", name)
        if not m:
            self.fail(f"unknown QIR operation {name}", name)
        gate, variant = _NAMES.get(m.group(1), m.group(1)), m.group(2)
        if gate == "read_result":
            return
        if variant.startswith("ctl"):
            self.fail(f"{name}: controlled QIR operations are not counted; decompose them", name)
        if variant == "adj":
            gate = _ADJOINT.get(gate, gate)
        params, pointers = [], []
        for arg in instruction.args:
            if isinstance(arg, self.pyqir.FloatConstant):
                params.append(arg.value)
            elif isinstance(arg, self.pyqir.IntConstant):
                params.append(float(arg.value))
            else:
                pointer = self.pyqir.ptr_id(arg)
                if pointer is None:
                    self.fail(f"{name}: an argument that is not a constant (a static qubit or result id, or an angle)", name)
                pointers.append(pointer)
        measuring = gate in ("measure", "mresetz")
        qubits, results = (pointers[:1], pointers[1:]) if measuring else (pointers, [])
        counter = self.counter
        if any(q >= len(counter.level) for q in qubits) or any(r >= len(counter.bit_level) for r in results):
            self.fail(f"{name}: a qubit or result id beyond the entry point's required_num_qubits/results", name)
        counter.use(qubits)
        if measuring:
            bits = results or [-1] * len(qubits)
            ops = [(MEASURE, q, b) for q, b in zip(qubits, bits)]
            counter.run(tuple(ops + ([(RESET, q) for q in qubits] if gate == "mresetz" else [])), *condition)
            return
        if gate == "reset":
            counter.run(tuple((RESET, q) for q in qubits), *condition)
            return
        try:
            ops = self.gates.expand((), gate, tuple(params), tuple(qubits))
        except GateError as exc:
            self.fail(f"{name}: {exc}", name)
        if len(set(qubits)) > 1:
            ops = [*ops, pairs_op(tuple(qubits))]
        counter.run(tuple(ops), *condition)

    def _dependencies(self, blocks) -> dict[str, frozenset[int]]:
        """Per block, the results whose value decides whether it runs (control dependence, Ferrante et al. 1987)."""
        pyqir = self.pyqir
        order = {b.name: k for k, b in enumerate(blocks)}
        successors: dict[str, list[str]] = {}
        branch_result: dict[str, int | None] = {}
        for block in blocks:
            terminator = block.terminator
            targets = [o.name for o in terminator.operands if isinstance(o, pyqir.BasicBlock)]
            for target in targets:
                if order[target] <= order[block.name]:
                    self.fail(f"a loop in QIR (block {block.name} branches back to {target}) is not counted")
            successors[block.name] = targets
            if len(targets) > 1:
                branch_result[block.name] = self._branch_result(terminator)
        names = [b.name for b in blocks]
        post = {n: set(names) for n in names}  # post-dominators, by the iterative dataflow
        for n in reversed(names):
            if not successors[n]:
                post[n] = {n}
        changed = True
        while changed:
            changed = False
            for n in reversed(names):
                if successors[n]:
                    new = {n} | set.intersection(*(post[s] for s in successors[n]))
                    if new != post[n]:
                        post[n], changed = new, True
        depends: dict[str, set[int]] = {n: set() for n in names}
        for a, result in branch_result.items():
            for s in successors[a]:
                for b in post[s] - post[a]:  # b post-dominates a successor of a, but not a itself
                    depends[b] |= ({result} if result is not None else set())
        for n in names:  # a block controlled by a conditioned block waits for that block's results too
            for a in branch_result:
                if any(n in post[s] for s in successors[a]) and n not in post[a]:
                    depends[n] |= depends[a]
        return {n: frozenset(v) for n, v in depends.items()}

    def _branch_result(self, terminator) -> int | None:
        """The result a conditional branch reads (its condition is a read_result call), None otherwise."""
        condition = terminator.operands[0]
        pyqir = self.pyqir
        if isinstance(condition, pyqir.Call) and "read_result" in condition.callee.name:
            return pyqir.ptr_id(condition.args[0])
        return None
