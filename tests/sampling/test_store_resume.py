"""`ftplanner calibrate` over a store that was converted, cut, shared, corrupted or filled: nothing recorded is
lost or counted twice, nothing of another architecture is removed, and what cannot be used is one located line."""

from __future__ import annotations

import errno
import os

import pytest

from ftplanner.sampling import store as store_module
from ftplanner.sampling.store import read_store
from tests.conftest import small_architecture

SHOTS = 2_000
TASKS = 2 * 2 + 2 * 2 * 2  # memory: distance x basis; surgery: x observable sets
OPTIONS = ["--distances", "3,5", "--p-grid", "1", "--workers", "1", "--max-errors", 10**9, "--quiet"]


def _calibrate(run, arch, store, shots=SHOTS):
    return run("calibrate", arch, "--store", store, "--max-shots", shots, *OPTIONS)


def _shots(store) -> dict[str, int]:
    return {s.strong_id: s.shots for s in read_store(store)}


def test_a_crlf_store_is_never_shortened_and_resumes(run, write_yaml, tmp_path):
    arch, store = write_yaml(small_architecture("tiny")), tmp_path / "s.csv"
    assert _calibrate(run, arch, store, SHOTS // 2).exit_code in (0, 2)  # half the shots may fit nothing
    converted = store.read_bytes().replace(b"\n", b"\r\n")
    store.write_bytes(converted)
    first = _calibrate(run, arch, store)
    assert first.exit_code == 0, first.stderr
    assert store.read_bytes().startswith(converted)
    again = _calibrate(run, arch, store)
    assert again.exit_code == 0, again.stderr
    assert sorted(_shots(store).values()) == [SHOTS] * TASKS


def test_resume_keeps_another_architectures_last_line_and_sets_aside_a_cut_one(run, write_yaml, tmp_path):
    other, arch = write_yaml(small_architecture("tiny2", two_qubit="3.0e-3"), "tiny2.yaml"), write_yaml(
        small_architecture("tiny"))
    store = tmp_path / "o.csv"
    assert _calibrate(run, other, store).exit_code == 0
    theirs = _shots(store)
    store.write_bytes(store.read_bytes()[:-1])  # a whole last line that lacks only its newline
    assert _calibrate(run, arch, store).exit_code == 0
    assert not store.with_name("o.csv.partial").exists()
    assert {sid: n for sid, n in _shots(store).items() if sid in theirs} == theirs
    assert len(_shots(store)) == 2 * TASKS
    whole = store.read_bytes()
    store.write_bytes(whole + b"     1,         0,         0,    0.1,pymat")  # a line cut by a kill
    assert _calibrate(run, arch, store).exit_code == 0
    assert store.read_bytes() == whole
    assert store.with_name("o.csv.partial").read_bytes() == b"     1,         0,         0,    0.1,pymat\n"


def test_a_malformed_row_is_a_located_line(run, write_yaml, tmp_path):
    arch, store = write_yaml(small_architecture("tiny")), tmp_path / "s.csv"
    assert _calibrate(run, arch, store, 100).exit_code in (0, 2)
    lines = store.read_bytes().splitlines(keepends=True)
    lines[2] = lines[2].replace(b'""d"":', b'""d"":""three"",""was"":', 1)
    store.write_bytes(b"".join(lines))
    for extra in ([], ["--fit-only"]):
        result = run("calibrate", arch, "--store", store, "--max-shots", 100, *OPTIONS, *extra)
        assert result.exit_code == 2, result.output
        assert result.stderr.strip() == (f"{store}:3: not a sinter stats CSV row "
                                          "(ValueError: json_metadata d: expected an integer, got 'three')")


def test_a_full_disk_is_one_line_and_the_store_resumes_with_nothing_lost_or_counted_twice(
        run, write_yaml, tmp_path, monkeypatch):
    arch, store = write_yaml(small_architecture("tiny")), tmp_path / "s.csv"
    real, calls = store_module._write_all, []

    def fills_up(fd: int, data: bytes) -> None:
        calls.append(data)
        if len(calls) < 6:  # the header, then four results
            return real(fd, data)
        real(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(store_module, "_write_all", fills_up)
    full = _calibrate(run, arch, store)
    assert full.exit_code == 2, full.output
    assert len(full.stderr.strip().splitlines()) == 1 and "No space left on device" in full.stderr
    assert "Traceback" not in full.output
    assert store.read_bytes() == b"".join(calls[:5])  # the half line is undone
    monkeypatch.setattr(store_module, "_write_all", real)
    resumed = _calibrate(run, arch, store)
    assert resumed.exit_code == 0, resumed.stderr
    assert sorted(_shots(store).values()) == [SHOTS] * TASKS


@pytest.mark.parametrize("where", ["header", "a result"])
def test_a_full_disk_while_opening_the_store_is_one_line(tmp_path, monkeypatch, where):
    store = tmp_path / "s.csv"
    if where == "a result":
        store.write_bytes(read_header() + b"     1,         0,         0,    0.1,pymatching,abc,{},")  # no newline

    def full(fd: int, data: bytes) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    before = store.read_bytes() if store.exists() else b""
    monkeypatch.setattr(store_module, "_write_all", full)
    with pytest.raises(store_module.StoreError, match="No space left on device") as info:
        store_module.open_for_append(store).__enter__()
    assert "\n" not in str(info.value) and store.read_bytes() == before


def read_header() -> bytes:
    return store_module.HEADER
