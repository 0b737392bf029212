"""NoiseModel: the families' ratios, hardware overrides and the link rate."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from ftplanner.physics.link_noise import p_link_from_fidelity
from ftplanner.sim import DurationsNs, NoiseModel
from ftplanner.architecture.models import Hardware


def _hw(noise_model="uniform", preset=None, durations=None, **rates):
    names = ("two_qubit", "single_qubit", "measurement", "reset", "idle")
    durations = durations or {}
    return SimpleNamespace(
        noise_model=noise_model,
        preset=preset,
        error_rates=SimpleNamespace(**{n: rates.get(n) for n in names}),
        durations_ns=SimpleNamespace(**{n: durations.get(n) for n in names[:4]}),
    )


def test_uniform_is_stims_circuit_depolarizing_model():
    m = NoiseModel.uniform(2e-3)
    assert (m.two_qubit, m.single_qubit, m.measurement, m.reset) == (2e-3,) * 4
    assert m.idle == 0 and m.readout_idle == 2e-3 and m.durations_ns is None


def test_si1000_ratios():
    """Gidney, Newman, Fowler, Broughton, arXiv:2108.10457: CZ p, 1q p/10, M 5p, R 2p, idle p/10, resonator 2p."""
    m = NoiseModel.si1000(1e-3)
    assert m.two_qubit == pytest.approx(1e-3)
    assert m.single_qubit == pytest.approx(1e-4)
    assert m.measurement == pytest.approx(5e-3)
    assert m.reset == pytest.approx(2e-3)
    assert m.idle == pytest.approx(1e-4)
    assert m.readout_idle == pytest.approx(2e-3)


def test_from_hardware_takes_the_family_at_p_and_overrides_given_rates():
    m = NoiseModel.from_hardware(_hw("si1000", two_qubit=2e-3, measurement=2e-2))
    assert m == replace(NoiseModel.si1000(2e-3), measurement=2e-2)
    assert m.label.startswith("si1000-")
    assert NoiseModel.from_hardware(_hw("uniform", two_qubit=1e-3)) == NoiseModel.uniform(1e-3)
    assert NoiseModel.from_hardware(_hw("uniform", two_qubit=1e-3)).label == "uniform"


def test_explicit_idle_is_per_two_qubit_gate_time_when_durations_are_known():
    durations = {"two_qubit": 50, "single_qubit": 25, "measurement": 500, "reset": 100}
    m = NoiseModel.from_hardware(_hw("si1000", durations=durations, two_qubit=1e-3, idle=1e-4))
    assert m.idle == 1e-4 and m.durations_ns == DurationsNs(50, 25, 500, 100)
    family_idle = NoiseModel.from_hardware(_hw("si1000", durations=durations, two_qubit=1e-3))
    assert family_idle.durations_ns is None  # SI1000's own idle is per layer, as published


def test_from_hardware_reads_the_spec_model_and_presets():
    m = NoiseModel.from_hardware(Hardware(preset="qubit_gate_ns_e4"), p_link=0.01)
    assert m.family == "uniform" and m.two_qubit == 1e-4 and m.idle == 1e-4
    assert m.durations_ns == DurationsNs(50, 50, 100, 100)
    assert m.link_rate == 0.01
    with pytest.raises(ValueError, match="two_qubit"):
        NoiseModel.from_hardware(_hw("uniform"))


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
