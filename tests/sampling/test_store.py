"""The stats store: sinter's CSV read as bytes (any line ending), a last line cut by a kill ignored and set
aside, a whole one kept, a failed write undone, one writer at a time, located one-line errors."""

from __future__ import annotations

import errno
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


def test_a_line_cut_by_a_kill_is_ignored_then_set_aside(tmp_path):
    whole = LINE.format(shots=100, errors=3, sid="a" * 64)
    path = _store(tmp_path, whole, whole[:25])
    assert sum(s.shots for s in read_store(path)) == 100
    with open_for_append(path):
        pass
    assert path.read_text().endswith(whole)
    path.write_bytes(path.read_bytes() + whole[:30].encode())
    with open_for_append(path):
        pass
    assert path.read_text().endswith(whole)
    assert (tmp_path / "stats.csv.partial").read_text() == whole[:25] + "\n" + whole[:30] + "\n"  # appended


def test_a_whole_last_line_without_its_newline_is_kept(tmp_path):
    other = LINE.format(shots=100, errors=3, sid="b" * 64).replace("0.001", "0.002")  # another task
    path = _store(tmp_path, LINE.format(shots=7, errors=0, sid="a" * 64), other.removesuffix("\n"))
    assert sorted(s.shots for s in read_store(path)) == [7, 100]
    with open_for_append(path) as writer:
        assert sorted(s.shots for s in writer.stats) == [7, 100]
    assert path.read_text().endswith(other) and not (tmp_path / "stats.csv.partial").exists()
    assert sorted(s.shots for s in read_store(path)) == [7, 100]


@pytest.mark.parametrize("ending", [b"\r\n", b"\r"])
def test_any_line_ending_is_read_and_kept_byte_for_byte(tmp_path, ending):
    path = _store(tmp_path, LINE.format(shots=100, errors=3, sid="a" * 64), LINE.format(shots=7, errors=0, sid="b" * 64))
    converted = path.read_bytes().replace(b"\n", ending)
    path.write_bytes(converted)
    assert sorted(s.shots for s in read_store(path)) == [7, 100]
    more = sinter.TaskStats(strong_id="a" * 64, decoder="pymatching", json_metadata={"d": 3, "p": 0.001}, shots=5)
    with open_for_append(path) as writer:
        writer.append([more])
    assert path.read_bytes().startswith(converted)  # never shortened
    assert sorted(s.shots for s in read_store(path)) == [7, 105]
    with open_for_append(path):
        pass
    assert sorted(s.shots for s in read_store(path)) == [7, 105]


def test_a_failed_write_is_undone_to_the_last_whole_line(tmp_path, monkeypatch):
    from ftplanner.sampling import store

    path = _store(tmp_path, LINE.format(shots=100, errors=3, sid="a" * 64))
    before = path.read_bytes()

    def disk_full(fd, data):
        os.write(fd, data[:10])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    more = sinter.TaskStats(strong_id="a" * 64, decoder="pymatching", json_metadata={"d": 3, "p": 0.001}, shots=5)
    with open_for_append(path) as writer:
        monkeypatch.setattr(store, "_write_all", disk_full)
        with pytest.raises(StoreError, match="No space left on device") as info:
            writer.append([more, more])
    assert "\n" not in str(info.value) and path.read_bytes() == before


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
    ("shots,errors\n1,2\n", "stats.csv:1: not a sinter stats CSV header"),
    (sinter.CSV_HEADER + "\n12,x,0,0.1,pymatching,abc,{},\n", "stats.csv:2: not a sinter stats CSV row"),
    (sinter.CSV_HEADER + "\r\n" + LINE.format(shots=1, errors=0, sid="a" * 64).replace("\n", "\r\n")
     + LINE.format(shots=1, errors=0, sid="b" * 64).replace('""d"":3', '""d"":""x""'),
     r"stats.csv:3: not a sinter stats CSV row \(ValueError: json_metadata d: expected an integer, got 'x'\)"),
    (sinter.CSV_HEADER + "\n" + LINE.format(shots=1, errors=0, sid="b" * 64).replace('""p"":0.001', '""p"":""high""'),
     "stats.csv:2: .*json_metadata p: expected a number"),
    (sinter.CSV_HEADER.encode() + b"\n\xff\n", "stats.csv:2: .*UnicodeDecodeError"),
])
def test_corrupt_store_is_one_line_error(tmp_path, text, message):
    path = tmp_path / "stats.csv"
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
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
