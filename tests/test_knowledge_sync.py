"""What the next check sees after a record file is added, rewritten, edited in place or deleted.

The files and their folder are stamped an hour old first, so that a sync trusting folder stamps
(or a clock tick) could not pass these by accident. Additions, deletions and replacements are seen
through the folder's stamps alone (`watched` 0: no file stamped on a check); an edit in place is
seen when the file is among those stamped on every check, at the sweep, or on `nrr index`."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from test_knowledge_index import change, record, write

from nrr_spec.io import atomic_write
from nrr_spec.knowledge import index_sync, recording
from nrr_spec.knowledge.api import record_experiment
from nrr_spec.knowledge.index import open_index
from nrr_spec.knowledge.recording import Finished, write_record

HOUR_AGO_NS = time.time_ns() - 3600 * 10**9


def _age(folder: Path) -> None:
    """Stamp the folder and its files an hour old, so the folder stamp is trusted (not racy)."""
    for path in folder.iterdir():
        os.utime(path, ns=(HOUR_AGO_NS, HOUR_AGO_NS))
    os.utime(folder, ns=(HOUR_AGO_NS, HOUR_AGO_NS))


def _outcomes(records: Path) -> dict[str, str]:
    """What the next check would answer from: the index after the refresh every check runs."""
    with open_index(records) as idx:
        idx.refresh()
        return dict(idx.conn.execute("SELECT ref, outcome FROM items"))


@pytest.fixture(params=[index_sync.WATCHED, 0], ids=["watched", "folder-stamps-only"])
def records(tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(index_sync, "WATCHED", request.param)
    folder = tmp_path / "records"
    folder.mkdir()
    for i in range(1, 4):
        write(folder, record(f"s1-{i:03d}", f"depth {i}", "discard", [change("depth", "set", i)], "architecture", sequence=i))
    _age(folder)
    assert set(_outcomes(folder)) == {"s1-001", "s1-002", "s1-003"}  # the first check sweeps and stamps
    return folder


def test_a_record_added_is_seen_by_the_next_check(records: Path) -> None:
    data = record("s1-004", "depth 4", "keep", [change("depth", "set", 4)], "architecture", sequence=4)
    atomic_write(records / "s1-004.json", json.dumps(data))
    assert _outcomes(records)["s1-004"] == "keep"


def test_a_record_deleted_is_seen_by_the_next_check(records: Path) -> None:
    (records / "s1-002.json").unlink()
    assert set(_outcomes(records)) == {"s1-001", "s1-003"}


def test_a_record_rewritten_by_rename_is_seen_by_the_next_check(records: Path) -> None:
    path = records / "s1-001.json"
    atomic_write(path, path.read_text().replace('"discard"', '"crash"'))
    assert _outcomes(records)["s1-001"] == "crash"


def test_a_record_in_a_new_subfolder_is_seen_by_the_next_check(records: Path) -> None:
    (records / "later").mkdir()
    write(records / "later", record("s2-001", "heads 8", "keep", [change("heads", "increase", 8)], "architecture", "s2"))
    assert _outcomes(records)["s2-001"] == "keep"


def _edit_in_place(path: Path) -> None:
    """Same size, same inode, new mtime; the folder's own mtime does not move."""
    before = os.stat(path.parent).st_mtime_ns
    text = path.read_text()
    edited = text.replace('"discard"', '"keeper!"')
    assert len(edited) == len(text)
    with path.open("r+", encoding="utf-8") as stream:
        stream.write(edited)
    os.utime(path, ns=(HOUR_AGO_NS + 10**9, HOUR_AGO_NS + 10**9))
    assert os.stat(path.parent).st_mtime_ns == before


def test_an_edit_in_place_is_seen_by_the_next_check_while_the_file_is_watched(records: Path) -> None:
    if not index_sync.WATCHED:
        pytest.skip("the folder-stamps-only case is the sweep's (below)")
    _edit_in_place(records / "s1-002.json")
    assert _outcomes(records)["s1-002"] == "keeper!"


def test_a_folder_deleted_takes_its_records_with_it(records: Path) -> None:
    (records / "later").mkdir()
    write(records / "later", record("s2-001", "heads 8", "keep", [change("heads", "increase", 8)], "architecture", "s2"))
    assert "s2-001" in _outcomes(records)
    (records / "later" / "s2-001.json").unlink()
    (records / "later").rmdir()
    assert set(_outcomes(records)) == {"s1-001", "s1-002", "s1-003"}


def _listings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders each sync lists from now on."""
    listed: list[str] = []
    real = index_sync.scan

    def spy(root: Path, folders: list[str], descend: object) -> index_sync.Scan:
        listed.extend(folders)
        return real(root, folders, descend)  # type: ignore[arg-type]

    monkeypatch.setattr(index_sync, "scan", spy)
    return listed


def test_a_recorded_experiment_is_indexed_without_listing_its_folder(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listed = _listings(monkeypatch)
    written = record_experiment("increase depth to 4", "keep", records_dir=records, session="s1")
    assert listed == []
    assert _outcomes(records)[written["id"]] == "keep"
    assert listed == []  # the folder's new stamp was stored: the next check does not list it either


def test_a_folder_moved_before_the_write_is_listed_again(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    listed = _listings(monkeypatch)
    with open_index(records) as idx:
        idx.refresh()
        # Another program adds a record after this index was brought up to date, before the write.
        write(records, record("s2-001", "heads 8", "keep", [change("heads", "increase", 8)], "architecture", "s2"))
        write_record(idx, records, Finished("increase depth to 4", "keep"))
    assert listed == [""]
    assert "s2-001" in _outcomes(records)


def test_a_file_added_during_the_write_itself_waits_for_the_sweep(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The one case the written-file path does not see at once (see `index_sync`)."""
    real = recording._write_new

    def write_beside(folder: Path, base_id: str, data: dict[str, object]) -> Path:
        write(folder, record("s2-001", "heads 8", "keep", [change("heads", "increase", 8)], "architecture", "s2"))
        return real(folder, base_id, data)

    monkeypatch.setattr(recording, "_write_new", write_beside)
    written = record_experiment("increase depth to 4", "keep", records_dir=records, session="s1")
    assert set(_outcomes(records)) == {"s1-001", "s1-002", "s1-003", written["id"]}
    with open_index(records) as idx:
        idx.refresh(sweep=True)
    assert "s2-001" in _outcomes(records)
