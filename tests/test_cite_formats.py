"""Each citation format against the shared contract, plus what only that format has to get right."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import jsonschema
import pytest
import yaml
from citecheck import csl_validator, datacite_validator
from test_cite_contract import BASE_URL, CASES, ExporterContract, Where, load_case

from nrr_spec.cite import CitationRefused, export
from nrr_spec.cite.common import clean
from nrr_spec.cite.zenodo import zenodo_data
from nrr_spec.model import Author, Record


class TestRis(ExporterContract):
    fmt = "ris"

    def parse(self, text: str) -> Any:
        lines = text.splitlines()
        assert lines[0] == "TY  - RPRT" and lines[-1] == "ER  - "
        pairs = []
        for line in lines:
            assert re.match(r"^[A-Z][A-Z0-9]  - ", line), f"not a RIS tag line: {line!r}"
            pairs.append((line[:2], line[6:]))
        return pairs

    def _all(self, parsed: Any, tag: str) -> list[str]:
        return [value for found, value in parsed if found == tag]

    def key(self, parsed: Any) -> str | None:
        return self._all(parsed, "ID")[0]

    def version(self, parsed: Any) -> str | None:
        return self._all(parsed, "ET")[0].removeprefix("Version ")

    def urls(self, parsed: Any) -> list[str]:
        return self._all(parsed, "UR")

    def doi(self, parsed: Any) -> str | None:
        return next(iter(self._all(parsed, "DO")), None)

    def title(self, parsed: Any) -> str | None:
        return self._all(parsed, "TI")[0]

    def test_an_end_tag_inside_text_cannot_end_the_entry(self) -> None:
        text = export(load_case("special-characters"), "ris")
        assert text.count("\nER  - ") == 1 and text.endswith("ER  - \n")
        assert "\r" not in text

    def test_one_author_and_keyword_per_line(self) -> None:
        parsed = self.parse(export(load_case("special-characters"), "ris"))
        assert self._all(parsed, "AU") == ["Gödel, Kurt", "de la Cruz, José", "Barnes and Noble", "{O'Brien}, Zoë", "Plato"]
        assert self._all(parsed, "KW") == ["50% off", "C#", "naïve_bayes"]


class TestCff(ExporterContract):
    fmt = "cff"

    def parse(self, text: str) -> Any:
        return yaml.safe_load(text)

    def key(self, parsed: Any) -> str | None:
        return next(item["value"] for item in parsed["identifiers"] if item["description"].endswith("record id"))

    def doi(self, parsed: Any) -> str | None:
        listed = next((item["value"] for item in parsed["identifiers"] if item["description"] == "DOI of the record"), None)
        assert parsed.get("doi") in (None, listed)
        return listed

    @pytest.mark.parametrize("case", CASES)
    def test_valid_citation_file_format_1_2_0(self, case: str, cff_schema: dict[str, Any]) -> None:
        data = yaml.safe_load(export(load_case(case), "cff", base_url=BASE_URL))
        jsonschema.Draft7Validator(cff_schema, format_checker=jsonschema.FormatChecker()).validate(data)


class TestCsl(ExporterContract):
    fmt = "csl"
    where = Where(url="URL", doi="DOI")

    def parse(self, text: str) -> Any:
        items = json.loads(text)
        assert isinstance(items, list) and len(items) == 1
        return items[0]

    def test_names_split_for_citation_styles(self) -> None:
        item = self.parse(export(load_case("full"), "csl"))
        assert item["author"] == [
            {"family": "Lovelace", "given": "Ada"},
            {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
            {"family": "Hopper", "given": "Grace"},
        ]
        assert item["issued"] == {"date-parts": [[2025, 5, 20]]} and item["type"] == "report"

    @pytest.mark.parametrize("case", CASES)
    def test_valid_under_the_csl_data_schema(self, case: str) -> None:
        csl_validator().validate(json.loads(export(load_case(case), "csl", base_url=BASE_URL)))


class TestJsonLd(ExporterContract):
    fmt = "jsonld"
    where = Where(title="name")

    def parse(self, text: str) -> Any:
        return json.loads(text)

    def key(self, parsed: Any) -> str | None:
        identifier = parsed["identifier"]
        return identifier[0] if isinstance(identifier, list) else identifier

    def doi(self, parsed: Any) -> str | None:
        sources = parsed["identifier"] if isinstance(parsed["identifier"], list) else []
        return next((item["value"] for item in sources if isinstance(item, dict) and item["propertyID"] == "DOI"), None)

    def test_safe_inside_a_script_element(self) -> None:
        text = export(load_case("special-characters"), "jsonld")
        assert "<" not in text and ">" not in text and "&" not in text
        assert "</script><script>alert(1)</script>" in json.loads(text)["abstract"]

    def test_scholarly_article_with_orcid_people(self) -> None:
        data = json.loads(export(load_case("full"), "jsonld"))
        assert data["@type"] == "ScholarlyArticle" and data["@id"] == "https://doi.org/10.5281/zenodo.1234567"
        assert data["author"][0]["@id"] == "https://orcid.org/0000-0002-1825-0097"


class TestDatacite(ExporterContract):
    fmt = "datacite"
    where = Where(key="alternateIdentifiers.0.alternateIdentifier", title="titles.0.title")

    def parse(self, text: str) -> Any:
        return json.loads(text)

    @pytest.mark.parametrize("case", CASES)
    def test_valid_against_the_datacite_schema(self, case: str) -> None:
        data = json.loads(export(load_case(case), "datacite", base_url=BASE_URL))
        datacite_validator().validate(data)
        assert data["types"]["resourceTypeGeneral"] == "Report"

    def test_the_schema_check_can_fail(self) -> None:
        data = json.loads(export(load_case("full"), "datacite"))
        data["types"]["resourceTypeGeneral"] = "NegativeResult"
        with pytest.raises(jsonschema.ValidationError):
            datacite_validator().validate(data)

    def test_revisions_and_citations_are_linked(self) -> None:
        data = json.loads(export(load_case("full"), "datacite", base_url=BASE_URL))
        links = {(item["relatedIdentifier"], item["relationType"]) for item in data["relatedIdentifiers"]}
        assert (f"{BASE_URL}records/tent-fails-under-scanner-shift/v2/", "IsNewVersionOf") in links
        assert ("2006.10726", "Cites") in links and ("10.48550/arXiv.1502.03167", "Cites") in links


class TestZenodo(ExporterContract):
    fmt = "zenodo"

    def load(self, case: str) -> Record:
        # Zenodo needs a creator and, for an open deposit, a licence: the minimal case is given both
        # here; what happens without them is tested below.
        record = load_case(case)
        if not record.authors:
            record.authors = [Author(name="Ada Lovelace")]
        record.license = record.license or "CC-BY-4.0"
        return record

    def parse(self, text: str) -> Any:
        return json.loads(text)

    def key(self, parsed: Any) -> str | None:
        match = re.search(r"record (\S+), version", parsed["notes"])
        return match.group(1) if match else None

    def _identical(self, parsed: Any, scheme: str) -> list[str]:
        related = parsed.get("related_identifiers", [])
        return [item["identifier"] for item in related if item["relation"] == "isIdenticalTo" and item["scheme"] == scheme]

    def urls(self, parsed: Any) -> list[str]:
        return self._identical(parsed, "url")

    def doi(self, parsed: Any) -> str | None:
        # A DOI minted elsewhere is the deposit's own; a Zenodo DOI belongs to an earlier deposit and is linked.
        return parsed.get("doi") or next(iter(self._identical(parsed, "doi")), None)

    def test_description_is_escaped_html(self) -> None:
        data = json.loads(export(self.load("special-characters"), "zenodo"))
        assert "<script>" not in data["description"] and "&lt;/script&gt;" in data["description"]

    def test_access_follows_disclosure(self) -> None:
        embargoed = json.loads(export(self.load("embargoed"), "zenodo"))
        assert embargoed["access_right"] == "embargoed" and embargoed["embargo_date"] == "2036-06-01"
        restricted = self.load("embargoed")
        assert restricted.dual_use is not None
        restricted.dual_use.disclosure = "restricted"
        data = json.loads(export(restricted, "zenodo"))
        assert data["access_right"] == "restricted" and "license" not in data and data["access_conditions"]

    @pytest.mark.parametrize("disclosure", ["restricted", "embargoed"])
    def test_a_withheld_abstract_never_reaches_zenodo(self, disclosure: str) -> None:
        record = self.load("embargoed")
        assert record.dual_use is not None
        record.dual_use.disclosure = disclosure
        data = json.loads(export(record, "zenodo"))
        assert clean(record.results.summary) not in json.dumps(data)
        assert "Withheld after a dual-use review" in data["description"] and "keywords" not in data

    def test_an_ended_embargo_is_open(self) -> None:
        data = zenodo_data(self.load("embargoed"), today=dt.date(2036, 6, 2))
        assert data["access_right"] == "open" and data["license"] == "cc-by-4.0" and "embargo_date" not in data

    def test_no_invented_creator(self) -> None:
        with pytest.raises(CitationRefused, match="lr-warmup-no-gain: Zenodo needs at least one creator; add `authors`"):
            export(load_case("minimal"), "zenodo")

    def test_an_open_deposit_without_a_licence_is_refused(self) -> None:
        record = self.load("minimal")
        record.license = None
        with pytest.raises(CitationRefused, match="has none; add `license`"):
            export(record, "zenodo")
        record.license = "MIT OR Apache-2.0"
        with pytest.raises(CitationRefused, match="one licence id, not the expression"):
            export(record, "zenodo")

    def test_a_record_without_dates_is_dated_the_day_of_deposit(self) -> None:
        record = self.load("minimal")
        record.created = record.updated = None
        assert zenodo_data(record, today=dt.date(2026, 1, 5))["publication_date"] == "2026-01-05"

    def test_a_zenodo_doi_is_linked_not_claimed(self) -> None:
        data = json.loads(export(self.load("full"), "zenodo"))
        assert "doi" not in data  # Zenodo accepts its own DOI only on the deposit that owns it
        link = {"identifier": "10.5281/zenodo.1234567", "relation": "isIdenticalTo", "scheme": "doi"}
        assert link in data["related_identifiers"]
        record = self.load("full")
        record.doi = "10.1234/lab.report.7"
        assert json.loads(export(record, "zenodo"))["doi"] == "10.1234/lab.report.7"


@pytest.fixture(scope="session")
def cff_schema() -> dict[str, Any]:
    from importlib.resources import files

    source = files("check_jsonschema.builtin_schemas.vendor").joinpath("citation-file-format.json")
    return json.loads(source.read_text(encoding="utf-8"))
