"""The Pauli-frame engine: exact evolution of a protocol's density matrix in the Pauli basis.

Source: D. Litinski, "Magic State Distillation: Not as Costly as You Think", Quantum 3, 205 (2019),
arXiv:1905.06903, and the resource-cost script published with
it, whose fault model this evolves (see error_model.py for the rates).

How it is computed. The density matrix is written in the Pauli basis (one real coefficient per
Pauli string): storage errors shrink coefficients, a rotation mixes pairs of strings, and only
the strings a protocol can reach are kept. Many designs are evolved at once (numpy, designs on
the last axis) and only the deviation from the noiseless state is tracked, so output errors far
below the ~1e-16 resolution of double precision around 1 stay accurate (the author's script
warns that its numbers degrade below ~1e-13). Errors below what this can resolve (~1e-22 and
lower) are reported as an upper bound.
"""

from __future__ import annotations

import functools
import math

import numpy as np

from ftplanner.physics.factories.layouts import _Layout

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

        def code(column):
            return np.searchsorted(bits, np.ascontiguousarray(column).view(np.int64).ravel())

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


@functools.cache
def _engine(layout: _Layout) -> _Engine:
    """The engine of a layout, built on first use (~10 ms)."""
    return _Engine(layout)
