"""Headless Chromium driven over the DevTools protocol, to open reports the way a reader does.

The protocol runs over a pipe (--remote-debugging-pipe: NUL-terminated JSON on file
descriptors 3 and 4, as Puppeteer and Playwright use it), so the test needs no websocket
library and opens no TCP port. The page's requests, console messages and log entries are
recorded from protocol events; tests skip with a message where Chromium is not installed.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                  "--remote-debugging-pipe")


def chromium_path() -> str | None:
    """Debian's chromium (what .ci/run installs), else any chromium on PATH."""
    return "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else shutil.which("chromium")


@dataclass
class PageVisit:
    """What happened when a page was opened: every request URL, console and log errors, and a screenshot."""

    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    screenshot: bytes = b""


class Browser:
    """One headless Chromium with a fresh profile, spoken to over the DevTools pipe."""

    def __init__(self, executable: str, profile: Path, timeout_s: float = 20.0):
        self.timeout_s = timeout_s
        to_browser, self._write = (self._high(fd) for fd in os.pipe())
        self._read, from_browser = (self._high(fd) for fd in os.pipe())

        def wire_pipe():  # in the child: the protocol expects to read fd 3 and write fd 4
            os.dup2(to_browser, 3)
            os.dup2(from_browser, 4)

        self.process = subprocess.Popen([executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
                                        preexec_fn=wire_pipe, close_fds=False,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self._buffer, self._next_id, self.events = b"", 0, []

    @staticmethod
    def _high(fd: int) -> int:
        """Move a pipe end above fd 9 (close-on-exec), so wiring fds 3 and 4 in the child cannot clobber it."""
        moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
        os.close(fd)
        return moved

    def _receive(self, deadline: float) -> dict:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._read], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise EOFError("Chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Call a protocol method and return its result; events that arrive meanwhile are kept in `events`."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout_s
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)

    def wait_for(self, method: str) -> None:
        deadline = time.monotonic() + self.timeout_s
        while not any(e.get("method") == method for e in self.events):
            self.events.append(self._receive(deadline))

    def visit(self, url: str, width: int = 1366, height: int = 900, media: str = "screen", full_page: bool = False) -> PageVisit:
        """Open `url` in a new tab at a laptop's size, wait for load, and report requests, errors and a PNG."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable", session=session)
        self.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1,
                                                         "mobile": False}, session)
        self.send("Emulation.setEmulatedMedia", {"media": media}, session)
        self.events.clear()
        self.send("Page.navigate", {"url": url}, session)
        self.wait_for("Page.loadEventFired")
        shot = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": full_page}, session)
        visit = PageVisit(screenshot=base64.b64decode(shot["data"]))
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                visit.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                visit.errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                visit.errors.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                visit.errors.append(params["entry"]["text"])
        self.send("Target.closeTarget", {"targetId": target})
        return visit

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (EOFError, TimeoutError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._write)
        os.close(self._read)


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """A headless Chromium for the session, or a skip saying how to get one."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("Chromium not found (/usr/bin/chromium): install Debian's chromium package, as .ci/run does, "
                    "to run the browser tests")
    instance = Browser(executable, tmp_path_factory.mktemp("chromium-profile"))
    try:
        instance.send("Browser.getVersion")
    except (EOFError, TimeoutError, OSError) as exc:
        instance.close()
        pytest.skip(f"Chromium at {executable} did not start ({exc}); the browser tests need a working headless Chromium")
    yield instance
    instance.close()
