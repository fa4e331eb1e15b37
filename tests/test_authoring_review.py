"""`nrr review`: the reviewer's answers, decision, name and date recorded; disclosure set from the decision."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from records import smallest_record

from nrr_spec.authoring.validation import validation_errors
from nrr_spec.cli import main

NRR = str(Path(sys.executable).parent / "nrr")
RECORD = smallest_record(
    "filter-bypass-fails",
    "A prompt filter bypass that did not work",
    "Safety filters are tested by red teams.",
    "The bypass never succeeded.",
    dual_use={"concern": "moderate", "disclosure": "public", "assessment": "Could guide attackers."},
)
BASE = ["--reviewer", "Grace Hopper", "--misuse", "Attackers could skip this route.", "--benefit", "Saves red teams a week."]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "filter-bypass-fails.json").write_text(json.dumps(RECORD, indent=2), encoding="utf-8")
    return tmp_path


def data(folder: Path) -> Any:
    return json.loads((folder / "filter-bypass-fails.json").read_text(encoding="utf-8"))


def review(folder: Path, *args: str) -> Any:
    return CliRunner().invoke(main, ["review", "filter-bypass-fails", "--records", str(folder), "--no-input", *BASE, *args])


def test_restrict_decision_sets_disclosure_and_records_the_reviewer(folder: Path) -> None:
    result = review(folder, "--framing-insufficient", "--orcid", "0000-0001-5109-3700")
    assert result.exit_code == 0, result.output
    assert "review recorded (restrict); disclosure is now restricted" in result.output
    section = data(folder)["dual_use"]
    assert section["disclosure"] == "restricted" and section["concern"] == "moderate"
    assert section["reviewers"] == [
        {
            "reviewer": "Grace Hopper",
            "date": dt.date.today().isoformat(),
            "decision": "restrict",
            "misuse": "Attackers could skip this route.",
            "benefit": "Saves red teams a week.",
            "framing_sufficient": False,
            "orcid": "0000-0001-5109-3700",
        }
    ]
    assert validation_errors(data(folder)) == []


def test_framing_decision_needs_a_framing_statement(folder: Path) -> None:
    before = data(folder)
    missing = review(folder, "--decision", "publish_with_framing")
    assert missing.exit_code == 2 and "missing --framing" in missing.output and data(folder) == before
    done = review(folder, "--decision", "publish_with_framing", "--framing", "This concerns detection, not evasion.")
    assert done.exit_code == 0, done.output
    section = data(folder)["dual_use"]
    assert section["disclosure"] == "public" and section["framing_statement"].startswith("This concerns detection")
    assert list(section)[-1] == "reviewers"


def test_embargo_needs_a_future_date(folder: Path) -> None:
    past = review(folder, "--decision", "embargo", "--embargo-until", "2001-01-01")
    assert past.exit_code == 2 and "must end after today" in past.output and "dual_use" in data(folder)
    assert data(folder)["dual_use"].get("reviewers") is None
    until = (dt.date.today() + dt.timedelta(days=90)).isoformat()
    ok = review(folder, "--decision", "embargo", "--embargo-until", until)
    assert ok.exit_code == 0, ok.output
    assert data(folder)["dual_use"]["disclosure"] == "embargoed" and data(folder)["dual_use"]["embargo_until"] == until


def test_missing_reviewer_is_an_error_not_a_prompt(folder: Path) -> None:
    result = CliRunner().invoke(main, ["review", "filter-bypass-fails", "--records", str(folder), "--no-input"])
    assert result.exit_code == 2 and "missing --reviewer" in result.output


def test_interactive_review_through_a_terminal(folder: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(NRR, ["review", "filter-bypass-fails", "--records", str(folder)], encoding="utf-8", timeout=60)
    child.expect("Dual-use review of filter-bypass-fails")
    child.expect("Reviewer name")
    child.sendline("Grace Hopper")
    child.expect("ORCID")
    child.sendline("0000-0001-5109-370")  # one digit short: asked again
    child.expect("is not an ORCID iD")
    child.sendline("0000-0001-5109-3700")
    child.expect("misuse")
    child.sendline("Attackers could skip this route.")
    child.expect("benefit")
    child.sendline("Saves red teams a week.")
    child.expect("Level of concern")
    child.sendline("")  # keeps moderate
    child.expect("Assessment")
    child.sendline("")  # keeps the current assessment
    child.expect("framing suffice")
    child.sendline("y")
    child.expect("Decision")
    child.sendline("")  # the suggestion: publish_with_framing
    child.expect("Framing statement")
    child.sendline("This concerns detection, not evasion.")
    child.expect("review recorded \\(publish_with_framing\\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    section = data(folder)["dual_use"]
    assert section["reviewers"][0]["orcid"] == "0000-0001-5109-3700" and section["assessment"] == "Could guide attackers."


def test_yaml_record_without_dual_use_keeps_its_comments(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(
        "# hand-written\nschema_version: '1.0'\nid: plain-record\ntitle: A plain record  # the finding\n"
        "problem:\n  statement: p\nresults:\n  summary: r\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["review", "plain-record", "--records", str(tmp_path), "--no-input", *BASE])
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    assert "# hand-written" in text and "# the finding" in text
    section = yaml.safe_load(text)["dual_use"]
    assert section["concern"] == "none" and section["disclosure"] == "public"
    assert section["reviewers"][0]["decision"] == "publish"
