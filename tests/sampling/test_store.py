"""The stats store: sinter's CSV, a line cut by a kill ignored and repaired, one writer at a time, clear errors."""

from __future__ import annotations

import os

import pytest
import sinter

from ftplanner.sampling.store import StoreError, open_for_append, read_store

LINE = '{shots},{errors},0,0.5,pymatching,{sid},"{{""d"":3,""p"":0.001}}",\n'


def _store(tmp_path, *lines: str, header: bool = True):
    path = tmp_path / "stats.csv"
    path.write_text((sinter.CSV_HEADER + "\n" if header else "") + "".join(lines))
    return path


def test_reads_sinter_lines_merged_by_strong_id(tmp_path):
    path = _store(tmp_path, LINE.format(shots=100, errors=3, sid="a" * 64),
                  LINE.format(shots=50, errors=1, sid="a" * 64), LINE.format(shots=7, errors=0, sid="b" * 64))
    stats = read_store(path)
    assert sorted((s.strong_id[0], s.shots, s.errors) for s in stats) == [("a", 150, 4), ("b", 7, 0)]


def test_a_line_cut_by_a_kill_is_ignored_then_removed(tmp_path):
    whole = LINE.format(shots=100, errors=3, sid="a" * 64)
    path = _store(tmp_path, whole, whole[:25])
    assert sum(s.shots for s in read_store(path)) == 100
    with open_for_append(path):
        pass
    assert path.read_text().endswith(whole)


def test_new_or_emptied_store_gets_a_header(tmp_path):
    fresh = tmp_path / "sub" / "new.csv"
    with open_for_append(fresh):
        pass
    assert fresh.read_text() == sinter.CSV_HEADER + "\n"
    cut = _store(tmp_path, "     sho", header=False)
    with open_for_append(cut):
        pass
    assert cut.read_text() == sinter.CSV_HEADER + "\n"


def test_one_writer_at_a_time(tmp_path):
    path = _store(tmp_path)
    with open_for_append(path), pytest.raises(StoreError, match="in use by another calibration run"):
        open_for_append(path).__enter__()


@pytest.mark.parametrize("text, message", [
    ("shots,errors\n1,2\n", "not a sinter stats CSV"),
    (sinter.CSV_HEADER + "\n12,x,0,0.1,pymatching,abc,{},\n", "not a sinter stats CSV"),
])
def test_corrupt_store_is_one_line_error(tmp_path, text, message):
    path = tmp_path / "stats.csv"
    path.write_text(text)
    for action in (lambda: read_store(path), lambda: open_for_append(path).__enter__()):
        with pytest.raises(StoreError, match=message) as info:
            action()
        assert "\n" not in str(info.value)


def test_missing_store_and_directory(tmp_path):
    with pytest.raises(StoreError, match="no such stats store"):
        read_store(tmp_path / "missing.csv")
    with pytest.raises(StoreError, match="is a directory"):
        read_store(tmp_path)


def read_only_location(tmp_path):
    """A directory we cannot create files in (root ignores permission bits, so use sysfs)."""
    if os.geteuid() == 0:
        return "/sys/ftplanner-stats.csv"
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    return locked / "stats.csv"


def test_read_only_location(tmp_path):
    with pytest.raises(StoreError, match="cannot write the stats store"):
        open_for_append(read_only_location(tmp_path)).__enter__()
