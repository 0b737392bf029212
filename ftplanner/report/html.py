"""A Plan as self-contained HTML: jinja2 templates from the package, inline CSS, matplotlib plots as inline SVG.

The page makes no network request: everything it shows is in the file. Numbers are rounded
for people and carry their exact value in a tooltip; an "every number" table repeats them.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ftplanner.architecture.units import format_duration
from ftplanner.plan.result import Plan
from ftplanner.report import plots
from ftplanner.report.summary import human_count

SECONDS_FIELDS = ("constraints.max_runtime",)  # durations the architecture stores in seconds without a unit suffix


def _exact(value) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return repr(float(value))


def _num(text: str, value) -> Markup:
    """`text` for people, with the exact value (a number, or text such as '2125.0 s') as its tooltip."""
    return Markup('<span class="num" title="{}">{}</span>').format(value if isinstance(value, str) else _exact(value), text)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def _short(x: float) -> str:
    """A number the way people write it: 1.2 M, 850, 0.99, 1.5 x 10^-5, 1 x 10^12."""
    if x == 0:
        return "0"
    if abs(x) >= 1e9:  # G and T read as gates and T states here: write powers of ten
        return plots.sci(x)
    if abs(x) >= 1e4:
        return human_count(x).replace(" ", "\u202f")
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.4g}" if abs(x) >= 1e-3 else plots.sci(x)


def fmt_count(n) -> Markup:
    """50 -> 50, 6190 -> 6,190, 190432 -> 190 k; exact value in the tooltip."""
    return Markup("&ndash;") if _missing(n) else _num(_short(n), n)


def fmt_duration(seconds) -> Markup:
    if _missing(seconds):
        return Markup("&ndash;")
    return _num(format_duration(seconds).replace(" ", "\u00a0") if seconds else "0", f"{float(seconds)!r} s")


def fmt_prob(x) -> Markup:
    """Probabilities: 0.0329 as is, smaller ones as 2.54 x 10^-3."""
    if _missing(x):
        return Markup("&ndash;")
    return _num(f"{x:.3g}" if x == 0 or abs(x) >= 0.01 else plots.sci(x), x)


def fmt_percent(ratio) -> str:
    """0.259 -> '25.9 %', with '<0.1 %' for what rounds to nothing."""
    if _missing(ratio):
        return "\u2013"
    return "<0.1\u00a0%" if 0 < ratio < 0.001 else f"{100 * ratio:.1f}\u00a0%"


def fmt_exact(value) -> str:
    """The unrounded value, for the table of every number."""
    if _missing(value):
        return "\u2013"
    return value if isinstance(value, str) else _exact(value)


def fmt_value(value) -> Markup:
    """Any assumption value: numbers rounded with the exact value in a tooltip, text as is."""
    if value is None:
        return Markup('<span class="muted">not set</span>')
    if isinstance(value, bool):
        return Markup("yes" if value else "no")
    if isinstance(value, (int, float)):
        return _num(_short(value), value)
    if isinstance(value, list):
        return Markup(", ").join(fmt_value(v) for v in value)
    return escape(value)


def _flatten(tree: dict, prefix: str = "") -> list[tuple[str, Any]]:
    rows = []
    for key, value in tree.items():
        path = f"{prefix}{key}"
        rows += _flatten(value, path + ".") if isinstance(value, dict) else [(path, value)]
    return rows


def _default_value(path: str, resolved: dict[str, Any]):
    """The value a defaulted architecture field resolved to: same path below the section, or its seconds form."""
    tail = path.split(".", 1)[-1]
    if tail in resolved:
        return resolved[tail]
    for suffix, scale in (("_ns", 1e9), ("_us", 1e6)):
        if tail.endswith(suffix) and tail[: -len(suffix)] + "_s" in resolved:
            return resolved[tail[: -len(suffix)] + "_s"] * scale
    return None


def assumption_sections(plan: Plan) -> list[tuple[str, list[dict[str, Any]]]]:
    """The architecture by section (top-level fields first): field, value, and whether the planner defaulted it."""
    assumptions = plan.assumptions
    resolved = dict(_flatten(assumptions.get("resolved", {})))
    defaults = set(assumptions.get("defaults", ()))
    sections: dict[str, list[dict[str, Any]]] = {"architecture": []}
    for path, value in _flatten(assumptions.get("architecture", {})):
        section, _, field = path.partition(".")
        if not field:  # a top-level field such as name or profile
            section, field = "architecture", section
        default = path in defaults
        value = _default_value(path, resolved) if default and value is None else value
        sections.setdefault(section, []).append({"field": field, "default": default, "value": value,
                                                 "seconds": path in SECONDS_FIELDS})
    return [(name, rows) for name, rows in sections.items() if rows]


def _figures(plan: Plan, calibration_stats) -> dict[str, Markup]:
    """Inline SVG of every plot the plan has data for."""
    makers = {
        "breakdown": (plots.module_breakdown, bool(plots.module_shares(plan))),
        "budget": (plots.failure_budget, bool(plan.failures)),
        "runtime": (plots.runtime_bounds, bool(plan.runtime_bounds_s)),
        "network": (plots.bell_pair_demand, bool(plan.network.links)),
        "calibration": (lambda p: plots.calibration(p, calibration_stats), True),
    }
    return {name: Markup(plots.to_svg(make(plan), f"ftp-{name}")) for name, (make, has_data) in makers.items() if has_data}


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=PackageLoader("ftplanner.report", "templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(count=fmt_count, duration=fmt_duration, prob=fmt_prob, value=fmt_value, exact=fmt_exact,
                       percent=fmt_percent)
    env.globals.update(bound_labels=plots.BOUND_LABELS, part_labels=plots.PART_LABELS)
    return env


def _context(plan: Plan) -> dict[str, Any]:
    architecture = plan.assumptions.get("architecture", {})
    return {
        "plan": plan,
        "row": plan.row(),
        "shares": plots.module_shares(plan),
        "link_groups": plots.link_groups(plan) if plan.network.links else [],
        "architecture": architecture,
        "link": architecture.get("network", {}).get("link", {}),
        "total_budget": architecture.get("budget", {}).get("total_failure"),
    }


def render_html(plan: Plan, calibration_stats: str | Path | None = None) -> str:
    """The full report as one HTML page; `calibration_stats` (a sinter CSV) adds measured points to the calibration plot."""
    context = _context(plan)
    context.update(figures=_figures(plan, calibration_stats), assumptions=assumption_sections(plan),
                   resolved=_flatten(plan.assumptions.get("resolved", {})), calibration_stats=calibration_stats,
                   provenance=_flatten({k: v for k, v in plan.provenance.items() if k != "calibration"}),
                   calibration=plan.provenance.get("calibration", {}))
    return _environment().get_template("report.html").render(context)


def render_inline(plan: Plan) -> str:
    """The summary and the resource breakdown, for a notebook cell (styles scoped to the report's block)."""
    context = _context(plan)
    shares = context["shares"]
    context["figures"] = {"breakdown": Markup(plots.to_svg(plots.module_breakdown(plan), "ftp-breakdown"))} if shares else {}
    return _environment().get_template("inline.html").render(context)
