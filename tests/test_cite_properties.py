"""Any text a person can type survives every citation format: parsable, one line where it must be, escaped."""

from __future__ import annotations

import json
import re
from typing import Any

import yaml
from citecheck import latex_text, parse_bibtex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrr_spec.cite import export
from nrr_spec.cite.cff import cff_data
from nrr_spec.cite.common import clean
from nrr_spec.model import Record

# Any unicode at all, weighted towards the characters each format treats specially.
SPECIALS = "{}%&$#_~^\\\"'<>:\n\r\t-@,;[]|*!?`" + "\x00\x07\x1b\x7f\x85\u2028\ufeff"
ALPHABET = st.one_of(st.sampled_from(SPECIALS), st.characters(exclude_categories=("Cs",)))  # records are valid UTF-8
text = st.text(alphabet=ALPHABET, min_size=1, max_size=60).filter(lambda t: clean(t) != "")


def record(title: str, summary: str, name: str, keyword: str) -> Record:
    data: dict[str, Any] = {
        "schema_version": "1.0",
        "id": "property-case",
        "created": "2025-01-02",
        "title": title,
        "summary": summary,
        "authors": [{"name": name, "affiliation": keyword}],
        "keywords": [keyword],
        "license": "CC-BY-4.0",
        "problem": {"statement": "p"},
        "results": {"summary": summary},
    }
    return Record.model_validate(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=text, summary=text, name=text, keyword=text)
def test_every_format_survives_any_text(title: str, summary: str, name: str, keyword: str) -> None:
    rec = record(title, summary, name, keyword)

    entry = parse_bibtex(export(rec, "bibtex")).entries["property-case"]
    assert latex_text(entry.fields["title"][1:-1]) == clean(title)
    for field in ("abstract", "keywords", "publisher"):
        latex_text(entry.fields[field])  # fails on any LaTeX special left bare

    ris = export(rec, "ris").splitlines()
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in ris) and ris[-1] == "ER  - "
    assert sum(line.startswith("ER  - ") for line in ris) == 1

    assert yaml.safe_load(export(rec, "cff")) == cff_data(rec)

    jsonld = export(rec, "jsonld")
    assert not set("<>&") & set(jsonld)
    assert json.loads(jsonld)["name"] == clean(title)

    for fmt in ("csl", "datacite", "zenodo"):
        json.loads(export(rec, fmt))
    assert "<" not in json.loads(export(rec, "zenodo"))["description"][3:-4]
