"""NoiseModel: the families' ratios, an architecture's resolved rates, per-layer idle and the link rate."""

from __future__ import annotations

from dataclasses import fields, replace

import pytest

from ftplanner.architecture import Architecture
from ftplanner.physics.link_noise import p_link_from_fidelity
from ftplanner.physics.noise_families import FAMILIES, OPERATIONS, family_rates
from ftplanner.sim import NoiseModel

DURATIONS = {"two_qubit": 50, "single_qubit": 25, "measurement": 500, "reset": 100}


def _arch(**hardware) -> Architecture:
    return Architecture.model_validate({"name": "t", "hardware": hardware,
                                        "workload": {"logical_counts": {"numQubits": 10, "tCount": 100}}})


def test_uniform_is_stims_circuit_depolarizing_model():
    m = NoiseModel.uniform(2e-3)
    assert (m.two_qubit, m.single_qubit, m.measurement, m.reset) == (2e-3,) * 4
    assert m.idle == 0 and m.readout_idle == 2e-3


def test_si1000_ratios():
    """Gidney, Newman, Fowler, Broughton, arXiv:2108.10457: CZ p, 1q p/10, M 5p, R 2p, idle p/10, resonator 2p."""
    m = NoiseModel.si1000(1e-3)
    assert m.two_qubit == pytest.approx(1e-3)
    assert m.single_qubit == pytest.approx(1e-4)
    assert m.measurement == pytest.approx(5e-3)
    assert m.reset == pytest.approx(2e-3)
    assert m.idle == pytest.approx(1e-4)
    assert m.readout_idle == pytest.approx(2e-3)
    assert m.single_qubit == 1e-3 / 10 and m.idle == 1e-3 / 10  # the published p/10, to the last bit


@pytest.mark.parametrize("family", FAMILIES)
def test_families_are_the_physics_table(family):
    m = NoiseModel.family_model(family, 3e-3)
    assert {op: getattr(m, op) for op in OPERATIONS} == family_rates(family, 3e-3)


def test_for_architecture_takes_the_family_at_p_and_overrides_given_rates():
    m = NoiseModel.for_architecture(_arch(noise_model="si1000", error_rates={"two_qubit": 2e-3, "measurement": 2e-2}))
    assert m == replace(NoiseModel.si1000(2e-3), measurement=2e-2)
    assert m.label.startswith("si1000-")
    assert NoiseModel.for_architecture(_arch(error_rates={"two_qubit": 1e-3})) == NoiseModel.uniform(1e-3)
    assert NoiseModel.for_architecture(_arch(error_rates={"two_qubit": 1e-3})).label == "uniform"


def test_explicit_idle_is_per_layer_whatever_the_durations():
    """An explicit idle rate is a DEPOLARIZE1 probability per idle layer, as the families' own are.

    (It was once read per two-qubit-gate time and scaled by each layer's duration.)
    """
    m = NoiseModel.for_architecture(_arch(noise_model="si1000", durations_ns=DURATIONS,
                                          error_rates={"two_qubit": 1e-3, "idle": 1e-4}))
    assert m == replace(NoiseModel.si1000(1e-3), idle=1e-4)
    assert m == NoiseModel.for_architecture(_arch(noise_model="si1000", error_rates={"two_qubit": 1e-3, "idle": 1e-4}))
    assert "durations_ns" not in {f.name for f in fields(NoiseModel)}  # durations cannot reach the noise
    family_idle = NoiseModel.for_architecture(_arch(noise_model="si1000", durations_ns=DURATIONS,
                                                    error_rates={"two_qubit": 1e-3}))
    assert family_idle == NoiseModel.si1000(1e-3)  # SI1000's own idle, per layer as published


def test_for_architecture_reads_presets():
    m = NoiseModel.for_architecture(_arch(preset="qubit_gate_ns_e4"), p_link=0.01)
    assert m.family == "uniform" and m.two_qubit == 1e-4 and m.idle == 1e-4
    # the preset's durations (50, 50, 100, 100 ns) do not scale its idle: 1e-4 in every layer
    assert m == replace(NoiseModel.uniform(1e-4), idle=1e-4, link=0.01)
    assert m.link_rate == 0.01
    with pytest.raises(ValueError, match="two_qubit"):  # no p: refused with the architecture
        _arch(noise_model="uniform")


def test_labels_of_unchanged_models_are_kept():
    """The label hash is what it was while models could carry durations, so stores keyed by it stay valid."""
    assert replace(NoiseModel.si1000(2e-3), measurement=2e-2).label == "si1000-5c6a1258"


def test_link_rate_defaults_to_two_qubit_and_follows_the_fidelity_model():
    m = NoiseModel.uniform(1e-3)
    assert m.link_rate == 1e-3
    assert m.with_link(0.05).link_rate == 0.05
    assert m.with_link_fidelity(0.95).link_rate == pytest.approx(float(p_link_from_fidelity(0.95, 1e-3)))


@pytest.mark.parametrize("bad", [{"two_qubit": -0.1}, {"measurement": 0.7}, {"link": 0.99}])
def test_rates_must_be_probabilities(bad):
    with pytest.raises(ValueError):
        replace(NoiseModel.uniform(1e-3), **bad)


def test_unknown_family_is_refused():
    with pytest.raises(ValueError, match="unknown noise family"):
        NoiseModel.family_model("trapped_ion", 1e-3)
