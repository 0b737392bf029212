"""The noise pass: a noiseless circuit in TICK-separated layers plus a NoiseModel give the noisy circuit.

Per layer, in order: flips before measurements (X_ERROR, or Z_ERROR for X-basis), the
layer's operations, then DEPOLARIZE2 after two-qubit gates (the link rate for gates tagged
`[link]`), DEPOLARIZE1 after single-qubit gates, flips after resets, idle DEPOLARIZE1 on
every live qubit the layer leaves alone, and finally the layer's annotations (detectors...);
qubit coordinates stay in front.
A qubit is live from its first operation to its last, so qubits not yet reset or already read
out stay noiseless. Idle noise is per layer: every layer costs a waiting qubit `idle` (plus
`readout_idle` in a layer that measures or resets), however long the layer lasts; see
`ftplanner.sim.noise`. Layers never span a REPEAT boundary; a qubit used inside a REPEAT
block must be live across the whole block (used before and after it), which our builders
ensure. The pass reads Stim's canonical text (one instruction a line), which keeps it fast
on circuits with hundreds of thousands of detectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import stim

from ftplanner.sim.assemble import LINK_TAG
from ftplanner.sim.noise import NoiseModel

_ANNOTATIONS = ("DETECTOR", "OBSERVABLE_INCLUDE", "SHIFT_COORDS")
_DECLARATIONS = ("QUBIT_COORDS",)
_MEASURE_BASIS = {"M": "Z", "MR": "Z", "MX": "X", "MRX": "X"}
_RESET_BASIS = {"R": "Z", "MR": "Z", "RX": "X", "MRX": "X"}
_FLIP = {"Z": "X_ERROR", "X": "Z_ERROR"}
_GATE_LINE = re.compile(r"^([A-Z_0-9]+)(?:\[([^\]]*)\])?(\([^)]*\))?((?: \d+)*)$")


@dataclass(frozen=True)
class _Op:
    """One gate line: its name, tag, qubit targets and text."""

    name: str
    tag: str
    qubits: np.ndarray
    text: str


@dataclass
class _Layer:
    """The lines between two TICKs, and its place in the once-unrolled timeline."""

    position: int
    declarations: list[str]
    gates: list[_Op]
    annotations: list[str]


def _gate(line: str) -> _Op:
    match = _GATE_LINE.match(line)
    if match is None:
        raise ValueError(f"add_noise handles gates on plain qubit targets only, got: {line[:60]}")
    name, tag, _, targets = match.groups()
    return _Op(name, tag or "", np.array(targets.split(), dtype=np.int64), line)


def _parse(lines: list[str], start: int, counter: list[int]) -> tuple[list, int]:
    """Items from lines[start:] up to a closing brace: _Layer, "TICK" or (repeat_count, items)."""
    items, declarations, gates, annotations = [], [], [], []

    def flush():
        if declarations or gates or annotations:
            items.append(_Layer(counter[0], list(declarations), list(gates), list(annotations)))
            counter[0] += 1
            for lines_of_a_kind in (declarations, gates, annotations):
                lines_of_a_kind.clear()

    i = start
    while i < len(lines):
        line = lines[i].strip()
        i += 1
        if line == "}":
            break
        if line.startswith("REPEAT"):
            flush()
            body, i = _parse(lines, i, counter)
            items.append((int(line.split()[1]), body))
        elif line == "TICK":
            flush()
            items.append("TICK")
        elif line.startswith(_DECLARATIONS):
            declarations.append(line)
        elif line.startswith(_ANNOTATIONS):
            annotations.append(line)
        elif line:
            gates.append(_gate(line))
    flush()
    return items, i


def _layers(items: list) -> list[_Layer]:
    """The layers of `items` in order, each REPEAT body once."""
    out = []
    for item in items:
        if isinstance(item, _Layer):
            out.append(item)
        elif isinstance(item, tuple):
            out += _layers(item[1])
    return out


def _live_spans(items: list, num_qubits: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last layer position of each qubit; refuses qubits that start or stop inside a REPEAT."""
    first = np.full(num_qubits, np.iinfo(np.int64).max)
    last = np.full(num_qubits, -1)
    for layer in _layers(items):
        for op in layer.gates:
            first[op.qubits] = np.minimum(first[op.qubits], layer.position)
            last[op.qubits] = layer.position
    _check_repeats(items, first, last)
    return first, last


def _check_repeats(items: list, first: np.ndarray, last: np.ndarray) -> None:
    for item in items:
        if isinstance(item, tuple):
            layers = _layers(item[1])
            used = np.unique(np.concatenate([op.qubits for layer in layers for op in layer.gates] or [np.zeros(0, int)]))
            partial = used[(first[used] >= layers[0].position) | (last[used] <= layers[-1].position)] if layers else used
            if len(partial):
                raise ValueError(f"qubits {partial[:5].tolist()} start or stop inside a REPEAT block; unroll it first")
            _check_repeats(item[1], first, last)


class _Pass:
    def __init__(self, noise: NoiseModel, first: np.ndarray, last: np.ndarray):
        self.noise = noise
        self.first = first
        self.last = last

    def layer(self, layer: _Layer, out: list[str]) -> None:
        noise = self.noise
        before, after, readout = [], [], False
        for op in layer.gates:
            name, qubits = op.name, op.qubits
            gate = stim.gate_data(name)
            measures, resets = name in _MEASURE_BASIS, name in _RESET_BASIS
            if measures or resets:
                if measures:
                    before.append((_FLIP[_MEASURE_BASIS[name]], qubits, noise.measurement))
                if resets:
                    after.append((_FLIP[_RESET_BASIS[name]], qubits, noise.reset))
                readout = True
            elif gate.is_unitary and gate.is_two_qubit_gate:
                rate = noise.link_rate if op.tag == LINK_TAG else noise.two_qubit
                after.append(("DEPOLARIZE2", qubits, rate))
            elif gate.is_unitary and gate.is_single_qubit_gate:
                after.append(("DEPOLARIZE1", qubits, noise.single_qubit))
            else:
                raise ValueError(f"add_noise does not handle {name} (noise already present, or an unsupported gate)")
        touched = np.concatenate([op.qubits for op in layer.gates] or [np.zeros(0, dtype=np.int64)])
        if len(np.unique(touched)) != len(touched):
            raise ValueError(f"a qubit is used twice in one layer (layer {layer.position}); separate them with TICK")
        out += layer.declarations
        for channel, qubits, rate in before:
            _append(out, channel, qubits, rate)
        out += [op.text for op in layer.gates]
        for channel, qubits, rate in after:
            _append(out, channel, qubits, rate)
        if layer.gates:  # idle noise, per layer whatever it lasts
            waiting = (self.first <= layer.position) & (layer.position <= self.last)
            waiting[touched] = False
            idle = np.flatnonzero(waiting)
            _append(out, "DEPOLARIZE1", idle, noise.idle)
            if readout:
                _append(out, "DEPOLARIZE1", idle, noise.readout_idle)
        out += layer.annotations

    def items(self, items: list, out: list[str]) -> None:
        for item in items:
            if isinstance(item, _Layer):
                self.layer(item, out)
            elif item == "TICK":
                out.append("TICK")
            else:
                out.append(f"REPEAT {item[0]} {{")
                self.items(item[1], out)
                out.append("}")


def _append(out: list[str], channel: str, qubits: np.ndarray, rate: float) -> None:
    if rate > 0 and len(qubits):
        out.append(f"{channel}({float(rate)!r}) " + " ".join(map(str, qubits.tolist())))


def add_noise(circuit: stim.Circuit, noise: NoiseModel) -> stim.Circuit:
    """The noisy version of a noiseless, TICK-layered `circuit` under `noise`."""
    items, _ = _parse(str(circuit).splitlines(), 0, [0])
    first, last = _live_spans(items, circuit.num_qubits)
    out: list[str] = []
    _Pass(noise, first, last).items(items, out)
    return stim.Circuit("\n".join(out))
