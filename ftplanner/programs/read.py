"""One entry to every program reader: a file by its suffix (OpenQASM, QIR), or a Qiskit QuantumCircuit.

OpenQASM is read by ftplanner's own streaming reader (`qasm`), which counts a file of any size in
bounded memory; a program that uses OpenQASM 3 beyond that reader's subset is read with
qiskit-qasm3-import instead when the `programs` extra is installed (it builds the circuit in
memory, so only files of at most MAX_CIRCUIT_BYTES go that way). QIR needs pyqir (`qir`).
Counts of a file are kept for the file's path, size and modification time, so that the loader
and the planner (which partitions the interaction graph) count it once.
"""

from __future__ import annotations

import os
from functools import lru_cache
from itertools import count
from pathlib import Path

from ftplanner.errors import ProgramError
from ftplanner.inputs import MAX_CIRCUIT_BYTES, check_input_file
from ftplanner.programs.counter import ProgramCounts

QASM_SUFFIXES = (".qasm", ".qasm2", ".qasm3")
QIR_SUFFIXES = (".ll", ".bc")
MAX_PROGRAM_BYTES = 2**30  # OpenQASM streams: 1 GB is about 7e7 gates, a few minutes of counting
EXTRA = "pip install 'ftplanner[programs]'"

_circuits: dict[str, ProgramCounts] = {}  # counts of in-memory circuits, by the name they were given
_numbers = count(1)


def is_circuit(value) -> bool:
    """Whether `value` is a Qiskit QuantumCircuit (checked without importing qiskit)."""
    return type(value).__name__ == "QuantumCircuit" and hasattr(value, "data") and hasattr(value, "num_qubits")


def count_circuit_object(circuit) -> tuple[str, ProgramCounts]:
    """Count a QuantumCircuit; returns the name its counts are kept under (for `workload.program`) and the counts."""
    from ftplanner.programs.qiskit_circuit import count_circuit

    name = f"<QuantumCircuit {circuit.name} #{next(_numbers)}>"
    counts = count_circuit(circuit, name).result()
    if len(_circuits) >= 32:
        _circuits.pop(next(iter(_circuits)))
    _circuits[name] = counts
    return name, counts


def count_program(source: str | Path) -> ProgramCounts:
    """The counts of the program file `source` (or of a circuit counted before, by its name).

    Raises InputFileError (not a regular file, too large) or ProgramError (FILE:LINE: message).
    """
    if str(source) in _circuits:
        return _circuits[str(source)]
    if str(source).startswith("<QuantumCircuit "):
        raise ProgramError(str(source), 1, "this in-memory circuit is no longer held: load the architecture with it again")
    path = Path(source).resolve()
    suffix = path.suffix.lower()
    if suffix not in QASM_SUFFIXES + QIR_SUFFIXES:
        raise ProgramError(str(path), 1, f"unknown program type {suffix or '(no suffix)'!r}: expected .qasm (OpenQASM 2 "
                                         f"or 3), .ll or .bc (QIR)")
    limit = MAX_PROGRAM_BYTES if suffix in QASM_SUFFIXES else _qir_limit()
    check_input_file(path, limit)
    info = os.stat(path)
    return _count_file(str(path), info.st_size, info.st_mtime_ns)


def _qir_limit() -> int:
    from ftplanner.programs.qir import MAX_QIR_BYTES

    return MAX_QIR_BYTES


@lru_cache(maxsize=8)
def _count_file(path: str, size: int, mtime_ns: int) -> ProgramCounts:
    if Path(path).suffix.lower() in QIR_SUFFIXES:
        from ftplanner.programs.qir import count_qir

        return count_qir(path).result()
    from ftplanner.programs.qasm import Unsupported, count_qasm

    try:
        return count_qasm(path).result()
    except Unsupported as exc:
        return _count_with_qiskit(path, size, exc)


def _count_with_qiskit(path: str, size: int, refusal: ProgramError) -> ProgramCounts:
    """An OpenQASM 3 program beyond ftplanner's reader, read with qiskit-qasm3-import (into memory) and counted."""
    try:
        import qiskit.qasm3
        import qiskit_qasm3_import  # noqa: F401 - qiskit.qasm3.load needs it
    except ImportError:
        raise ProgramError(refusal.file, refusal.line, f"{refusal.message}; to read it with qiskit-qasm3-import: "
                                                       f"{EXTRA}") from None
    if size > MAX_CIRCUIT_BYTES:
        raise ProgramError(refusal.file, refusal.line, f"{refusal.message}; qiskit-qasm3-import reads it into memory, "
                                                       f"which ftplanner allows up to {MAX_CIRCUIT_BYTES // 2**20} MB")
    from ftplanner.programs.qiskit_circuit import count_circuit

    try:
        circuit = qiskit.qasm3.load(path)
    except Exception as exc:  # noqa: BLE001 - the importer raises its own and ANTLR's errors; our refusal says more
        raise ProgramError(refusal.file, refusal.line, f"{refusal.message} (qiskit-qasm3-import: "
                                                       f"{' '.join(str(exc).split())[:200]})") from None
    return count_circuit(circuit, path).result()
