"""Every address of a record, a version, a session and a DOI is built by `nrr_spec.urls`."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from nrr_spec import urls
from nrr_spec.cite.common import doi_url as cited_doi_url
from nrr_spec.cite.common import record_url, version_url
from nrr_spec.model import Record
from nrr_spec.publish.citations import citation_line
from nrr_spec.publish.config import SiteConfig
from nrr_spec.publish.text import safe_url

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "nrr_spec"
ADDRESS_STARTS = ("https://doi.org/", "/records/", "records/", "sessions/")


@pytest.mark.parametrize(
    ("doi", "url"),
    [
        ("10.5281/zenodo.1234567", "https://doi.org/10.5281/zenodo.1234567"),
        ("10.1002/(SICI)1097-4571", "https://doi.org/10.1002/(SICI)1097-4571"),
        # '#' would start a fragment, '?' a query and '%' an escape
        ("10.1000/a#b?c%d", "https://doi.org/10.1000/a%23b%3Fc%25d"),
        ('10.1000/<x>"y"', "https://doi.org/10.1000/%3Cx%3E%22y%22"),
    ],
)
def test_doi_urls_are_percent_encoded(doi: str, url: str) -> None:
    assert urls.doi_url(doi) == url
    assert cited_doi_url(doi) == url  # the citation exports
    assert safe_url(doi) == url  # a DOI written as a link in a record's text


def _record(**extra: object) -> Record:
    data = {
        "schema_version": "1.1",
        "id": "warmup-no-gain",
        "title": "Warm-up gives no gain",
        "problem": {"statement": "Does warm-up help?"},
        "results": {"summary": "No."},
        **extra,
    }
    return Record.model_validate(data)


def test_the_plain_text_citation_encodes_its_doi_link() -> None:
    line = citation_line(_record(doi="10.1000/a#b"), SiteConfig())
    assert line.endswith(" https://doi.org/10.1000/a%23b")


@pytest.mark.parametrize("base", ["https://lab.example.org/nr", "https://lab.example.org/nr/", "https://lab.example.org/nr//"])
def test_record_and_version_addresses_under_any_base(base: str) -> None:
    record = _record(version=3)
    assert urls.record_path("warmup-no-gain") == "records/warmup-no-gain/"
    assert urls.record_path("warmup-no-gain", 2) == "records/warmup-no-gain/v2/"
    assert record_url(record, base) == "https://lab.example.org/nr/records/warmup-no-gain/"
    assert version_url(record, base, 2) == "https://lab.example.org/nr/records/warmup-no-gain/v2/"
    assert citation_line(record, SiteConfig(base_url=base)).endswith(" https://lab.example.org/nr/records/warmup-no-gain/")
    assert urls.session_path("mar8-h100") == "sessions/mar8-h100/"


def test_no_base_url_no_absolute_address() -> None:
    assert urls.record_url(None, "warmup-no-gain") is None and urls.absolute("", "x/") is None
    assert record_url(_record(), None) is None
    assert citation_line(_record(), SiteConfig()).endswith(". Record warmup-no-gain.")


def test_an_id_outside_the_pattern_cannot_leave_its_folder() -> None:
    # Ids are checked by the schema; the path is still encoded so a stray one stays one segment.
    assert urls.record_path("a/../b?c") == "records/a%2F..%2Fb%3Fc/"


def test_no_other_module_builds_these_addresses() -> None:
    found = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if path.name == "urls.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            # A piece of an address is a string without spaces (prose in docstrings and messages has them).
            text = node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else " "
            if " " not in text and (text.startswith(ADDRESS_STARTS) or re.search(r"[\"'/]records/$", text)):
                found.append(f"{path.relative_to(PACKAGE_DIR.parent)}:{node.lineno}: {text!r}")
    assert found == []


def test_the_template_pages_give_their_script_makes_the_same_addresses() -> None:
    template = urls.record_path_template()
    assert urls.ID_SLOT in template
    for record_id in ("warmup-no-gain", "a/../b?c"):
        assert template.replace(urls.ID_SLOT, quote(record_id, safe="")) == urls.record_path(record_id)
    # ... and the catalogue's script builds none itself.
    for script in sorted((PACKAGE_DIR / "theme").rglob("*.js")):
        assert not re.search(r"[\"']/?(records|sessions)/", script.read_text(encoding="utf-8")), script.name
