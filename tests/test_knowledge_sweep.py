"""The fast path of the index sync, and its limit: an edit in place of a file no check stamps is
seen at the sweep (`NRR_INDEX_SWEEP`, default 60 s) or on `nrr index`, not before."""

from __future__ import annotations

import json
import os
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_knowledge_index import change, record, write

from nrr_spec.cli import main
from nrr_spec.knowledge import index_sync
from nrr_spec.knowledge.index import EARLIER_INDEX, index_path, open_index
from nrr_spec.knowledge.index_sync import RefreshReport

HOUR_AGO_NS = time.time_ns() - 3600 * 10**9


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Ten records an hour old, swept once; two files stamped on every check."""
    monkeypatch.setattr(index_sync, "WATCHED", 2)
    monkeypatch.delenv(index_sync.SWEEP_ENV, raising=False)
    folder = tmp_path / "records"
    folder.mkdir()
    for i in range(1, 11):
        write(folder, record(f"s1-{i:03d}", f"depth {i}", "discard", [change("depth", "set", i)], "architecture", sequence=i))
    for age, path in enumerate(sorted(folder.iterdir())):
        os.utime(path, ns=(HOUR_AGO_NS + age, HOUR_AGO_NS + age))
    os.utime(folder, ns=(HOUR_AGO_NS, HOUR_AGO_NS))
    assert _refresh(folder).swept
    return folder


def _refresh(records: Path, sweep: bool = False) -> RefreshReport:
    with open_index(records) as idx:
        return idx.refresh(sweep=sweep)


def _outcome(records: Path, ref: str) -> str:
    with open_index(records) as idx:
        idx.refresh()
        return str(idx.conn.execute("SELECT outcome FROM items WHERE ref = ?", (ref,)).fetchone()[0])


def _edit_oldest_in_place(records: Path) -> None:
    """s1-001, the file written first, gets a new outcome of the same length in place."""
    path = records / "s1-001.json"
    text = path.read_text()
    with path.open("r+", encoding="utf-8") as stream:
        stream.write(text.replace('"discard"', '"keeper!"'))
    os.utime(path, ns=(HOUR_AGO_NS - 10**9, HOUR_AGO_NS - 10**9))  # still the oldest: not among the watched


def test_a_check_with_nothing_changed_stamps_only_the_watched_files(records: Path) -> None:
    report = _refresh(records)
    assert (report.stamped, report.swept, report.changed, report.files) == (2, False, False, 10)


def test_checks_leave_the_records_folder_stamps_alone(records: Path) -> None:
    before = os.stat(records)
    for _ in range(3):
        _refresh(records)
    after = os.stat(records)
    assert (after.st_mtime_ns, after.st_ctime_ns) == (before.st_mtime_ns, before.st_ctime_ns)
    assert index_path(records).parent == records / ".nrr"


def test_an_edit_in_place_of_an_unwatched_file_waits_for_the_sweep(records: Path) -> None:
    _edit_oldest_in_place(records)
    assert _outcome(records, "s1-001") == "discard"  # the documented limit: no stamp of it moved
    swept = index_path(records).parent / "swept"
    late = time.time_ns() - int((index_sync.SWEEP_SECONDS + 1) * 1e9)
    os.utime(swept, ns=(late, late))  # the last sweep is now older than the interval
    assert _outcome(records, "s1-001") == "keeper!"


def test_a_sweep_interval_of_zero_sees_every_edit_at_once(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(index_sync.SWEEP_ENV, "0")
    _edit_oldest_in_place(records)
    assert _outcome(records, "s1-001") == "keeper!"


def test_nrr_index_sweeps_at_once(records: Path) -> None:
    _edit_oldest_in_place(records)
    result = CliRunner().invoke(main, ["index", "--records", str(records), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["updated"] == 1
    assert _outcome(records, "s1-001") == "keeper!"


def test_a_broken_file_is_stamped_on_every_check_so_its_fix_is_seen(records: Path) -> None:
    broken = records / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert any("broken.json" in problem for problem in _refresh(records).unreadable)
    for path in records.iterdir():  # everything else newer: the broken file is no longer among the newest
        os.utime(path, ns=(time.time_ns(), time.time_ns()))
    os.utime(broken, ns=(HOUR_AGO_NS, HOUR_AGO_NS))
    _refresh(records)
    with broken.open("r+", encoding="utf-8") as stream:  # fixed in place, as an editor may
        stream.write(json.dumps(record("s1-011", "depth 11", "keep", [change("depth", "set", 11)], "architecture")))
    os.utime(broken, ns=(HOUR_AGO_NS + 1, HOUR_AGO_NS + 1))
    report = _refresh(records)
    assert report.unreadable == [] and report.updated == 1


def test_the_earlier_index_beside_the_records_is_removed_and_never_read(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    write(folder, record("s1-001", "depth 1", "discard", [change("depth", "set", 1)], "architecture"))
    for suffix in ("", "-wal", "-shm"):
        (folder / (EARLIER_INDEX + suffix)).write_bytes(b"an index of an earlier version")
    with open_index(folder) as idx:
        assert any(EARLIER_INDEX in note for note in idx.notes)
        report = idx.refresh()
    assert (report.added, report.unreadable) == (1, [])
    assert not any(name.startswith(EARLIER_INDEX) for name in os.listdir(folder))
    assert (folder / ".nrr" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_the_index_files_keep_the_umask(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    write(folder, record("s1-001", "depth 1", "discard", [change("depth", "set", 1)], "architecture"))
    old = os.umask(0o027)
    try:
        with open_index(folder) as idx:
            idx.refresh(sweep=True)
    finally:
        os.umask(old)
    state = index_path(folder).parent
    assert stat.S_IMODE(state.stat().st_mode) == 0o750
    for path in state.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) & 0o027 == 0, path.name


def test_an_unlistable_folder_is_named_on_every_check(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = records / "locked"
    locked.mkdir()
    write(locked, record("s2-001", "heads 8", "keep", [change("heads", "increase", 8)], "architecture", "s2"))
    real_scandir = os.scandir

    def scandir(path: str) -> object:  # as root, permissions never stop a listing: stand in for one
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    for _ in range(2):
        assert _refresh(records).unreadable == ["locked: Permission denied"]
    monkeypatch.setattr(os, "scandir", real_scandir)
    assert _outcome(records, "s2-001") == "keep"


def test_a_sweep_selects_the_files_that_io_discover_reads(tmp_path: Path) -> None:
    from nrr_spec.io import discover
    from nrr_spec.knowledge.index_walk import scan

    folder = tmp_path / "records"
    (folder / "sub.json").mkdir(parents=True)  # a folder with a record suffix: descended into, not read
    (folder / ".history").mkdir()
    (folder / "elsewhere").mkdir()
    for name in (
        "a.json",
        "b.YAML",
        "c.d.jsonl",
        "e.ndjson",
        "f.yml",
        ".hidden.json",
        "g.json.txt",
        "json",
        "h.",
        "sub.json/i.json",
    ):
        (folder / name).write_text("{}", encoding="utf-8")
    (folder / ".history" / "j.json").write_text("{}", encoding="utf-8")
    (folder / "elsewhere" / "k.json").write_text("{}", encoding="utf-8")
    (folder / "link.json").symlink_to(folder / "a.json")
    (folder / "broken.json").symlink_to(folder / "missing.json")
    (folder / "linked-folder.json").symlink_to(folder / "elsewhere", target_is_directory=True)
    read = {path.relative_to(folder).as_posix() for path in discover([folder])}
    assert read == {"a.json", "b.YAML", "c.d.jsonl", "e.ndjson", "f.yml", "link.json", "sub.json/i.json", "elsewhere/k.json"}
    assert set(scan(folder, [""], lambda _: True).files) == read
