"""Reports opened in headless Chromium: they draw something, fetch nothing and log no errors.

Needs Debian's chromium (`.ci/run` installs it when missing); skips with a message otherwise.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.image import imread

import ftplanner as ftp
from tests.conftest import ROOT

EXAMPLE = ROOT / "reports" / "networked-poc-2030.html"


def ink(png: bytes) -> float:
    """Share of the screenshot's pixels that are not (near) white."""
    pixels = imread(io.BytesIO(png), format="png")[..., :3]
    return float(np.mean(pixels.min(axis=-1) < 0.9))


def test_example_report_in_a_browser(browser, tmp_path):
    url = EXAMPLE.as_uri()
    visit = browser.visit(url)
    (tmp_path / "screenshot.png").write_bytes(visit.screenshot)
    assert visit.requests == [url], "the report must not fetch anything but itself"
    assert visit.errors == []
    assert visit.screenshot.startswith(b"\x89PNG")
    assert ink(visit.screenshot) > 0.05, f"the page looks blank (see {tmp_path / 'screenshot.png'})"


def test_infeasible_report_in_a_browser(browser, tmp_path):
    plan = ftp.estimate({"name": "too-hot", "hardware": {"error_rates": {"two_qubit": 0.02}},
                         "workload": {"logical_counts": {"numQubits": 50, "tCount": 1e6}}})
    path = tmp_path / "too-hot.html"
    path.write_text(plan.to_html(), encoding="utf-8")
    visit = browser.visit(path.as_uri(), media="print")
    assert visit.requests == [path.as_uri()] and visit.errors == []
    assert ink(visit.screenshot) > 0.02


def test_the_checks_catch_requests_and_errors(browser, tmp_path):
    """Control: a page that fetches and logs is caught (127.0.0.1:9 refuses at once; nothing leaves the machine)."""
    path = tmp_path / "leaky.html"
    path.write_text('<p>x</p><img src="http://127.0.0.1:9/pixel.png"><script>console.error("boom")</script>')
    visit = browser.visit(path.as_uri())
    assert "http://127.0.0.1:9/pixel.png" in visit.requests
    assert any("boom" in e for e in visit.errors)
