"""Magic-state factories: Litinski's distillation protocols as a catalogue and as a parametric model.

Source: D. Litinski, "Magic State Distillation: Not as Costly as You Think", Quantum 3, 205
(2019), arXiv:1905.06903, and the resource-cost script published with it. The code here is
written from the paper's model and reproduces the author's numbers (see tests/test_factories.py).

Fault model (the paper's). A surface-code patch of distance d fails with probability
``0.1 * (100 p)^((d+1)/2)`` per code cycle. A protocol applies pi/8 rotations about Z-type Pauli
products to qubits prepared in |+>. Each rotation consumes a magic state and is measured by
lattice surgery, so it may come out with a Pauli error (off by pi/2) or off by -pi/4 or +pi/4;
patches pick up X and Z storage errors while they wait. The check qubits are measured at the
end and the run is kept only if all of them read +1. Level-1 rotations consume states injected
with error p_phys; a level-2 block consumes the outputs of n level-1 15-to-1 factories.

How it is computed. The density matrix is written in the Pauli basis (one real coefficient per
Pauli string): storage errors shrink coefficients, a rotation mixes pairs of strings, and only
the strings a protocol can reach are kept. Many designs are evolved at once (numpy, designs on
the last axis) and only the deviation from the noiseless state is tracked, so output errors far
below the ~1e-16 resolution of double precision around 1 stay accurate (the author's script
warns that its numbers degrade below ~1e-13). Errors below what this can resolve (~1e-22 and
lower) are reported as an upper bound.
"""

from __future__ import annotations

import csv
import functools
import importlib.resources
import math
import re
from dataclasses import dataclass
from typing import NamedTuple, Sequence

import numpy as np

__all__ = [
    "FAMILIES",
    "FactoryDesign",
    "candidates",
    "choose_factory",
    "fifteen_to_one",
    "litinski_catalogue",
    "logical_error_per_cycle",
    "two_level_eight_to_ccz",
    "two_level_fifteen_to_one",
    "two_level_twenty_to_four",
]

_PARAMETRIC = "parametric (Litinski 2019 model, arXiv:1905.06903)"
_BELOW_RESOLUTION = "; output error is an upper bound (below numerical resolution)"
# Families accepted by choose_factory(protocols=...), in normalised form (see protocol_family).
FAMILIES = ("15-to-1", "15-to-1x15-to-1", "15-to-1x20-to-4", "15-to-1x8-to-ccz")


@dataclass(frozen=True)
class FactoryDesign:
    """One distillation factory: what it outputs, how well, and what it costs."""

    protocol: str  # e.g. "(15-to-1)_{17,7,7}" or "(15-to-1)^6_{11,5,5} x (15-to-1)_{25,11,11}"
    output_error: float  # error probability per output magic state
    physical_qubits: int  # footprint
    code_cycles: float  # expected syndrome cycles per run, failures (retries) included
    outputs_per_run: int  # magic states per run (4 for 20-to-4; one CCZ state for 8-to-CCZ)
    output_kind: str  # "T" or "CCZ"
    source: str  # where the numbers come from

    @property
    def space_time_per_output(self) -> float:
        """Qubit-cycles spent per output state: the cost the planner minimises."""
        return self.physical_qubits * self.code_cycles / self.outputs_per_run


# ----------------------------------------------------------------------------------------------
# Input checks
# ----------------------------------------------------------------------------------------------


def _check_p(p_phys) -> float:
    """The physical error rate as a float; ValueError unless it is a probability in (0, 0.5)."""
    try:
        p = float(p_phys)
    except (TypeError, ValueError):
        raise ValueError(f"p_phys must be a number in (0, 0.5), got {p_phys!r}") from None
    if not 0.0 < p < 0.5:
        raise ValueError(f"p_phys must be a physical error probability in (0, 0.5), got {p_phys!r}")
    return p


def _check_counts(name: str, values: Sequence) -> tuple[int, ...]:
    """Code distances (or factory counts) as positive ints; ValueError otherwise."""
    values = tuple(values)
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, np.integer)) or v < 1:
            raise ValueError(f"{name} must be positive integers, got {values!r}")
    return tuple(int(v) for v in values)


def _check_triple(name: str, distances) -> tuple[int, int, int]:
    """A (d_X, d_Z, d_m) triple of positive integers."""
    try:
        triple = tuple(distances)
    except TypeError:
        raise ValueError(f"{name} must be a (d_X, d_Z, d_m) triple, got {distances!r}") from None
    if len(triple) != 3:
        raise ValueError(f"{name} must be a (d_X, d_Z, d_m) triple, got {distances!r}")
    return _check_counts(name, triple)


# ----------------------------------------------------------------------------------------------
# Protocol layouts: the paper's rotation sequences, written as data
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rotation:
    """A pi/8 rotation about a Z-type Pauli product, and the lattice surgery that measures it."""

    support: int  # bitmask of the qubits in the Z string
    sign: int  # -1 when the string carries a minus sign
    n_dx: int  # the surgery ancilla runs along n_dx patch sides of length d_X ...
    n_dz: int  # ... and n_dz sides of length d_Z (0, 0: level-1 fast single-patch rotation)
    hits: int  # bitmask of the output patches whose boundary the ancilla touches (Z errors)


def _rotation(axis: str, n_dx: int, n_dz: int, hits: str) -> _Rotation:
    """Parse an axis such as "Z.ZZ." ('-' is a Z with a minus sign) and the output patches hit."""
    support = sum(1 << j for j, c in enumerate(axis) if c in "Z-")
    sign = -1 if axis.count("-") % 2 else 1
    return _Rotation(support, sign, n_dx, n_dz, sum(1 << int(c) for c in hits))


@dataclass(frozen=True)
class _Layout:
    """A protocol: qubits (outputs first), steps of rotations, and who idles after each step.

    `storage[s][j]` says how qubit j waits after the rotations of step s: '.' not alive,
    'i' for one step, 'c' while being consumed (d_m + 2 d_X cycles), 'b' both.
    """

    n_qubits: int
    n_outputs: int
    output_kind: str  # "T": each output should hold a magic state; "CCZ": the outputs hold |CCZ>
    steps: tuple[tuple[_Rotation, ...], ...]
    storage: tuple[str, ...]


def _layout(n_qubits: int, n_outputs: int, kind: str, rows) -> _Layout:
    """Build a layout from rows of ([(axis, n_dx, n_dz, hits), ...], storage pattern)."""
    steps = tuple(tuple(_rotation(*r) for r in rots) for rots, _ in rows)
    return _Layout(n_qubits, n_outputs, kind, steps, tuple(s for _, s in rows))


# One-level 15-to-1: output qubit 0, check qubits 1-4 in a row beside it. Rotations on a single
# check qubit use the fast faulty-T-measurement scheme (n_dx = n_dz = 0).
_L1_15TO1 = _layout(5, 1, "T", [
    ([(".Z...", 0, 0, ""), ("..Z..", 0, 0, ""), ("...Z.", 0, 0, ""), (".ZZZ.", 0, 3, "")], ".iii."),
    ([("ZZZ..", 1, 2, "0"), ("ZZ.Z.", 1, 3, "0")], "iiii."),
    ([("Z.ZZ.", 1, 3, "0"), ("Z..ZZ", 1, 4, "0"), ("....Z", 0, 0, "")], "iiiii"),
    ([("ZZ..Z", 1, 4, "0"), ("Z.Z.Z", 1, 4, "0")], "iiiii"),
    ([("ZZZZZ", 1, 4, "0"), ("..ZZZ", 0, 3, "")], "ciiii"),
    ([(".Z.ZZ", 0, 4, ""), (".ZZ.Z", 0, 4, "")], ".iiii"),
])

# Level-2 15-to-1 block fed by level-1 factories.
_L2_15TO1 = _layout(5, 1, "T", [
    ([(".Z...", 1, 1, ""), ("..Z..", 0, 3, "")], ".ii.."),
    ([("...Z.", 1, 3, ""), ("....Z", 0, 1, "")], ".iiii"),
    ([("ZZZ..", 1, 2, "0"), (".ZZZ.", 0, 4, "")], "iiiii"),
    ([("Z.ZZ.", 1, 3, "0"), ("ZZ.Z.", 1, 4, "0")], "iiiii"),
    ([("ZZ..Z", 1, 4, "0"), ("Z..ZZ", 1, 4, "0")], "iiiii"),
    ([("Z.Z.Z", 1, 4, "0"), ("ZZZZZ", 1, 4, "0")], "iiiii"),
    ([(".Z.ZZ", 1, 4, "0"), ("..ZZZ", 0, 3, "")], "ciiii"),
    ([(".ZZ.Z", 0, 4, "")], ".ii.i"),
])

# Level-2 20-to-4 block: outputs 0-3, check qubits 4-6.
_L2_20TO4 = _layout(7, 4, "T", [
    ([("....-..", 4, 1, ""), (".....-.", 0, 2, "")], "....ii."),
    ([("Z...ZZ.", 4, 2, "0"), ("....-ZZ", 0, 3, "")], "i...iii"),
    ([("Z....ZZ", 4, 3, "0"), ("......-", 0, 1, "")], "i...iii"),
    ([("Z...Z.Z", 4, 3, "0"), (".Z..ZZ.", 3, 3, "1")], "ii..iii"),
    ([("ZZZZ.Z.", 4, 2, "0123"), (".Z..Z.Z", 3, 3, "1")], "iiiiiii"),
    ([("ZZZZZ..", 4, 1, "0123"), (".Z...ZZ", 3, 3, "1")], "iiiiiii"),
    ([("ZZZZZZZ", 4, 3, "0123"), ("..Z.ZZ.", 2, 3, "2")], "iiiiiii"),
    ([("ZZZZ..Z", 4, 3, "0123"), ("..Z.Z.Z", 2, 3, "2")], "cciiiii"),
    ([("..Z..ZZ", 4, 3, "2"), ("...ZZZ.", 1, 3, "3")], "..ciiii"),
    ([("...ZZ.Z", 4, 3, "3"), ("...Z.ZZ", 1, 3, "3")], "...biii"),
])

# Level-2 8-to-CCZ block: outputs 0-2 hold |CCZ>, check qubit 3.
_L2_8TOCCZ = _layout(4, 3, "CCZ", [
    ([("Z..Z", 3, 1, "0"), ("...-", 0, 1, "")], "i..i"),
    ([("-Z.Z", 3, 1, "01"), ("-.ZZ", 3, 1, "02")], "iiii"),
    ([("ZZZZ", 3, 1, "012"), (".-ZZ", 2, 1, "12")], "ciii"),
    ([(".Z.Z", 3, 1, "1"), ("..ZZ", 1, 1, "2")], ".cbi"),
])


class _Block(NamedTuple):
    """A level-2 block: its layout, footprint d_X2 * (x d_X2 + z d_Z2) -> (x, z), cycles per t_L1."""

    layout: _Layout
    footprint: tuple[int, int]
    cycles_per_t_l1: float


_BLOCKS = {
    "15-to-1": _Block(_L2_15TO1, (1, 4), 7.5),
    "20-to-4": _Block(_L2_20TO4, (4, 3), 10.0),
    "8-to-CCZ": _Block(_L2_8TOCCZ, (3, 1), 4.0),
}


# ----------------------------------------------------------------------------------------------
# Pauli-basis engine
# ----------------------------------------------------------------------------------------------

# Single-qubit Paulis indexed [a, b] as Q(a, b) = i^{ab} X^a Z^b: I, Z / X, Y.
_PAULI_1Q = np.array([[np.eye(2), np.diag([1.0, -1.0])],
                      [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]])]])


def _pauli_coefficients(matrix: np.ndarray) -> np.ndarray:
    """Coefficients c[a, b] = tr(M Q(a, b)) / 2^k of a k-qubit operator M (qubit j <-> bit j of a, b)."""
    k = int(round(math.log2(matrix.shape[0])))
    paulis = _PAULI_1Q.reshape(4, 2, 2)  # index 2 a_q + b_q; np.kron puts qubit 0 first
    for _ in range(k - 1):
        paulis = np.einsum("ixy,jzw->ijxzyw", paulis, _PAULI_1Q.reshape(4, 2, 2))
        paulis = paulis.reshape(paulis.shape[0] * 4, *(2 * paulis.shape[2],) * 2)
    c = np.real(np.einsum("ixy,yx->i", paulis, matrix)) / 2**k
    c = c.reshape((2,) * (2 * k))  # axes a_0, b_0, a_1, b_1, ...
    order = list(range(2 * k - 2, -1, -2)) + list(range(2 * k - 1, 0, -2))  # a_{k-1}..a_0, b_{k-1}..b_0
    return np.transpose(c, order).reshape(2**k, 2**k)


def _output_target(kind: str, n_outputs: int) -> np.ndarray:
    """Density matrix the outputs should hold: magic states (|0> + e^{i pi/4}|1>)/sqrt2, or |CCZ>."""
    if kind == "T":
        magic = np.array([1.0, np.exp(1j * np.pi / 4)]) / np.sqrt(2)
        state = functools.reduce(np.kron, [magic] * n_outputs)
    else:
        state = np.ones(2**n_outputs, dtype=complex) / np.sqrt(2**n_outputs)
        state[-1] *= -1  # CCZ|+++>
    return np.outer(state, state.conj())


class _Engine:
    """Precomputed Pauli-basis tables for one layout.

    The state lives on the Pauli strings Q(a, b) = i^{a.b} X^a Z^b it can reach: the X-only
    strings of |+...+> at the start; a rotation about Z^p then pairs every string that
    anticommutes with it with Q(a, b^p). Keeping only reached strings, and touching only those
    alive at each operation, cuts the work three- to five-fold.
    """

    def __init__(self, layout: _Layout):
        n = layout.n_qubits
        self.layout = layout
        index = np.arange(4**n)
        a, b = index >> n, index & (2**n - 1)
        ideal = np.where(b == 0, 1.0, 0.0)  # noiseless state; coefficient 1 on every X-only string
        alive = b == 0
        rotations, storage = [], []
        for step in layout.steps:
            for rot in step:
                p = rot.support
                anti = np.bitwise_count(a & p) % 2 == 1
                alive = alive | (anti & alive[index ^ p])
                idx = index[anti & alive]  # closed under b -> b^p
                ia, ib = idx >> n, idx & (2**n - 1)
                # i Z^p Q(a, b^p) = sign Q(a, b) with sign = i^(1 + |a&(b^p)| - |a&b| + 2|a&p|)
                phase = 1 + np.bitwise_count(ia & (ib ^ p)) - np.bitwise_count(ia & ib) + 2 * np.bitwise_count(ia & p)
                sign = rot.sign * np.where(phase % 4 == 0, 1.0, -1.0)
                rotations.append((idx, idx ^ p, sign, ideal[idx], sign * ideal[idx ^ p]))
                ideal = ideal.copy()
                ideal[idx] = (rotations[-1][3] + rotations[-1][4]) / math.sqrt(2)
            storage.append((index[alive], ideal))
        support = index[alive]
        compact = np.full(4**n, -1)
        compact[support] = np.arange(support.size)
        self.size = support.size
        self.rotations = [(compact[i], compact[j], s[:, None], u[:, None], v[:, None])
                          for i, j, s, u, v in rotations]
        self.bits = self._bits(np.arange(2**n), n)  # (2^n, n) bits of every X part or Z part
        self.storage = [(compact[live], live >> n, live & (2**n - 1), snap[live][:, None]) for live, snap in storage]
        self.final_ideal = ideal[support]
        # Observables: keep (every check qubit in |+>) and the target state on the outputs.
        k = layout.n_outputs
        plus = np.array([[0.5, 0.0], [0.5, 0.0]])  # c[a, b] of |+><+|: 1/2 on I and on X
        checks = functools.reduce(np.kron, [plus] * (n - k))  # symmetric in the check qubits
        keep_out = np.zeros((2**k, 2**k))
        keep_out[0, 0] = 1.0
        target_out = _pauli_coefficients(_output_target(layout.output_kind, k))
        # a = a_checks << k | a_outputs, same for b; flat index a << n | b
        self.keep = np.einsum("ab,cd->cadb", keep_out, checks).reshape(-1)[support]
        self.target = np.einsum("ab,cd->cadb", target_out, checks).reshape(-1)[support]
        self._drop_unobserved()
        self._code_constants()

    def _drop_unobserved(self):
        """Restrict every operation to the strings whose values still reach the observables (about half).

        Going backwards from the strings the observables read, a rotation needs its partners only
        where it writes a needed string. The skipped strings are never read by the observables
        (their weight is 0 and they stay finite), so the results stay the same bit for bit.
        """
        needed = (self.keep != 0) | (self.target != 0)
        r = len(self.rotations)
        for s in reversed(range(len(self.storage))):
            self.storage[s] = tuple(t[needed[self.storage[s][0]]] for t in self.storage[s])
            for _ in self.layout.steps[s]:
                r -= 1
                self.rotations[r] = tuple(t[needed[self.rotations[r][0]]] for t in self.rotations[r])
                needed[self.rotations[r][1]] = True

    def _code_constants(self):
        """Replace each rotation's per-string sign and noiseless coefficients by codes into small tables.

        A rotation then gathers whole (strings, designs) operands from (values, designs) tables, which
        numpy does faster than it broadcasts a column against a row; the products are the same floats.
        Values are told apart by their bits, so that 0.0 and -0.0 stay distinct.
        """
        constants = np.concatenate([np.ravel(c) for rotation in self.rotations for c in rotation[3:]])
        bits, first = np.unique(constants.view(np.int64), return_index=True)
        self.values = constants[first]
        code = lambda column: np.searchsorted(bits, np.ascontiguousarray(column).view(np.int64).ravel())
        self.rotations = [(idx, partner, np.where(sign.ravel() < 0, 1, 0), code(ideal), code(ideal_partner))
                          for idx, partner, sign, ideal, ideal_partner in self.rotations]

    @staticmethod
    def _bits(values: np.ndarray, n: int) -> np.ndarray:
        """(len, n) 0/1 matrix of the bits of `values`."""
        return ((values[:, None] >> np.arange(n)[None, :]) & 1).astype(float)

    def run(self, rot_w: np.ndarray, z_log: np.ndarray, x_log: np.ndarray):
        """Failure probability, output infidelity and its numerical resolution for a batch of designs.

        rot_w: (3, R, N) probabilities of a Pauli, a -pi/4 and a +pi/4 error on each rotation;
        z_log, x_log: (S, N, n) sums of log(1 - 2q) of the Z and X storage errors after each step.
        The infidelity is that of all outputs together, given that the run is kept.
        """
        delta = np.zeros((self.size, rot_w.shape[2]))  # deviation from the noiseless state
        r = 0
        for s, step in enumerate(self.layout.steps):
            for _ in step:
                self._rotate(delta, self.rotations[r], self.values, rot_w[0, r], rot_w[1, r], rot_w[2, r])
                r += 1
            self._store(delta, self.storage[s], self.bits, z_log[s], x_log[s])
        p_fail = -np.einsum("l,ln->n", self.keep, delta)
        weights = self.keep - self.target
        p_out = np.einsum("l,ln->n", weights, delta) / (1.0 - p_fail)
        resolution = 64 * np.finfo(float).eps * np.einsum("l,ln->n", np.abs(weights), np.abs(delta))
        return p_fail, p_out, resolution

    @staticmethod
    def _rotate(delta, tables, values, w_pauli, w_minus, w_plus):
        """One faulty pi/8 rotation: mix anticommuting pairs by the outcome-averaged cos and sin of twice the angle."""
        idx, partner, sign_code, ideal_code, partner_code = tables
        d_cos = -math.sqrt(2) * (w_pauli + w_plus)  # averaged cos(2 angle) minus its ideal 1/sqrt2
        d_sin = -math.sqrt(2) * (w_pauli + w_minus)
        mixed = np.take(delta, partner, axis=0)  # np.take: much faster than fancy indexing here
        scale = 1 / math.sqrt(2) + d_sin
        mixed *= np.take(np.stack([scale, -scale]), sign_code, axis=0)  # sign (1/sqrt2 + d_sin), sign = +-1
        mixed += np.take(np.multiply.outer(values, d_sin), partner_code, axis=0)  # sign ideal[partner] d_sin
        mixed += np.take(np.multiply.outer(values, d_cos), ideal_code, axis=0)  # ideal[idx] d_cos
        own = np.take(delta, idx, axis=0)
        own *= 1 / math.sqrt(2) + d_cos
        own += mixed
        delta[idx] = own

    @staticmethod
    def _store(delta, tables, bits, z_log, x_log):
        """Independent Z and X storage errors: each string shrinks by prod (1 - 2q) over the errors it anticommutes with."""
        live, a_of, b_of, ideal = tables
        # The factor splits into an X-part term (Z errors) and a Z-part term (X errors); build
        # g - 1 = e_a (1 + e_b) + e_b from their small tables so that it stays exact when tiny.
        # einsum, not BLAS, for these small products: BLAS threads only add latency here
        e_a = np.take(np.expm1(np.einsum("aj,nj->an", bits, z_log)), a_of, axis=0)  # (live, N)
        e_b = np.take(np.expm1(np.einsum("aj,nj->an", bits, x_log)), b_of, axis=0)
        g_minus_1 = e_a * (1.0 + e_b)
        g_minus_1 += e_b
        old = np.take(delta, live, axis=0)
        state = old + ideal
        state *= g_minus_1
        state += old  # then a plain write: faster than delta[live] += state
        delta[live] = state


@functools.lru_cache(maxsize=None)
def _engine(layout: _Layout) -> _Engine:
    """The engine of a layout, built on first use (~10 ms)."""
    return _Engine(layout)


# ----------------------------------------------------------------------------------------------
# Fault rates and costs of designs (arrays of designs at once)
# ----------------------------------------------------------------------------------------------


def logical_error_per_cycle(p_phys, distance):
    """Litinski's error of a distance-d surface-code patch per code cycle, 0.1 (100 p)^((d+1)/2)."""
    return 0.1 * (100.0 * np.asarray(p_phys, dtype=float)) ** ((np.asarray(distance, dtype=float) + 1) / 2)


class _Tables(NamedTuple):
    """A layout as arrays, for computing fault rates of many designs at once."""

    step_of: np.ndarray  # (S, R): 1 where rotation r belongs to step s
    n_dx: np.ndarray  # (R, 1) ancilla length in d_X sides
    n_dz: np.ndarray  # (R, 1) ancilla length in d_Z sides
    fast: np.ndarray  # (R,) level-1 fast single-patch rotation
    hits: np.ndarray  # (R, n): 1 where rotation r's ancilla touches output patch j
    idle: np.ndarray  # (S, n, 1): qubit j idles during step s
    consumed: np.ndarray  # (S, n, 1): qubit j is moved out (consumed) after step s
    is_output: np.ndarray  # (n, 1)


@functools.lru_cache(maxsize=None)
def _tables(layout: _Layout) -> _Tables:
    """The arrays of a layout (built once)."""
    rotations = [rot for step in layout.steps for rot in step]
    step_of = np.zeros((len(layout.steps), len(rotations)))
    step_of[[s for s, step in enumerate(layout.steps) for _ in step], range(len(rotations))] = 1.0
    column = lambda values: np.array(values, dtype=float)[:, None]
    hits = np.array([[rot.hits >> j & 1 for j in range(layout.n_qubits)] for rot in rotations], dtype=float)
    storage = np.array([list(pattern) for pattern in layout.storage])
    return _Tables(step_of, column([r.n_dx for r in rotations]), column([r.n_dz for r in rotations]),
                   np.array([r.n_dx == r.n_dz == 0 for r in rotations]), hits,
                   np.isin(storage, ["i", "b"])[:, :, None].astype(float),
                   np.isin(storage, ["c", "b"])[:, :, None].astype(float),
                   column([j < layout.n_outputs for j in range(layout.n_qubits)]).astype(bool))


def _storage_logs(t: _Tables, hit, out_q, check_x, check_z):
    """Sums of log(1 - 2q) (S, N, n) of the Z and X storage errors; NaN where a rate exceeds 1/2."""
    qx = np.where(t.is_output, out_q, check_x)  # (S, n, N)
    qz = np.where(t.is_output, out_q, check_z)
    with np.errstate(invalid="ignore", divide="ignore"):
        z_log = np.log1p(-2 * hit) + np.log1p(-2 * qz).transpose(0, 2, 1)
        x_log = np.log1p(-2 * qx).transpose(0, 2, 1)
    return z_log, x_log


def _level1_rates(p_phys: float, dx, dz, dm):
    """Rotation error weights (3, R, N) and storage log-factors (S, N, n) of one-level 15-to-1 designs."""
    t = _tables(_L1_15TO1)
    px, pz, pm = (logical_error_per_cycle(p_phys, d) for d in (dx, dz, dm))
    injected = np.full(dx.shape, p_phys / 3)  # injection error, split evenly over the three kinds
    # Multi-patch rotations: the injected state waits d_m cycles (Pauli and -pi/4 errors); the
    # surgery ancilla fails as a -pi/4 error and puts a Z error on the output patch it runs along.
    length = t.n_dx * dx + t.n_dz * dz  # (R, N)
    wait = injected + 0.5 * pm * dm
    rot_w = np.stack(np.broadcast_arrays(wait, wait + 0.5 * length * (dx / dm) * pm, injected))
    # Fast single-patch rotations: faulty T measurement while the patch waits d_m cycles.
    rot_w[:, t.fast] = np.stack([injected + 0.5 * (dm / dz) * pz * dm, injected + 0.5 * dz * pm, injected])[:, None]
    hit = np.einsum("sr,rj,rn->snj", t.step_of, t.hits, 0.5 * length * (dm / dx) * px)
    # Idling: output patches (d_X x d_X) and check patches (d_X x d_Z), d_m cycles per step.
    cycles = t.idle * dm + t.consumed * (dm + 2 * dx)  # (S, n, N)
    z_log, x_log = _storage_logs(t, hit, 0.5 * px * cycles, 0.5 * (dz / dx) * px * cycles,
                                 0.5 * (dx / dz) * pz * cycles)
    return rot_w, z_log, x_log


# Level-2 fault rates are linear in these per-design base rates (rows of the (K, N) array u).
_BASE_RATES = (
    "p_in",  # level-1 output error: Pauli error of every rotation
    "move",  # Pauli and -pi/4 error picked up on the way from level 1 (0.5 move p_m2)
    "ancilla_x", "ancilla_z", "ancilla_bend",  # -pi/4 error per d_X side, d_Z side, d_m2 bend
    "hit_x", "hit_z", "hit_bend",  # Z error on an output patch per d_X side, d_Z side, bend
    "output_idle", "output_consumed",  # X and Z error of an output patch per step / when moved out
    "check_x", "check_z",  # X and Z error of a check patch per step
)


def _level2_base(p_phys: float, level1: _Evaluated, dx, dz, dm, n_level1, dx2, dz2, dm2):
    """Base rates (K, N) and t_L1 of level-2 designs fed by n_level1 one-level factories."""
    # t_L1: a level-2 rotation waits for one of the n/2 pairs of level-1 factories, or for its surgery.
    t_l1 = np.maximum(12 * dm / (n_level1 * (1 - level1.p_fail)), dm2)
    # Level-1 states cross a region of this many d_m2-wide columns to reach the block.
    move = 10 * dm2 + n_level1 / 4 * (dx + 4 * dz)
    px2, pz2, pm2 = (logical_error_per_cycle(p_phys, d) for d in (dx2, dz2, dm2))
    u = np.stack([
        np.nan_to_num(level1.output_error, nan=1.0),  # a broken level 1 makes the design invalid
        0.5 * move * pm2,
        0.5 * pm2 * dx2**2 / dm2, 0.5 * pm2 * dz2 * dx2 / dm2, 0.5 * pm2 * dx2,
        0.5 * px2 * dm2, 0.5 * px2 * dz2 * dm2 / dx2, 0.5 * px2 * dm2**2 / dx2,
        0.5 * px2 * t_l1, 0.5 * px2 * (dm2 + 2 * dx2),
        0.5 * (dz2 / dx2) * px2 * t_l1, 0.5 * (dx2 / dz2) * pz2 * t_l1,
    ])
    return u, t_l1


def _level2_rates(layout: _Layout, u: np.ndarray):
    """Rotation error weights (3, R, N) and storage log-factors (S, N, n) from base rates (K, N)."""
    t = _tables(layout)
    p_in, move, anc_x, anc_z, anc_bend, hit_x, hit_z, hit_bend, out_idle, out_consumed, check_x, check_z = u
    minus = move + t.n_dx * anc_x + t.n_dz * anc_z + anc_bend  # (R, N)
    rot_w = np.stack(np.broadcast_arrays(p_in + move, minus, 0.0))
    hit = np.einsum("sr,rj,rn->snj", t.step_of, t.hits, t.n_dx * hit_x + t.n_dz * hit_z + hit_bend)
    return (rot_w, *_storage_logs(t, hit, t.idle * out_idle + t.consumed * out_consumed,
                                  t.idle * check_x, t.idle * check_z))


class _Evaluated(NamedTuple):
    """Arrays over a batch of designs; NaN error where the model breaks down."""

    output_error: np.ndarray  # per output state
    p_fail: np.ndarray
    physical_qubits: np.ndarray
    code_cycles: np.ndarray
    resolved: np.ndarray  # False: output_error is only an upper bound (numerical resolution)


def _simulate(layout: _Layout, rot_w, z_log, x_log):
    """(p_out over all outputs, p_fail, resolved) of a batch; NaN where fault rates are not probabilities."""
    ok = np.all((rot_w >= 0) & (rot_w.sum(axis=0) <= 1), axis=(0, 1))
    ok &= np.all(np.isfinite(z_log) & np.isfinite(x_log), axis=(0, 2))
    rot_w = np.where(ok, rot_w, 0.0)
    z_log, x_log = (np.where(ok[None, :, None], v, 0.0) for v in (z_log, x_log))
    engine = _engine(layout)
    # Chunks of designs: the state should stay in cache (~0.5 MB), but numpy's per-call costs
    # favour at least 16 designs at a time.
    per_chunk = max(16, 2**16 // engine.size)
    chunks = [engine.run(rot_w[:, :, c], z_log[:, c], x_log[:, c])
              for c in np.array_split(np.arange(ok.size), max(1, round(ok.size / per_chunk)))]
    p_fail, p_out, resolution = (np.concatenate(parts) for parts in zip(*chunks))
    ok &= p_fail < 1
    resolved = p_out > resolution
    p_out = np.maximum(p_out, resolution)
    return np.where(ok, p_out, np.nan), np.where(ok, p_fail, np.nan), resolved


def _evaluate_level1(p_phys: float, dx, dz, dm) -> _Evaluated:
    """One-level 15-to-1 for arrays of distances (paper Sec. 3.1)."""
    dx, dz, dm = np.broadcast_arrays(*(np.asarray(v, dtype=float).ravel() for v in (dx, dz, dm)))
    p_out, p_fail, resolved = _simulate(_L1_15TO1, *_level1_rates(p_phys, dx, dz, dm))
    qubits = 2 * ((dx + 4 * dz) * 3 * dx + 2 * dm)
    return _Evaluated(p_out, p_fail, qubits, 6 * dm / (1 - p_fail), resolved)


def _level2_costs(block: str, dx, dz, dm, n_level1, dx2, dz2, dm2, t_l1, p_fail):
    """Qubits and expected code cycles of (15-to-1)^n x block designs."""
    _, (fx, fz), cycles_per_t_l1 = _BLOCKS[block]
    qubits = 2 * ((fx * dx2 + fz * dz2) * 3 * dx2 + n_level1 * ((dx + 4 * dz) * (3 * dx + dm2 / 2) + 2 * dm)
                  + 20 * dm2**2 + 2 * dx2 * dm2)
    return qubits, cycles_per_t_l1 * t_l1 / (1 - p_fail)


def _evaluate_level2(block: str, p_phys: float, level1: _Evaluated, l1_dist, n_level1, dx2, dz2, dm2) -> _Evaluated:
    """(15-to-1)^n x block for arrays of designs, given the evaluated level-1 factories (paper Sec. 3.2-4)."""
    layout = _BLOCKS[block].layout
    arrays = np.broadcast_arrays(*(np.asarray(v, dtype=float).ravel() for v in (*l1_dist, n_level1, dx2, dz2, dm2)))
    dx, dz, dm, n_level1, dx2, dz2, dm2 = arrays
    level1 = _Evaluated(*(np.broadcast_to(v, dx.shape) for v in level1))
    u, t_l1 = _level2_base(p_phys, level1, dx, dz, dm, n_level1, dx2, dz2, dm2)
    p_out, p_fail, resolved = _simulate(layout, *_level2_rates(layout, u))
    per_output = p_out / (layout.n_outputs if layout.output_kind == "T" else 1)
    qubits, cycles = _level2_costs(block, dx, dz, dm, n_level1, dx2, dz2, dm2, t_l1, p_fail)
    return _Evaluated(per_output, p_fail, qubits, cycles, resolved & level1.resolved)


class _Quadratic(NamedTuple):
    """Second-order expansion of (p_fail, kept error) of a level-2 block in its base rates."""

    linear: np.ndarray  # (2, K)
    quadratic: np.ndarray  # (2, K, K)

    def __call__(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(p_fail, p_out over all outputs) of designs with base rates u (K, N)."""
        f = np.einsum("ak,kn->an", self.linear, u) + np.einsum("akn,kn->an", np.einsum("akl,ln->akn", self.quadratic, u), u)
        return f[0], f[1] / (1 - f[0])


@functools.lru_cache(maxsize=None)
def _surrogate(block: str) -> _Quadratic:
    """Fit the expansion from exact runs at tiny base rates (one batch of ~90 runs, once per block).

    Used to screen many designs of blocks that detect one error (20-to-4, 8-to-CCZ): their output
    error is second order in the input error, so the next order changes it by about the sum of
    the rates (under 2 % when every base rate is below 1e-3). Reported numbers always come from
    exact runs.
    """
    layout, k, eps = _BLOCKS[block].layout, len(_BASE_RATES), 1e-7
    eye = np.eye(k)
    pairs = [(i, j) for i in range(k) for j in range(i + 1, k)]
    probes = np.concatenate([eps * eye, 2 * eps * eye, [eps * (eye[i] + eye[j]) for i, j in pairs]]).T
    p_out, p_fail, _ = _simulate(layout, *_level2_rates(layout, probes))
    f = np.stack([p_fail, p_out * (1 - p_fail)])  # (2, M), exactly polynomial in the rates
    f1, f2 = f[:, :k], f[:, k:2 * k]
    linear = (4 * f1 - f2) / (2 * eps)  # from f(e) = e g + e^2 h and f(2e) = 2e g + 4e^2 h
    quadratic = np.zeros((2, k, k))
    quadratic[:, range(k), range(k)] = (f2 - 2 * f1) / (2 * eps**2)
    for m, (i, j) in enumerate(pairs):
        cross = (f[:, 2 * k + m] - eps * (linear[:, i] + linear[:, j])
                 - eps**2 * (quadratic[:, i, i] + quadratic[:, j, j])) / (2 * eps**2)
        quadratic[:, i, j] = quadratic[:, j, i] = cross
    return _Quadratic(linear, quadratic)


# ----------------------------------------------------------------------------------------------
# Public parametric model
# ----------------------------------------------------------------------------------------------


def _design(protocol: str, ev: _Evaluated, i: int, outputs: int, kind: str, source: str) -> FactoryDesign:
    """The FactoryDesign of entry i of an evaluated batch."""
    return FactoryDesign(protocol, float(ev.output_error[i]), int(round(ev.physical_qubits[i])),
                         float(ev.code_cycles[i]), outputs, kind,
                         source if ev.resolved[i] else source + _BELOW_RESOLUTION)


def _one_design(protocol: str, ev: _Evaluated, outputs: int, kind: str) -> FactoryDesign:
    """The single design of a one-element batch; ValueError if the model breaks down for it."""
    if not np.isfinite(ev.output_error[0]):
        raise ValueError(f"{protocol}: the fault model breaks down here (error rates above 1/2; "
                         "is p_phys near or above the model's 1% threshold?)")
    return _design(protocol, ev, 0, outputs, kind, _PARAMETRIC)


def _name(block: str, distances: tuple[int, int, int], copies: int = 1) -> str:
    """Protocol label in the paper's notation, e.g. (15-to-1)^6_{11,5,5}."""
    power = f"^{copies}" if copies > 1 else ""
    return f"({block}){power}_{{{','.join(map(str, distances))}}}"


def fifteen_to_one(p_phys: float, d_x: int, d_z: int, d_m: int) -> FactoryDesign:
    """Litinski's one-level (15-to-1)_{d_X,d_Z,d_m} factory at physical error rate p_phys."""
    p = _check_p(p_phys)
    dist = _check_counts("distances", (d_x, d_z, d_m))
    return _one_design(_name("15-to-1", dist), _evaluate_level1(p, *dist), 1, "T")


def _two_level(block: str, p_phys, level1, n_level1, level2) -> tuple[str, _Evaluated]:
    """Validate and evaluate one (15-to-1)^n x block design."""
    p = _check_p(p_phys)
    l1, l2 = _check_triple("level1", level1), _check_triple("level2", level2)
    (n1,) = _check_counts("n_level1", (n_level1,))
    ev1 = _evaluate_level1(p, *l1)
    ev = _evaluate_level2(block, p, ev1, l1, n1, *l2)
    return f"{_name('15-to-1', l1, n1)} x {_name(block, l2)}", ev


def two_level_fifteen_to_one(p_phys: float, level1: tuple[int, int, int], n_level1: int,
                             level2: tuple[int, int, int]) -> FactoryDesign:
    """(15-to-1)^n_{level1} x (15-to-1)_{level2}: n level-1 factories feed a level-2 15-to-1 block."""
    name, ev = _two_level("15-to-1", p_phys, level1, n_level1, level2)
    return _one_design(name, ev, 1, "T")


def two_level_twenty_to_four(p_phys: float, level1: tuple[int, int, int], n_level1: int,
                             level2: tuple[int, int, int]) -> FactoryDesign:
    """(15-to-1)^n_{level1} x (20-to-4)_{level2}: four magic states per run; error is per state."""
    name, ev = _two_level("20-to-4", p_phys, level1, n_level1, level2)
    return _one_design(name, ev, 4, "T")


def two_level_eight_to_ccz(p_phys: float, level1: tuple[int, int, int], n_level1: int,
                           level2: tuple[int, int, int]) -> FactoryDesign:
    """(15-to-1)^n_{level1} x (8-to-CCZ)_{level2}: one |CCZ> state per run."""
    name, ev = _two_level("8-to-CCZ", p_phys, level1, n_level1, level2)
    return _one_design(name, ev, 1, "CCZ")


# ----------------------------------------------------------------------------------------------
# Published catalogue
# ----------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _catalogue_rows() -> tuple[tuple[float, FactoryDesign], ...]:
    """(p_phys, design) for every row of data/factories_litinski2019.csv."""
    text = importlib.resources.files("ftplanner.data").joinpath("factories_litinski2019.csv").read_text()
    rows = []
    for row in csv.DictReader(text.splitlines()):
        p = float(row["p_phys"])
        rows.append((p, FactoryDesign(row["protocol"], float(row["p_out"]), int(row["qubits"]),
                                      float(row["code_cycles"]), int(row["outputs_per_run"]),
                                      row["output_kind"], f"{row['source']}; p_phys={p:g}")))
    return tuple(rows)


def litinski_catalogue(p_phys: float | None = None) -> list[FactoryDesign]:
    """The published designs (all of them, or those computed at p_phys)."""
    rows = _catalogue_rows()
    if p_phys is None:
        return [d for _, d in rows]
    p = _check_p(p_phys)
    return [d for q, d in rows if math.isclose(q, p, rel_tol=1e-9)]


# ----------------------------------------------------------------------------------------------
# Candidate grid and selection
# ----------------------------------------------------------------------------------------------


def protocol_family(protocol: str) -> str:
    """Normalised family of a protocol label or user string: '(15-to-1)^6_{..} x (20-to-4)_{..}' -> '15-to-1x20-to-4'."""
    stripped = re.sub(r"\^\d+|_\{[\d,\s]*\}", "", protocol)
    return re.sub(r"[\s()]", "", stripped).lower()


def _pareto(error: np.ndarray, cost: np.ndarray, improve: float = 1.0) -> np.ndarray:
    """Indices, by increasing cost, of designs whose error beats every cheaper one (by the factor `improve`)."""
    order = np.lexsort((error, cost))
    order = order[np.isfinite(error[order]) & np.isfinite(cost[order])]
    running = np.minimum.accumulate(error[order])
    front = order[error[order] < np.concatenate([[np.inf], running[:-1]])]
    if improve >= 1.0:
        return front
    keep, best = [], np.inf
    for i in front:  # thin the (short) frontier
        if error[i] < best * improve:
            keep.append(i)
            best = error[i]
    return np.array(keep, dtype=int)


def _distance_span(p: float, worst: float, best: float, max_count: int) -> np.ndarray:
    """Odd distances >= 3 whose patch error per cycle runs from about `worst` down to `best`, evenly thinned."""
    log_lambda = math.log(100 * p)  # negative below the model's 1 % threshold
    k_lo = max(2, math.ceil(math.log(worst / 0.1) / log_lambda - 1e-9))
    k_hi = max(k_lo, math.ceil(math.log(best / 0.1) / log_lambda - 1e-9))
    ks = np.arange(k_lo, k_hi + 1)
    if ks.size > max_count:
        ks = np.unique(np.round(np.linspace(k_lo, k_hi, max_count)).astype(int))
    return 2 * ks - 1


def _level1_grid(p: float) -> np.ndarray:
    """(N, 3) one-level distances: d_Z over the useful span, d_m near d_Z and d_X near 2 d_Z."""
    rows = [(dx, dz, dm) for dz in _distance_span(p, 2 * p, 0.03 * p**2, 8)
            for dm in (dz - 2, dz, dz + 2) if dm >= 3
            for dx in range(2 * dz - 5, 2 * dz + 6, 2) if dx >= dz]
    return np.array(rows, dtype=float)


def _n_level1_bracket(dm: np.ndarray, dm2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The even factory counts just below and at-or-above 12 d_m / d_m2, where level 1 keeps pace with level 2."""
    need = 12 * dm / dm2
    return np.maximum(2, 2 * np.floor(need / 2)), np.maximum(2, 2 * np.ceil(need / 2))


class _Batch(NamedTuple):
    """Evaluated designs of one protocol family, with what is needed to name them."""

    block: str  # "15-to-1" for one level, else the level-2 block
    level1: np.ndarray  # (N, 3) level-1 distances
    n_level1: np.ndarray  # (N,) level-1 factories (0 for one level)
    level2: np.ndarray  # (N, 3) level-2 distances (unused for one level)
    result: _Evaluated


def _level2_batch(block: str, p: float, level1: _Batch, pick: np.ndarray, n_level1, level2: np.ndarray) -> _Batch:
    """Evaluate (15-to-1)^n x block with the one-level designs `pick` and level-2 distances (N, 3)."""
    ev1 = _Evaluated(*(np.asarray(v)[pick] for v in level1.result))
    l1 = level1.level1[pick]
    result = _evaluate_level2(block, p, ev1, l1.T, n_level1, *level2.T)
    return _Batch(block, l1, np.asarray(n_level1, dtype=float), level2, result)


def _concat(batches: Sequence[_Batch]) -> _Batch:
    """Join batches of the same block."""
    return _Batch(batches[0].block, np.concatenate([b.level1 for b in batches]),
                  np.concatenate([b.n_level1 for b in batches]), np.concatenate([b.level2 for b in batches]),
                  _Evaluated(*(np.concatenate(parts) for parts in zip(*(b.result for b in batches)))))


def _cost(batch: _Batch) -> np.ndarray:
    """Space-time per output state of every design in a batch."""
    outputs = 4 if batch.block == "20-to-4" and batch.n_level1.any() else 1
    return batch.result.physical_qubits * batch.result.code_cycles / outputs


def _spread(log_values: np.ndarray, count: int) -> np.ndarray:
    """Indices of at most `count` entries spread evenly over the range of the (sorted) values."""
    if log_values.size <= count:
        return np.arange(log_values.size)
    wanted = np.linspace(log_values[0], log_values[-1], count)
    return np.unique(np.abs(log_values[:, None] - wanted[None, :]).argmin(axis=0))


def _feeders(level1: _Batch, count: int) -> np.ndarray:
    """Up to `count` one-level designs to feed level 2: the cost/error frontier (each 20 % better
    than the previous), errors below 5 % (worse inputs do not distil), spread evenly in log error."""
    front = _pareto(level1.result.output_error, _cost(level1), improve=0.8)
    front = front[level1.result.output_error[front] < 0.05]
    return front[_spread(np.log(level1.result.output_error[front]), count)]


class _Shape(NamedTuple):
    """Where good level-2 distances lie relative to d_Z2 (from the paper's designs and our searches)."""

    dx_offsets: tuple[int, ...]  # d_X2 - 2 d_Z2
    dm_offsets: tuple[int, ...]  # d_m2 - d_Z2


_SHAPES = {
    "15-to-1": _Shape((1, 3, 5), (0, 2)),
    "8-to-CCZ": _Shape((-5, -3, -1, 1, 3), (0, 2, 4)),
    "20-to-4": _Shape((-5, -3, -1, 1, 3), (-2, 0, 2, 4)),
}


def _search_level2(block: str, p: float, feeders: _Batch) -> _Batch:
    """Two-level designs for one block: a coarse scan, then refinement around its frontier.

    Scan: every feeder with every level-2 d_Z2 (d_X2 = 2 d_Z2 + 3, d_m2 = d_Z2), with enough
    level-1 factories to keep pace. Refine: around each frontier design (each 2x better than the
    previous), the block's d_X2 and d_m2 shapes and the two factory counts around the pace.
    """
    shape = _SHAPES[block]
    dz2 = _distance_span(p, p / 10, 1e-12, 12).astype(float)
    pick, z = (a.ravel() for a in np.meshgrid(np.arange(feeders.level1.shape[0]), dz2, indexing="ij"))
    dx2, dm2 = 2 * z + 3, z
    scan = _level2_batch(block, p, feeders, pick, _n_level1_bracket(feeders.level1[pick, 2], dm2)[1],
                         np.stack([dx2, z, dm2], axis=1))
    front = _pareto(scan.result.output_error, _cost(scan), improve=0.5)
    i, m, x, n_hi = (a.ravel() for a in np.meshgrid(front, shape.dm_offsets, shape.dx_offsets, (0, 1), indexing="ij"))
    m, x = np.maximum(3, z[i] + m), np.maximum(3, 2 * z[i] + x)
    n1 = np.where(n_hi == 1, *_n_level1_bracket(feeders.level1[pick[i], 2], m)[::-1])
    rows = set(map(tuple, np.stack([pick[i], n1, x, z[i], m], axis=1).tolist()))
    seen = set(map(tuple, np.column_stack([pick, scan.n_level1, scan.level2]).tolist()))
    arr = np.array(sorted(rows - seen))
    if arr.size == 0:
        return scan
    refined = _level2_batch(block, p, feeders, arr[:, 0].astype(int), arr[:, 1], arr[:, 2:5])
    return _concat([scan, refined])


def _search_distance2(block: str, p: float, level1: _Batch, limit: int,
                      rivals: tuple[np.ndarray, np.ndarray] | None = None) -> _Batch:
    """Designs for a block that detects one error (20-to-4, 8-to-CCZ), screened with its expansion.

    Every frontier one-level feeder, d_Z2 over the useful span, the block's d_X2 and d_m2 shapes
    and both factory counts around the pace are screened with the second-order expansion; at most
    `limit` designs of the screened frontier, spread in log error, are then run exactly. With
    `rivals` (errors, costs of other designs) only designs cheaper than every rival of equal or
    better error are kept: a 20-to-4 run costs ~15x a 15-to-1 run.
    """
    shape = _SHAPES[block]
    feeders = _feeders(level1, 24)
    dz2 = _distance_span(p, p / 10, 1e-12, 14).astype(float)
    f, z, x, m, n_hi = (a.ravel() for a in np.meshgrid(feeders, dz2, shape.dx_offsets, shape.dm_offsets, (0, 1),
                                                     indexing="ij"))
    dx2, dm2 = np.maximum(3, 2 * z + x), np.maximum(3, z + m)
    l1 = level1.level1[f]
    n1 = np.where(n_hi == 1, *_n_level1_bracket(l1[:, 2], dm2)[::-1])
    ev1 = _Evaluated(*(np.asarray(v)[f] for v in level1.result))
    u, t_l1 = _level2_base(p, ev1, *l1.T, n1, dx2, z, dm2)
    p_fail, p_out = _surrogate(block)(u)
    layout = _BLOCKS[block].layout
    outputs = layout.n_outputs if layout.output_kind == "T" else 1
    qubits, cycles = _level2_costs(block, *l1.T, n1, dx2, z, dm2, t_l1, p_fail)
    error, cost = p_out / outputs, qubits * cycles / outputs
    error[(u.max(axis=0) > 0.05) | ~(p_fail < 0.5) | ~(error > 0)] = np.nan  # outside the expansion's reach
    front = _pareto(error, cost)
    front = front[error[front] > 1e-21]  # beyond any need, and near the limit of what is resolved
    if rivals is not None and front.size:
        order = np.argsort(rivals[0])  # cheapest rival at or below each error level
        best_cost = np.minimum.accumulate(rivals[1][order])
        k = np.searchsorted(rivals[0][order], error[front], side="right") - 1
        front = front[(k < 0) | (cost[front] < np.where(k >= 0, best_cost[np.maximum(k, 0)], np.inf))]
    chosen = front[_spread(np.log(error[front]), limit)] if front.size else front
    return _level2_batch(block, p, level1, f[chosen], n1[chosen], np.stack([dx2, z, dm2], axis=1)[chosen])


class _Table(NamedTuple):
    """The candidate designs at one p_phys, sorted by cost, with arrays for fast selection."""

    designs: tuple[FactoryDesign, ...]
    error: np.ndarray
    cost: np.ndarray
    is_ccz: np.ndarray
    family: tuple[str, ...]
    t_index: np.ndarray  # positions of T designs; with t_best_error: running minimum of their error
    t_best_error: np.ndarray
    ccz_index: np.ndarray
    ccz_best_error: np.ndarray


def _designs_of(batch: _Batch) -> list[FactoryDesign]:
    """FactoryDesigns of the batch's frontier: designs that no cheaper design of the batch beats in error."""
    ev, one_level = batch.result, not batch.n_level1.any()
    kind = "CCZ" if batch.block == "8-to-CCZ" else "T"
    outputs = 4 if batch.block == "20-to-4" and not one_level else 1
    front = _pareto(ev.output_error, _cost(batch))
    # Python numbers for the whole frontier at once: converting numpy scalars one by one costs more
    l1, n1, l2 = (v[front].astype(int).tolist() for v in (batch.level1, batch.n_level1, batch.level2))
    names = [_name("15-to-1", tuple(a)) if one_level else
             f"{_name('15-to-1', tuple(a), n)} x {_name(batch.block, tuple(b))}" for a, n, b in zip(l1, n1, l2)]
    columns = (ev.output_error[front].tolist(), np.rint(ev.physical_qubits[front]).astype(int).tolist(),
               ev.code_cycles[front].tolist(), ev.resolved[front].tolist())
    return [FactoryDesign(name, error, qubits, cycles, outputs, kind,
                          _PARAMETRIC if resolved else _PARAMETRIC + _BELOW_RESOLUTION)
            for name, error, qubits, cycles, resolved in zip(names, *columns)]


@functools.lru_cache(maxsize=1024)  # a sweep may visit hundreds of error rates, chunk after chunk
def _candidate_table(p: float) -> _Table:
    """Evaluate the candidate grid at p_phys (cached per p; a cold build takes ~20-50 ms).

    One level: a grid of distances. (15-to-1) x (15-to-1): a scan and a refinement, run exactly.
    20-to-4 and 8-to-CCZ: screened with their second-order expansion, the best run exactly.
    """
    grid = _level1_grid(p)
    level1 = _Batch("15-to-1", grid, np.zeros(len(grid)), np.zeros_like(grid), _evaluate_level1(p, *grid.T))
    feeders = _feeders(level1, 8)
    batches = [level1]
    if feeders.size:
        feed = _Batch("15-to-1", grid[feeders], np.zeros(feeders.size), grid[feeders],
                      _Evaluated(*(np.asarray(v)[feeders] for v in level1.result)))
        fifteen = _search_level2("15-to-1", p, feed)
        errors = np.concatenate([level1.result.output_error, fifteen.result.output_error])
        costs = np.concatenate([_cost(level1), _cost(fifteen)])
        keep = np.isfinite(errors) & np.isfinite(costs)
        batches += [fifteen, _search_distance2("8-to-CCZ", p, level1, 40),
                    _search_distance2("20-to-4", p, level1, 10, (errors[keep], costs[keep]))]
    designs = sorted((d for b in batches for d in _designs_of(b)), key=lambda d: d.space_time_per_output)
    error = np.array([d.output_error for d in designs])
    is_ccz = np.array([d.output_kind == "CCZ" for d in designs], dtype=bool)
    t_index, ccz_index = np.flatnonzero(~is_ccz), np.flatnonzero(is_ccz)
    return _Table(tuple(designs), error, np.array([d.space_time_per_output for d in designs]), is_ccz,
                  tuple(protocol_family(d.protocol) for d in designs),
                  t_index, np.minimum.accumulate(error[t_index]) if t_index.size else error[t_index],
                  ccz_index, np.minimum.accumulate(error[ccz_index]) if ccz_index.size else error[ccz_index])


def candidates(p_phys: float) -> list[FactoryDesign]:
    """Parametric designs on a grid of distances suited to p_phys, cheapest first.

    Each family's cost/error frontier (designs no cheaper one of the family beats): one-level
    15-to-1 and (15-to-1)^n x (15-to-1), x (20-to-4), x (8-to-CCZ). T-state errors reach below
    1e-15 for p_phys up to 5e-3 (1e-20 up to 1e-3); empty at or above the model's 1 % threshold.
    """
    p = _check_p(p_phys)
    return list(_candidate_table(p).designs) if p < 0.01 else []


def choose_factory(p_phys: float, max_output_error: float, output_kind: str = "T",
                   protocols: Sequence[str] | None = None) -> FactoryDesign | None:
    """The candidate with the least space-time per output state whose output error is at most the target.

    output_kind: "T" (magic states) or "CCZ". protocols: optional families to choose from, as in
    FAMILIES, written freely ("15-to-1", "(15-to-1) x (20-to-4)", ...). Returns None when no
    candidate reaches the target (or p_phys is at or above the model's 1 % threshold).
    """
    target = float(max_output_error)
    if not target > 0:
        raise ValueError(f"max_output_error must be positive, got {max_output_error!r}")
    designs, index = choose_factories(p_phys, np.array([target]), output_kind, protocols)
    return designs[index[0]] if index[0] >= 0 else None


def choose_factories(p_phys: float, max_output_errors: np.ndarray, output_kind: str = "T",
                     protocols: Sequence[str] | None = None) -> tuple[tuple[FactoryDesign, ...], np.ndarray]:
    """`choose_factory` for many targets at one p_phys: (the designs, index of each target's choice or -1)."""
    p = _check_p(p_phys)
    if output_kind not in ("T", "CCZ"):
        raise ValueError(f"output_kind must be 'T' or 'CCZ', got {output_kind!r}")
    allowed = None if protocols is None else {protocol_family(name) for name in protocols}
    if allowed is not None and not allowed <= set(FAMILIES):
        raise ValueError(f"unknown protocol families {sorted(allowed - set(FAMILIES))}; known: {list(FAMILIES)}")
    targets = np.asarray(max_output_errors, dtype=float)
    if p >= 0.01:
        return (), np.full(targets.shape, -1)
    table = _candidate_table(p)
    if allowed is None:
        index, best = (table.t_index, table.t_best_error) if output_kind == "T" else (table.ccz_index, table.ccz_best_error)
    else:
        kind = table.is_ccz == (output_kind == "CCZ")
        index = np.flatnonzero(kind & np.array([family in allowed for family in table.family], dtype=bool))
        best = np.minimum.accumulate(table.error[index]) if index.size else table.error[index]
    k = np.searchsorted(-best, -targets, side="left")  # first (cheapest) design reaching each target
    return table.designs, np.where(k < index.size, index[np.minimum(k, index.size - 1)] if index.size else -1, -1)
