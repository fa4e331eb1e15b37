"""The summary of `nrr convert` into a folder claims no record written that was not, and counts
every record made: written, unchanged, kept in YAML, or not written."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.convert import staging

LOG = Path(__file__).resolve().parent.parent / "examples" / "logs" / "results.tsv"


def convert(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(LOG), "-o", str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stderr


def test_a_record_kept_in_yaml_is_counted(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    code, said = convert(folder)
    assert code == 0 and f"files in {folder}: 8 written, 0 unchanged" in said
    first = sorted(folder.glob("*.json"))[0]
    first.with_suffix(".yaml").write_text(yaml.safe_dump(json.loads(first.read_text(encoding="utf-8"))), encoding="utf-8")
    first.unlink()
    code, said = convert(folder)
    assert code == 0 and "0 written, 7 unchanged, 1 kept in YAML (not refreshed)" in said


def test_records_not_written_are_not_said_to_be(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*_: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(staging.Staging, "put", read_only)
    code, said = convert(tmp_path / "ro")
    assert code == 1 and "records to" not in said and "8 records made" in said
    assert "0 written, 0 unchanged, 8 not written (see the errors above)" in said


def test_the_summary_says_what_the_runs_were_judged_by(tmp_path: Path) -> None:
    code, said = convert(tmp_path / "records")
    assert code == 0 and "judged by val_bpb, lower is better" in said
    log = tmp_path / "runs.tsv"
    log.write_text("seq_len\tnotes\n8192\tbaseline\n4096\tshorter context\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "-o", "-"])
    # a column the loop set, read as the metric for want of another: the summary shows it, so the
    # user sees what --metric should name
    assert "judged by seq_len, which way is better unknown" in result.stderr
