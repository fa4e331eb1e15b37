"""Each citation format against the shared contract, plus what only that format has to get right."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
import yaml
from test_cite_contract import BASE_URL, CASES, ExporterContract, load_case

from nrr_spec.cite import export

DATACITE_SCHEMA = Path(__file__).parent / "data" / "datacite-v4.5.json"

# ---------------------------------------------------------------- a small, strict BibTeX reader

_UNESCAPE = {
    r"\textbackslash{}": "\\", r"\textasciitilde{}": "~", r"\textasciicircum{}": "^",
    r"\{": "{", r"\}": "}", r"\%": "%", r"\&": "&", r"\$": "$", r"\#": "#", r"\_": "_",
}
_UNESCAPE_RE = re.compile("|".join(re.escape(k) for k in sorted(_UNESCAPE, key=len, reverse=True)))


def read_bibtex(text: str) -> dict[str, Any]:
    """Entry type, key and raw field values; fails on unbalanced braces or specials left bare."""
    head = re.match(r"@(\w+)\{([^,\s]+),\n", text)
    assert head, text[:80]
    fields: dict[str, str] = {"@type": head.group(1), "@key": head.group(2)}
    pos = head.end()
    while True:
        bare = re.compile(r"\s*(month)\s*=\s*([a-z]{3})(,?)").match(text, pos)
        if bare:  # a month macro, the one field written without braces
            fields[bare.group(1)] = bare.group(2)
            pos = bare.end()
            continue
        match = re.compile(r"\s*(\w+)\s*=\s*\{").match(text, pos)
        if not match:
            break
        depth, i = 1, match.end()
        while depth:
            char = text[i]
            if char == "\\":
                i += 2
                continue
            depth += {"{": 1, "}": -1}.get(char, 0)
            i += 1
        fields[match.group(1)] = text[match.end() : i - 1]
        pos = i + 1 if text[i : i + 1] == "," else i
    assert text[pos:].strip() == "}", f"unparsed tail: {text[pos:]!r}"
    return fields


def latex_text(value: str) -> str:
    bare = re.sub(r"\\textbackslash\{\}|\\textasciitilde\{\}|\\textasciicircum\{\}|\\[{}%&$#_]", "", value)
    assert not re.search(r"[%&$#_~^\\]", bare), f"unescaped special in {value!r}"
    return _UNESCAPE_RE.sub(lambda m: _UNESCAPE[m.group(0)], value)


class TestBibtex(ExporterContract):
    fmt = "bibtex"

    def parse(self, text: str) -> Any:
        return read_bibtex(text)

    def key(self, parsed: Any) -> str | None:
        return parsed["@key"]

    def version(self, parsed: Any) -> str | None:
        return parsed["version"]

    def urls(self, parsed: Any) -> list[str]:
        return [unquote(parsed["url"])] if "url" in parsed else []

    def doi(self, parsed: Any) -> str | None:
        return unquote(parsed["doi"]) if "doi" in parsed else None

    def title(self, parsed: Any) -> str | None:
        value = parsed["title"]
        assert value.startswith("{") and value.endswith("}"), "title is brace-protected against case changes"
        return latex_text(value[1:-1])

    def test_every_text_field_is_escaped(self) -> None:
        fields = read_bibtex(export(load_case("special-characters"), "bibtex", base_url=BASE_URL))
        for name, value in fields.items():
            if name not in ("@type", "@key", "url", "doi", "title"):
                latex_text(value)
        assert fields["publisher"] == r"Institut für Mathematik \& Logik"
        assert "Gödel, Kurt" in fields["author"], "non-ASCII stays UTF-8"

    def test_names_that_would_split_wrongly_are_braced(self) -> None:
        author = read_bibtex(export(load_case("special-characters"), "bibtex"))["author"]
        names = author.split(" and ")
        assert "{Barnes and Noble}" in author and "{Plato}" in names
        assert "de la Cruz, José" in names

    def test_month_is_a_bibtex_macro(self) -> None:
        assert read_bibtex(export(load_case("full"), "bibtex"))["month"] == "may"

    def test_verbatim_fields_keep_braces_balanced(self) -> None:
        fields = read_bibtex(export(load_case("special-characters"), "bibtex"))
        assert fields["doi"] == "10.1234/odd_doi(2025)#5"


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

    def version(self, parsed: Any) -> str | None:
        return parsed["version"]

    def urls(self, parsed: Any) -> list[str]:
        return [parsed["url"]] if "url" in parsed else []

    def doi(self, parsed: Any) -> str | None:
        listed = next((item["value"] for item in parsed["identifiers"] if item["description"] == "DOI of the record"), None)
        assert parsed.get("doi") in (None, listed)
        return listed

    def title(self, parsed: Any) -> str | None:
        return parsed["title"]

    @pytest.mark.parametrize("case", CASES)
    def test_valid_citation_file_format_1_2_0(self, case: str, cff_schema: dict[str, Any]) -> None:
        data = yaml.safe_load(export(load_case(case), "cff", base_url=BASE_URL))
        jsonschema.Draft7Validator(cff_schema, format_checker=jsonschema.FormatChecker()).validate(data)


class TestCsl(ExporterContract):
    fmt = "csl"

    def parse(self, text: str) -> Any:
        items = json.loads(text)
        assert isinstance(items, list) and len(items) == 1
        return items[0]

    def key(self, parsed: Any) -> str | None:
        return parsed["id"]

    def version(self, parsed: Any) -> str | None:
        return parsed["version"]

    def urls(self, parsed: Any) -> list[str]:
        return [parsed["URL"]] if "URL" in parsed else []

    def doi(self, parsed: Any) -> str | None:
        return parsed.get("DOI")

    def title(self, parsed: Any) -> str | None:
        return parsed["title"]

    def test_names_split_for_citation_styles(self) -> None:
        item = self.parse(export(load_case("full"), "csl"))
        assert item["author"] == [
            {"family": "Lovelace", "given": "Ada"},
            {"family": "van Beethoven", "given": "Ludwig"},
            {"family": "Hopper", "given": "Grace"},
        ]
        assert item["issued"] == {"date-parts": [[2025, 5, 20]]} and item["type"] == "report"


class TestJsonLd(ExporterContract):
    fmt = "jsonld"

    def parse(self, text: str) -> Any:
        return json.loads(text)

    def key(self, parsed: Any) -> str | None:
        identifier = parsed["identifier"]
        return identifier[0] if isinstance(identifier, list) else identifier

    def version(self, parsed: Any) -> str | None:
        return parsed["version"]

    def urls(self, parsed: Any) -> list[str]:
        return [parsed["url"]] if "url" in parsed else []

    def doi(self, parsed: Any) -> str | None:
        sources = parsed["identifier"] if isinstance(parsed["identifier"], list) else []
        return next((item["value"] for item in sources if isinstance(item, dict) and item["propertyID"] == "DOI"), None)

    def title(self, parsed: Any) -> str | None:
        return parsed["name"]

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

    def parse(self, text: str) -> Any:
        return json.loads(text)

    def key(self, parsed: Any) -> str | None:
        return parsed["alternateIdentifiers"][0]["alternateIdentifier"]

    def version(self, parsed: Any) -> str | None:
        return parsed["version"]

    def urls(self, parsed: Any) -> list[str]:
        return [parsed["url"]] if "url" in parsed else []

    def doi(self, parsed: Any) -> str | None:
        return parsed.get("doi")

    def title(self, parsed: Any) -> str | None:
        return parsed["titles"][0]["title"]

    @pytest.mark.parametrize("case", CASES)
    def test_valid_against_the_datacite_schema(self, case: str) -> None:
        schema = json.loads(DATACITE_SCHEMA.read_text(encoding="utf-8"))
        data = json.loads(export(load_case(case), "datacite", base_url=BASE_URL))
        jsonschema.Draft201909Validator(schema).validate(data)
        assert data["types"]["resourceTypeGeneral"] == "Report"

    def test_the_schema_check_can_fail(self) -> None:
        schema = json.loads(DATACITE_SCHEMA.read_text(encoding="utf-8"))
        data = json.loads(export(load_case("full"), "datacite"))
        data["types"]["resourceTypeGeneral"] = "NegativeResult"
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.Draft201909Validator(schema).validate(data)

    def test_revisions_and_citations_are_linked(self) -> None:
        data = json.loads(export(load_case("full"), "datacite", base_url=BASE_URL))
        links = {(item["relatedIdentifier"], item["relationType"]) for item in data["relatedIdentifiers"]}
        assert (f"{BASE_URL}records/tent-fails-under-scanner-shift/v2/", "IsNewVersionOf") in links
        assert ("2006.10726", "Cites") in links and ("10.48550/arXiv.1502.03167", "Cites") in links


class TestZenodo(ExporterContract):
    fmt = "zenodo"

    def parse(self, text: str) -> Any:
        return json.loads(text)

    def key(self, parsed: Any) -> str | None:
        match = re.search(r"record (\S+), version", parsed["notes"])
        return match.group(1) if match else None

    def version(self, parsed: Any) -> str | None:
        return parsed["version"]

    def urls(self, parsed: Any) -> list[str]:
        return [item["identifier"] for item in parsed.get("related_identifiers", []) if item["relation"] == "isIdenticalTo"]

    def doi(self, parsed: Any) -> str | None:
        return parsed.get("doi")

    def title(self, parsed: Any) -> str | None:
        return parsed["title"]

    def test_description_is_escaped_html(self) -> None:
        data = json.loads(export(load_case("special-characters"), "zenodo"))
        assert "<script>" not in data["description"] and "&lt;/script&gt;" in data["description"]

    def test_access_follows_disclosure(self) -> None:
        embargoed = json.loads(export(load_case("embargoed"), "zenodo"))
        assert embargoed["access_right"] == "embargoed" and embargoed["embargo_date"] == "2026-06-01"
        restricted = load_case("embargoed")
        assert restricted.dual_use is not None
        restricted.dual_use.disclosure = "restricted"
        data = json.loads(export(restricted, "zenodo"))
        assert data["access_right"] == "restricted" and "license" not in data and data["access_conditions"]


@pytest.fixture(scope="session")
def cff_schema() -> dict[str, Any]:
    from importlib.resources import files

    source = files("check_jsonschema.builtin_schemas.vendor").joinpath("citation-file-format.json")
    return json.loads(source.read_text(encoding="utf-8"))
