"""`nrr list`: a table on a terminal, lines a script can split in a pipe, JSON on request."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nrr_spec.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_in_a_pipe_one_tab_separated_line_per_record() -> None:
    result = CliRunner().invoke(main, ["list", str(EXAMPLES / "records")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == len([p for p in (EXAMPLES / "records").glob("*.*") if p.is_file()])
    fields = [line.split("\t") for line in lines]
    assert all(len(row) == 4 for row in fields)
    by_id = {row[0]: row for row in fields}
    assert by_id["autoresearch-batch-131k-crash"][1] == "automated_experiment"
    assert by_id["autoresearch-batch-131k-crash"][3].endswith("autoresearch-batch-131k-crash.json")


def test_json_keeps_titles_whole(tmp_path: Path) -> None:
    record = {"schema_version": "1.0", "id": "tabs-in-title", "title": "a\ttitle\nover lines", "problem": {"statement": "p"}}
    (tmp_path / "tabs-in-title.json").write_text(json.dumps(record), encoding="utf-8")
    as_json = CliRunner().invoke(main, ["list", str(tmp_path), "--format", "json"])
    assert json.loads(as_json.output) == [
        {"id": "tabs-in-title", "kind": "", "title": "a\ttitle\nover lines", "file": str(tmp_path / "tabs-in-title.json")}
    ]
    as_tsv = CliRunner().invoke(main, ["list", str(tmp_path), "--format", "tsv"])
    assert as_tsv.output.split("\t")[2] == "a title over lines"


def test_unreadable_files_are_named_and_nothing_read_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    result = CliRunner().invoke(main, ["list", str(tmp_path)])
    assert result.exit_code == 1
    assert "broken.json:1:2: invalid JSON" in result.output and "no record could be read" in result.output
    missing = CliRunner().invoke(main, ["list", str(tmp_path / "empty-folder-that-is-not-there")])
    assert missing.exit_code == 2 and "no such file or folder" in missing.output
