"""Error-model fits and the Calibration object the planner reads.

    from ftplanner.fit import fit_memory, fit_surgery, fit_seam
    fit = fit_memory("stats.csv", model="uniform")
    fit.A, fit.A_stderr, fit.p_th, fit.p_th_stderr, fit.lambda_at(1e-3), fit.to_error_law()

The fitting functions are imported on first use: they pull in scipy.stats, which would
triple the time `import ftplanner` takes for the planner alone.
"""

from importlib import import_module

from ftplanner.calibration import Calibration, load_calibration
from ftplanner.physics.error_law import AZURE_RE_LAW, ErrorLaw

_LAZY = {
    "AllFits": "ftplanner.fit.build",
    "FamilyFits": "ftplanner.fit.build",
    "fit_all": "ftplanner.fit.build",
    "fit_family": "ftplanner.fit.build",
    "LawFit": "ftplanner.fit.fitting",
    "fit_memory": "ftplanner.fit.fitting",
    "fit_surgery": "ftplanner.fit.fitting",
    "per_round": "ftplanner.fit.points",
    "per_shot": "ftplanner.fit.points",
    "Holdout": "ftplanner.fit.seam",
    "fit_seam": "ftplanner.fit.seam",
    "holdout_check": "ftplanner.fit.seam",
}


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'ftplanner.fit' has no attribute {name!r}")


__all__ = ["AZURE_RE_LAW", "Calibration", "ErrorLaw", "load_calibration", *_LAZY]
