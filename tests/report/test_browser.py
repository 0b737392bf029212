"""Reports opened in headless Chromium: they draw something, fetch nothing and log no errors.

Screenshots of the example HTML report and of a sweep's frontier plot are written to the test's
temporary folder (pytest prints it on failure) and checked: a PNG of the window's size, not blank.

Needs Debian's chromium (`.ci/run` installs it when missing); skips with a message otherwise.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.image import imread

import ftplanner as ftp
from ftplanner.report.plots import to_svg
from tests.conftest import ROOT

EXAMPLE = ROOT / "reports" / "networked-poc-2030.html"
POC = ROOT / "architectures" / "networked-poc-2030.yaml"
WINDOW = (1366, 900)  # the browser's window, in pixels (Browser.visit's default)


def ink(png: bytes) -> float:
    """Share of the screenshot's pixels that are not (near) white."""
    pixels = imread(io.BytesIO(png), format="png")[..., :3]
    return float(np.mean(pixels.min(axis=-1) < 0.9))


def screenshot(visit, path) -> np.ndarray:
    """Write the visit's screenshot to `path` and return its pixels, checked to be a PNG of the window."""
    path.write_bytes(visit.screenshot)
    assert visit.screenshot.startswith(b"\x89PNG") and path.stat().st_size > 20_000, f"{path}: too small a PNG"
    pixels = imread(path)
    assert pixels.shape[:2] == WINDOW[::-1], f"{path}: {pixels.shape[1]} x {pixels.shape[0]} pixels"
    return pixels


def test_example_report_in_a_browser(browser, tmp_path):
    url = EXAMPLE.as_uri()
    visit = browser.visit(url)
    screenshot(visit, tmp_path / "report.png")
    assert visit.requests == [url], "the report must not fetch anything but itself"
    assert visit.errors == []
    assert ink(visit.screenshot) > 0.05, f"the page looks blank (see {tmp_path / 'report.png'})"


def test_frontier_plot_in_a_browser(browser, tmp_path):
    """The frontier of a small sweep of the example, inlined as SVG the way the HTML report inlines its plots."""
    frame = ftp.sweep(POC, {"hardware.error_rates.two_qubit": [5e-4, 1e-3, 2e-3, 3e-3],
                            "modules.physical_qubits": [40_000, 80_000, 160_000]})
    svg = to_svg(frame.plot_frontier(x="physical_qubits", y="runtime_s"), "frontier")
    path = tmp_path / "frontier.html"
    path.write_text(f"<!doctype html><meta charset='utf-8'><title>frontier</title><body>{svg}</body>", encoding="utf-8")
    visit = browser.visit(path.as_uri())
    pixels = screenshot(visit, tmp_path / "frontier.png")[..., :3]
    assert visit.requests == [path.as_uri()] and visit.errors == []
    assert ink(visit.screenshot) > 0.002, f"the plot looks blank (see {tmp_path / 'frontier.png'})"
    red = (pixels[..., 0] > 0.6) & (pixels[..., 1] < 0.35) & (pixels[..., 2] < 0.35)
    assert red.sum() > 50, "the frontier (drawn in red) is not on the screenshot"


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
