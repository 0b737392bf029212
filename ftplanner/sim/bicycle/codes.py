"""Bivariate-bicycle (BB) codes: check matrices, logical operators, and the Tanner-graph wiring the circuit uses.

Bravyi, Cross, Gambetta, Maslov, Rall, Yoder, "High-threshold and low-overhead fault-tolerant
quantum memory", Nature 627, 778 (2024), arXiv:2308.07915. With x = S_l ⊗ I_m and y = I_l ⊗ S_m
(S the cyclic shift), a code is given by A = A1 + A2 + A3 and B = B1 + B2 + B3, each term a power
of x or y; H_X = [A | B], H_Z = [B^T | A^T] on n = 2 l m data qubits split into left (L) and
right (R) halves. The paper's Table 3 lists, among others,

    gross      [[144,12,12]]  l = 12, m = 6:   A = x^3 + y + y^2,    B = y^3 + x + x^2
    two_gross  [[288,12,18]]  l = 12, m = 12:  A = x^3 + y^2 + y^7,  B = y^3 + x + x^2

(the two-gross code's A differs from the gross code's; both match the authors' public scripts).
Each monomial is a permutation of the l m sites: x^a y^b sends site (i, j) = i m + j to
(i + a mod l, j + b mod m). X check s touches L data A_k(s) and R data B_k(s); Z check s touches
L data B_k^-1(s) and R data A_k^-1(s) (columns of B^T, A^T).

Logical operators are computed, not tabulated: Z logicals span ker H_X modulo the rows of H_Z,
X logicals ker H_Z modulo the rows of H_X, paired so that X_i and Z_j anticommute iff i = j.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

import ftplanner.sim.bicycle.gf2 as gf2

Monomial = tuple[int, int]  # x^a y^b as (a, b)


@dataclass(frozen=True)
class BBCode:
    """A bivariate-bicycle code QC(A, B) on an l x m torus; `A`, `B` three monomials each."""

    name: str
    l: int  # noqa: E741  (the paper's name)
    m: int
    A: tuple[Monomial, Monomial, Monomial]
    B: tuple[Monomial, Monomial, Monomial]
    distance: int  # the paper's code distance (checked against the code in the tests)

    @property
    def sites(self) -> int:
        """l m: the number of X checks, Z checks, L data and R data qubits each."""
        return self.l * self.m

    @property
    def n(self) -> int:
        return 2 * self.sites

    def shift(self, monomial: Monomial, inverse: bool = False) -> np.ndarray:
        """The permutation of sites a monomial applies (its inverse with inverse=True)."""
        a, b = monomial
        if inverse:
            a, b = -a, -b
        i, j = np.divmod(np.arange(self.sites), self.m)
        return ((i + a) % self.l) * self.m + (j + b) % self.m

    def _matrix(self, terms) -> np.ndarray:
        out = np.zeros((self.sites, self.sites), dtype=np.uint8)
        rows = np.arange(self.sites)
        for term in terms:
            out[rows, self.shift(term)] ^= 1
        return out

    @cached_property
    def hx(self) -> np.ndarray:
        """X-check matrix [A | B] (sites x n)."""
        return np.hstack([self._matrix(self.A), self._matrix(self.B)])

    @cached_property
    def hz(self) -> np.ndarray:
        """Z-check matrix [B^T | A^T] (sites x n)."""
        return np.hstack([self._matrix(self.B).T, self._matrix(self.A).T])

    @cached_property
    def k(self) -> int:
        """Logical qubits: n - rank H_X - rank H_Z."""
        return self.n - gf2.rank(self.hx) - gf2.rank(self.hz)

    @cached_property
    def logicals(self) -> tuple[np.ndarray, np.ndarray]:
        """(lx, lz): k x n supports of X and Z logical operators with lx @ lz.T = I mod 2."""
        lz = gf2.independent_of(gf2.kernel(self.hx), self.hz)
        lx = gf2.independent_of(gf2.kernel(self.hz), self.hx)
        pairing = (lx.astype(np.int64) @ lz.T.astype(np.int64)) % 2
        lz = (gf2.inverse(pairing).T.astype(np.int64) @ lz.astype(np.int64)) % 2
        return lx, lz.astype(np.uint8)

    def neighbours(self, check: str, term: int) -> np.ndarray:
        """Data qubit (0..n-1; L first, then R) that each check of type 'X' or 'Z' touches through its
        Tanner-graph edge `term`: 0-2 are L data via A_k (X checks) or B_k^T (Z checks), 3-5 are R data via
        B_k (X) or A_k^T (Z), the labelling of the paper's syndrome circuit."""
        left = term < 3
        k = term % 3
        if check == "X":
            return self.shift(self.A[k] if left else self.B[k]) + (0 if left else self.sites)
        return self.shift(self.B[k] if left else self.A[k], inverse=True) + (0 if left else self.sites)


CODES = {
    "gross": BBCode("gross", 12, 6, A=((3, 0), (0, 1), (0, 2)), B=((0, 3), (1, 0), (2, 0)), distance=12),
    "two_gross": BBCode("two_gross", 12, 12, A=((3, 0), (0, 2), (0, 7)), B=((0, 3), (1, 0), (2, 0)), distance=18),
}


def bb_code(name: str) -> BBCode:
    """The named code (gross, two_gross); ValueError for another name."""
    if name not in CODES:
        raise ValueError(f"code must be one of {', '.join(CODES)}, got {name!r}")
    return CODES[name]
