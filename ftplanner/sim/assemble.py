"""Turn a sequence of phases (fixed checks for some rounds) into a noiseless Stim circuit.

Every experiment here is phases of syndrome-extraction rounds: a memory is one phase; a
lattice surgery is separate patches, merged patch, separate patches. Each round is seven
layers separated by TICK: H on X-type measure qubits, four CNOT layers, H, then MR of every
measure qubit. Data qubits join or leave a phase in that MR layer (reset or measured in the
phase's basis), which is where the merge resets the seam and the split measures it. The
first layer resets everything; the last measures the remaining data.

Detectors follow one rule at each phase boundary: a check gets a detector when its value is
predictable from the last value of the same measure qubit plus the data qubits that left (they
were measured in the check's basis), given that the data that joined were reset in the check's
basis. Repeated identical rounds become a REPEAT block, so building stays fast at large d.
Two-qubit gates across `boundary_x` are tagged `[link]` for the noise pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import stim

from ftplanner.sim.layout import Checks

LINK_TAG = "link"
_RESET = {"Z": "R", "X": "RX"}
_MEASURE = {"Z": "M", "X": "MX"}


@dataclass(frozen=True)
class Phase:
    """`rounds` rounds of `checks` on `data_xy`; data that join are reset in `reset_basis`,
    data that leave (or remain at the end) are measured in `measure_basis`."""

    rounds: int
    checks: Checks
    data_xy: np.ndarray
    reset_basis: str
    measure_basis: str


@dataclass(frozen=True)
class Observable:
    """A logical observable: the last measurement of some data qubits (the final readout, or
    when they left a phase), and/or first-round outcomes of some checks of one phase
    (`first_round_of` = (phase index, measure-qubit xy array))."""

    data_xy: np.ndarray | None = None
    first_round_of: tuple[int, np.ndarray] | None = None


class _Grid:
    """Dense qubit indices for the coordinates the experiment uses."""

    def __init__(self, xy: np.ndarray):
        xy = np.unique(xy, axis=0)
        xy = xy[np.lexsort((xy[:, 0], xy[:, 1]))]
        self.xy = xy
        self.index = np.full(tuple(xy.max(axis=0) + 1), -1, dtype=np.int64)
        self.index[xy[:, 0], xy[:, 1]] = np.arange(len(xy))

    def ids(self, xy: np.ndarray) -> np.ndarray:
        return self.index[xy[..., 0], xy[..., 1]]


class _PhaseQubits:
    """One phase in qubit indices: measure qubits, Pauli types, CNOT layers and supports."""

    def __init__(self, phase: Phase, grid: _Grid, basis: str, boundary_x: float | None):
        checks = phase.checks
        self.phase = phase
        self.ancillas = grid.ids(checks.ancilla_xy)
        self.pauli = np.where(checks.is_b, basis, "X" if basis == "Z" else "Z")
        self.is_x = self.pauli == "X"
        data = np.where(checks.has_data, grid.ids(np.where(checks.has_data[..., None], checks.data_xy, 0)), -1)
        self.data = np.sort(grid.ids(phase.data_xy))
        self.support = {a: frozenset(q for q in row if q >= 0) for a, row in zip(self.ancillas.tolist(), data.tolist())}
        self.cx_layers = []
        for k in range(4):
            has = data[:, k] >= 0
            anc, dat, is_x = self.ancillas[has], data[has, k], self.is_x[has]
            control = np.where(is_x, anc, dat)
            target = np.where(is_x, dat, anc)
            if boundary_x is None:
                crossing = np.zeros(len(anc), dtype=bool)
            else:
                crossing = (grid.xy[control, 0] > boundary_x) != (grid.xy[target, 0] > boundary_x)
            self.cx_layers.append((np.stack([control, target], 1), crossing))


def _ids_text(ids) -> str:
    return " ".join(map(str, np.asarray(ids).tolist()))


def _cx_text(pairs: np.ndarray, crossing: np.ndarray) -> list[str]:
    lines = []
    if (~crossing).any():
        lines.append("CX " + _ids_text(pairs[~crossing].ravel()))
    if crossing.any():
        lines.append(f"CX[{LINK_TAG}] " + _ids_text(pairs[crossing].ravel()))
    return lines


class _Writer:
    """Accumulates circuit text and the measurement record (absolute index per qubit)."""

    def __init__(self, grid: _Grid):
        self.xy = grid.xy.tolist()
        self.lines = [f"QUBIT_COORDS({x}, {y}) {i}" for i, (x, y) in enumerate(self.xy)]
        self.count = 0
        self.last = np.full(len(grid.xy), -1, dtype=np.int64)

    def measure(self, gate: str, ids: np.ndarray) -> None:
        if len(ids):
            self.lines.append(f"{gate} {_ids_text(ids)}")
            self.last[ids] = np.arange(self.count, self.count + len(ids))
            self.count += len(ids)

    def reset(self, gate: str, ids) -> None:
        if len(ids):
            self.lines.append(f"{gate} {_ids_text(ids)}")

    def rec(self, absolute: list[int]) -> str:
        return " ".join(f"rec[{m - self.count}]" for m in absolute)

    def detector(self, qubit: int, absolute: list[int]) -> None:
        x, y = self.xy[qubit]
        self.lines.append(f"DETECTOR({x}, {y}, 0) {self.rec(absolute)}")


def _round_gates(ph: _PhaseQubits) -> list[str]:
    """Layers 1-6 of a round (each preceded by TICK), ending on the TICK before the MR layer."""
    h = [f"H {_ids_text(ph.ancillas[ph.is_x])}"] if ph.is_x.any() else []
    lines = ["TICK", *h]
    for pairs, crossing in ph.cx_layers:
        lines += ["TICK", *_cx_text(pairs, crossing)]
    return lines + ["TICK", *h, "TICK"]


def _boundary_detectors(w: _Writer, prev: _PhaseQubits | None, cur: _PhaseQubits, previous_meas: np.ndarray) -> None:
    """First-round detectors of `cur` after `prev` (None: after the initial reset)."""
    joined = set(cur.data.tolist()) - (set(prev.data.tolist()) if prev else set())
    left = (set(prev.data.tolist()) - set(cur.data.tolist())) if prev else set()
    for anc, pauli in zip(cur.ancillas.tolist(), cur.pauli.tolist()):
        new = cur.support[anc]
        old = prev.support.get(anc) if prev else None
        grown = new - (old or frozenset())
        shrunk = (old or frozenset()) - new
        if grown and not (grown <= joined and cur.phase.reset_basis == pauli):
            continue
        if shrunk and not (shrunk <= left and prev.phase.measure_basis == pauli):
            continue
        terms = [int(w.last[anc])]
        if old is not None:
            terms.append(int(previous_meas[anc]))
        terms += [int(w.last[q]) for q in sorted(shrunk)]
        w.detector(anc, terms)


def _steady_detectors(w: _Writer, cur: _PhaseQubits, previous_meas: np.ndarray) -> None:
    """Each check against its own previous round."""
    now = (w.last[cur.ancillas] - w.count).tolist()
    before = (previous_meas[cur.ancillas] - w.count).tolist()
    w.lines += [f"DETECTOR({w.xy[a][0]}, {w.xy[a][1]}, 0) rec[{m}] rec[{b}]"
                for a, m, b in zip(cur.ancillas.tolist(), now, before)]


def _round(w: _Writer, cur: _PhaseQubits, prev: _PhaseQubits | None, first: bool, nxt: _PhaseQubits | None,
           last: bool) -> None:
    """One round of `cur`; `first` compares with `prev`, `last` moves data in/out for `nxt`."""
    w.lines += _round_gates(cur)
    previous_meas = w.last.copy()
    w.measure("MR", cur.ancillas)
    if last and nxt is not None:
        w.measure(_MEASURE[cur.phase.measure_basis], np.setdiff1d(cur.data, nxt.data))
        w.reset(_RESET[nxt.phase.reset_basis], np.setdiff1d(nxt.data, cur.data))
        w.reset("R", np.setdiff1d(nxt.ancillas, cur.ancillas))
    if first:
        _boundary_detectors(w, prev, cur, previous_meas)
    else:
        _steady_detectors(w, cur, previous_meas)
    w.lines.append("SHIFT_COORDS(0, 0, 1)")


def _phase(w: _Writer, cur: _PhaseQubits, prev: _PhaseQubits | None, nxt: _PhaseQubits | None) -> None:
    """All rounds of a phase, the identical middle ones folded into a REPEAT block."""
    n = cur.phase.rounds
    _round(w, cur, prev, first=True, nxt=nxt, last=n == 1)
    middle = max(n - 2, 0)
    if middle:
        start = len(w.lines)
        _round(w, cur, prev, first=False, nxt=nxt, last=False)
        if middle > 1:
            body = w.lines[start:]
            w.lines[start:] = [f"REPEAT {middle} {{", *body, "}"]
            per_round = len(cur.ancillas)
            w.last[cur.ancillas] += (middle - 1) * per_round
            w.count += (middle - 1) * per_round
    if n >= 2:
        _round(w, cur, prev, first=False, nxt=nxt, last=True)


def assemble(phases: list[Phase], observables: list[Observable], basis: str,
             boundary_x: float | None = None) -> stim.Circuit:
    """The noiseless circuit of `phases` in experiment basis `basis` (the B of `layout`)."""
    if any(p.rounds < 1 for p in phases):
        raise ValueError("every phase needs at least one round")
    grid = _Grid(np.concatenate([a for p in phases for a in (p.data_xy, p.checks.ancilla_xy)]))
    qs = [_PhaseQubits(p, grid, basis, boundary_x) for p in phases]
    w = _Writer(grid)
    w.reset(_RESET[phases[0].reset_basis], qs[0].data)
    w.reset("R", qs[0].ancillas)
    first_round_meas = {}
    for k, cur in enumerate(qs):
        prev = qs[k - 1] if k else None
        nxt = qs[k + 1] if k + 1 < len(qs) else None
        start_count = w.count
        _phase(w, cur, prev, nxt)
        first_round_meas[k] = start_count + np.arange(len(cur.ancillas))
    final = qs[-1]
    w.lines.append("TICK")
    w.measure(_MEASURE[final.phase.measure_basis], final.data)
    for anc, pauli in zip(final.ancillas.tolist(), final.pauli.tolist()):
        if pauli == final.phase.measure_basis:
            w.detector(anc, [int(w.last[anc])] + [int(w.last[q]) for q in sorted(final.support[anc])])
    for index, obs in enumerate(observables):
        terms = []
        if obs.data_xy is not None:
            terms += w.last[grid.ids(obs.data_xy)].tolist()
        if obs.first_round_of is not None:
            k, xy = obs.first_round_of
            position = {int(a): i for i, a in enumerate(qs[k].ancillas)}
            terms += [int(first_round_meas[k][position[int(a)]]) for a in grid.ids(xy)]
        w.lines.append(f"OBSERVABLE_INCLUDE({index}) {w.rec(terms)}")
    return stim.Circuit("\n".join(w.lines))
