"""Every example record exports in every format; DataCite, CSL and CFF exports validate against the official schemas."""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from citecheck import csl_validator, datacite_validator

from nrr_spec.cite import FORMATS, CitationRefused, export
from nrr_spec.store import load_records

CFF = json.loads(files("check_jsonschema.builtin_schemas.vendor").joinpath("citation-file-format.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def examples(examples_dir: Path) -> list[Any]:
    records = load_records(examples_dir)
    assert len(records) >= 5, "the example records are the realistic cases for citation exports"
    return records


def test_examples_export_and_validate(examples: list[Any]) -> None:
    datacite, csl = datacite_validator(), csl_validator()
    cff = jsonschema.Draft7Validator(CFF, format_checker=jsonschema.FormatChecker())
    refused = []
    for record in examples:
        texts = {}
        for fmt in FORMATS:
            try:
                texts[fmt] = export(record, fmt, base_url="https://lab.example.org/nrr")
            except CitationRefused as exc:
                # Only Zenodo refuses, and only what it could not take without invention.
                assert fmt == "zenodo" and (not record.authors or not record.license), (record.id, exc)
                refused.append(record.id)
        assert all(record.id in text for text in texts.values()), record.id
        datacite.validate(json.loads(texts["datacite"]))
        cff.validate(yaml.safe_load(texts["cff"]))
        csl.validate(json.loads(texts["csl"]))
    assert len(refused) < len(examples) / 2
