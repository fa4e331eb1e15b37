"""The architecture page's files to touch, tried in a copy of the package: a converter for a new
export is one profile entry, and a validator rule is one table entry plus its check.

A citation format (a writer module and one table entry), a site page and an MCP tool are tried
beside their own code: tests/test_cite_format_table.py, test_site_pages.py and test_mcp_server.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from package_copy import PackageCopy

# An Aim-style runs export: a run hash, a status, metrics.* and hparams.* columns.
PROFILE_ENTRY = """\
        "aim": Profile(
            "aim",
            "Convert an Aim runs export (CSV) into records.",
            mapping={"run": "hash", "status": "status", "name": "name", "metric": "metrics.*", "config": "hparams.*"},
            judge_by_metric=True,
            metric_prefixes=("metrics.",),
        ),
"""
EXPORT = """\
hash,name,status,metrics.loss,hparams.lr,hparams.depth
r1,base,finished,1.00,0.01,8
r2,lr up,finished,0.98,0.02,8
r3,deeper,finished,1.05,0.02,12
"""

RULE_ENTRY = """\
[[rule]]
code = "NRR499"
name = "no-keywords"
severity = "info"
summary = "The record has no keywords."
why = "Keywords are how readers find a record in a catalogue."
example = "keywords: []"
fix = "Add a few keywords."

"""
RULE_CHECK = """\
    if not record.keywords:
        ctx.report("NRR499", "", "the record has no keywords")
"""
BARE_RECORD = """\
schema_version: "1.0"
id: bare-record
title: A bare negative result
problem: {statement: Something did not work.}
results: {summary: It did not work.}
"""


@pytest.mark.slow
def test_a_converter_is_one_profile_entry(tmp_path: Path) -> None:
    copy = PackageCopy(tmp_path)
    copy.insert("convert/profiles.py", PROFILE_ENTRY, before="    }", after="def _profiles(")
    (tmp_path / "aim.csv").write_text(EXPORT, encoding="utf-8")

    assert "aim " in copy.nrr("convert", "--help").stdout  # a subcommand, from the table
    copy.nrr("convert", "aim", "aim.csv", "--output", "out", "--no-progress")
    records = [json.loads(path.read_text(encoding="utf-8")) for path in sorted((tmp_path / "out").glob("*.json"))]
    experiments = [record["experiment"] for record in records]
    assert [e["outcome"] for e in experiments] == ["keep", "keep", "discard"]
    assert [[(c["parameter"], c["direction"]) for c in e["changes"]] for e in experiments[1:]] == [
        [("learning_rate", "increase")],
        [("depth", "increase")],
    ]
    assert {record["provenance"]["converter"]["name"] for record in records} == {"nrr convert aim"}


@pytest.mark.slow
def test_a_rule_is_one_table_entry_and_its_check(tmp_path: Path) -> None:
    copy = PackageCopy(tmp_path)
    copy.insert("lint/data/rules.toml", RULE_ENTRY, before="[[rule]]", after='code = "NRR416"')
    copy.insert("lint/rules_recommended.py", RULE_CHECK, before="    repro = record.reproducibility")
    (tmp_path / "bare.yaml").write_text(BARE_RECORD, encoding="utf-8")

    report = json.loads(copy.nrr("validate", "--format", "json", "bare.yaml").stdout)
    (found,) = [d for d in report["diagnostics"] if d["code"] == "NRR499"]
    assert found["severity"] == "info" and found["message"] == "the record has no keywords"
    assert found["hint"] == "Add a few keywords." and found["docs_url"].endswith("#nrr499")
