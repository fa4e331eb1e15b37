"""The records folder: one idea of what it is, how an id is found, which records are valid, and
where earlier versions are kept, for every command that reaches records."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from nrr_spec.authoring.revise import revise_record
from nrr_spec.store import HISTORY_DIR, RecordNotFound, RecordsFolder, history_folder, history_versions

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "records"


def _record(record_id: str, **extra: object) -> dict[str, object]:
    return {
        "schema_version": "1.1",
        "id": record_id,
        "title": "Warm-up gives no gain",
        "problem": {"statement": "Does warm-up help?"},
        "results": {"summary": "No."},
        **extra,
    }


def _write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_default_folder_is_records(tmp_path: Path) -> None:
    assert RecordsFolder.at(None).root == Path("records")
    assert RecordsFolder.at(tmp_path).root == tmp_path


def test_find_by_id_in_a_file_of_another_name_and_never_in_the_history(tmp_path: Path) -> None:
    folder = RecordsFolder(tmp_path)
    _write(tmp_path / HISTORY_DIR / "warmup-no-gain" / "v1.json", _record("warmup-no-gain"))
    with pytest.raises(RecordNotFound, match="no record with id 'warmup-no-gain'"):
        folder.find("warmup-no-gain")
    stored = _write(tmp_path / "2025" / "first-try.json", _record("warmup-no-gain", version=2))
    found = folder.find("warmup-no-gain")
    assert found.path == stored and found.data["version"] == 2


def test_an_id_outside_the_pattern_is_never_handed_to_the_file_system(tmp_path: Path) -> None:
    with pytest.raises(RecordNotFound, match="is not a record id"):
        RecordsFolder(tmp_path).find("../*")


def test_why_a_folder_cannot_be_read(tmp_path: Path) -> None:
    (tmp_path / "file.json").write_text("{}", encoding="utf-8")
    assert RecordsFolder(tmp_path).problem() is None
    assert RecordsFolder(tmp_path / "file.json").problem() == f"{tmp_path / 'file.json'} is a file, not a records folder"
    assert "does not exist" in (RecordsFolder(tmp_path / "gone").problem() or "")
    with pytest.raises(RecordNotFound, match="does not exist; pass --records DIR"):
        RecordsFolder(tmp_path / "gone").find("warmup-no-gain")


def test_valid_records_skip_what_does_not_validate(tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "records")
    _write(tmp_path / "records" / "broken.json", {"id": "broken"})
    (tmp_path / "records" / "garbage.json").write_text("{", encoding="utf-8")
    folder = RecordsFolder(tmp_path / "records")
    ids = {record.id for record in folder.valid_records()}
    assert "broken" not in ids and len(ids) == len([p for p in EXAMPLES.glob("*.*") if p.is_file()])
    assert len(folder.read().failures) == 1  # the file that is not JSON


def test_revise_writes_the_history_the_publisher_and_serve_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "warmup-no-gain.json", _record("warmup-no-gain"))
    folder = RecordsFolder(tmp_path)
    result = revise_record(folder.find("warmup-no-gain"), tmp_path, "Added a seed.", today=dt.date(2025, 5, 1))
    assert result.history == folder.history_path("warmup-no-gain", 1, ".json")
    assert list(history_versions(history_folder(tmp_path, "warmup-no-gain"))) == [result.history]
    assert list(folder.history_files()) == [result.history]
    assert [p for p in folder.files()] == [path]  # the history holds no current record
