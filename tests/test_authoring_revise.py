"""`nrr revise`: earlier versions kept byte for byte, version bumped, history never rewritten."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from nrr_spec.authoring.revise import revise_record
from nrr_spec.authoring.store import AuthoringError
from nrr_spec.authoring.validation import validation_errors
from nrr_spec.cli import main
from nrr_spec.io import read_file
from nrr_spec.store import RecordsFolder

RECORD: dict[str, Any] = {
    "schema_version": "1.0",
    "id": "warmup-no-gain",
    "created": "2025-02-14",
    "title": "Longer warmup gives no gain",
    "problem": {"statement": "Training is unstable at high learning rates."},
    "results": {"summary": "Doubling the warmup did not change validation loss."},
}
YAML_RECORD = """\
# A record written by hand; the comments must survive revisions.
schema_version: "1.0"
id: warmup-no-gain
created: 2025-02-14
title: Longer warmup gives no gain  # the finding, stated plainly
problem:
  statement: Training is unstable at high learning rates.
results:
  summary: Doubling the warmup did not change validation loss.
"""
TODAY = dt.date(2025, 6, 1)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    root.mkdir()
    (root / "warmup-no-gain.json").write_text(json.dumps(RECORD, indent=2) + "\n", encoding="utf-8")
    return root


def data_of(path: Path) -> Any:
    docs, failures = read_file(path)
    assert not failures
    return docs[0].data


def test_first_revision_keeps_version_one_and_bumps(folder: Path) -> None:
    path = folder / "warmup-no-gain.json"
    original = path.read_bytes()
    result = revise_record(
        RecordsFolder(folder).find("warmup-no-gain"), folder, "Added two seeds.", author="Ada Lovelace", today=TODAY
    )
    assert result.history == folder / ".history" / "warmup-no-gain" / "v1.json"
    assert result.history.read_bytes() == original
    data = data_of(path)
    assert data["version"] == 2 and data["updated"] == "2025-06-01"
    assert data["revisions"] == [{"version": 2, "date": "2025-06-01", "summary": "Added two seeds.", "author": "Ada Lovelace"}]
    assert list(data)[:5] == ["schema_version", "id", "version", "revisions", "created"]
    assert validation_errors(data) == []


def test_second_revision_keeps_both_earlier_versions(folder: Path) -> None:
    revise_record(RecordsFolder(folder).find("warmup-no-gain"), folder, "First.", today=TODAY)
    v1 = (folder / ".history" / "warmup-no-gain" / "v1.json").read_bytes()
    revise_record(RecordsFolder(folder).find("warmup-no-gain"), folder, "Second.", today=TODAY + dt.timedelta(days=1))
    history = folder / ".history" / "warmup-no-gain"
    assert sorted(p.name for p in history.iterdir()) == ["v1.json", "v2.json"]
    assert (history / "v1.json").read_bytes() == v1
    assert json.loads((history / "v2.json").read_text())["version"] == 2
    data = data_of(folder / "warmup-no-gain.json")
    assert data["version"] == 3 and [r["summary"] for r in data["revisions"]] == ["First.", "Second."]


def test_yaml_comments_survive(tmp_path: Path) -> None:
    (tmp_path / "warmup-no-gain.yaml").write_text(YAML_RECORD, encoding="utf-8")
    revise_record(RecordsFolder(tmp_path).find("warmup-no-gain"), tmp_path, "Fixed a typo.", today=TODAY)
    text = (tmp_path / "warmup-no-gain.yaml").read_text(encoding="utf-8")
    assert "# A record written by hand" in text and "# the finding, stated plainly" in text
    assert "&id" not in text and "updated: 2025-06-01" in text
    assert (tmp_path / ".history" / "warmup-no-gain" / "v1.yaml").read_text(encoding="utf-8") == YAML_RECORD
    data = data_of(tmp_path / "warmup-no-gain.yaml")
    assert data["version"] == 2 and validation_errors(data) == []


def test_invalid_record_is_refused_with_reasons_and_nothing_written(folder: Path) -> None:
    path = folder / "warmup-no-gain.json"
    path.write_text(json.dumps({**RECORD, "results": {"summary": ""}}), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(AuthoringError, match=r"fails validation.*\n.*/results/summary"):
        revise_record(RecordsFolder(folder).find("warmup-no-gain"), folder, "x", today=TODAY)
    assert path.read_bytes() == before and not (folder / ".history").exists()


def test_history_is_never_rewritten(folder: Path) -> None:
    planted = folder / ".history" / "warmup-no-gain" / "v1.json"
    planted.parent.mkdir(parents=True)
    planted.write_text("{}", encoding="utf-8")
    with pytest.raises(AuthoringError, match="history is never rewritten"):
        revise_record(RecordsFolder(folder).find("warmup-no-gain"), folder, "x", today=TODAY)
    assert planted.read_text() == "{}" and data_of(folder / "warmup-no-gain.json").get("version") is None


def test_empty_summary_and_jsonl_are_refused(folder: Path) -> None:
    with pytest.raises(AuthoringError, match="needs a summary"):
        revise_record(RecordsFolder(folder).find("warmup-no-gain"), folder, "  \n ", today=TODAY)
    (folder / "warmup-no-gain.json").unlink()
    (folder / "all.jsonl").write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    with pytest.raises(AuthoringError, match="JSON Lines"):
        revise_record(RecordsFolder(folder).find("warmup-no-gain"), folder, "x", today=TODAY)


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_edited_record_keeps_the_committed_copy(folder: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "v1")
    path = folder / "warmup-no-gain.json"
    committed = path.read_bytes()
    path.write_text(json.dumps({**RECORD, "title": "Longer warmup gives no gain, with five seeds"}), encoding="utf-8")
    result = revise_record(RecordsFolder(folder).find("warmup-no-gain"), folder, "Five seeds.", today=TODAY)
    assert result.kept_from == "git HEAD" and result.history.read_bytes() == committed
    data = data_of(path)
    assert data["title"].endswith("five seeds") and data["version"] == 2


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_a_changed_id_is_refused(folder: Path) -> None:
    for args in (["init", "-q"], ["add", "."], ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "v1"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True)
    path = folder / "warmup-no-gain.json"
    path.write_text(json.dumps({**RECORD, "id": "warmup-renamed"}), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(AuthoringError, match="id changed from 'warmup-no-gain' to 'warmup-renamed'"):
        revise_record(RecordsFolder(folder).find("warmup-renamed"), folder, "Renamed.", today=TODAY)
    assert path.read_bytes() == before and not (folder / ".history").exists()


def test_cli(folder: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["revise", "warmup-no-gain", "-m", "Added seeds.", "--records", str(folder)])
    assert result.exit_code == 0, result.output
    assert "now version 2" in result.output and "v1.json" in result.output
    missing = runner.invoke(main, ["revise", "warmup-no-gain", "--records", str(folder)])
    assert missing.exit_code == 2 and "Missing option '--message'" in missing.output
    unknown = runner.invoke(main, ["revise", "nope-nope", "-m", "x", "--records", str(folder)])
    assert unknown.exit_code == 1 and "no record with id" in unknown.output


def test_the_publisher_finds_every_earlier_version(folder: Path) -> None:
    from nrr_spec.publish.collect import collect

    revise_record(RecordsFolder(folder).find("warmup-no-gain"), folder, "First.", today=TODAY)
    revise_record(RecordsFolder(folder).find("warmup-no-gain"), folder, "Second.", today=TODAY)
    (entry,) = collect([folder], today=TODAY).entries
    assert entry.record.version == 3 and sorted(entry.versions) == [1, 2]
    assert entry.versions[1].title == RECORD["title"] and entry.versions[2].revisions[0].summary == "First."


def test_a_revised_record_keeps_its_earlier_version_on_the_built_site(folder: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    revised = runner.invoke(main, ["revise", "warmup-no-gain", "-m", "Widened the title.", "--records", str(folder)])
    assert revised.exit_code == 0, revised.output
    path = folder / "warmup-no-gain.json"  # revise first, then edit: the file as it was is version 1
    path.write_text(json.dumps({**data_of(path), "title": "Longer warmup gives no gain at any scale"}), encoding="utf-8")
    out = tmp_path / "site"
    built = runner.invoke(main, ["build", str(folder), "--out", str(out), "--no-search", "--quiet"])
    assert built.exit_code == 0, built.output
    latest = (out / "records" / "warmup-no-gain" / "index.html").read_text(encoding="utf-8")
    earlier = (out / "records" / "warmup-no-gain" / "v1" / "index.html").read_text(encoding="utf-8")
    assert "at any scale" in latest and "Widened the title." in latest and 'href="../../records/warmup-no-gain/v1/"' in latest
    assert "Longer warmup gives no gain" in earlier and "at any scale" not in earlier
