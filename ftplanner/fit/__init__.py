"""Error-model fits and the Calibration object the planner reads."""

from ftplanner.fit.calibration import AZURE_RE_LAW, Calibration, ErrorLaw, load_calibration

__all__ = ["AZURE_RE_LAW", "Calibration", "ErrorLaw", "load_calibration"]
