"""Counting a program's logical operations as it streams by: counts, depths and the interaction graph.

Readers (OpenQASM, Qiskit circuits, QIR) turn each statement into primitive operations on flat
qubit indices and hand them to a `LogicalCounter`, which keeps only per-qubit and per-bit state,
so memory grows with the qubits and the depth, never with the number of gates.

The counting rules follow the Azure Resource Estimator's logical counter (microsoft/qsharp,
resource_estimator/src/counts.rs), so that the counts it reports for the same program agree:

* T and T† count as T; a rotation by an odd multiple of π/4 is a T, by a multiple of π/2 a
  (free) Clifford, by any other angle a rotation (`rotationCount`);
* Toffoli and CCZ count as CCZ, a gate named `ccix` (the AND gate) as CCiX;
* single-qubit Cliffords are free; a multi-qubit Clifford only carries dependencies between its
  qubits; measurements are counted and reset and barrier are free;
* non-Clifford operations are scheduled as soon as possible (a one-qubit one after the last
  non-Clifford layer of its qubit, a CCZ after the latest of its three): `t_depth` is the number
  of layers and `rotationDepth` the number of layers that hold a rotation.

`reaction_depth` is ftplanner's own (the estimator does not model reaction time): the number of
decoder reactions on the longest classically-dependent chain, where each non-Clifford operation
waits for the correction of the previous one on its qubits (one reaction each), and an
operation conditioned on a measured bit waits for that measurement to be decoded (one reaction
more than the measured qubit's chain). Without feed-forward it equals `t_depth`; `t_depth`
itself orders a conditioned operation after the measurement it waits for, at no extra layer.

The interaction graph weighs each pair of qubits a multi-qubit gate touches at its call site by
1 (a gate defined in the program counts as written, not as its body), as
`ftplanner.programs.interaction` does for `workload.circuit_file`.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import chain
from operator import attrgetter

import networkx as nx

from ftplanner.errors import ProgramError
from ftplanner.programs.interaction import InteractionGraph

MAX_QUBITS = 1_000_000  # qubits of one program (per-qubit state is a few lists of this length)
MAX_PAIRS = 1_000_000  # distinct interacting pairs kept for the interaction graph
MAX_OPERATIONS = 2 * 10**8  # primitive operations run (loops and gate calls expanded): a few minutes of counting
ANGLE_TOLERANCE = 1e-9  # rad: an angle this close to a multiple of π/4 is that multiple

# primitive operation codes
T, ROTATION, CLIFFORD1, CLIFFORD2, CLIFFORD, CCZ, CCIX, MEASURE, RESET, PAIRS = range(10)
_TALLIED = {T: 0, ROTATION: 1, CCZ: 2, CCIX: 3, MEASURE: 4}  # code -> its place in Step.tally
_ORDERED = attrgetter("ordered")


def pairs_op(qubits) -> tuple:
    """The PAIRS operation of a gate call on distinct `qubits`: every pair it touches, smaller index first."""
    return PAIRS, tuple((a, b) if a < b else (b, a) for i, a in enumerate(qubits) for b in qubits[i + 1:])


def angle_kind(theta: float) -> int:
    """CLIFFORD1 for a multiple of π/2, T for an odd multiple of π/4, else ROTATION (also for an unknown angle, NaN)."""
    if not math.isfinite(theta):
        return ROTATION
    multiple = round(theta / (math.pi / 4))
    if abs(multiple * (math.pi / 4) - theta) > ANGLE_TOLERANCE:
        return ROTATION
    return T if multiple % 2 else CLIFFORD1


@dataclass(eq=False, slots=True)
class Step:
    """A statement's primitive operations folded once, to be run as often as the program runs the statement: what
    it adds to the totals, the qubit pairs it weighs, and the operations whose order matters."""

    size: int  # primitive operations (against MAX_OPERATIONS)
    tally: tuple[int, int, int, int, int, int]  # T, rotations, CCZ, CCiX, measurements, multi-qubit gates
    pairs: tuple[tuple[tuple[int, int], int], ...]  # (pair, weight)
    ordered: tuple  # the operations that move levels: no reset, no pairs, no unread measurement


def prepare(ops, conditioned: bool = False) -> Step:
    """The Step of `ops`; a one-qubit Clifford moves levels only under a condition (it waits for the bits)."""
    tally = [0] * 6
    pairs: dict[tuple[int, int], int] = {}
    ordered = []
    for op in ops:
        code = op[0]
        if code == PAIRS:
            tally[5] += 1
            for key in op[1]:
                pairs[key] = pairs.get(key, 0) + 1
            continue
        if code in _TALLIED:
            tally[_TALLIED[code]] += 1
        if code == RESET or code == MEASURE and op[2] < 0 or code == CLIFFORD1 and not conditioned:
            continue
        ordered.append(op)
    return Step(len(ops), tuple(tally), tuple(pairs.items()), tuple(ordered))


@dataclass(frozen=True)
class ProgramCounts:
    """What a program asks of the machine: Azure-style logical counts, its depths and its interaction graph."""

    num_qubits: int
    t_count: int
    rotation_count: int
    rotation_depth: int
    ccz_count: int
    ccix_count: int
    measurement_count: int
    t_depth: int  # layers of non-Clifford operations, scheduled as soon as possible
    reaction_depth: int  # decoder reactions on the longest classically-dependent chain
    operations: int  # primitive operations counted (gate calls and loops expanded)
    interactions: InteractionGraph

    def logical_counts(self) -> dict[str, int]:
        """The counts in the Azure Resource Estimator's field names (`logicalCounts` of its reports)."""
        return {"numQubits": self.num_qubits, "tCount": self.t_count, "rotationCount": self.rotation_count,
                "rotationDepth": self.rotation_depth, "cczCount": self.ccz_count, "ccixCount": self.ccix_count,
                "measurementCount": self.measurement_count}

    def to_dict(self) -> dict:
        """The logical counts with the depths ftplanner reads beside them (`t_depth`, `reaction_depth`)."""
        return {**self.logical_counts(), "t_depth": self.t_depth, "reaction_depth": self.reaction_depth}


class LogicalCounter:
    """Streaming state of the count: per-qubit layer and reaction levels, per-bit levels, totals.

    `run(ops)` executes a tuple of primitive operations (see the codes above); readers build them
    once per distinct statement and run them as often as the program does.
    """

    def __init__(self, source: str):
        self.source = source
        self.level: list[int] = []  # per qubit: non-Clifford layers before its next operation
        self.react: list[int] = []  # per qubit: reactions on the longest chain into it
        self.used = bytearray()
        self.bit_level: list[int] = []
        self.bit_react: list[int] = []
        self.rotation_layers = bytearray()  # per layer: 1 if it holds a rotation
        self.depth = self.reactions = 0
        self.t_count = self.rotation_count = self.ccz_count = self.ccix_count = self.measurements = 0
        self.operations = 0
        self.pairs: dict[tuple[int, int], int] = {}
        self.multi_qubit_gates = 0  # gate applications on two or more qubits, for the interaction graph
        self.names: list[tuple[str, int]] = []  # per qubit: (register, index) for the interaction graph
        self.line = 1  # the reader's current line, for errors raised here

    def fail(self, message: str):
        raise ProgramError(self.source, self.line, message)

    def add_qubits(self, register: str, size: int) -> int:
        """Declare `size` more qubits named register[0..size-1]; returns the first one's flat index."""
        first = len(self.level)
        if first + size > MAX_QUBITS:
            self.fail(f"register {register} brings the program to {first + size:,} qubits, beyond the limit of "
                      f"{MAX_QUBITS:,}")
        self.level.extend([0] * size)
        self.react.extend([0] * size)
        self.used.extend(bytes(size))
        self.names.extend((register, i) for i in range(size))
        return first

    def add_bits(self, size: int) -> int:
        """Declare `size` more classical bits; returns the first one's flat index."""
        first = len(self.bit_level)
        if first + size > MAX_QUBITS:
            self.fail(f"more than {MAX_QUBITS:,} classical bits")
        self.bit_level.extend([0] * size)
        self.bit_react.extend([0] * size)
        return first

    def use(self, qubits) -> None:
        """Mark qubits as used (`numQubits` counts them); readers call it when they build a statement's operations."""
        used = self.used
        for q in qubits:
            used[q] = 1

    def run(self, ops, cond_level: int = 0, cond_react: int = 0) -> None:
        """Execute primitive operations; inside a condition, every operation waits for the condition's bits."""
        if not self.run_steps([prepare(ops, conditioned=bool(cond_level or cond_react))], cond_level, cond_react):
            self.too_many()

    def too_many(self):
        self.fail(f"more than {MAX_OPERATIONS:,} operations once loops and gate calls are expanded: the limit "
                  f"of a program (a few minutes of counting)")

    def run_steps(self, steps: list[Step], cond_level: int = 0, cond_react: int = 0) -> int:
        """Run prepared statements in order (the totals of each distinct one once, times its repeats); returns how
        many ran, fewer than all when the next would pass MAX_OPERATIONS (the caller names its line: `too_many`)."""
        if len(steps) == 1:  # a statement of the general reader
            repeats, operations, ordered = ((steps[0], 1),), self.operations + steps[0].size, steps[0].ordered
        else:
            repeats = Counter(steps).items()
            operations = self.operations + sum(step.size * n for step, n in repeats)
            ordered = chain.from_iterable(map(_ORDERED, steps))
        if operations > MAX_OPERATIONS:
            room = MAX_OPERATIONS - self.operations
            done = next(k for k, step in enumerate(steps) if (room := room - step.size) < 0)
            return self.run_steps(steps[:done], cond_level, cond_react) if done else 0
        self.operations = operations
        pairs = self.pairs
        for step, n in repeats:
            t, rotations, ccz, ccix, measurements, gates = step.tally
            self.t_count += t * n
            self.rotation_count += rotations * n
            self.ccz_count += ccz * n
            self.ccix_count += ccix * n
            self.measurements += measurements * n
            self.multi_qubit_gates += gates * n
            for key, weight in step.pairs:
                if key in pairs:
                    pairs[key] += weight * n
                elif len(pairs) >= MAX_PAIRS:
                    self.fail(f"more than {MAX_PAIRS:,} distinct interacting qubit pairs: the limit of the "
                              f"interaction graph")
                else:
                    pairs[key] = weight * n
        self._schedule(ordered, cond_level, cond_react)
        return len(steps)

    def _schedule(self, ops, cond_level: int, cond_react: int) -> None:
        """Advance the per-qubit and per-bit levels over operations whose order matters (`Step.ordered`)."""
        level, react, layers = self.level, self.react, self.rotation_layers
        depth, reactions, held = self.depth, self.reactions, len(layers)
        for op in ops:
            code = op[0]
            if code <= ROTATION:  # T or ROTATION on one qubit
                q = op[1]
                at = level[q]
                if at < cond_level:
                    at = cond_level
                level[q] = at + 1
                if at >= depth:
                    depth = at + 1
                r = react[q]
                if r < cond_react:
                    r = cond_react
                react[q] = r + 1
                if r >= reactions:
                    reactions = r + 1
                if code == ROTATION:
                    if at >= held:
                        layers.extend(bytes(at + 1 - held + held // 2))
                        held = len(layers)
                    layers[at] = 1
            elif code == CLIFFORD2:
                a, b = op[1], op[2]
                at = level[a] if level[a] > level[b] else level[b]
                r = react[a] if react[a] > react[b] else react[b]
                if at < cond_level:
                    at = cond_level
                if r < cond_react:
                    r = cond_react
                level[a] = level[b] = at
                react[a] = react[b] = r
            elif code == MEASURE:
                q = op[1]
                self.bit_level[op[2]] = level[q] if level[q] > cond_level else cond_level
                self.bit_react[op[2]] = (react[q] if react[q] > cond_react else cond_react) + 1
            elif code == CLIFFORD1:  # ordered only under a condition
                q = op[1]
                level[q] = max(level[q], cond_level)
                react[q] = max(react[q], cond_react)
            else:  # CLIFFORD, CCZ, CCIX on several qubits
                qubits = op[1]
                at, r = cond_level, cond_react
                for q in qubits:
                    if level[q] > at:
                        at = level[q]
                    if react[q] > r:
                        r = react[q]
                if code != CLIFFORD:
                    at, r = at + 1, r + 1
                    if at > depth:
                        depth = at
                    if r > reactions:
                        reactions = r
                for q in qubits:
                    level[q] = at
                    react[q] = r
        self.depth, self.reactions = depth, reactions

    def result(self) -> ProgramCounts:
        """The counts so far, with the interaction graph over the qubits used."""
        graph = nx.Graph()
        names = self.names
        graph.add_weighted_edges_from((names[a], names[b], w) for (a, b), w in self.pairs.items())
        graph.add_nodes_from(names[q] for q in range(len(names)) if self.used[q])
        interactions = InteractionGraph(graph=graph, qubits=graph.number_of_nodes(), two_qubit_gates=self.multi_qubit_gates,
                                        source=self.source)
        return ProgramCounts(num_qubits=sum(self.used), t_count=self.t_count, rotation_count=self.rotation_count,
                             rotation_depth=sum(self.rotation_layers), ccz_count=self.ccz_count,
                             ccix_count=self.ccix_count, measurement_count=self.measurements, t_depth=self.depth,
                             reaction_depth=self.reactions, operations=self.operations, interactions=interactions)
