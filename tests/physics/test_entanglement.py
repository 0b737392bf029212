"""Bell-diagonal pairs, swapping, DEJMPS/BBPSSW distillation and memory decay (ftplanner.physics.entanglement).

The closed forms are checked against a direct density-matrix simulation of the circuits on four
qubits (16 x 16): Bell-diagonal inputs, ideal rotations and Hadamards, CNOTs each followed by
DEPOLARIZE2(p2) on their two qubits, Z measurements whose recorded outcome flips with
probability pm, Pauli-frame corrections from the recorded outcomes.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from ftplanner.physics.entanglement import (
    bbpssw_round,
    bell_diagonal,
    decayed,
    dejmps_round,
    depolarized,
    distill,
    distillation_round,
    distilled,
    fidelity,
    mean_decay,
    swap,
    swapped,
    swapped_fidelity,
    twirled,
    werner,
)

# ---- a small density-matrix simulator -------------------------------------------------------------

I2 = np.eye(2)
X = np.array([[0.0, 1.0], [1.0, 0.0]])
Z = np.diag([1.0, -1.0])
Y = np.array([[0.0, -1j], [1j, 0.0]])
H = np.array([[1.0, 1.0], [1.0, -1.0]]) / np.sqrt(2)
P0, P1 = np.diag([1.0, 0.0]), np.diag([0.0, 1.0])
PAULIS = [I2, X, Y, Z]
# (Phi+, Psi-, Psi+, Phi-), the order of (A, B, C, D)
BELL = np.array([[1, 0, 0, 1], [0, 1, -1, 0], [0, 1, 1, 0], [1, 0, 0, -1]]) / np.sqrt(2)


def _on(n, ops):
    """The n-qubit operator with ops[q] on qubit q (qubit 0 most significant), identity elsewhere."""
    out = np.eye(1)
    for q in range(n):
        out = np.kron(out, ops.get(q, I2))
    return out


def _cnot(n, control, target):
    return _on(n, {control: P0}) + _on(n, {control: P1, target: X})


def _rx(theta):
    return np.cos(theta / 2) * I2 - 1j * np.sin(theta / 2) * X


def _pair(coefficients):
    return sum(c * np.outer(b, b) for c, b in zip(coefficients, BELL))


def _depolarize2(rho, n, q1, q2, p):
    out = (1 - p) * rho
    for i, j in itertools.product(range(4), repeat=2):
        if i or j:
            op = _on(n, {q1: PAULIS[i], q2: PAULIS[j]})
            out = out + p / 15 * op @ rho @ op.conj().T
    return out


def _keep(rho, n, keep):
    """Partial trace onto the qubits `keep` (in order)."""
    t = rho.reshape([2] * (2 * n))
    gone = [q for q in range(n) if q not in keep]
    for k, q in enumerate(sorted(gone, reverse=True)):
        m = n - k
        t = np.trace(t, axis1=q, axis2=q + m)
    m = len(keep)
    return t.reshape(2**m, 2**m)


def _bell_coefficients(rho2):
    """Diagonal of a two-qubit density matrix in the Bell basis, and its largest off-diagonal element."""
    m = BELL.conj() @ rho2 @ BELL.T
    return np.real(np.diag(m)), np.max(np.abs(m - np.diag(np.diag(m))))


def _outcomes(pm):
    """(true outcome pair, recorded outcome pair, probability of that record)."""
    for true in itertools.product((0, 1), repeat=2):
        for flips in itertools.product((0, 1), repeat=2):
            weight = np.prod([pm if f else 1 - pm for f in flips])
            yield true, (true[0] ^ flips[0], true[1] ^ flips[1]), weight


def simulate_swap(a, b, p2=0.0, pm=0.0):
    """Qubits (a1, a2, b1, b2): Bell measurement on (a2, b1), correction X^m(b1) Z^m(a2) on b2."""
    n = 4
    rho = np.kron(_pair(a), _pair(b))
    u = _cnot(n, 1, 2)
    rho = _depolarize2(u @ rho @ u.T, n, 1, 2, p2)
    h = _on(n, {1: H})
    rho = h @ rho @ h.T
    out = np.zeros_like(rho)
    for (m1, m2), (r1, r2), w in _outcomes(pm):
        proj = _on(n, {1: [P0, P1][m1], 2: [P0, P1][m2]})
        fix = _on(n, {3: np.linalg.matrix_power(X, r2) @ np.linalg.matrix_power(Z, r1)})
        out = out + w * fix @ proj @ rho @ proj @ fix.conj().T
    return _bell_coefficients(_keep(out, n, [0, 3]))


def simulate_dejmps(state, p2=0.0, pm=0.0):
    """Qubits (a1, b1, a2, b2), pairs (a1, b1) and (a2, b2): rotations, bilateral CNOT, measure pair 2."""
    n = 4
    rho = np.kron(_pair(state), _pair(state))
    rot = _on(n, {0: _rx(np.pi / 2), 2: _rx(np.pi / 2), 1: _rx(-np.pi / 2), 3: _rx(-np.pi / 2)})
    rho = rot @ rho @ rot.conj().T
    for control, target in ((0, 2), (1, 3)):
        u = _cnot(n, control, target)
        rho = _depolarize2(u @ rho @ u.T, n, control, target, p2)
    out = np.zeros_like(rho)
    for (m1, m2), (r1, r2), w in _outcomes(pm):
        if r1 == r2:
            proj = _on(n, {2: [P0, P1][m1], 3: [P0, P1][m2]})
            out = out + w * proj @ rho @ proj
    reduced = _keep(out, n, [0, 1])
    success = np.real(np.trace(reduced))
    coefficients, off = _bell_coefficients(reduced / success)
    return coefficients, success, off


def _random_states(seed, k):
    return np.random.default_rng(seed).dirichlet(np.ones(4), size=k)


NOISE = [(0.0, 0.0), (0.01, 0.0), (0.0, 0.02), (0.03, 0.01), (0.2, 0.1)]

# ---- the Werner closed forms the planner has always used ---------------------------------------------


def test_bbpssw_matches_its_published_formula_and_improves_above_one_half():
    # Bennett et al. PRL 76, 722 (1996): F=0.9 -> F' = (0.81 + (0.1/3)^2) / N, N = 0.81 + 0.06 + 5 (0.1/3)^2
    f, n = bbpssw_round(0.9)
    assert n == pytest.approx(0.81 + 2 * 0.9 * 0.1 / 3 + 5 * (0.1 / 3) ** 2)
    assert f == pytest.approx((0.81 + (0.1 / 3) ** 2) / n)
    for start in (0.55, 0.7, 0.9, 0.99):
        assert bbpssw_round(start)[0] > start
    assert bbpssw_round(0.5)[0] == pytest.approx(0.5)


def test_more_distillation_rounds_cost_more_raw_pairs_and_raise_fidelity():
    fidelities, costs = zip(*(map(float, distilled(0.9, k)) for k in range(5)))
    assert list(fidelities) == sorted(fidelities) and list(costs) == sorted(costs)
    assert costs[0] == 1 and costs[1] >= 2


def test_swapping_loses_fidelity_per_hop():
    assert swapped_fidelity(0.99, 1) == pytest.approx(0.99)
    # two Werner pairs of F: F1 F2 + (1 - F1)(1 - F2)/3
    assert swapped_fidelity(0.99, 2) == pytest.approx(0.99 * 0.99 + 0.01 * 0.01 / 3)
    assert swapped_fidelity(0.99, 5) < swapped_fidelity(0.99, 2)


# ---- Bell-diagonal states ---------------------------------------------------------------------------


def test_werner_and_the_convention():
    w = werner([0.9, 0.97])
    assert w.shape == (2, 4)
    assert np.allclose(w[0], [0.9, 0.1 / 3, 0.1 / 3, 0.1 / 3]) and np.allclose(w.sum(axis=-1), 1)
    assert np.allclose(fidelity(w), [0.9, 0.97])
    assert np.allclose(twirled(bell_diagonal(0.7, 0.2, 0.1, 0.0)), werner(0.7))
    # A is the weight of Phi+ = (|00> + |11>)/sqrt2, B of the singlet Psi-, C of Psi+, D of Phi-
    for k, vector in enumerate(BELL):
        coefficients, _ = _bell_coefficients(np.outer(vector, vector))
        assert np.allclose(coefficients, np.eye(4)[k])


# ---- DEJMPS -----------------------------------------------------------------------------------------


def test_dejmps_is_the_published_recurrence():
    a, b, c, d = 0.8, 0.1, 0.06, 0.04
    n = (a + b) ** 2 + (c + d) ** 2
    out, success = dejmps_round(bell_diagonal(a, b, c, d))
    assert success == pytest.approx(n)
    assert np.allclose(out, [(a * a + b * b) / n, 2 * c * d / n, (c * c + d * d) / n, 2 * a * b / n])


def test_dejmps_required_figures():
    out, success = dejmps_round(werner(0.99))
    assert round(float(out[0]), 6) == 0.993266
    assert round(float(success), 4) == 0.9868
    twice, raw = distill(werner(0.99), 2)
    assert fidelity(twice) == pytest.approx(0.99991, abs=1e-5)
    assert raw == pytest.approx(2 / success * 2 / dejmps_round(out)[1])


def test_dejmps_on_werner_pairs_is_bbpssw_and_beats_it_after():
    for f in (0.6, 0.9, 0.99):
        out, success = dejmps_round(werner(f))
        f_b, n_b = bbpssw_round(f)
        assert out[0] == pytest.approx(f_b, rel=1e-12) and success == pytest.approx(n_b, rel=1e-12)
        assert fidelity(distill(werner(f), 3)[0]) > fidelity(distill(werner(f), 3, "bbpssw")[0])


@pytest.mark.parametrize("p2, pm", NOISE)
def test_dejmps_matches_density_matrix_simulation(p2, pm):
    for state in [*_random_states(7, 3), werner(0.9), bell_diagonal(0.7, 0.05, 0.2, 0.05)]:
        coefficients, success, off = simulate_dejmps(state, p2, pm)
        out, n = dejmps_round(state, p2, pm)
        assert off < 1e-12  # Pauli noise on Bell-diagonal pairs stays Bell-diagonal
        assert np.allclose(out, coefficients, atol=1e-12) and n == pytest.approx(success, rel=1e-12)


def test_noisy_bbpssw_is_dejmps_between_twirls():
    f = np.array([0.8, 0.95, 0.99])
    for p2, pm in NOISE:
        f_out, n = bbpssw_round(f, p2, pm)
        state, n_state = distillation_round(werner(f), "bbpssw", p2, pm)
        out, n_d = dejmps_round(werner(f), p2, pm)
        assert np.allclose(f_out, out[..., 0]) and np.allclose(state, werner(out[..., 0]))
        assert np.allclose(n, n_d) and np.allclose(n_state, n_d)
    assert np.all(bbpssw_round(f, 0.01, 0.01)[0] < bbpssw_round(f)[0])


def test_noise_caps_what_distillation_reaches():
    ideal = fidelity(distill(werner(0.95), 8)[0])
    noisy = fidelity(distill(werner(0.95), 8, p_two_qubit=0.01, p_measurement=0.01)[0])
    assert ideal > 1 - 1e-9 and 0.95 < noisy < 0.995


def test_distilled_keeps_its_default_and_takes_a_protocol():
    f = np.array([0.7, 0.9, 0.99])
    old_f, old_raw = f, np.ones_like(f)
    for _ in range(3):
        old_f, success = bbpssw_round(old_f)
        old_raw = old_raw * 2 / success
    new_f, new_raw = distilled(f, 3)
    assert np.array_equal(new_f, old_f) and np.array_equal(new_raw, old_raw)
    state, raw = distill(werner(f), 3, "dejmps")
    assert np.allclose(distilled(f, 3, "dejmps")[0], state[..., 0]) and np.allclose(distilled(f, 3, "dejmps")[1], raw)
    with pytest.raises(ValueError, match="protocol"):
        distillation_round(werner(0.9), "hashing")


def test_distillation_is_vectorised():
    states = _random_states(3, 12).reshape(3, 4, 4)
    p2 = np.array([0.0, 0.001, 0.01, 0.02])
    out, raw = distill(states, 2, p_two_qubit=p2, p_measurement=0.005)
    assert out.shape == (3, 4, 4) and raw.shape == (3, 4)
    one, _ = distill(states[1, 2], 2, p_two_qubit=0.01, p_measurement=0.005)
    assert np.allclose(out[1, 2], one)


# ---- swapping ---------------------------------------------------------------------------------------


def test_swap_required_figure():
    joined = swapped(werner(0.995), hops=2)
    assert round(float(joined[0]), 6) == 0.990033
    assert joined[0] == pytest.approx(swapped_fidelity(0.995, 2), rel=1e-14)


@pytest.mark.parametrize("p2, pm", NOISE)
def test_swap_matches_density_matrix_simulation(p2, pm):
    states = _random_states(11, 6)
    for a, b in [*zip(states[:3], states[3:]), (werner(0.95), werner(0.9))]:
        coefficients, off = simulate_swap(a, b, p2, pm)
        assert off < 1e-12
        assert np.allclose(swap(a, b, p2, pm), coefficients, atol=1e-12)


def test_swapped_is_repeated_swaps_and_matches_werner_law():
    f = np.array([0.9, 0.99])
    hops = np.array([[1], [2], [5]])
    assert np.allclose(swapped(werner(f), hops)[..., 0], swapped_fidelity(f, hops))
    link = bell_diagonal(0.9, 0.05, 0.03, 0.02)
    chain = link
    for h in range(2, 5):
        chain = swap(chain, link, 0.01, 0.002)
        assert np.allclose(swapped(link, h, 0.01, 0.002), chain)
    assert swapped(werner(0.99), 3, 0.01)[0] < swapped(werner(0.99), 3)[0]


# ---- memory -----------------------------------------------------------------------------------------


def test_memory_decay():
    assert decayed(0.99, 2e-3, 1e-3) == pytest.approx(0.25 + 0.74 * np.exp(-2))
    assert round(float(decayed(0.99, 2e-3, 1e-3)), 3) == 0.350
    state = decayed(bell_diagonal(0.9, 0.05, 0.03, 0.02), 1e-3, 1e-3)
    assert state.sum() == pytest.approx(1) and state[0] == pytest.approx(decayed(0.9, 1e-3, 1e-3))
    waits = np.array([0.0, 1e-3, 1e9])
    states = decayed(werner([0.99, 0.99, 0.99]), waits[:, None], 1e-3)
    assert np.allclose(states[0], werner(0.99)) and np.allclose(states[2], 0.25)
    assert decayed(0.9, 1.0, np.inf) == pytest.approx(0.9)


def test_mean_decay_is_the_average_over_a_uniform_wait():
    t = 1e-3
    for tau in (1e-6, 1e-4, 1e-3, 5e-3):
        waits = np.linspace(0, tau, 200001)
        assert mean_decay(tau, t) == pytest.approx(np.trapezoid(np.exp(-waits / t), waits) / tau, rel=1e-9)
        assert depolarized(0.99, mean_decay(tau, t)) == pytest.approx(np.mean(decayed(0.99, waits, t)), rel=1e-5)
    assert mean_decay(0.0, t) == 1 and mean_decay(1e-3, np.inf) == 1
    assert np.allclose(mean_decay(np.array([0.0, 1e-3, 2e-3]), 1e-3), [1, 1 - np.exp(-1), (1 - np.exp(-2)) / 2])
