"""`ftplanner calibrate`: interrupted runs resume with every shot counted once; bad inputs exit 2 in one line."""

from __future__ import annotations

import glob
import os
import signal
import subprocess
import sys
import time

import pytest

from ftplanner.sampling.store import read_store
from tests.conftest import small_architecture

ARCH = small_architecture('resume')
CLI = [sys.executable, "-m", "ftplanner"]  # the command as a subprocess, for the kill tests
SMALL = ["--distances", "3,5", "--p-grid", "1", "--workers", "1"]
SHOTS = 20_000
TASKS = 2 * 2 + 2 * 2 * 2  # memory: distance x basis; surgery: x observable sets



def _recorded_lines(store) -> int:
    return max(0, len(store.read_text().splitlines()) - 1) if store.exists() else 0


def _start(args) -> subprocess.Popen:
    return subprocess.Popen(CLI + [str(a) for a in args], start_new_session=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _interrupt_after_results(args, store, sig, lines: int) -> subprocess.Popen:
    """Start a run, send `sig` to its main process once the store has `lines` more results."""
    before = _recorded_lines(store)
    process = _start(args)
    deadline = time.monotonic() + 120
    while _recorded_lines(store) < before + lines and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert process.poll() is None, "the run finished before it could be interrupted"
    process.send_signal(sig)
    return process


def _group_gone(pgid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def _args(write_yaml, store) -> list:
    return ["calibrate", write_yaml(ARCH), "--store", store, *SMALL, "--max-shots", SHOTS, "--max-errors", 10**9]


def _finish_and_count(args, store) -> list[int]:
    """Rerun to the end (quietly); the shots each task has in the store."""
    finished = subprocess.run(CLI + [str(a) for a in args] + ["--quiet"], capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout == "" and finished.stderr == ""
    assert store.with_name("stats.calibration.json").exists()
    return [s.shots for s in read_store(store)]


def test_killed_run_resumes_without_lost_or_double_counted_shots(write_yaml, tmp_path):
    store = tmp_path / "stats.csv"
    args = _args(write_yaml, store)
    killed = _interrupt_after_results(args, store, signal.SIGKILL, lines=2)
    killed.wait(30)
    workers_left = not _group_gone(killed.pid, 10)
    if workers_left:
        os.killpg(killed.pid, signal.SIGKILL)
    assert not workers_left, "sampling workers outlived their killed parent"
    assert 0 < sum(s.shots for s in read_store(store)) < TASKS * SHOTS
    assert _finish_and_count(args, store) == [SHOTS] * TASKS


@pytest.mark.slow
def test_ctrl_c_stops_cleanly_and_resumes(write_yaml, tmp_path):
    store = tmp_path / "stats.csv"
    args = _args(write_yaml, store)
    interrupted = _interrupt_after_results(args, store, signal.SIGINT, lines=2)
    _, stderr = interrupted.communicate(timeout=60)
    assert interrupted.returncode == 130, stderr
    assert "rerun the same command to resume" in stderr.strip().splitlines()[-1]
    assert _group_gone(interrupted.pid, 10)
    assert _finish_and_count(args, store) == [SHOTS] * TASKS


def test_bad_option_values_exit_2_with_one_line(run, write_yaml, tmp_path):
    arch = write_yaml(ARCH)
    for options, message in [
        (["--distances", "4,5"], "distance must be an odd integer"),
        (["--distances", "5"], "--distances: give at least two"),
        (["--max-shots", "0"], "--max-shots: 0 is outside"),
        (["--p-grid", ","], "--p-grid: give at least one multiple"),
        (["--workers", "many"], "--workers: expected an integer"),
    ]:
        result = run("calibrate", arch, "--store", tmp_path / "s.csv", *options)
        assert result.exit_code == 2, (options, result.output)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "s.csv").exists()


def test_bad_store_exit_2_with_one_line(run, write_yaml, tmp_path):
    arch = write_yaml(ARCH)
    corrupt = tmp_path / "corrupt.csv"
    corrupt.write_text("this is not,a sinter,store\n")
    if os.geteuid() == 0:  # root ignores permission bits; sysfs refuses new files
        read_only = "/sys/ftplanner-stats.csv"
    else:
        (tmp_path / "locked").mkdir(mode=0o500)
        read_only = tmp_path / "locked" / "stats.csv"
    for store, extra, message in [
        (tmp_path / "missing.csv", ["--fit-only"], "no such stats store"),
        (corrupt, [], "not a sinter stats CSV"),
        (corrupt, ["--fit-only"], "not a sinter stats CSV"),
        (read_only, [], "cannot write the stats store"),
    ]:
        result = run("calibrate", arch, "--store", store, "--distances", "3,5", "--p-grid", "1", *extra)
        assert result.exit_code == 2, (store, result.output)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_invalid_architecture_is_located(run, write_yaml, tmp_path):
    result = run("calibrate", write_yaml(ARCH.replace("2.0e-3", "-1")), "--store", tmp_path / "s.csv")
    assert result.exit_code == 2
    assert all(":" in line for line in result.stderr.strip().splitlines())
    assert "arch.yaml:4" in result.stderr


def _descendants(pid: int) -> set[int]:
    """Every living descendant of `pid`, read from /proc/<pid>/task/*/children (Linux)."""
    found, todo = set(), [pid]
    while todo:
        parent = todo.pop()
        for children in glob.glob(f"/proc/{parent}/task/*/children"):
            try:
                with open(children) as handle:
                    kids = {int(word) for word in handle.read().split()}
            except OSError:
                continue
            todo += sorted(kids - found)
            found |= kids
    return found


def _alive(pid: int) -> bool:
    """Whether `pid` is a process that has not exited (a zombie has exited)."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc; PR_SET_PDEATHSIG is Linux's")
def test_kill_9_leaves_no_worker_or_resource_tracker(write_yaml, tmp_path):
    store = tmp_path / "stats.csv"
    process = _start(["calibrate", write_yaml(ARCH), "--store", store, "--distances", "3,5", "--p-grid", "1",
                      "--workers", "2", "--max-shots", 10**8, "--max-errors", 10**9])
    children: set[int] = set()
    deadline = time.monotonic() + 60
    while (not store.exists() or len(children) < 3) and process.poll() is None and time.monotonic() < deadline:
        children = _descendants(process.pid)  # the resource tracker and two workers
        time.sleep(0.05)
    assert process.poll() is None and len(children) >= 3, "sampling did not start"
    process.kill()
    process.wait(10)
    deadline = time.monotonic() + 10
    while any(map(_alive, children)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in children if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "processes outlived their killed parent"
