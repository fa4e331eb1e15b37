"""All real logs of the corpus convert without a traceback, and every record is valid."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from nrr_spec.convert.pipeline import convert_log
from nrr_spec.model import Record
from nrr_spec.schema import schema_path

SCHEMA = schema_path()


@pytest.mark.slow
def test_every_corpus_log_converts_and_every_record_validates(corpus_dir: Path) -> None:
    logs = sorted((corpus_dir / "logs").iterdir())
    assert len(logs) == 67
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    try:
        from nrr_spec.lint.api import validate_record_data
    except ImportError:  # the validator is optional here; the schema and model checks still run
        validate_record_data = None
    total = 0
    for log in logs:
        result = convert_log(log)
        assert not result.errors, (log.name, result.errors)
        assert result.rows_read == len(result.records) + len(result.skipped), log.name
        ids = [r["id"] for r in result.records]
        assert len(ids) == len(set(ids)), f"{log.name}: duplicate ids"
        for record in result.records:
            Record.model_validate(record)
            errors = [e.message for e in validator.iter_errors(record)]
            assert not errors, (log.name, record["id"], errors[:3])
            json.dumps(record, allow_nan=False)
        if validate_record_data is not None:
            for record in result.records[:50]:  # the full linter is slower; a slice of each log is enough
                problems = [d for d in validate_record_data(record) if d.severity == "error"]
                assert not problems, (log.name, record["id"], [(d.code, d.message) for d in problems])
        total += len(result.records)
    assert total > 4000


def test_skips_in_the_corpus_name_file_line_and_reason(corpus_dir: Path) -> None:
    result = convert_log(corpus_dir / "logs" / "golly-splorts__autoresearch-gollyx-js__autoresearch_results.tsv")
    assert result.skipped and result.records
    for skip in result.skipped:
        assert str(skip).startswith("golly-splorts__autoresearch-gollyx-js__autoresearch_results.tsv:")
        assert skip.line > 1 and skip.reason
