"""The authoring guide's table of citation formats names the resource type each export writes: a
report, or a dataset for an automated experiment (RIS `RPRT` and `DATA`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nrr_spec.authoring.store import to_record
from nrr_spec.cite import export
from nrr_spec.io import read_file
from nrr_spec.model import Record

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guides" / "authoring.md"
EXAMPLES = ROOT / "examples" / "records"

# format -> how its export says the type, for (a report, an automated experiment)
TYPES = {
    "ris": (lambda text: text.splitlines()[0], ("TY  - RPRT", "TY  - DATA")),
    "csl": (lambda text: json.loads(text)[0]["type"], ("report", "dataset")),
    "jsonld": (lambda text: json.loads(text)["@type"], ("ScholarlyArticle", "Dataset")),
    "datacite": (lambda text: json.loads(text)["types"]["resourceTypeGeneral"], ("Report", "Dataset")),
}


def _record(name: str) -> Record:
    (document,), _ = read_file(EXAMPLES / name)
    return to_record(document.data, document.path)


def _guide_row(fmt: str) -> str:
    return next(line for line in GUIDE.read_text(encoding="utf-8").splitlines() if line.startswith(f"| `{fmt}` |"))


@pytest.mark.parametrize("fmt", TYPES)
def test_the_guide_names_the_types_the_export_writes(fmt: str) -> None:
    read, (report_type, dataset_type) = TYPES[fmt]
    report = _record("tent-cardiac-mri-scanner-shift.yaml")
    automated = _record("autoresearch-batch-131k-crash.json")
    assert automated.kind == "automated_experiment" and report.kind != "automated_experiment"
    assert read(export(report, fmt)) == report_type
    assert read(export(automated, fmt)) == dataset_type
    row = _guide_row(fmt)
    assert report_type in row and dataset_type in row, row


def test_ris_codes_are_explained() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert "`RPRT` (report) and `DATA` (data file)" in " ".join(text.split())
