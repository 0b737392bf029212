"""The plan `ftplanner.estimate` returns: the planner's data with its HTML report and notebook display.

The planner builds a `ftplanner.plan.result.Plan` (pure data); the views live here so that the
planner never imports the report layer.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ftplanner.plan.result import Plan


@dataclass(frozen=True)
class ReportedPlan(Plan):
    """A Plan that renders itself: `to_html()` for the full page, `_repr_html_()` in notebooks."""

    @classmethod
    def of(cls, plan: Plan) -> ReportedPlan:
        """The same plan, with its views."""
        return cls(**{f.name: getattr(plan, f.name) for f in fields(plan)})

    def to_html(self, calibration_stats=None) -> str:
        """The full report as one self-contained HTML page (see ftplanner.report.html)."""
        from ftplanner.report.html import render_html  # imported here: matplotlib and jinja2 are slow to import

        return render_html(self, calibration_stats)

    def _repr_html_(self) -> str:
        """Notebook display: the summary and the resource breakdown."""
        from ftplanner.report.html import render_inline

        return render_inline(self)
