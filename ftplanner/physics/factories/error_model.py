"""Litinski's fault model: per-cycle logical error, level-1 and level-2 fault rates, evaluation of designs.

Source: D. Litinski, "Magic State Distillation: Not as Costly as You Think", Quantum 3, 205 (2019),
arXiv:1905.06903, Secs. 3.1-4, and the resource-cost script
published with it. The code here is written from the paper's model and reproduces the author's
numbers (see tests/physics/test_factories.py).

Fault model (the paper's). A surface-code patch of distance d fails with probability
``0.1 * (100 p)^((d+1)/2)`` per code cycle. A protocol applies pi/8 rotations about Z-type Pauli
products to qubits prepared in |+>. Each rotation consumes a magic state and is measured by
lattice surgery, so it may come out with a Pauli error (off by pi/2) or off by -pi/4 or +pi/4;
patches pick up X and Z storage errors while they wait. The check qubits are measured at the
end and the run is kept only if all of them read +1. Level-1 rotations consume states injected
with error p_phys; a level-2 block consumes the outputs of n level-1 15-to-1 factories (or of
any other units described as a _Feeder: cultivation.py's cultivated states).
Arrays of designs are evaluated at once; a second-order expansion (the surrogate) screens
level-2 blocks that detect one error.
"""

from __future__ import annotations

import functools
from typing import NamedTuple

import numpy as np

from ftplanner.physics.factories.engine import _engine
from ftplanner.physics.factories.layouts import _BLOCKS, _L1_15TO1, _Layout


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


@functools.cache
def _tables(layout: _Layout) -> _Tables:
    """The arrays of a layout (built once)."""
    rotations = [rot for step in layout.steps for rot in step]
    step_of = np.zeros((len(layout.steps), len(rotations)))
    step_of[[s for s, step in enumerate(layout.steps) for _ in step], range(len(rotations))] = 1.0

    def column(values):
        return np.array(values, dtype=float)[:, None]

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
    "p_in",  # the feeders' output error: Pauli error of every rotation
    "move",  # Pauli and -pi/4 error picked up on the way from the feeders (0.5 move p_m2)
    "ancilla_x", "ancilla_z", "ancilla_bend",  # -pi/4 error per d_X side, d_Z side, d_m2 bend
    "hit_x", "hit_z", "hit_bend",  # Z error on an output patch per d_X side, d_Z side, bend
    "output_idle", "output_consumed",  # X and Z error of an output patch per step / when moved out
    "check_x", "check_z",  # X and Z error of a check patch per step
)


class _Evaluated(NamedTuple):
    """Arrays over a batch of designs; NaN error where the model breaks down."""

    output_error: np.ndarray  # per output state
    p_fail: np.ndarray
    physical_qubits: np.ndarray
    code_cycles: np.ndarray
    resolved: np.ndarray  # False: output_error is only an upper bound (numerical resolution)


class _Feeder(NamedTuple):
    """The units that feed a level-2 block, one entry per design: what the level-2 model needs of them.

    Litinski's level-2 model sees its level-1 factories only through these: the error of the
    states they deliver, how fast one unit delivers (t_L1), and how much room a unit takes
    beside the block (footprint, and the length its states travel). Any source of states that
    can be described so -- one-level 15-to-1 factories, or cultivation (cultivation.py) -- can
    feed the block.
    """

    output_error: np.ndarray  # error per delivered state
    run_cycles: np.ndarray  # code cycles of one unit's run, which delivers one state unless it fails
    p_fail: np.ndarray  # probability that a run fails (0 where run_cycles already include retries)
    physical_qubits: np.ndarray  # one unit's footprint
    width: np.ndarray  # the unit's side along the row of units, in lattice sites; states cross n/4 of them
    resolved: np.ndarray  # False: output_error is only an upper bound


def _level1_feeder(level1: _Evaluated, dx, dz, dm) -> _Feeder:
    """One-level (15-to-1)_{d_X,d_Z,d_m} factories as feeders: d_X + 4 d_Z sites wide, runs of 6 d_m cycles."""
    dx, dz, dm = (np.asarray(v, dtype=float) for v in (dx, dz, dm))
    return _Feeder(level1.output_error, 6 * dm, level1.p_fail, level1.physical_qubits, dx + 4 * dz, level1.resolved)


def _level2_base(p_phys: float, feeder: _Feeder, n_units, dx2, dz2, dm2):
    """Base rates (K, N) and t_L1 of level-2 designs, each fed by n_units units."""
    # t_L1: a level-2 rotation waits for one of the n/2 pairs of feeding units, or for its surgery.
    t_l1 = np.maximum(2 * feeder.run_cycles / (n_units * (1 - feeder.p_fail)), dm2)
    # States cross a region of this many d_m2-wide columns to reach the block.
    move = 10 * dm2 + n_units / 4 * feeder.width
    px2, pz2, pm2 = (logical_error_per_cycle(p_phys, d) for d in (dx2, dz2, dm2))
    u = np.stack([
        np.nan_to_num(feeder.output_error, nan=1.0),  # a broken feeder makes the design invalid
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


def _level2_costs(block: str, feeder: _Feeder, n_units, dx2, dz2, dm2, t_l1, p_fail):
    """Qubits and expected code cycles of n feeding units x block designs.

    Each unit keeps a routing strip d_m2/2 deep along its width beside its own footprint.
    """
    _, (fx, fz), cycles_per_t_l1 = _BLOCKS[block]
    qubits = (2 * ((fx * dx2 + fz * dz2) * 3 * dx2 + 20 * dm2**2 + 2 * dx2 * dm2)
              + n_units * (feeder.physical_qubits + feeder.width * dm2))
    return qubits, cycles_per_t_l1 * t_l1 / (1 - p_fail)


def _evaluate_level2(block: str, p_phys: float, feeder: _Feeder, n_units, dx2, dz2, dm2) -> _Evaluated:
    """n feeding units x block for arrays of designs, given the evaluated feeders (paper Sec. 3.2-4)."""
    layout = _BLOCKS[block].layout
    *numbers, resolved = np.broadcast_arrays(*(np.ravel(v) for v in (n_units, dx2, dz2, dm2, *feeder)))
    n_units, dx2, dz2, dm2, *columns = (v.astype(float) for v in numbers)
    feeder = _Feeder(*columns, resolved)
    u, t_l1 = _level2_base(p_phys, feeder, n_units, dx2, dz2, dm2)
    p_out, p_fail, resolved = _simulate(layout, *_level2_rates(layout, u))
    per_output = p_out / (layout.n_outputs if layout.output_kind == "T" else 1)
    qubits, cycles = _level2_costs(block, feeder, n_units, dx2, dz2, dm2, t_l1, p_fail)
    return _Evaluated(per_output, p_fail, qubits, cycles, resolved & feeder.resolved)


class _Quadratic(NamedTuple):
    """Second-order expansion of (p_fail, kept error) of a level-2 block in its base rates."""

    linear: np.ndarray  # (2, K)
    quadratic: np.ndarray  # (2, K, K)

    def __call__(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(p_fail, p_out over all outputs) of designs with base rates u (K, N)."""
        f = np.einsum("ak,kn->an", self.linear, u) + np.einsum("akn,kn->an", np.einsum("akl,ln->akn", self.quadratic, u), u)
        return f[0], f[1] / (1 - f[0])


@functools.cache
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
