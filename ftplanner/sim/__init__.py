"""Stim experiments behind the error model: noise models, the noise pass and circuit builders.

    from ftplanner.sim import NoiseModel, build
    exp = build("surgery", 5, "Z", NoiseModel.si1000(1e-3))
    exp.circuit, exp.metadata, exp.filename

CLI verbs live in `ftplanner.cli.circuits` (registered on the main app).
"""

from ftplanner.lazy import lazy_exports
from ftplanner.sim.names import BASES, KINDS, OBSERVABLES

# imported on first use: Stim and numpy load with a circuit, not with `ftplanner.sim.names` (the CLI's help)
_LAZY = {
    **dict.fromkeys(["Experiment", "build", "default_boundary_x", "link_gates_per_round", "memory_circuit",
                     "seam_circuit", "surgery_circuit"], "ftplanner.sim.experiments"),
    "NoiseModel": "ftplanner.sim.noise",
    "add_noise": "ftplanner.sim.noisify",
}


__getattr__ = lazy_exports("ftplanner.sim", _LAZY, globals())

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
