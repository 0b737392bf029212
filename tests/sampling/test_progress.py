"""The progress display: counts include the store's earlier results; terminal, log and quiet modes."""

from __future__ import annotations

import io

import sinter
import stim

from ftplanner.sampling.progress import ProgressDisplay

CIRCUIT = stim.Circuit("X_ERROR(0.1) 0\nM 0\nOBSERVABLE_INCLUDE(0) rec[-1]")
TASKS = [sinter.Task(circuit=CIRCUIT, decoder="pymatching", json_metadata={"d": d, "p": 0.001}) for d in (3, 5)]


def _stat(d: int, shots: int, errors: int) -> sinter.TaskStats:
    return sinter.TaskStats(strong_id=f"id{d}", decoder="pymatching", json_metadata={"d": d, "p": 0.001},
                            shots=shots, errors=errors, seconds=shots / 1000)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _display(stream, mode="auto", existing=()):
    return ProgressDisplay(TASKS, list(existing), max_shots=1000, max_errors=50, workers=2, mode=mode, stream=stream)


def test_log_mode_reports_finished_tasks_and_resumed_counts():
    out = io.StringIO()
    display = _display(out, existing=[_stat(3, 600, 10)])
    display(sinter.Progress(new_stats=(_stat(3, 400, 5),), status_message=""))
    assert "done d=3, p=0.001: 1,000 shots, 15 errors" in out.getvalue()
    assert display.summary().startswith("calibrate: 1/2 tasks done, 1,000 shots, 15 errors")
    display(sinter.Progress(new_stats=(_stat(5, 500, 50),), status_message=""))  # done by errors
    display.close()
    assert "2/2 tasks done" in out.getvalue().splitlines()[-1]


def test_eta_from_each_task_pace():
    display = _display(io.StringIO(), existing=[_stat(3, 500, 5), _stat(5, 1000, 1)])
    # d=3: 0.5 s for half its shots, so 0.5 s left; d=5 is done; over 2 workers
    assert display.eta_seconds() == 0.25


def test_terminal_redraws_one_line_and_quiet_prints_nothing():
    terminal = _Terminal()
    display = _display(terminal)
    display.last_shown = 0.0
    display(sinter.Progress(new_stats=(_stat(3, 10, 1),), status_message=""))
    assert terminal.getvalue().startswith("\r\033[K" + "calibrate: 0/2 tasks done") and "\n" not in terminal.getvalue()
    quiet = io.StringIO()
    display = _display(quiet, mode="quiet")
    display(sinter.Progress(new_stats=(_stat(3, 1000, 1),), status_message=""))
    display.close()
    assert quiet.getvalue() == ""
