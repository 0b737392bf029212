"""One resolution of the hardware section: the planner and the calibration's simulator read the same rates.

`ftplanner.architecture.hardware.resolve_hardware` is the only place that decides what an
architecture's error rates and durations are; `ftplanner.estimate` (through plan.resolve) and
`ftplanner calibrate` (through sampling.tasks.target and NoiseModel.for_architecture) both
read it. An idle rate is a DEPOLARIZE1 probability per qubit per idle layer everywhere.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import stim

import ftplanner
import ftplanner.architecture.hardware as hardware_module
import ftplanner.plan.resolve as plan_resolve
from ftplanner.api import load
from ftplanner.architecture.hardware import (
    DEFAULT_DURATIONS_NS,
    NOISE_RATES,
    effective_p,
    resolve_hardware,
    resolve_point,
)
from ftplanner.architecture.values import Values
from ftplanner.physics.noise_families import FAMILIES, family_rates, family_ratios
from ftplanner.sampling.tasks import Grid, experiments, target
from ftplanner.sim.noise import rounded_rate
from tests.conftest import ARCHITECTURES

WORKLOAD = """
workload:
  logical_counts: {numQubits: 20, tCount: 1.0e4}
"""
DESIGNS = {
    "si1000-idle-durations": """name: si1000-idle
hardware:
  noise_model: si1000
  error_rates: {two_qubit: 1.0e-3, idle: 2.0e-4}
  durations_ns: {two_qubit: 50, single_qubit: 25, measurement: 500, reset: 100}
""",
    "uniform-two-qubit-only": """name: uniform-p
hardware:
  noise_model: uniform
  error_rates: {two_qubit: 1.0e-3}
""",
    "preset-ftplanner-profile": """name: preset
profile: ftplanner
hardware: {preset: qubit_gate_ns_e3}
""",
    "si1000-no-durations": """name: si1000-bare
hardware:
  noise_model: si1000
  error_rates: {two_qubit: 2.0e-3, measurement: 1.0e-2}
""",
}
# what each design's rates must resolve to (two_qubit, single_qubit, measurement, reset, idle)
EXPECTED = {
    "si1000-idle-durations": (1e-3, 1e-4, 5e-3, 2e-3, 2e-4),
    "uniform-two-qubit-only": (1e-3, 1e-3, 1e-3, 1e-3, 0.0),
    "preset-ftplanner-profile": (1e-3, 1e-3, 1e-3, 1e-3, 1e-3),
    "si1000-no-durations": (2e-3, 2e-4, 1e-2, 4e-3, 2e-4),
}


@pytest.fixture
def design(write_yaml):
    return lambda name: load(write_yaml(DESIGNS[name] + WORKLOAD))


def _noise_rates(noise) -> dict[str, float]:
    return {op: getattr(noise, op) for op in NOISE_RATES}


def _agree(arch) -> dict[str, float]:
    """The rates the calibration target and the planner use, checked equal to resolve_hardware's."""
    resolved = resolve_point(arch).error_rates
    planner = ftplanner.estimate(arch).assumptions["resolved"]["error_rates"]
    calibration = _noise_rates(target(arch).noise)
    assert {op: planner[op] for op in NOISE_RATES} == {op: resolved[op] for op in NOISE_RATES}
    # the target's grid rounds rates to 6 significant digits (rounded_rate), so metadata reads cleanly
    assert calibration == {op: rounded_rate(resolved[op]) for op in NOISE_RATES}
    return calibration


@pytest.mark.parametrize("name", sorted(DESIGNS))
def test_planner_and_calibration_target_agree_on_every_rate(design, name):
    arch = design(name)
    rates = _agree(arch)
    assert tuple(rates[op] for op in NOISE_RATES) == pytest.approx(EXPECTED[name], rel=1e-12)
    assert rates == {op: resolve_point(arch).error_rates[op] for op in NOISE_RATES}  # no rounding for these


@pytest.mark.parametrize("path", ARCHITECTURES, ids=lambda p: p.stem)
def test_example_architectures_agree(path):
    _agree(load(path))


def test_both_read_resolve_hardware(design, monkeypatch):
    """A change made in resolve_hardware reaches the planner and the calibration target alike."""
    arch = design("si1000-idle-durations")
    real = resolve_hardware

    def patched(values):
        hw = real(values)
        return replace(hw, error_rates={**hw.error_rates, "idle": np.full(values.n, 3.3e-4)})

    monkeypatch.setattr(hardware_module, "resolve_hardware", patched)
    monkeypatch.setattr(plan_resolve, "resolve_hardware", patched)
    assert ftplanner.estimate(arch).assumptions["resolved"]["error_rates"]["idle"] == 3.3e-4
    assert target(arch).noise.idle == 3.3e-4


def test_durations_are_the_planners_and_do_not_enter_the_noise(design):
    with_durations, bare = design("si1000-idle-durations"), design("si1000-no-durations")
    assert ftplanner.estimate(with_durations).assumptions["resolved"]["durations_ns"] == resolve_point(with_durations).durations_ns
    assert resolve_point(bare).durations_ns == {**DEFAULT_DURATIONS_NS, "t_gate": DEFAULT_DURATIONS_NS["single_qubit"]}
    assert ftplanner.estimate(bare).assumptions["resolved"]["durations_ns"] == resolve_point(bare).durations_ns
    faster = with_durations.model_copy(update={"hardware": with_durations.hardware.model_copy(
        update={"durations_ns": with_durations.hardware.durations_ns.model_copy(update={"measurement": 5000.0})})})
    assert target(faster).noise == target(with_durations).noise


def _layers(circuit):
    """The flattened circuit's instructions, split at TICKs."""
    layers, layer = [], []
    for op in circuit.flattened():
        if op.name == "TICK":
            layers.append(layer)
            layer = []
        else:
            layer.append(op)
    return layers + [layer]


def test_idle_through_a_measure_reset_layer_is_the_per_layer_rate(design):
    """si1000 with idle 2e-4 and a 500 + 100 ns MR layer: DEPOLARIZE1(2e-4) on the waiting qubits, not 12 x 2e-4."""
    t = target(design("si1000-idle-durations"))
    memory = next(e for e, _ in experiments(t, Grid(distances=(3,), p_factors=(1.0,))) if e.kind == "memory")
    checked = 0
    for layer in _layers(memory.circuit):
        measured = {q.value for op in layer if op.name == "MR" for q in op.targets_copy()}
        if not measured:
            continue
        idles = [op for op in layer if op.name == "DEPOLARIZE1"]
        assert [op.gate_args_copy() for op in idles] == [[2e-4], [2e-3]]  # idle, then SI1000's readout idle 2p
        waiting = {q.value for q in idles[0].targets_copy()}
        assert waiting and not waiting & measured
        checked += 1
    assert checked >= 3  # every round's MR layer
    assert "0.0024" not in str(memory.circuit)


def test_the_circuits_verb_writes_the_calibrations_circuits(run, tmp_path, write_yaml):
    """`ftplanner circuits ARCH.yaml` writes what `ftplanner calibrate ARCH.yaml` samples at the machine's p."""
    path = write_yaml(DESIGNS["si1000-idle-durations"] + WORKLOAD, "idle.yaml")
    result = run("circuits", path, "--out", tmp_path / "out", "--distances", "3")
    assert result.exit_code == 0, result.output
    text = next((tmp_path / "out").glob("kind=memory,d=3,b=Z,*.stim")).read_text()
    memory = next(e for e, _ in experiments(target(load(path)), Grid(distances=(3,), p_factors=(1.0,)))
                  if e.kind == "memory" and e.basis == "Z")
    assert stim.Circuit(text) == memory.circuit
    assert "DEPOLARIZE1(0.0002)" in text and "0.0024" not in text


# resolve_hardware's rules


def test_families_ratios_and_unknown_family():
    assert family_ratios("si1000") == {"two_qubit": 1.0, "single_qubit": 0.1, "measurement": 5.0, "reset": 2.0,
                                       "idle": 0.1, "readout_idle": 2.0}
    assert family_ratios("uniform") == {"two_qubit": 1.0, "single_qubit": 1.0, "measurement": 1.0, "reset": 1.0,
                                        "idle": 0.0, "readout_idle": 1.0}
    assert set(FAMILIES) == {"uniform", "si1000"}
    with pytest.raises(ValueError, match="unknown noise family"):
        family_ratios("trapped_ion")
    with pytest.raises(ValueError, match="unknown noise family"):
        family_rates("trapped_ion", 1e-3)


def test_rules_over_design_points(design):
    """Given or swept values, else the family's ratio x p capped at 0.5; t_gate follows single_qubit."""
    arch = design("si1000-no-durations")
    values = Values(arch, {"hardware.error_rates.two_qubit": np.array([1e-3, 0.2]),
                           "hardware.durations_ns.single_qubit": np.array([25.0, 40.0])})
    hw = resolve_hardware(values)
    assert hw.family == "si1000"
    np.testing.assert_array_equal(hw.error_rates["measurement"], [1e-2, 1e-2])  # given
    np.testing.assert_array_equal(hw.error_rates["reset"], [2e-3, 0.4])
    np.testing.assert_array_equal(hw.error_rates["idle"], [1e-4, 0.02])
    np.testing.assert_array_equal(hw.error_rates["t_gate"], hw.error_rates["single_qubit"])
    np.testing.assert_array_equal(hw.durations_ns["t_gate"], [25.0, 40.0])
    np.testing.assert_array_equal(hw.durations_ns["measurement"], [500.0, 500.0])
    huge = resolve_hardware(Values(arch.model_copy(update={"hardware": arch.hardware.model_copy(
        update={"error_rates": arch.hardware.error_rates.model_copy(update={"measurement": None})})}),
        {"hardware.error_rates.two_qubit": np.array([0.2])}))
    assert huge.error_rates["measurement"][0] == 0.5  # 5p = 1.0, capped
    assert "hardware.error_rates.measurement" not in hw.defaults and "hardware.error_rates.reset" in hw.defaults
    assert "hardware.durations_ns.two_qubit" in hw.defaults and "hardware.durations_ns.single_qubit" not in hw.defaults


def test_presets_and_effective_p(design):
    hw = resolve_point(design("preset-ftplanner-profile"))
    assert hw.durations_ns == {"two_qubit": 50.0, "single_qubit": 50.0, "measurement": 100.0, "reset": 100.0, "t_gate": 50.0}
    assert hw.error_rates["t_gate"] == 1e-3
    si = resolve_hardware(Values(design("si1000-idle-durations")))
    # idle 2e-4 is 2p under SI1000's p/10: the family's p that bounds every rate is 2e-3
    np.testing.assert_allclose(effective_p(si), [2e-3])
    np.testing.assert_allclose(effective_p(si, "uniform"), [5e-3])  # a uniform law: the largest rate
    plan = ftplanner.estimate(design("si1000-idle-durations"))
    assert plan.assumptions["resolved"]["p_physical"] == pytest.approx(2e-3)
