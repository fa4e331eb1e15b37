"""Options that are missing or cannot be used are usage errors (exit 2) with a message, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import NEW_RECORD
from records import smallest_record

from nrr_spec.cli import main

TINY = ["--template", "tiny", *NEW_RECORD, "--hypothesis", "h", "--result", "r"]
REVIEW = ["--reviewer", "Grace Hopper", "--misuse", "m", "--benefit", "b", "--concern", "moderate", "--assessment", "a"]


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def new(folder: Path, *args: str) -> Any:
    return run("new", "--no-input", "--records", str(folder), *args)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    record = smallest_record("warmup-no-gain", "Warm-up gives no gain")
    (tmp_path / "warmup-no-gain.json").write_text(json.dumps(record), encoding="utf-8")
    return tmp_path


def _usage_error(result: Any, *expected: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and (result.exception is None or isinstance(result.exception, SystemExit))
    for text in expected:
        assert text in result.output


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("created=2026-02-30", "day is out of range for month"),  # YAML reads a date, of no real day
        ("results.summary=failed: twice: badly", "mapping values are not allowed here"),
        ("methods.seeds=[0, 1", "expected ',' or ']'"),
    ],
)
def test_a_set_value_yaml_cannot_load_names_the_set(tmp_path: Path, value: str, problem: str) -> None:
    result = new(tmp_path, *TINY, "--set", value)
    _usage_error(result, "--set", repr(value), problem)
    assert not any(tmp_path.iterdir())


def test_quoted_set_text_loses_its_quotes_and_plain_text_stays_as_typed(tmp_path: Path) -> None:
    result = new(
        tmp_path, *TINY, "--set", 'interpretation.explanation="failed: twice"', "--set", "methods.description=Run #3, yes"
    )
    assert result.exit_code == 0, result.output
    text = next(tmp_path.glob("*.yaml")).read_text(encoding="utf-8")
    assert "explanation: 'failed: twice'" in text and "description: 'Run #3, yes'" in text


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--template", "tiny", *NEW_RECORD, "--hypothesis", "h"], "missing --result"),
        ([*TINY, "--orcid", "0000-0002-1825-0098"], "fails its checksum"),
        (["--template", "nosuch", *NEW_RECORD], "--template 'nosuch': no such template; choose one of"),
        (["--template", "../templates/new/tiny", *NEW_RECORD], "no such template"),
    ],
)
def test_new_option_errors_exit_2(tmp_path: Path, args: list[str], expected: str) -> None:
    _usage_error(new(tmp_path, *args), expected)


def test_review_option_errors_exit_2(folder: Path) -> None:
    records = ["--records", str(folder)]
    _usage_error(run("review", "warmup-no-gain", "--no-input", *records), "missing --reviewer")
    embargo = run(
        "review", "warmup-no-gain", "--no-input", *records, *REVIEW, "--decision", "embargo", "--embargo-until", "2026-02-30"
    )
    _usage_error(embargo, "--embargo-until '2026-02-30'", "is not a date (YYYY-MM-DD)")
    orcid = run("review", "warmup-no-gain", "--no-input", *records, *REVIEW, "--orcid", "123")
    _usage_error(orcid, "'123' is not an ORCID iD (0000-0000-0000-000X")
    assert "^" not in orcid.output and "does not match" not in orcid.output  # no raw pattern


def test_revise_with_an_empty_message_exits_2(folder: Path) -> None:
    before = (folder / "warmup-no-gain.json").read_bytes()
    _usage_error(run("revise", "warmup-no-gain", "-m", "", "--records", str(folder)), "-m/--message is empty")
    assert (folder / "warmup-no-gain.json").read_bytes() == before


def test_a_taken_id_is_a_conflict_with_the_records_not_a_usage_error(tmp_path: Path) -> None:
    assert new(tmp_path, *TINY).exit_code == 0
    again = new(tmp_path, *TINY)
    assert again.exit_code == 1 and "already exists" in again.output
