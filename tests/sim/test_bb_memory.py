"""Verification of the BB-code memory circuits (`ftplanner.sim.bicycle`), as the surface-code builders are verified.

The codes must be the papers' (Bravyi et al., Nature 627, 778 (2024), arXiv:2308.07915, Table 3):
[[144,12,12]] and [[288,12,18]], weight-6 checks, commuting X and Z checks, and logical operators
that commute with every check and pair up (X_i anticommutes with Z_j iff i = j). The circuits
must: run silently without noise (no detection event, all observables +1); give a detector error
model under the project's noise models; flip exactly observable j when X_j (Z memory) or Z_j
(X memory) is applied, and none for a stabilizer; have the paper's depth-8 cycle with its idle
pattern; and code-capacity distances of 12 (gross) and 18 (two-gross) found by Stim's search.
"""

from __future__ import annotations

import numpy as np
import pytest
import stim

from ftplanner.sim import NoiseModel
from ftplanner.sim.bicycle import CODES, bb_code, build_memory, gf2, memory_circuit
from ftplanner.sim.names import BB_CODES

PAPER = {"gross": (144, 12, 12), "two_gross": (288, 12, 18)}  # Bravyi et al. 2024, Table 3
CASES = [(code, basis, rounds) for code in CODES for basis in ("Z", "X") for rounds in (1, 2, 5)]


@pytest.mark.parametrize("code", CODES)
def test_codes_have_the_papers_parameters_and_weight_six_checks(code):
    bb = bb_code(code)
    n, k, d = PAPER[code]
    assert (bb.n, bb.k, bb.distance) == (n, k, d)
    for h in (bb.hx, bb.hz):
        assert (h.sum(axis=1) == 6).all() and (h.sum(axis=0) == 3).all()
    assert not ((bb.hx.astype(int) @ bb.hz.T) % 2).any()


@pytest.mark.parametrize("code", CODES)
def test_logicals_commute_with_every_check_and_pair_up(code):
    bb = bb_code(code)
    lx, lz = bb.logicals
    assert lx.shape == lz.shape == (12, bb.n)
    assert not ((bb.hx.astype(int) @ lz.T) % 2).any()  # Z logicals commute with X checks
    assert not ((bb.hz.astype(int) @ lx.T) % 2).any()
    assert ((lx.astype(int) @ lz.T) % 2 == np.eye(12)).all()  # hence none is a stabilizer, and they are independent


def test_the_light_names_list_every_code_in_order():
    # the CLI's help and --code check read BB_CODES, so that they do not import the codes (numpy)
    assert BB_CODES == tuple(CODES)


def test_gf2_helpers_agree_with_a_hand_example():
    m = np.array([[1, 1, 0], [0, 1, 1], [1, 0, 1]])  # rank 2 over GF(2) (rows sum to 0)
    assert gf2.rank(m) == 2
    assert ((m @ gf2.kernel(m).T) % 2 == 0).all() and gf2.kernel(m).shape == (1, 3)
    a = np.array([[1, 1], [0, 1]])
    assert ((a @ gf2.inverse(a)) % 2 == np.eye(2)).all()
    with pytest.raises(ValueError, match="singular"):
        gf2.inverse(m)


@pytest.mark.parametrize("code,basis,rounds", CASES)
def test_noiseless_memory_is_silent_with_k_observables(code, basis, rounds):
    circuit = memory_circuit(bb_code(code), rounds, basis)
    detectors, observables = circuit.compile_detector_sampler(seed=3).sample(8, separate_observables=True)
    assert not detectors.any() and not observables.any()
    assert circuit.num_observables == 12
    assert circuit.num_detectors == bb_code(code).sites * (rounds + 1)  # basis checks each cycle, then vs the data


@pytest.mark.parametrize("family", ["uniform", "si1000"])
@pytest.mark.parametrize("basis", ["Z", "X"])
def test_noisy_memory_has_a_detector_error_model(family, basis):
    circuit = build_memory("gross", basis, NoiseModel.family_model(family, 2e-3), rounds=3).circuit
    dem = circuit.detector_error_model()
    assert dem.num_detectors == 72 * 4 and dem.num_observables == 12 and dem.num_errors > 1000


def _inject(circuit: stim.Circuit, pauli: str, qubits) -> stim.Circuit:
    """A certain Pauli error on `qubits` right after the initial resets (the first TICK)."""
    at = next(i for i, op in enumerate(circuit) if isinstance(op, stim.CircuitInstruction) and op.name == "TICK") + 1
    return circuit[:at] + stim.Circuit(f"{pauli}_ERROR(1) " + " ".join(map(str, qubits))) + circuit[at:]


@pytest.mark.parametrize("code,basis", [(code, basis) for code in CODES for basis in ("Z", "X")])
def test_injected_logicals_flip_exactly_their_observable(code, basis):
    bb = bb_code(code)
    circuit = memory_circuit(bb, 3, basis)
    lx, lz = bb.logicals
    flipping, other = (lx, "X") if basis == "Z" else (lz, "Z")
    data = bb.sites + np.arange(bb.n)  # qubit indices of the data (after the X checks)
    for j in (0, 5, 11):
        det, obs = _inject(circuit, other, data[np.flatnonzero(flipping[j])]).compile_detector_sampler().sample(
            1, separate_observables=True)
        assert not det.any() and np.flatnonzero(obs[0]).tolist() == [j]
    stabilizer = (bb.hx if basis == "Z" else bb.hz)[7]
    det, obs = _inject(circuit, other, data[np.flatnonzero(stabilizer)]).compile_detector_sampler().sample(
        1, separate_observables=True)
    assert not det.any() and not obs.any()


def test_cycle_is_depth_8_with_the_papers_idle_pattern():
    """8 layers a cycle; waiting data get idle noise in layers 0 and 6 (half the data) and 7 (all): 2n per cycle,
    the only single-qubit noise under `uniform` (Bravyi et al.'s circuit noise: idle at p), less n in the last
    cycle, whose layer 7 measures the data."""
    rounds = 4
    noiseless = memory_circuit(bb_code("gross"), rounds, "Z")
    assert noiseless.num_ticks == 8 * rounds
    noisy = build_memory("gross", "Z", NoiseModel.uniform(1e-3), rounds).circuit.flattened()
    idle = sum(len(op.targets_copy()) for op in noisy if op.name == "DEPOLARIZE1")
    assert idle == bb_code("gross").n * (2 * rounds - 1)


def _code_capacity(code: str) -> stim.Circuit:
    """Perfect Z-check measurement of data that took X errors: its undetectable logicals are the code's X distance."""
    bb = bb_code(code)
    c = stim.Circuit()
    c.append("R", range(bb.n))
    c.append("X_ERROR", range(bb.n), 1e-3)
    c.append("M", range(bb.n))
    for row in bb.hz:
        c.append("DETECTOR", [stim.target_rec(int(q) - bb.n) for q in np.flatnonzero(row)])
    for j, row in enumerate(bb.logicals[1]):
        c.append("OBSERVABLE_INCLUDE", [stim.target_rec(int(q) - bb.n) for q in np.flatnonzero(row)], j)
    return c


@pytest.mark.parametrize("code, distance, events", [("gross", 12, 4), ("two_gross", 18, 5)])
def test_code_capacity_distance_is_the_papers(code, distance, events):
    """Stim's search (small limits) finds an undetectable logical of the paper's weight, 12 for gross and 18 for
    two-gross (Bravyi et al. 2024, the table the module docstring cites): an upper bound on the distance that a wrong
    polynomial breaks (another weight or k, e.g. the two-gross A on the 12 x 6 torus)."""
    error = _code_capacity(code).search_for_undetectable_logical_errors(
        dont_explore_detection_event_sets_with_size_above=events, dont_explore_edges_with_degree_above=4,
        dont_explore_edges_increasing_symptom_degree=False)
    assert len(error) == distance


def test_experiment_metadata_names_code_basis_rounds_and_noise():
    exp = build_memory("two_gross", "X", NoiseModel.uniform(2e-3))
    assert exp.metadata == {"kind": "bb_memory", "code": "two_gross", "d": 18, "b": "X", "r": 18, "p": 2e-3,
                            "noise": "uniform"}
    assert exp.filename.startswith("kind=bb_memory,code=two_gross,d=18,b=X,r=18")


@pytest.mark.parametrize("bad,match", [({"code": "hyperbolic"}, "code must be one of"), ({"basis": "Y"}, "basis"),
                                       ({"rounds": 0}, "rounds")])
def test_bad_arguments_are_refused(bad, match):
    args = {"code": "gross", "basis": "Z", "rounds": 2, **bad}
    with pytest.raises(ValueError, match=match):
        build_memory(args["code"], args["basis"], None, args["rounds"])
