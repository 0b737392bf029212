"""Bell-pair fidelity to link-gate error: two DEPOLARIZE2 channels composed (ftplanner.physics.link_noise).

A DEPOLARIZE2 channel of error probability p applies each of the 15 non-identity two-qubit Paulis
with probability p / 15. Two of them in a row leave the identity with probability
(1 - p1)(1 - p2) + p1 p2 / 15, so the composed error is 1 - that; a Werner pair of fidelity F
contributes p = 1 - F.
"""

from __future__ import annotations

import numpy as np
import pytest

from ftplanner.physics.link_noise import compose_depolarize2, p_link_from_fidelity


def _composed_by_pauli_products(p1: float, p2: float) -> float:
    """The same composition counted Pauli by Pauli: the product of two Paulis is the XOR of their (x, z) bits."""
    def channel(p):  # index: 4 bits (x1, z1, x2, z2); 0 is identity
        return np.array([1.0 - p] + [p / 15.0] * 15)

    a, b = channel(p1), channel(p2)
    identity = sum(a[i] * b[i] for i in range(16))  # P Q = I only for Q = P
    return 1.0 - identity


@pytest.mark.parametrize("p1, p2", [(1e-3, 1e-3), (0.01, 2e-3), (0.05, 0.0), (0.3, 0.1)])
def test_composition_matches_counting_pauli_products(p1, p2):
    assert compose_depolarize2(p1, p2) == pytest.approx(_composed_by_pauli_products(p1, p2), rel=1e-12)
    assert compose_depolarize2(p1, p2) == pytest.approx(compose_depolarize2(p2, p1), rel=1e-15)


def test_perfect_pairs_leave_the_local_gate_error():
    for p in (0.0, 1e-4, 1e-3, 0.01):
        assert p_link_from_fidelity(1.0, p) == pytest.approx(p, rel=1e-12, abs=1e-300)
        assert compose_depolarize2(0.0, p) == pytest.approx(p, rel=1e-12, abs=1e-300)


def test_a_noiseless_gate_leaves_the_pair_error():
    assert p_link_from_fidelity(0.99) == pytest.approx(0.01, rel=1e-12)
    assert p_link_from_fidelity(0.95, 0.0) == pytest.approx(0.05, rel=1e-12)


def test_known_values():
    # F = 0.99, p_2q = 1e-3: 1 - (0.99 * 0.999 + 0.01 * 0.001 / 15)
    assert p_link_from_fidelity(0.99, 1e-3) == pytest.approx(1 - (0.99 * 0.999 + 1e-5 / 15), rel=1e-12)
    # a fully depolarizing channel (p = 15/16) stays fully depolarizing whatever follows
    assert compose_depolarize2(15 / 16, 15 / 16) == pytest.approx(15 / 16, rel=1e-15)
    assert compose_depolarize2(15 / 16, 0.2) == pytest.approx(15 / 16, rel=1e-15)


def test_broadcasts():
    out = p_link_from_fidelity(np.array([1.0, 0.99, 0.9]), 1e-3)
    assert out.shape == (3,) and np.all(np.diff(out) > 0)
