"""ftplanner: plan networked fault-tolerant quantum computers from a simulation-calibrated error model.

    import ftplanner as ftp
    arch = ftp.load("architectures/networked-poc-2030.yaml")
    plan = ftp.estimate(arch)
    plan.to_frame()
"""

from ftplanner.api import estimate, load
from ftplanner.plan.result import Plan
from ftplanner.spec import Architecture, SpecError

__all__ = ["Architecture", "Plan", "SpecError", "estimate", "load"]
