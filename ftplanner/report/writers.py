"""Writing a Plan as DIR/NAME.csv (one row, the columns of `ftplanner.plan.columns`), DIR/NAME.json (full
breakdown and provenance) and DIR/NAME.html (the report)."""

from __future__ import annotations

import json
from pathlib import Path

from ftplanner.plan.columns import CSV_COLUMNS
from ftplanner.plan.result import Plan

FORMATS = ("csv", "json", "html")


def write_outputs(plan: Plan, out_dir: Path, formats: list[str]) -> list[Path]:
    """Write the requested formats; returns the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    if "csv" in formats:
        path = out_dir / f"{plan.name}.csv"
        import pandas as pd  # imported here: it doubles the package's import time

        pd.DataFrame([plan.row()], columns=list(CSV_COLUMNS)).to_csv(path, index=False, float_format="%.6g")
        written.append(path)
    if "json" in formats:
        path = out_dir / f"{plan.name}.json"
        path.write_text(json.dumps(plan.to_dict(), indent=2, allow_nan=False) + "\n")
        written.append(path)
    if "html" in formats:
        path = out_dir / f"{plan.name}.html"
        from ftplanner.report.html import render_html  # imported here: matplotlib and jinja2 are slow to import

        path.write_text(render_html(plan), encoding="utf-8")
        written.append(path)
    return written
