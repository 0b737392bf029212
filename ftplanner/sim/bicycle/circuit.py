"""The BB-code memory circuit: the depth-8 syndrome cycle of Bravyi et al. (2024), r cycles, in basis Z or X.

Bravyi, Cross, Gambetta, Maslov, Rall, Yoder, Nature 627, 778 (2024), arXiv:2308.07915, Fig. 7:
each cycle is 8 layers over 2n qubits (n data, n/2 X-check and n/2 Z-check ancillas):

    layer 0     prepare X checks in |+>;  CNOT data -> Z check along edge sZ[0]
    layers 1-5  CNOT X check -> data along sX[t];  CNOT data -> Z check along sZ[t]
    layer 6     CNOT X check -> data along sX[6];  measure Z checks
    layer 7     measure X checks (in X);  prepare Z checks in |0>

with edge orders sX = (idle, 1, 4, 3, 5, 0, 2) and sZ = (3, 5, 0, 1, 2, 4, idle) (edge labels as
`BBCode.neighbours`). In each CNOT layer the X checks' and the Z checks' data are disjoint (one
side takes L data, the other R), so a layer is one CX instruction. Data wait in layers 0, 6 (half
of them) and 7 (all), which is where the noise pass puts their idle noise.

Memory: data prepared in `basis` (R or RX, Z checks reset alongside), r cycles, and in the last
cycle's layer 7 the data are measured in `basis` with the X checks. Detectors use the checks of
the memory's basis only (Z checks for a Z memory): their first outcome is deterministic, each
later one is compared with the previous cycle, and the last cycle's is compared with the parity
of the measured data. The other type's outcomes are random and carry nothing the basis's
observables need, so, as in the paper (which decodes X and Z errors separately), they get no
detectors. Observables 0..k-1 are the code's k logical operators in `basis` (`BBCode.logicals`),
read from the final data measurement. Middle cycles are folded into a REPEAT block.
"""

from __future__ import annotations

import numpy as np
import stim

from ftplanner.sim.bicycle.codes import BBCode

SX = (None, 1, 4, 3, 5, 0, 2)
SZ = (3, 5, 0, 1, 2, 4, None)
_RESET = {"Z": "R", "X": "RX"}
_MEASURE = {"Z": "M", "X": "MX"}


class _Qubits:
    """Qubit indices: X checks, L and R data, Z checks, in that order, site by site."""

    def __init__(self, code: BBCode):
        s = code.sites
        self.code = code
        self.x_checks = np.arange(s)
        self.data = np.arange(s, 3 * s)
        self.z_checks = np.arange(3 * s, 4 * s)

    def coords(self) -> list[str]:
        """Each unit cell (i, j) of the torus at (2i, 2j): X check, L (+1, 0), R (0, +1), Z check (+1, +1)."""
        i, j = np.divmod(np.arange(self.code.sites), self.code.m)
        lines = []
        for group, (dx, dy) in zip((self.x_checks, self.data[:self.code.sites], self.data[self.code.sites:],
                                    self.z_checks), ((0, 0), (1, 0), (0, 1), (1, 1))):
            lines += [f"QUBIT_COORDS({2 * a + dx}, {2 * b + dy}) {q}" for q, a, b in zip(group, i, j)]
        return lines

    def cx(self, t: int) -> str:
        """The CNOTs of layer t: X check -> data along sX[t], data -> Z check along sZ[t]."""
        pairs = []
        if SX[t] is not None:
            pairs.append(np.stack([self.x_checks, self.data[self.code.neighbours("X", SX[t])]], 1))
        if SZ[t] is not None:
            pairs.append(np.stack([self.data[self.code.neighbours("Z", SZ[t])], self.z_checks], 1))
        return "CX " + _ids(np.concatenate(pairs).ravel())


def _ids(ids) -> str:
    return " ".join(map(str, np.asarray(ids).tolist()))


def _cycle(q: _Qubits, basis: str, first: bool, last: bool) -> list[str]:
    """One syndrome cycle (8 layers, TICK-separated) with its detectors; `last` measures the data in layer 7."""
    s = q.code.sites
    lines = [f"RX {_ids(q.x_checks)}", q.cx(0)]
    for t in range(1, 6):
        lines += ["TICK", q.cx(t)]
    lines += ["TICK", q.cx(6), f"M {_ids(q.z_checks)}"]
    lines += ["TICK", f"MX {_ids(q.x_checks)}"]
    if not last:
        lines.append(f"R {_ids(q.z_checks)}")
    # records of this cycle: Z checks (s), then X checks (s); in the last, then the data (2s)
    after = 2 * s if last else 0
    own = -(s + after) - s if basis == "Z" else -after - s  # offset of this cycle's first check record
    i, j = np.divmod(np.arange(s), q.code.m)
    dx, dy = (1, 1) if basis == "Z" else (0, 0)
    for c in range(s):
        terms = [f"rec[{own + c}]"] + ([] if first else [f"rec[{own + c - 2 * s}]"])
        lines.append(f"DETECTOR({2 * i[c] + dx}, {2 * j[c] + dy}, 0) " + " ".join(terms))
    lines.append("SHIFT_COORDS(0, 0, 1)")
    return lines


def _final(q: _Qubits, basis: str) -> list[str]:
    """Layer 7 of the last cycle also measures the data; then checks against data parities, and observables."""
    code, s = q.code, q.code.sites
    checks = code.hz if basis == "Z" else code.hx
    own = -3 * s if basis == "X" else -4 * s  # this cycle's basis-check records, from the end
    data_rec = -2 * s + np.arange(2 * s)
    i, j = np.divmod(np.arange(s), code.m)
    dx, dy = (1, 1) if basis == "Z" else (0, 0)
    lines = []
    for c in range(s):
        terms = [own + c] + data_rec[np.flatnonzero(checks[c])].tolist()
        lines.append(f"DETECTOR({2 * i[c] + dx}, {2 * j[c] + dy}, 0) " + " ".join(f"rec[{t}]" for t in terms))
    lx, lz = code.logicals
    for index, support in enumerate(lz if basis == "Z" else lx):
        lines.append(f"OBSERVABLE_INCLUDE({index}) " + " ".join(f"rec[{t}]" for t in data_rec[np.flatnonzero(support)]))
    return lines


def memory_circuit(code: BBCode, rounds: int, basis: str = "Z") -> stim.Circuit:
    """The noiseless BB memory: `rounds` syndrome cycles in `basis` (see the module docstring)."""
    if basis not in _RESET:
        raise ValueError(f"basis must be Z or X, got {basis!r}")
    if isinstance(rounds, bool) or not isinstance(rounds, (int, np.integer)) or rounds < 1:
        raise ValueError(f"rounds must be a positive integer, got {rounds!r}")
    q = _Qubits(code)
    lines = q.coords() + [f"{_RESET[basis]} {_ids(q.data)}", f"R {_ids(q.z_checks)}", "TICK"]
    for first, last in ((True, rounds == 1),) + (((False, True),) if rounds > 1 else ()):
        if last and rounds > 2:
            lines += [f"REPEAT {rounds - 2} {{", *_cycle(q, basis, False, False), "TICK", "}"]
        cycle = _cycle(q, basis, first, last)
        if last:
            at = cycle.index(f"MX {_ids(q.x_checks)}") + 1
            cycle = cycle[:at] + [f"{_MEASURE[basis]} {_ids(q.data)}"] + cycle[at:]
        lines += cycle + ([] if last else ["TICK"])
    return stim.Circuit("\n".join(lines + _final(q, basis)))
