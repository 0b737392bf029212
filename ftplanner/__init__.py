"""ftplanner: plan networked fault-tolerant quantum computers from a simulation-calibrated error model.

    import ftplanner as ftp
    arch = ftp.load("architectures/networked-poc-2030.yaml")
    plan = ftp.estimate(arch)
    plan.to_frame()
    frame = ftp.sweep(arch, {"network.link.bell_pair_fidelity": "0.95..0.999:20"})
"""

from ftplanner.api import estimate, load
from ftplanner.plan.result import Plan
from ftplanner.architecture import Architecture
from ftplanner.errors import SpecError

# the functions of the sweeps package, at the top level (ftplanner.sweep is the function)
from ftplanner.sweeps import pareto_frontier, plot_frontier, sensitivity, sweep


def __getattr__(name: str):
    """fit_memory, fit_surgery and fit_seam, imported on first use (they need scipy.stats)."""
    if name in ("fit_memory", "fit_surgery", "fit_seam"):
        import ftplanner.fit

        return getattr(ftplanner.fit, name)
    raise AttributeError(f"module 'ftplanner' has no attribute {name!r}")


__all__ = ["Architecture", "Plan", "SpecError", "estimate", "fit_memory", "fit_seam", "fit_surgery", "load",
           "pareto_frontier", "plot_frontier", "sensitivity", "sweep"]
