"""The noise pass: where each channel lands, idle noise on live qubits only, and stim faithfulness."""

from __future__ import annotations

import collections
from dataclasses import replace

import pytest
import stim

from ftplanner.sim import NoiseModel, add_noise, build

TOY = stim.Circuit("""
QUBIT_COORDS(0, 0) 0
R 0 1 2
TICK
H 0
CX[link] 1 2
TICK
CX 0 1
TICK
MR 0
MX 2
R 3
TICK
M 1 3
DETECTOR rec[-1]
""")
RATES = NoiseModel(family="uniform", p=0.01, two_qubit=0.01, single_qubit=0.02, measurement=0.03, reset=0.04,
                   idle=0.05, readout_idle=0.06, link=0.2)


def test_each_operation_gets_its_channel_and_waiting_live_qubits_idle():
    expected = stim.Circuit("""
    QUBIT_COORDS(0, 0) 0
    R 0 1 2
    X_ERROR(0.04) 0 1 2
    TICK
    H 0
    CX[link] 1 2
    DEPOLARIZE1(0.02) 0
    DEPOLARIZE2(0.2) 1 2
    TICK
    CX 0 1
    DEPOLARIZE2(0.01) 0 1
    DEPOLARIZE1(0.05) 2
    TICK
    X_ERROR(0.03) 0
    Z_ERROR(0.03) 2
    MR 0
    MX 2
    R 3
    X_ERROR(0.04) 0 3
    DEPOLARIZE1(0.05) 1
    DEPOLARIZE1(0.06) 1
    TICK
    X_ERROR(0.03) 1 3
    M 1 3
    DETECTOR rec[-1]
    """)
    assert add_noise(TOY, RATES) == expected


def _idle_lines(circuit: stim.Circuit) -> list[str]:
    return [str(op) for op in circuit if op.name == "DEPOLARIZE1"]


def test_idle_is_per_layer_whatever_the_layer_lasts():
    """idle is a DEPOLARIZE1 per idle layer: a qubit waiting through the MR 0 / MX 2 / R 3 layer gets
    the same 1e-3 as one waiting through a CX layer (not scaled by (measurement + reset) / two_qubit)."""
    noise = replace(RATES, idle=1e-3, readout_idle=0.0, single_qubit=0.0)
    assert _idle_lines(add_noise(TOY, noise)) == ["DEPOLARIZE1(0.001) 2", "DEPOLARIZE1(0.001) 1"]


@pytest.mark.parametrize("text,message", [
    ("R 0\nDEPOLARIZE1(0.1) 0\nM 0", "does not handle DEPOLARIZE1"),
    ("R 0 1\nTICK\nCX 0 1\nH 0\nTICK\nM 0 1", "used twice in one layer"),
    ("R 0\nTICK\nREPEAT 3 {\n  R 1\n  TICK\n  CX 0 1\n  TICK\n}\nM 0 1", "inside a REPEAT block"),
])
def test_unsupported_circuits_are_refused(text, message):
    with pytest.raises(ValueError, match=message):
        add_noise(stim.Circuit(text), RATES)


def _error_mass(circuit: stim.Circuit) -> collections.Counter:
    """Total probability of the DEM's errors, by (detectors flipped, observables flipped)."""
    mass = collections.Counter()
    for inst in circuit.detector_error_model(flatten_loops=True):
        if inst.type == "error":
            targets = inst.targets_copy()
            key = (sum(t.is_relative_detector_id() for t in targets), sum(t.is_logical_observable_id() for t in targets))
            mass[key] += inst.args_copy()[0]
    return mass


@pytest.mark.parametrize("d,rounds", [(3, 3), (5, 5)])
def test_uniform_memory_has_stims_error_model(d, rounds):
    """Our Z memory is stim's rotated_memory_z transposed; under `uniform` its error model matches to 1e-3.

    (The one difference: stim's first-round data depolarization sits, in ours, before the readout.)
    """
    p = 3e-3
    ours = _error_mass(build("memory", d, "Z", NoiseModel.uniform(p), rounds=rounds).circuit)
    stims = _error_mass(stim.Circuit.generated(
        "surface_code:rotated_memory_z", distance=d, rounds=rounds, after_clifford_depolarization=p,
        before_round_data_depolarization=p, before_measure_flip_probability=p, after_reset_flip_probability=p))
    assert set(ours) == set(stims)
    for key in stims:
        assert ours[key] == pytest.approx(stims[key], rel=1e-3)
