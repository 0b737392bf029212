"""Writing a Plan as DIR/NAME.csv (one row, the columns of `ftplanner.plan.columns`), DIR/NAME.json (full
breakdown and provenance) and DIR/NAME.html (the report)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from ftplanner.errors import WriteError
from ftplanner.plan.columns import CSV_COLUMNS

if TYPE_CHECKING:
    from ftplanner.plan.result import Plan

FORMATS = ("csv", "json", "html")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def out_folder(out_dir: Path) -> Path:
    """`out_dir`, made if missing; WriteError (one line) if it is a file or cannot be made."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise WriteError(f"{out_dir}: is not a folder (--out names the folder the files go in)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WriteError(f"{out_dir}: cannot write ({_reason(exc)})") from None
    return out_dir


def write_file(path: Path, text: str) -> Path:
    """Write `text` to `path` (UTF-8); WriteError (one line naming the file) if it is a folder or cannot be written."""
    path = Path(path)
    if path.is_dir():
        raise WriteError(f"{path}: is a folder; give a file name")
    try:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write ({_reason(exc)})") from None
    return path


def write_outputs(plan: Plan, out_dir: Path, formats: list[str]) -> list[Path]:
    """Write the requested formats; returns the paths written (WriteError, one line, if one cannot be)."""
    out_dir = out_folder(out_dir)
    written = []
    if "csv" in formats:
        import pandas as pd  # imported here: it doubles the package's import time

        text = pd.DataFrame([plan.row()], columns=list(CSV_COLUMNS)).to_csv(index=False, float_format="%.6g")
        written.append(write_file(out_dir / f"{plan.name}.csv", text))
    if "json" in formats:
        written.append(write_file(out_dir / f"{plan.name}.json", json.dumps(plan.to_dict(), indent=2, allow_nan=False) + "\n"))
    if "html" in formats:
        from ftplanner.report.html import render_html  # imported here: matplotlib and jinja2 are slow to import

        written.append(write_file(out_dir / f"{plan.name}.html", render_html(plan)))
    return written
