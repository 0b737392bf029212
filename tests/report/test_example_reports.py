"""reports/ holds the CSV, JSON and HTML of every example architecture, current with the code.

Regenerate with the command in the README (run from the repository root):

    ftplanner estimate architectures/*.yaml --out reports --format csv,json,html

The reports are compared number by number (relative 1e-9) rather than byte by byte, and
provenance that differs between machines (package versions, Python) is left out. The plots'
SVG is left out too: its coordinates depend on the matplotlib version, not on the plan.
"""

from __future__ import annotations

import json
import math
import re

import pytest
from typer.testing import CliRunner

from ftplanner.cli import app
from tests.conftest import ARCHITECTURES, ROOT

REPORTS = ROOT / "reports"
FORMATS = ("csv", "json", "html")
MACHINE_SPECIFIC = {"ftplanner_version", "python", "numpy", "pydantic"}
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
REGENERATE = "ftplanner estimate architectures/*.yaml --out reports --format csv,json,html"


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """The reports as the README's command writes them now."""
    out = tmp_path_factory.mktemp("reports")
    result = CliRunner().invoke(app, ["estimate", *map(str, ARCHITECTURES), "--out", str(out), "--format", ",".join(FORMATS)])
    assert result.exit_code in (0, 3), result.output
    return out


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-300)


def same_json(old, new, path="") -> list[str]:
    """Differences between two JSON documents, numbers compared with a relative tolerance."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = (old.keys() | new.keys()) - (MACHINE_SPECIFIC if path == "provenance" else set())
        return [d for k in sorted(keys) for d in same_json(old.get(k), new.get(k), f"{path}.{k}".lstrip("."))]
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [d for i, (a, b) in enumerate(zip(old, new)) for d in same_json(a, b, f"{path}[{i}]")]
    numbers = (int, float)
    if isinstance(old, numbers) and isinstance(new, numbers) and not isinstance(old, bool) and not isinstance(new, bool):
        return [] if _close(old, new) else [f"{path}: {old!r} != {new!r}"]
    return [] if old == new else [f"{path}: {old!r} != {new!r}"]


def same_text(old: str, new: str) -> list[str]:
    """Differences between two texts: words must match, numbers may differ by the tolerance."""
    old_parts, new_parts = NUMBER.split(old), NUMBER.split(new)
    if old_parts != new_parts:
        old_lines, new_lines = old.splitlines(), new.splitlines()
        line = next((i for i, (a, b) in enumerate(zip(old_lines, new_lines)) if NUMBER.split(a) != NUMBER.split(b)),
                    min(len(old_lines), len(new_lines)))
        return [f"text differs from line {line + 1}: {(old_lines + [''])[line][:100]!r} vs {(new_lines + [''])[line][:100]!r}"]
    return [f"{a} != {b}" for a, b in zip(NUMBER.findall(old), NUMBER.findall(new)) if not _close(float(a), float(b))]


def html_without_plots_and_versions(text: str) -> str:
    text = re.sub(r"<svg.*?</svg>", "<svg/>", text, flags=re.S)
    text = re.sub(r'<meta name="generator"[^>]*>', "", text)
    versions = "|".join(MACHINE_SPECIFIC)
    return re.sub(rf"<dt>(?:{versions})</dt><dd>[^<]*</dd>", "", text)


def test_reports_folder_holds_exactly_the_examples(fresh):
    expected = sorted(p.name for p in fresh.iterdir())
    present = sorted(p.name for p in REPORTS.iterdir() if p.suffix.lstrip(".") in FORMATS)
    assert present == expected, f"reports/ is out of date: run `{REGENERATE}` (and remove reports of deleted examples)"


@pytest.mark.parametrize("fmt", FORMATS)
def test_reports_are_current(fresh, fmt):
    problems = []
    for new_path in sorted(fresh.glob(f"*.{fmt}")):
        old_path = REPORTS / new_path.name
        if not old_path.exists():
            problems.append(f"{old_path.name}: missing")
            continue
        old, new = old_path.read_text(encoding="utf-8"), new_path.read_text(encoding="utf-8")
        if fmt == "json":
            found = same_json(json.loads(old), json.loads(new))
        elif fmt == "csv":
            found = same_text(old, new)
        else:
            found = same_text(html_without_plots_and_versions(old), html_without_plots_and_versions(new))
            if old.count("<svg") != new.count("<svg"):
                found.append(f"{old.count('<svg')} plots, now {new.count('<svg')}")
        problems += [f"{new_path.name}: {p}" for p in found[:5]]
    assert not problems, f"reports/ is out of date: run `{REGENERATE}`\n" + "\n".join(problems)
