"""Authors' names come out right in every format, read back by each format's own parser or schema.

"autoresearch agent (session mar8-h100)" is software and is never split ("mar8-h100)" is no surname);
"Martin Luther King Jr." has the surname King and the suffix Jr.; names stated in parts (schema 1.1)
are used as stated.
"""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

import jsonschema
import pytest
import yaml
from citecheck import csl_validator, datacite_validator, parse_bibtex

from nrr_spec.cite import export
from nrr_spec.model import Record
from nrr_spec.names import parse_name

AGENT = "autoresearch agent (session mar8-h100)"
KING = "Martin Luther King Jr."
CFF = json.loads(files("check_jsonschema.builtin_schemas.vendor").joinpath("citation-file-format.json").read_text("utf-8"))


def record(*authors: dict[str, Any], version: str = "1.0") -> Record:
    return Record.model_validate(
        {
            "schema_version": version,
            "id": "names-case",
            "created": "2026-03-09",
            "title": "Names",
            "authors": list(authors),
            "license": "CC-BY-4.0",
            "problem": {"statement": "p"},
            "results": {"summary": "s"},
        }
    )


OLD = record({"name": AGENT}, {"name": KING}, {"name": "Ludwig van Beethoven"})
STATED = record(
    {"name": AGENT, "entity": "software"},
    {"name": KING, "given_names": "Martin Luther", "family_names": "King", "name_suffix": "Jr.", "entity": "person"},
    {"name": "Gabriel García Márquez", "given_names": "Gabriel", "family_names": "García Márquez"},
    {"name": "Acme Robotics Lab", "entity": "organization"},
    version="1.1",
)


@pytest.mark.parametrize("rec", [OLD, STATED], ids=["read-from-name", "stated-in-parts"])
def test_bibtex(rec: Record) -> None:
    people = parse_bibtex(export(rec, "bibtex")).entries["names-case"].persons["author"]
    assert people[0].last_names == ["{" + AGENT + "}"] and not people[0].first_names
    king = people[1]
    assert (king.first_names, king.middle_names, king.last_names, king.lineage_names) == (
        ["Martin"],
        ["Luther"],
        ["King"],
        ["Jr."],
    )
    if rec is STATED:
        assert people[2].last_names == ["García", "Márquez"] and people[2].first_names == ["Gabriel"]
        assert people[3].last_names == ["{Acme Robotics Lab}"]
    else:
        assert people[2].prelast_names == ["van"] and people[2].last_names == ["Beethoven"]


@pytest.mark.parametrize("rec", [OLD, STATED], ids=["read-from-name", "stated-in-parts"])
def test_csl(rec: Record) -> None:
    items = json.loads(export(rec, "csl"))
    csl_validator().validate(items)
    authors = items[0]["author"]
    assert authors[0] == {"literal": AGENT}
    assert authors[1] == {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
    if rec is STATED:
        assert authors[2] == {"family": "García Márquez", "given": "Gabriel"}


@pytest.mark.parametrize("rec", [OLD, STATED], ids=["read-from-name", "stated-in-parts"])
def test_cff(rec: Record) -> None:
    data = yaml.safe_load(export(rec, "cff"))
    jsonschema.Draft7Validator(CFF, format_checker=jsonschema.FormatChecker()).validate(data)
    assert data["authors"][0] == {"name": AGENT}  # CFF's entity
    assert data["authors"][1] == {"family-names": "King", "given-names": "Martin Luther", "name-suffix": "Jr."}


@pytest.mark.parametrize("rec", [OLD, STATED], ids=["read-from-name", "stated-in-parts"])
def test_datacite_and_zenodo(rec: Record) -> None:
    data = json.loads(export(rec, "datacite"))
    datacite_validator().validate(data)
    agent, king = data["creators"][:2]
    assert agent == {"name": AGENT}
    assert king == {
        "name": "King, Martin Luther, Jr.",
        "nameType": "Personal",
        "givenName": "Martin Luther",
        "familyName": "King",
    }
    zenodo = json.loads(export(rec, "zenodo"))["creators"]
    assert [creator["name"] for creator in zenodo[:2]] == [AGENT, "King, Martin Luther, Jr."]
    if rec is STATED:
        assert data["creators"][3] == {"name": "Acme Robotics Lab", "nameType": "Organizational"}


def test_ris_and_jsonld() -> None:
    authors = [line[6:] for line in export(OLD, "ris").splitlines() if line.startswith("AU  - ")]
    assert authors == [AGENT, "King, Martin Luther, Jr.", "van Beethoven, Ludwig"]
    people = json.loads(export(STATED, "jsonld"))["author"]
    assert people[0]["@type"] == "SoftwareApplication" and people[3]["@type"] == "Organization"
    assert people[1] | {"givenName": "Martin Luther", "familyName": "King"} == people[1]


@pytest.mark.parametrize(
    ("name", "given", "particle", "family", "suffix", "certain"),
    [
        ("Ada Lovelace", "Ada", None, "Lovelace", None, True),
        ("Lovelace, Ada", "Ada", None, "Lovelace", None, True),
        ("King, Jr., Martin Luther", "Martin Luther", None, "King", "Jr.", True),
        ("Martin Luther King Jr.", "Martin Luther", None, "King", "Jr.", False),  # or Luther King, a double surname?
        ("Ludwig van Beethoven", "Ludwig", "van", "Beethoven", None, True),
        ("van Beethoven, Ludwig", "Ludwig", "van", "Beethoven", None, True),
        ("Gabriel García Márquez", "Gabriel García", None, "Márquez", None, False),
        ("Plato", None, None, None, None, False),
        (AGENT, None, None, None, None, True),
        ("Barnes and Noble", None, None, None, None, True),
    ],
)
def test_reading_parts_from_a_name(
    name: str, given: str | None, particle: str | None, family: str | None, suffix: str | None, certain: bool
) -> None:
    parts = parse_name(name)
    assert (parts.given, parts.particle, parts.family, parts.suffix, parts.certain) == (given, particle, family, suffix, certain)


@pytest.mark.parametrize(
    ("name", "family", "given"),
    [("李 小龍", "李", "小龍"), ("山田 太郎", "山田", "太郎"), ("김 민수", "김", "민수"), ("李小龍", None, None)],
)
def test_a_name_in_cjk_script_is_family_name_first(name: str, family: str | None, given: str | None) -> None:
    rec = record({"name": name})
    csl = json.loads(export(rec, "csl"))[0]["author"][0]
    cff = yaml.safe_load(export(rec, "cff"))["authors"][0]
    if family is None:  # no space: nobody can tell where the family name ends, so it is cited as written
        assert csl == {"literal": name} and "family-names" not in cff
        return
    assert csl == {"family": family, "given": given}
    assert cff["family-names"] == family and cff["given-names"] == given
    assert f"author       = {{{family}, {given}}}" in export(rec, "bibtex")
    stated = record({"name": name, "given_names": given, "family_names": family}, version="1.1")
    assert json.loads(export(stated, "csl"))[0]["author"][0] == csl  # as if the parts had been stated
