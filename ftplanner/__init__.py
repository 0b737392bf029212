"""ftplanner: plan networked fault-tolerant quantum computers from a simulation-calibrated error model.

    import ftplanner as ftp
    arch = ftp.load("architectures/networked-poc-2030.yaml")
    plan = ftp.estimate(arch)
    plan.to_frame()
    frame = ftp.sweep(arch, {"network.link.bell_pair_fidelity": "0.95..0.999:20"})
    calibration = ftp.calibrate(arch, store="stats.csv")  # sample, fit, write stats.calibration.json
    ftp.laws(arch).memory(range(3, 31, 2))  # the error laws the planner uses, per round
"""

from ftplanner.api import estimate, laws, load
from ftplanner.architecture import Architecture
from ftplanner.errors import InvalidArgument, SpecError
from ftplanner.plan.result import Plan

# the functions of the sweeps package, at the top level (ftplanner.sweep is the function)
from ftplanner.sweeps import pareto_frontier, plot_frontier, sensitivity, sweep

# imported on first use: calibrate needs sinter and stim, the fits scipy.stats
_LAZY = {
    "calibrate": "ftplanner.sampling.run",
    "fit_memory": "ftplanner.fit",
    "fit_surgery": "ftplanner.fit",
    "fit_seam": "ftplanner.fit",
}


def __getattr__(name: str):
    """calibrate, fit_memory, fit_surgery and fit_seam, imported on first use."""
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ftplanner' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = ["Architecture", "InvalidArgument", "Plan", "SpecError", "calibrate", "estimate", "fit_memory", "fit_seam",
           "fit_surgery", "laws", "load", "pareto_frontier", "plot_frontier", "sensitivity", "sweep"]
