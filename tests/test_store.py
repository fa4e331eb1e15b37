"""The records folder: one idea of what it is, how an id is found, which records are valid, and
where earlier versions are kept, for every command that reaches records."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from nrr_spec.authoring.revise import revise_record
from nrr_spec.store import HISTORY_DIR, AmbiguousRecordId, RecordNotFound, RecordsFolder, history_folder, history_versions

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


def test_two_records_with_one_id_are_refused_naming_both(tmp_path: Path) -> None:
    first = _write(tmp_path / "dup1.json", _record("dup-id"))
    second = _write(tmp_path / "sub" / "dup2.json", _record("dup-id"))
    with pytest.raises(AmbiguousRecordId) as raised:
        RecordsFolder(tmp_path).find("dup-id")
    assert str(first) in str(raised.value) and str(second) in str(raised.value)
    # A file named after the id does not win over another claiming it.
    _write(tmp_path / "dup-id.json", _record("dup-id"))
    with pytest.raises(AmbiguousRecordId, match="3 records"):
        RecordsFolder(tmp_path).find("dup-id")


@pytest.mark.parametrize(
    "command",
    [["revise", "dup-id", "-m", "x"], ["cite", "dup-id"], ["score", "dup-id"], ["review", "dup-id", "--no-input"]],
)
def test_every_command_refuses_a_duplicated_id(tmp_path: Path, command: list[str]) -> None:
    from click.testing import CliRunner

    from nrr_spec.cli import main

    paths = [
        _write(tmp_path / name, _record("dup-id", created="2026-01-01", license="CC0-1.0")) for name in ("dup1.json", "dup2.json")
    ]
    before = [path.read_bytes() for path in paths]
    result = CliRunner().invoke(main, [*command, "--records", str(tmp_path)])
    assert result.exit_code == 1, result.output  # a problem in the records, not in what was typed
    assert "dup1.json" in result.output and "dup2.json" in result.output and "Traceback" not in result.output
    assert [path.read_bytes() for path in paths] == before


def test_an_unreadable_file_that_may_hold_the_id_is_named(tmp_path: Path) -> None:
    (tmp_path / "syntax.yaml").write_text("id: syntax-err\ntitle: [unclosed\n", encoding="utf-8")
    (tmp_path / "other.yaml").write_text("id: other\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(RecordNotFound) as raised:
        RecordsFolder(tmp_path).find("syntax-err")
    message = str(raised.value)
    assert "syntax.yaml" in message and "invalid YAML" in message and "could not be read" in message
    assert "other.yaml" not in message  # it cannot hold the id: its text does not mention it
    with pytest.raises(RecordNotFound, match="no record with id 'missing-id'"):
        RecordsFolder(tmp_path).find("missing-id")
