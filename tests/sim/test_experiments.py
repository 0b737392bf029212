"""Verification of every circuit builder, for d = 3, 5, 7 and both bases (DESIGN.md, "Lattice surgery").

Each circuit (surgeries with both observable sets) must: give a detector error model that
decomposes into graphlike errors; produce no detection event and +1 observables without
noise; have graphlike distance d (also across a seam); and react to injected logical
operators by flipping exactly the right observables.
"""

from __future__ import annotations

import pytest
import sinter
import stim

from ftplanner.sim import KINDS, NoiseModel, build, default_boundary_x, link_gates_per_round, memory_circuit, seam_circuit, surgery_circuit

DISTANCES = (3, 5, 7)
CASES = [(kind, d, basis, observable) for kind in KINDS for d in DISTANCES for basis in ("Z", "X")
         for observable in (("parity",) if "memory" in kind else ("parity", "product"))]


@pytest.mark.parametrize("kind,d,basis,observable", CASES)
def test_error_model_decomposes_and_distance_is_d(noisy, kind, d, basis, observable):
    circuit = noisy(kind, d, basis, observable)
    circuit.detector_error_model(decompose_errors=True)
    assert len(circuit.shortest_graphlike_error()) == d


@pytest.mark.parametrize("kind,d,basis,observable", CASES)
def test_noiseless_run_is_silent(noiseless, kind, d, basis, observable):
    circuit = noiseless(kind, d, basis, observable)
    detectors, observables = circuit.compile_detector_sampler(seed=1).sample(8, separate_observables=True)
    assert not detectors.any()
    assert not observables.any()
    assert circuit.num_observables == (3 if observable == "parity" and "memory" not in kind else 1)


def _qubits_at(circuit: stim.Circuit, xs, ys) -> list[int]:
    where = {tuple(xy): q for q, xy in circuit.get_final_qubit_coordinates().items()}
    return [where[(x, y)] for x in xs for y in ys]


def _inject(circuit: stim.Circuit, pauli: str, qubits: list[int], when: str) -> stim.Circuit:
    """Insert a certain Pauli error string after the initial resets ("start") or before the final readout ("end").

    It must be an error channel (probability 1), not a gate: Stim reports observables relative
    to the circuit's own noiseless run, which would include a gate.
    """
    ticks = [i for i, op in enumerate(circuit) if isinstance(op, stim.CircuitInstruction) and op.name == "TICK"]
    at = (ticks[0] if when == "start" else ticks[-1]) + 1
    return circuit[:at] + stim.Circuit(f"{pauli}_ERROR(1) " + " ".join(map(str, qubits))) + circuit[at:]


def _flips(circuit: stim.Circuit) -> list[int]:
    detectors, observables = circuit.compile_detector_sampler(seed=1).sample(1, separate_observables=True)
    assert not detectors.any(), "a logical operator must not trip any detector"
    return observables[0].astype(int).tolist()


def _patch_columns(kind: str, d: int) -> dict[str, range]:
    """Data x coordinates of each patch (memory: A only)."""
    if "memory" in kind:
        return {"A": range(1, 2 * d, 2)}
    return {"A": range(1, 2 * d, 2), "B": range(2 * d + 3, 4 * d + 2, 2)}


@pytest.mark.parametrize("kind,d,basis,observable", CASES)
def test_injected_logicals_flip_exactly_their_observables(noiseless, kind, d, basis, observable):
    """The O string (X for a ZZ surgery) on a patch flips its B logical and the parity; the B string flips
    nothing. With observable="product" (patches in O), B strings flip O_A·O_B·O_seam, one per patch."""
    circuit = noiseless(kind, d, basis, observable)
    other = "X" if basis == "Z" else "Z"
    columns = _patch_columns(kind, d)
    row = {name: _qubits_at(circuit, xs, [1]) for name, xs in columns.items()}
    column = {name: _qubits_at(circuit, [xs[-1]], range(1, 2 * d, 2)) for name, xs in columns.items()}
    if "memory" in kind:
        assert _flips(_inject(circuit, other, row["A"], "start")) == [1]
        assert _flips(_inject(circuit, basis, column["A"], "start")) == [0]
        return
    if observable == "product":  # observable: [O_A·O_seam·O_B]
        assert _flips(_inject(circuit, basis, column["A"], "start")) == [1]
        assert _flips(_inject(circuit, basis, column["B"], "end")) == [1]
        assert _flips(_inject(circuit, basis, column["A"] + column["B"], "start")) == [0]
        assert _flips(_inject(circuit, other, row["A"] + row["B"], "start")) == [0]
        return
    # observables: [parity B_A·B_B, B_A, B_B]
    assert _flips(_inject(circuit, other, row["A"], "start")) == [1, 1, 0]
    assert _flips(_inject(circuit, other, row["B"], "start")) == [1, 0, 1]
    assert _flips(_inject(circuit, other, row["A"] + row["B"], "start")) == [0, 1, 1]
    assert _flips(_inject(circuit, other, row["A"], "end")) == [0, 1, 0]
    assert _flips(_inject(circuit, basis, column["A"] + column["B"], "start")) == [0, 0, 0]


@pytest.mark.parametrize("kind", KINDS)
def test_si1000_with_hardware_durations_keeps_distance(kind):
    noise = NoiseModel.si1000(1e-3).with_link(0.05)
    circuit = build(kind, 5, "X", noise).circuit
    circuit.detector_error_model(decompose_errors=True)
    assert len(circuit.shortest_graphlike_error()) == 5


def test_memory_detectors_match_stims_generated_circuit():
    for d, r in [(3, 1), (5, 4), (7, 9)]:
        generated = stim.Circuit.generated("surface_code:rotated_memory_z", distance=d, rounds=r)
        assert build("memory", d, "Z", rounds=r).circuit.num_detectors == generated.num_detectors


def test_repeated_rounds_fold_into_a_repeat_block():
    short = build("surgery", 5, "Z", NoiseModel.uniform(1e-3), rounds=6).circuit
    long = build("surgery", 5, "Z", NoiseModel.uniform(1e-3), rounds=600).circuit
    assert len(str(long)) < len(str(short)) + 100
    assert long.num_detectors - short.num_detectors == 2 * 594 * (5 * 5 - 1) * 2


def test_link_gates_cross_the_boundary_only_during_the_merge():
    """Bell pairs per round of a remote merge: 2d − 1 CNOTs cross the default cut."""
    for d in DISTANCES:
        assert link_gates_per_round(d) == 2 * d - 1
        circuit = build("seam", d, "Z", rounds=1).circuit
        links = sum(len(op.targets_copy()) // 2 for op in circuit.flattened() if op.tag == "link")
        assert links == d * (2 * d - 1)
    assert build("surgery", 5, "Z").circuit.flattened().__str__().count("[link]") == 0


def test_boundary_position_is_a_parameter():
    d = 5
    assert default_boundary_x("seam", d) == 2 * d + 1.5
    moved = build("seam", d, "Z", NoiseModel.uniform(1e-3).with_link(0.1), boundary_x=2 * d - 0.5)
    assert moved.boundary_x == 2 * d - 0.5
    assert "[link]" in str(moved.circuit)
    assert len(moved.circuit.shortest_graphlike_error()) == d
    with pytest.raises(ValueError, match="outside the layout"):
        build("seam", d, "Z", boundary_x=1000)
    with pytest.raises(ValueError, match="only applies to seam"):
        build("memory", d, "Z", boundary_x=3.5)


def test_metadata_round_trips_through_sinter_file_names():
    noise = NoiseModel.uniform(1e-3).with_link(0.02)
    for kind in KINDS:
        experiment = build(kind, 3, "X", noise)
        assert sinter.comma_separated_key_values(experiment.filename) == experiment.metadata
    meta = build("seam", 3, "Z", noise, observable="product").metadata
    assert meta == {"kind": "seam", "d": 3, "b": "Z", "r": 3, "obs": "product", "p": 1e-3, "noise": "uniform",
                    "p_link": 0.02, "cut": 7.5}
    assert (build("surgery", 5, "Z", noise, rounds=2).filename
            == "kind=surgery,d=5,b=Z,r=2,obs=parity,p=0.001,noise=uniform.stim")
    assert build("memory", 5, "Z").filename == "kind=memory,d=5,b=Z,r=5.stim"


@pytest.mark.parametrize("bad", [{"distance": 4}, {"distance": 1}, {"basis": "Y"}, {"kind": "teleport"}, {"rounds": 0},
                                 {"observable": "product"}, {"kind": "surgery", "observable": "both"}])
def test_bad_arguments_are_refused(bad):
    args = {"kind": "memory", "distance": 3, "basis": "Z"} | bad
    with pytest.raises(ValueError):
        build(args.pop("kind"), args.pop("distance"), args.pop("basis"), **args)


def test_surgery_qubits_are_the_merged_patch():
    """Two patches of 2d² − 1 qubits, plus d seam data and d + 1 new measure qubits."""
    d = 5
    assert build("surgery", d, "Z").circuit.num_qubits == 2 * (2 * d * d - 1) + d + (d + 1)


def test_builder_functions_are_build_shortcuts():
    noise = NoiseModel.si1000(2e-3).with_link(0.03)
    assert memory_circuit(3, 2, "X", noise) == build("memory", 3, "X", noise, rounds=2).circuit
    assert surgery_circuit(3, "Z", noise, rounds=1, observable="product") == build(
        "surgery", 3, "Z", noise, rounds=1, observable="product").circuit
    assert seam_circuit(3, "Z", noise) == build("seam", 3, "Z", noise).circuit
    assert seam_circuit(3, "X", noise, over="memory", boundary_x=2.5) == build(
        "seam_memory", 3, "X", noise, boundary_x=2.5).circuit
