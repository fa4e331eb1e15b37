"""Rules and their building blocks: identifiers, tolerances, positions, and which records they leave alone."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

import pytest
import yaml
from records import smallest_record

from nrr_spec.lint.api import validate, validate_record_data
from nrr_spec.lint.identifiers import SpdxCheck, arxiv_problem, orcid_check_digit, orcid_problem, spdx_check
from nrr_spec.lint.positions import PositionIndex
from nrr_spec.lint.registry import RULES

ROOT = Path(__file__).resolve().parent.parent
BASE = yaml.safe_load((ROOT / "examples" / "lint" / "harm-without-harm" / "record.yaml").read_text())
BASE["results"]["evidence_class"] = "evidence_of_absence"
BASE["results"]["outcomes"][0].update({"value": 95.1, "delta": -0.1, "uncertainty": {"kind": "ci", "lower": 94.8, "upper": 95.4}})


def codes(data: dict[str, object], today: dt.date | None = None) -> list[str]:
    return [d.code for d in validate_record_data(data, today=today)]


def test_a_complete_record_has_no_findings() -> None:
    assert codes(BASE) == []


@pytest.mark.parametrize(
    ("orcid", "problem"),
    [
        ("0000-0002-1825-0097", False),
        ("https://orcid.org/0000-0001-5109-3700", False),
        ("0000-0002-1694-233X", False),
        ("0000-0002-1694-2331", True),
        ("0000-0002-1825-0098", True),
        ("orcid:0000", True),
    ],
)
def test_orcid_checksum(orcid: str, problem: bool) -> None:
    assert (orcid_problem(orcid) is not None) is problem


def test_orcid_check_digit_iso_7064() -> None:
    assert orcid_check_digit("000000021825009") == "7"
    assert orcid_check_digit("000000021694233") == "X"


@pytest.mark.parametrize(
    ("arxiv", "ok"),
    [
        ("2006.10726", True),
        ("1706.03762v7", True),
        ("0704.0001", True),
        ("hep-th/9901001", True),
        ("math.GT/0309136", True),
        ("1913.12345", False),
        ("0703.1234", False),
        ("1412.12345", False),
        ("2006.1072", False),
        ("arXiv:2006.10726", False),
    ],
)
def test_arxiv_forms(arxiv: str, ok: bool) -> None:
    assert (arxiv_problem(arxiv) is None) is ok


def test_spdx_expressions() -> None:
    assert spdx_check("MIT") == SpdxCheck(None, [], [], "MIT")
    assert spdx_check("(mit OR apache-2.0) AND cc-by-4.0").canonical == "(MIT OR Apache-2.0) AND CC-BY-4.0"
    assert spdx_check("GPL-2.0-or-later WITH Classpath-exception-2.0").ok
    assert spdx_check("LicenseRef-lab-internal").ok
    assert spdx_check("GPL-2.0").deprecated == ["GPL-2.0"]
    assert spdx_check("GPL-2.0").canonical == "GPL-2.0"  # --fix never swaps a deprecated id for its successor
    assert spdx_check("Creative Commons").unknown == ["Creative Commons"]
    assert spdx_check("foo OR MIT").unknown == ["foo"]


@pytest.mark.parametrize(
    "expression",
    ["MIT OR", "CC-BY-4.0 AND (MIT", "CC-BY-4.0 OR OR MIT", "MIT)", "MIT WITH Apache-2.0", "AND", "MIT MIT", ""],
)
def test_malformed_spdx_expressions_are_errors(expression: str) -> None:
    # license-expression's parser decides; before it, a hand parser let the first three through.
    assert spdx_check(expression).syntax_error
    record = copy.deepcopy(BASE)
    record["license"] = expression
    assert "NRR205" in codes(record)


def test_delta_allows_rounding_of_the_written_numbers() -> None:
    record = copy.deepcopy(BASE)
    record["results"]["outcomes"][0].update({"value": 71.4, "baseline": 73.0, "delta": -1.61})  # 71.43 - 73.04, rounded
    assert "NRR308" not in codes(record)
    record["results"]["outcomes"][0]["delta"] = -1.8
    assert "NRR308" in codes(record)


def test_dates_are_checked_against_today() -> None:
    record = {**BASE, "created": "2025-01-01", "updated": "2025-06-01"}
    assert "NRR207" in codes(record, today=dt.date(2025, 3, 1))
    assert "NRR207" not in codes(record, today=dt.date(2025, 5, 31))  # a day of slack for time zones
    assert "NRR207" not in codes(record, today=dt.date(2025, 6, 2))


def test_reviewed_high_concern_record_may_be_public() -> None:
    review = {"reviewer": "Grace Hopper", "date": "2025-03-01", "decision": "publish_with_framing"}
    dual = {
        "concern": "high",
        "disclosure": "public",
        "assessment": "Detection only.",
        "framing_statement": "Context.",
        "reviewers": [review],
    }
    assert codes({**BASE, "dual_use": dual}) == []
    assert codes({**BASE, "dual_use": {**dual, "reviewers": []}}) == ["NRR501", "NRR504"]


def test_converted_records_are_not_held_to_paper_standards() -> None:
    converted = smallest_record(
        "mar8-h100-012",
        "increase LR to 0.05",
        "Lower val_bpb in five minutes.",
        "val_bpb 1.0050 against 0.9979.",
        kind="automated_experiment",
        experiment={
            "outcome": "discard",
            "failure_class": "regression",
            "commit": "c3d4e5f",
            "metric": {"name": "val_bpb", "value": 1.005, "baseline": 0.9979, "delta": 0.0071, "direction": "lower"},
        },
        provenance={"source": {"file": "results.tsv", "row": 12}},
    )
    assert codes(converted) == []
    paper = {k: v for k, v in converted.items() if k not in ("kind", "experiment", "provenance")}
    assert {"NRR402", "NRR403", "NRR411", "NRR413", "NRR414"} <= set(codes(paper))


def test_a_json_file_that_is_no_record_gets_one_diagnostic() -> None:
    assert codes({"name": "my-package", "version": "1.0.0"}) == ["NRR008"]
    assert "NRR101" in codes({"id": "x"})  # one record field is enough to be checked as a record


def test_unknown_schema_version_lists_the_known_ones() -> None:
    (diag,) = validate_record_data({**BASE, "schema_version": "0.9"})
    assert diag.code == "NRR110" and "'1.0'" in diag.message and diag.docs_url.endswith("#nrr110")


def test_anyof_errors_are_explained_inside_the_branch_meant() -> None:
    record = copy.deepcopy(BASE)
    record["reproducibility"]["code"] = {"repositry": "https://example.org/x"}
    found = [(d.code, d.pointer) for d in validate_record_data(record)]
    assert found == [("NRR102", "/reproducibility/code/repositry"), ("NRR101", "/reproducibility/code")]


def test_positions_in_json_and_yaml() -> None:
    json_text = '{\n  "a": 1,\n  "b": [\n    {"c": "x"},\n    {"c": "y"}\n  ]\n}\n'
    index = PositionIndex(json_text, "json")
    assert index.locate("/b/1/c") == (5, 6)
    assert index.locate("/b/1/missing") == (5, 5)
    assert index.locate("/a") == (2, 3)
    yaml_text = "# comment\na: 1\nb:\n  - c: x\n  - c: 'y'\n"
    index = PositionIndex(yaml_text, "yaml")
    assert index.locate("/b/1/c") == (5, 5)
    start, end = index.span("/b/1/c") or (0, 0)
    assert yaml_text[start:end] == "'y'"
    assert PositionIndex('{"a": [1, 2]}', "json", line_offset=9).locate("/a/1") == (10, 11)


def test_documents_from_one_file_count_as_one_file() -> None:
    from nrr_spec.io import read_file

    documents, _ = read_file(ROOT / "examples" / "lint" / "automated-experiments" / "records.jsonl")
    report = validate(documents)
    assert (report.files, report.records) == (1, len(documents)) and len(documents) > 1


def test_example_records_have_no_errors() -> None:
    report = validate(ROOT / "examples" / "records")
    assert report.files > 0
    assert [(d.file, d.code, d.message) for d in report.diagnostics if d.severity == "error"] == []


def test_every_rule_is_documented() -> None:
    for rule in RULES.values():
        assert rule.summary and rule.why and rule.example and rule.fix, rule.code
        assert rule.severity in ("error", "warning", "info")


def test_rule_catalogue_page_matches_the_registry() -> None:
    from nrr_spec.lint.catalogue import PAGE, render

    assert PAGE.read_text(encoding="utf-8") == render(), "docs/rules.md is stale: run python -m nrr_spec.lint.catalogue"
    for code in RULES:
        assert f"{{ #{code.lower()} }}" in render()
