"""Reporters: SARIF validates against the official 2.1.0 schema; the others say the same things in their formats."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from nrr_spec.lint.api import validate
from nrr_spec.lint.diagnostics import Diagnostic, Report
from nrr_spec.lint.reporters import REPORTERS, get_reporter
from nrr_spec.lint.reporters.github import escape_data, escape_property

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-2.1.0.schema.json"


@pytest.fixture(scope="module")
def report() -> Report:
    cases = ROOT / "examples"
    paths = [
        cases / "lint" / "collection",
        cases / "invalid" / "jsonl-mixed",
        cases / "invalid" / "parse-errors",
        ROOT / "examples" / "records",
    ]
    return validate([p for p in paths if p.exists()])


def render(report: Report, name: str) -> str:
    out = io.StringIO()
    get_reporter(name)(report, out)
    return out.getvalue()


def test_sarif_validates_against_the_sarif_2_1_0_schema(report: Report) -> None:
    sarif = json.loads(render(report, "sarif"))
    schema = json.loads(SARIF_SCHEMA.read_text())
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(sarif), key=str)
    assert not errors, errors[0]
    results = sarif["runs"][0]["results"]
    assert len(results) == len(report.diagnostics) > 5
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
        assert not result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("/")


def test_json_report_round_trips_the_diagnostics(report: Report) -> None:
    data = json.loads(render(report, "json"))
    assert data["summary"] == report.summary()
    assert [d["code"] for d in data["diagnostics"]] == [d.code for d in report.diagnostics]
    assert set(data["diagnostics"][0]) >= {
        "code",
        "severity",
        "message",
        "hint",
        "pointer",
        "keyword",
        "file",
        "line",
        "column",
        "docs_url",
    }


def test_github_annotations_one_per_diagnostic_with_escaped_fields() -> None:
    diag = Diagnostic(
        "NRR301",
        "error",
        "p-value 1.3, 50% off\nline two",
        "hint",
        "/results/outcomes/0/p_value",
        file="dir/a,b:c.yaml",
        line=3,
        column=7,
    )
    report = Report([diag, Diagnostic("NRR416", "info", "no dual use", file="x.yaml", line=1, column=1)], files=2)
    lines = render(report, "github").splitlines()
    assert lines[0] == (
        "::error file=dir/a%2Cb%3Ac.yaml,line=3,col=7,title=NRR301::"
        "p-value 1.3, 50%25 off%0Aline two (/results/outcomes/0/p_value). hint"
    )
    assert lines[1].startswith("::notice file=x.yaml,line=1,col=1,title=NRR416::")
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25" and escape_data("a:b") == "a:b"


def test_junit_has_a_test_case_per_record_and_a_failure_per_failing_one(report: Report) -> None:
    root = ET.fromstring(render(report, "junit"))
    cases = root.findall(".//testcase")
    failing = {(d.file, d.record) for d in report.diagnostics if d.severity == "error"}
    assert len(root.findall(".//failure")) == len(failing)
    assert int(root.get("tests", "0")) == len(cases) >= report.records
    assert int(root.get("failures", "0")) == len(failing)


def test_junit_with_strict_fails_records_with_warnings(report: Report) -> None:
    out = io.StringIO()
    get_reporter("junit")(report, out, strict=True)
    failing = {(d.file, d.record) for d in report.diagnostics if d.severity in ("error", "warning")}
    assert len(ET.fromstring(out.getvalue()).findall(".//failure")) == len(failing)
    assert len(failing) > len({(d.file, d.record) for d in report.diagnostics if d.severity == "error"})


def test_text_groups_by_file_and_ends_with_the_summary(report: Report) -> None:
    text = render(report, "text")
    s = report.summary()
    assert text.rstrip().splitlines()[-1] == (
        f"Checked {s['files']} files, {s['records']} records: {s['errors']} errors, {s['warnings']} warnings, {s['infos']} infos."
    )
    files_with_findings = {d.file for d in report.diagnostics}
    headers = [line for line in text.splitlines() if line and not line.startswith(" ") and not line.startswith("Checked")]
    assert sorted(headers) == sorted(files_with_findings)
    assert "\x1b[" not in text  # no colour codes unless asked


def test_text_shows_record_text_literally() -> None:
    diag = Diagnostic("NRR102", "error", "unknown field `[bold]x[/bold]`", "", "/x", file="a.yaml", line=1, column=1)
    assert "[bold]x[/bold]" in render(Report([diag], files=1), "text")


def test_every_reporter_is_registered_and_handles_an_empty_report() -> None:
    for name in REPORTERS:
        assert render(Report(files=0), name)


def test_several_processes_give_the_same_report(monkeypatch: pytest.MonkeyPatch) -> None:
    from nrr_spec.lint import parallel

    monkeypatch.setattr(parallel, "MIN_FILES_PER_JOB", 2)
    paths = sorted(str(p) for p in (ROOT / "examples").glob("*/*/*") if p.name != "expected.json")
    one = validate(paths, jobs=1)
    two = validate(paths, jobs=2)
    assert parallel.jobs_for(len(paths), 2) == 2
    assert [d.to_dict() for d in two.diagnostics] == [d.to_dict() for d in one.diagnostics]
    assert two.documents == one.documents and two.files == one.files == len(paths)
    assert "NRR601" in {d.code for d in one.diagnostics}  # collection rules see every process's records
