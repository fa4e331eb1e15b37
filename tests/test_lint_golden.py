"""Golden tests: every example case folder holds records and the exact diagnostics they must produce.

`examples/invalid/<case>/` records fail the JSON schema (checked against check-jsonschema too);
`examples/lint/<case>/` records pass the schema and are flagged by the semantic rules. A new
case is a new folder; `NRR_UPDATE_GOLDEN=1 pytest tests/test_lint_golden.py` writes expected.json
for review.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nrr_spec.lint.api import validate
from nrr_spec.lint.config import LintConfig
from nrr_spec.lint.registry import RULES
from nrr_spec.schema import schema_path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
INVALID = sorted(p for p in (EXAMPLES / "invalid").iterdir() if p.is_dir())
LINT = sorted(p for p in (EXAMPLES / "lint").iterdir() if p.is_dir())


def record_files(case: Path) -> list[Path]:
    return sorted(f for f in case.iterdir() if f.is_file() and f.name != "expected.json")


def observed(case: Path) -> list[dict[str, object]]:
    report = validate([str(f) for f in record_files(case)], LintConfig())
    assert report.files == len(record_files(case))
    return [
        {
            "file": Path(d.file or "").name,
            "record": d.record,
            "line": d.line,
            "column": d.column,
            "code": d.code,
            "severity": d.severity,
            "pointer": d.pointer,
        }
        for d in report.diagnostics
    ]


@pytest.mark.parametrize("case", INVALID + LINT, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_case_produces_expected_diagnostics(case: Path) -> None:
    expected_file = case / "expected.json"
    found = observed(case)
    if os.environ.get("NRR_UPDATE_GOLDEN"):
        expected_file.write_text(json.dumps({"diagnostics": found}, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(expected_file.read_text(encoding="utf-8"))["diagnostics"]
    assert found == expected


def test_there_are_enough_cases_and_every_rule_code_is_exercised() -> None:
    assert len(INVALID) >= 8 and len(LINT) >= 10
    exercised = {d["code"] for case in INVALID + LINT for d in json.loads((case / "expected.json").read_text())["diagnostics"]}
    # NRR004/NRR005/NRR007/NRR011 need a 20 MB file, deep nesting, a permission error or a hundred findings:
    # tests/test_lint_bad_input.py covers them.
    untested = set(RULES) - exercised - {"NRR004", "NRR005", "NRR007", "NRR011", "NRR109"}
    assert not untested, f"rule codes without a golden case: {sorted(untested)}"


UNCHECKABLE = {"yaml-alias-bomb", "values-no-tool-can-carry"}


def _check_jsonschema(files: list[Path]) -> set[str]:
    """The files check-jsonschema rejects (schema errors or parse errors)."""
    command = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema_path()), "-o", "JSON", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    output = json.loads(result.stdout)
    return {e["filename"] for e in output["errors"] + output["parse_errors"]}


def test_invalid_cases_fail_and_lint_cases_pass_check_jsonschema() -> None:
    # check-jsonschema reads one document per file (no JSON Lines), and expands YAML aliases without
    # limit, so the alias bomb would hang it: that case is what NRR006 is for. Values no tool can carry
    # (huge integers, deep nesting) pass the JSON schema, which bounds neither: NRR005 and NRR010 do.
    invalid = [f for case in INVALID if case.name not in UNCHECKABLE for f in record_files(case) if f.suffix != ".jsonl"]
    lint = [f for case in LINT for f in record_files(case) if f.suffix != ".jsonl"]
    rejected = _check_jsonschema(invalid + lint)
    assert {str(f) for f in invalid} <= rejected, "an invalid example passes the JSON schema"
    assert not rejected & {str(f) for f in lint}, "a lint example fails the JSON schema"
