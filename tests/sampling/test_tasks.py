"""The tasks a calibration samples: grid around the machine's p and p_link, metadata that names the model."""

from __future__ import annotations

import pytest

from ftplanner.api import load
from ftplanner.physics.link_noise import p_link_from_fidelity
from ftplanner.sampling.tasks import Grid, check_targets, experiments, scaled, target, tasks
from ftplanner.sim import NoiseModel

NETWORKED = """\
name: cal
hardware:
  noise_model: si1000
  error_rates: {two_qubit: 1.0e-3, measurement: 1.0e-3}
modules: {count: 2}
network:
  link: {bell_pair_fidelity: 0.99}
workload:
  logical_counts: {numQubits: 10, tCount: 100}
"""
GRID = Grid(distances=(3, 5), p_factors=(1, 2), p_link_factors=(1, 4))


@pytest.fixture
def arch(write_yaml):
    return lambda text=NETWORKED: load(write_yaml(text))


def test_grid_counts_and_metadata(arch):
    t = target(arch())
    built = experiments(t, GRID)
    kinds = [e.kind for e, _ in built]
    assert kinds.count("memory") == 2 * 2 * 2  # distances x p x bases
    assert kinds.count("surgery") == 2 * 2 * 2 * 2  # x observable sets
    assert kinds.count("seam") == 2 * 2 * 2 * 2  # distances x p_link x bases x observable sets
    sinter_tasks = tasks([t, t], GRID)
    assert len(sinter_tasks) == len(built)  # duplicates of the same experiment are sampled once
    assert {task.json_metadata["model"] for task in sinter_tasks} == {t.model}
    assert t.model.startswith("si1000-")  # measurement overridden: not the pure family


def test_seams_at_the_machine_p_around_its_link(arch):
    t = target(arch())
    p_link = float(p_link_from_fidelity(0.99, 1e-3))
    seams = [e for e, _ in experiments(t, GRID) if e.kind == "seam"]
    assert {e.noise.p for e in seams} == {1e-3}
    assert sorted({e.noise.link_rate for e in seams}) == pytest.approx([p_link, 4 * p_link], rel=1e-5)


def test_single_module_machines_have_no_seams(arch):
    t = target(arch(NETWORKED.replace("count: 2", "count: 1")))
    assert t.p_link is None
    assert not [e for e, _ in experiments(t, GRID) if e.kind == "seam"]


def test_pure_family_and_scaling(arch):
    t = target(arch(), pure_family=True)
    assert t.noise == NoiseModel.si1000(1e-3) and t.model == "si1000"
    custom = target(arch()).noise
    double = scaled(custom, 2.0)
    assert double.measurement == pytest.approx(2 * custom.measurement) and double.p == pytest.approx(2e-3)
    with pytest.raises(ValueError, match="above 0.5"):
        scaled(custom, 600)


def test_one_noise_model_per_family(arch):
    other = target(arch(NETWORKED.replace("two_qubit: 1.0e-3", "two_qubit: 2.0e-3")))
    with pytest.raises(ValueError, match="calibrate them separately"):
        check_targets([target(arch()), other])
