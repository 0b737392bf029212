"""Stim experiments behind the error model: noise models, the noise pass and circuit builders.

    from ftplanner.sim import NoiseModel, build
    exp = build("surgery", 5, "Z", NoiseModel.si1000(1e-3))
    exp.circuit, exp.metadata, exp.filename

CLI verbs live in `ftplanner.cli.circuits` (registered on the main app).
"""

from ftplanner.sim.experiments import (
    BASES,
    KINDS,
    OBSERVABLES,
    Experiment,
    build,
    default_boundary_x,
    link_gates_per_round,
    memory_circuit,
    seam_circuit,
    surgery_circuit,
)
from ftplanner.sim.noise import NoiseModel
from ftplanner.sim.noisify import add_noise

__all__ = [
    "BASES",
    "KINDS",
    "OBSERVABLES",
    "Experiment",
    "NoiseModel",
    "add_noise",
    "build",
    "default_boundary_x",
    "link_gates_per_round",
    "memory_circuit",
    "seam_circuit",
    "surgery_circuit",
]
