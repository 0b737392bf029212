"""Calibration on Dask distributed: same tasks and fits as a local run, resume across both, worker loss, CLI errors."""

from __future__ import annotations

import math
import os
import signal
import sys

import pytest
import sinter

from ftplanner.fit import fit_memory
from ftplanner.sampling import cluster
from ftplanner.sampling.cluster import sample_on_dask
from ftplanner.sampling.local import sample
from ftplanner.sampling.store import read_store
from ftplanner.sampling.tasks import DECODER, metadata
from ftplanner.sim import BASES, NoiseModel, build
from tests.conftest import small_architecture

distributed = pytest.importorskip("distributed")

ARCH = small_architecture('cluster', two_qubit="5.0e-3")
NO_ERROR_TARGET = 10**9


def _memory_tasks(distances, ps) -> list[sinter.Task]:
    experiments = [build("memory", d, b, NoiseModel.uniform(p)) for p in ps for d in distances for b in BASES]
    return [sinter.Task(circuit=e.circuit, decoder=DECODER, json_metadata=metadata(e, "uniform")) for e in experiments]


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as local, \
            distributed.Client(local) as dask_client:
        yield dask_client


def _by_id(stats) -> dict[str, sinter.TaskStats]:
    return {s.strong_id: s for s in stats}


def _line_shots(store) -> dict[str, int]:
    """Shots per strong_id summed line by line (each line is one recorded result)."""
    totals: dict[str, int] = {}
    for stat in sinter.read_stats_from_csv_files(store):
        totals[stat.strong_id] = totals.get(stat.strong_id, 0) + stat.shots
    return totals


def test_cluster_run_has_the_local_tasks_shots_and_fit(client, tmp_path):
    tasks = _memory_tasks((3, 5), (4e-3, 6e-3, 8e-3))
    max_shots, max_errors = 40_000, 300
    local = _by_id(sample(tasks, tmp_path / "local.csv", max_shots=max_shots, max_errors=max_errors, workers=2))
    returned = sample_on_dask(tasks, tmp_path / "dask.csv", client=client, max_shots=max_shots, max_errors=max_errors)
    stored = _by_id(read_store(tmp_path / "dask.csv"))
    assert set(stored) == set(local) and len(stored) == len(tasks)
    assert {i: (s.shots, s.errors) for i, s in _by_id(returned).items()} == {i: (s.shots, s.errors) for i, s in stored.items()}
    for strong_id, stat in stored.items():
        if stat.shots < max_shots:  # stopped by errors, without running far past the target
            assert max_errors <= stat.errors <= 1.5 * max_errors, stat
        else:
            assert stat.shots == max_shots, stat
        ours, theirs = stat.errors / stat.shots, local[strong_id].errors / local[strong_id].shots
        sigma = math.sqrt(ours * (1 - ours) / stat.shots + theirs * (1 - theirs) / local[strong_id].shots)
        assert abs(ours - theirs) <= 4 * sigma, (stat.json_metadata, ours, theirs)
    on_dask, on_sinter = fit_memory(list(stored.values())), fit_memory(list(local.values()))
    assert abs(on_dask.A - on_sinter.A) <= 4 * math.hypot(on_dask.A_stderr, on_sinter.A_stderr)
    assert abs(on_dask.p_th - on_sinter.p_th) <= 4 * math.hypot(on_dask.p_th_stderr, on_sinter.p_th_stderr)


def test_store_resumes_from_local_to_cluster_and_back(client, tmp_path):
    tasks = _memory_tasks((3,), (5e-3,))
    store = tmp_path / "stats.csv"
    sample(tasks, store, max_shots=3_000, max_errors=NO_ERROR_TARGET, workers=1)
    sample_on_dask(tasks, store, client=client, max_shots=7_000, max_errors=NO_ERROR_TARGET)
    assert [s.shots for s in read_store(store)] == [7_000] * len(tasks)
    stats = sample(tasks, store, max_shots=10_000, max_errors=NO_ERROR_TARGET, workers=1)
    assert [s.shots for s in stats] == [10_000] * len(tasks)
    assert len(_by_id(read_store(store))) == len(tasks)  # one strong_id per task, whoever sampled it


def test_cli_samples_on_the_scheduler_and_resumes_locally(run, write_yaml, client, tmp_path):
    arch, store = write_yaml(ARCH), tmp_path / "stats.csv"
    args = ["calibrate", arch, "--store", store, "--distances", "3,5", "--p-grid", "1", "--max-errors", NO_ERROR_TARGET]
    on_cluster = run(*args, "--max-shots", 5_000, "--scheduler", client.scheduler.address)
    assert on_cluster.exit_code == 0, on_cluster.output
    tasks = len(read_store(store))
    assert tasks == 2 * 2 + 2 * 2 * 2 and {s.shots for s in read_store(store)} == {5_000}
    assert f"calibrate: {tasks}/{tasks} tasks done, {tasks * 5_000:,} shots" in on_cluster.stderr.splitlines()[-1]
    assert "wrote " in on_cluster.stdout
    locally = run(*args, "--max-shots", 8_000, "--workers", 1, "--quiet")
    assert locally.exit_code == 0, locally.output
    stats = read_store(store)
    assert len(stats) == tasks and {s.shots for s in stats} == {8_000}
    assert "--scheduler" not in store.with_name("stats.calibration.json").read_text()


def test_calibrate_samples_on_a_client_it_is_given(write_yaml, client, tmp_path):
    import ftplanner as ftp

    store = tmp_path / "stats.csv"
    calibration = ftp.calibrate(write_yaml(ARCH), store, distances=(3, 5), p_factors=(1,), max_shots=3_000,
                                max_errors=NO_ERROR_TARGET, scheduler=client)
    assert {s.shots for s in read_store(store)} == {3_000} and len(read_store(store)) == 2 * 2 + 2 * 2 * 2
    assert set(calibration.memory) == {"uniform"} and "scheduler" not in calibration.provenance["made_by"]


def test_killed_worker_loses_and_double_counts_no_shots(client, tmp_path):
    tasks = _memory_tasks((5,), (5e-3,))
    max_shots, store = 150_000, tmp_path / "stats.csv"
    pids = client.run(os.getpid)
    killed = []

    def kill_a_busy_worker(progress: sinter.Progress) -> None:
        busy = [worker for worker, keys in client.processing().items() if keys and worker in pids]
        if not killed and busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(pids[busy[0]])

    stats = sample_on_dask(tasks, store, client=client, max_shots=max_shots, max_errors=NO_ERROR_TARGET,
                           progress=kill_a_busy_worker)
    assert killed and killed[0] not in client.run(os.getpid).values()
    assert [s.shots for s in stats] == [max_shots] * len(tasks)
    assert _line_shots(store) == {s.strong_id: max_shots for s in read_store(store)}


def test_unreachable_scheduler_or_missing_distributed_exit_2_with_one_line(run, write_yaml, tmp_path, monkeypatch):
    arch, store = write_yaml(ARCH), tmp_path / "stats.csv"
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 0.5)
    args = ["calibrate", arch, "--store", store, "--distances", "3,5"]
    cases = [(["--scheduler", "tcp://127.0.0.1:1"], "--scheduler: cannot reach a Dask scheduler at tcp://127.0.0.1:1"),
             (["--scheduler", "localhost"], "--scheduler: cannot reach a Dask scheduler at localhost"),
             (["--scheduler", "tcp://127.0.0.1:1", "--workers", "2"], "--workers: not used with --scheduler")]
    for options, message in cases:
        result = run(*args, *options)
        assert result.exit_code == 2, (options, result.output)
        assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    result = run(*args, "--scheduler", "tcp://127.0.0.1:1")
    assert result.exit_code == 2
    assert result.stderr.strip() == "--scheduler: needs the 'distributed' package: pip install 'ftplanner[cluster]'"
    assert not store.exists()
