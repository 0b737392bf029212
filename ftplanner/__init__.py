"""ftplanner: plan networked fault-tolerant quantum computers from a simulation-calibrated error model.

    import ftplanner as ftp
    arch = ftp.load("architectures/networked-poc-2030.yaml")
    plan = ftp.estimate(arch)
    plan.to_frame()
    frame = ftp.sweep(arch, {"network.link.bell_pair_fidelity": "0.95..0.999:20"})
    calibration = ftp.calibrate(arch, store="stats.csv")  # sample, fit, write stats.calibration.json
    ftp.laws(arch).memory(range(3, 31, 2))  # the error laws the planner uses, per round
"""

from ftplanner.errors import InvalidArgument, SpecError
from ftplanner.lazy import lazy_exports

# imported on first use, so that `import ftplanner` (and the CLI's start) costs only what is used:
# the planner and pydantic models, pandas for sweeps, sinter and stim for calibrate, scipy.stats for the fits
_LAZY = {
    "estimate": "ftplanner.api",
    "laws": "ftplanner.api",
    "load": "ftplanner.api",
    "Architecture": "ftplanner.architecture.models",
    "Plan": "ftplanner.plan.result",
    "pareto_frontier": "ftplanner.sweeps.pareto",
    "plot_frontier": "ftplanner.sweeps.plot",
    "sensitivity": "ftplanner.sweeps.sensitivity",
    "sweep": "ftplanner.sweeps.run",
    "calibrate": "ftplanner.sampling.run",
    "fit_memory": "ftplanner.fit",
    "fit_surgery": "ftplanner.fit",
    "fit_seam": "ftplanner.fit",
}


__getattr__ = lazy_exports("ftplanner", _LAZY, globals())  # the public API, imported on first use


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = ["Architecture", "InvalidArgument", "Plan", "SpecError", "calibrate", "estimate", "fit_memory", "fit_seam",
           "fit_surgery", "laws", "load", "pareto_frontier", "plot_frontier", "sensitivity", "sweep"]
