"""Reporters: SARIF validates against the official 2.1.0 schema; the others say the same things in their formats."""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from junitparser import JUnitXml

from nrr_spec.lint.api import validate
from nrr_spec.lint.diagnostics import Diagnostic, Report
from nrr_spec.lint.reporters import REPORTERS, get_reporter
from nrr_spec.lint.reporters.github import escape_data, escape_property

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-2.1.0.schema.json"
# The JUnit schema of Jenkins' xUnit plugin (MIT), as pytest's own test suite ships it.
JUNIT_SCHEMA = ROOT / "tests" / "data" / "junit-10.xsd"


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


def sarif_validator() -> jsonschema.Draft4Validator:
    """The official SARIF 2.1.0 schema with every format checked.

    The schema is draft-04, whose format checker knows no `uri-reference`: checking all formats
    (rfc3986-validator provides that one) is what Ajv with ajv-formats does.
    """
    checker = jsonschema.FormatChecker()
    assert "uri-reference" in checker.checkers, "install rfc3986-validator: without it no URI is checked"
    return jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_text()), format_checker=checker)


def test_sarif_validates_against_the_sarif_2_1_0_schema(report: Report) -> None:
    sarif = json.loads(render(report, "sarif"))
    validator = sarif_validator()
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


@pytest.fixture
def odd_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Records under names people and tools do write: spaces, `#`, `%`, accents, a terminal escape."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub dir").mkdir()
    shutil.copy(ROOT / "examples" / "lint" / "harm-without-harm" / "record.yaml", tmp_path / "my record #1 ü%.yaml")
    shutil.copy(ROOT / "examples" / "lint" / "harm-without-harm" / "record.yaml", tmp_path / "sub dir" / "a:b.yaml")
    (tmp_path / "esc\x1b[31mred.json").write_text('{"schema_version": "1.0", "id": "ctl-\\u0007id"}\n', encoding="utf-8")
    return tmp_path


def test_sarif_uris_are_percent_encoded_and_valid(odd_names: Path) -> None:
    sarif = json.loads(render(validate(["."]), "sarif"))
    validator = sarif_validator()
    errors = sorted(validator.iter_errors(sarif), key=str)
    assert not errors, errors[0]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"my%20record%20%231%20%C3%BC%25.yaml", "sub%20dir/a%3Ab.yaml", "esc%1B%5B31mred.json"}
    assert {unquote(uri) for uri in uris} == {"my record #1 ü%.yaml", "sub dir/a:b.yaml", "esc\x1b[31mred.json"}
    # The check has teeth: the name as it is, unencoded, is refused.
    sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] = "my record #1 ü%.yaml"
    assert not validator.is_valid(sarif)


def test_sarif_results_at_one_pointer_keep_distinct_fingerprints(odd_names: Path) -> None:
    report = validate(["."])
    sarif = json.loads(render(report, "sarif"))
    results = sarif["runs"][0]["results"]
    places = [
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"], r["properties"]["pointer"])
        for r in results
    ]
    assert len(set(places)) < len(places), "the case needs two results of one rule at one pointer"
    fingerprints = [r["partialFingerprints"]["nrrPointer/v1"] for r in results]
    assert len(set(fingerprints)) == len(fingerprints)
    again = json.loads(render(validate(["."]), "sarif"))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in again] == [r["partialFingerprints"] for r in results]  # stable across runs


def test_junit_is_well_formed_with_control_characters_in_ids_and_paths(odd_names: Path) -> None:
    report = validate(["."])
    assert any(d.record_id == "ctl-\x07id" for d in report.documents)
    for strict in (False, True):
        out = io.StringIO()
        get_reporter("junit")(report, out, strict=strict)
        xml = out.getvalue()
        root = ET.fromstring(xml)  # expat: refuses what XML 1.0 cannot carry
        names = [case.get("name", "") for case in root.iter("testcase")]
        assert "esc\\x1b[31mred.json (ctl-\\x07id)" in names
        parsed = JUnitXml.fromstring(xml.encode("utf-8"))  # as CI servers read it (with lxml where installed)
        cases = [case for suite in parsed for case in suite]
        assert len(cases) == len(names) == report.records
        assert sum(1 for case in cases if not case.is_passed) >= 1


def junit_schema_errors(xml: str) -> list[str]:
    """What the JUnit 10 schema finds wrong, `testcase/@file` aside: the schema lacks it, but GitLab,
    pytest's xunit1 reports and the JUnit annotators of GitHub Actions read it to link a case to its file."""
    from lxml import etree

    schema = etree.XMLSchema(etree.parse(str(JUNIT_SCHEMA)))
    document = etree.fromstring(xml.encode("utf-8"))
    for case in document.iter("testcase"):
        case.attrib.pop("file", None)
    return [] if schema.validate(document) else [str(error) for error in schema.error_log]


def test_junit_validates_against_the_junit_schema(report: Report, odd_names: Path) -> None:
    for strict in (False, True):
        for checked in (report, validate(["."])):
            out = io.StringIO()
            get_reporter("junit")(checked, out, strict=strict)
            assert junit_schema_errors(out.getvalue()) == []
    assert junit_schema_errors('<testsuites><testsuite name="x"/></testsuites>')  # the check has teeth


def test_text_shows_control_characters_in_names_as_escapes(odd_names: Path) -> None:
    report = validate(["."])
    plain = render(report, "text")
    assert "\x1b" not in plain and "\x07" not in plain
    assert "esc\\x1b[31mred.json" in plain.splitlines()
    out = io.StringIO()
    get_reporter("text")(report, out, color=True)
    coloured = out.getvalue()
    assert "\x1b[1;4mesc\\x1b[31mred.json\x1b[0m" in coloured.splitlines()  # the header, bold and underlined
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain  # colour adds codes around the text, nothing else


def test_text_colours_each_part_as_before() -> None:
    diag = Diagnostic("NRR301", "error", "p-value 1.3", "Use a value in [0, 1].", "/p", file="a.yaml", line=3, column=7)
    warning = Diagnostic("NRR310", "warning", "w", "", "", file="a.yaml", line=1, column=1)
    out = io.StringIO()
    get_reporter("text")(Report([diag, warning], files=1), out, color=True)
    assert out.getvalue().splitlines() == [
        "\x1b[1;4ma.yaml\x1b[0m",
        "  \x1b[2m3:7       \x1b[0m\x1b[1;31merror   \x1b[0m\x1b[1mNRR301  \x1b[0mp-value 1.3\x1b[2m  /p\x1b[0m",
        "\x1b[2m                              Use a value in [0, 1].\x1b[0m",
        "  \x1b[2m1:1       \x1b[0m\x1b[33mwarning \x1b[0m\x1b[1mNRR310  \x1b[0mw",
        "",
        "Checked 1 file, 0 records: \x1b[1;31m1 error\x1b[0m, \x1b[33m1 warning\x1b[0m, 0 infos.",
    ]
