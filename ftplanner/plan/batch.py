"""Plan many design points at once: the planner's arrays, as CSV columns.

`plan_rows(arch, overrides)` runs `plan_points` (the code every single estimate runs too) on
n points, where `overrides` maps dotted paths in SWEEPABLE to n values each, already
validated and in the field's own unit; it returns one array per output column (`ftplanner.plan.columns`,
the columns of `Plan.row`, in the same order).
"""

from __future__ import annotations

import numpy as np

from ftplanner.architecture.models import Architecture
from ftplanner.architecture.values import SWEEPABLE, Values
from ftplanner.calibration import Calibration, load_calibration
from ftplanner.plan.planner import plan_points
from ftplanner.plan.resolve import resolve

__all__ = ["SWEEPABLE", "plan_rows"]


def plan_rows(arch: Architecture, overrides: dict[str, np.ndarray], calibration: Calibration | None = None) -> dict[str, np.ndarray]:
    """One array per output column over the points of `overrides` (one point when there are none)."""
    calibration = calibration or load_calibration(arch.calibration)
    values = Values(arch, overrides)
    return plan_points(values, resolve(values, calibration)).rows(arch, arch.profile)
