"""NRR209: a 1.1 record's authors get their name parts suggested, and added by --fix where safe."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.lint.api import validate_record_data

RECORD = """schema_version: "1.1"
id: names-fix-case
title: Names
authors:
  - name: Ada Lovelace   # the first author
    orcid: https://orcid.org/0000-0002-1825-0097
  - {name: "autoresearch agent (session mar8-h100)"}
  - name: Martin Luther King Jr.
  - name: Ludwig van Beethoven
  - name: Grace Hopper
    entity: person
problem: {statement: p}
results: {summary: s}
"""


def _codes(data: dict) -> list[tuple[str, str]]:
    return [(d.code, d.pointer) for d in validate_record_data(data) if d.code == "NRR209"]


def test_suggested_for_1_1_records_only() -> None:
    data = yaml.safe_load(RECORD)
    assert _codes(data) == [("NRR209", f"/authors/{i}") for i in range(4)]  # Grace Hopper states her entity
    data["schema_version"] = "1.0"
    data["authors"][4].pop("entity")
    assert _codes(data) == []  # 1.0 has no fields to put the parts in


def test_fix_adds_parts_where_the_name_reads_one_way(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(RECORD, encoding="utf-8")
    as_json = tmp_path / "r.json"
    data = yaml.safe_load(RECORD)
    data["id"] = "names-fix-json"
    as_json.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--fix", str(path), str(as_json)])
    assert "NRR209 author 'Ada Lovelace': added family_names 'Lovelace'" in result.output
    text = path.read_text(encoding="utf-8")
    assert "# the first author" in text  # a text edit: comments and layout stay
    for fixed in (yaml.safe_load(text), json.loads(as_json.read_text(encoding="utf-8"))):
        ada, agent, king, ludwig, grace = fixed["authors"]
        assert ada == {
            "given_names": "Ada",
            "family_names": "Lovelace",
            "entity": "person",
            "name": "Ada Lovelace",
            "orcid": "https://orcid.org/0000-0002-1825-0097",
        }
        assert agent == {"entity": "software", "name": "autoresearch agent (session mar8-h100)"}
        assert king == {"name": "Martin Luther King Jr."}  # "Luther King" could be a double surname: left to a person
        assert (ludwig["given_names"], ludwig["name_particle"], ludwig["family_names"]) == ("Ludwig", "van", "Beethoven")
        assert grace == {"name": "Grace Hopper", "entity": "person"}
        assert not [d for d in validate_record_data(fixed) if d.severity == "error"]
        assert _codes(fixed) == [("NRR209", "/authors/2")]


def test_a_name_in_cjk_script_is_fixed_family_name_first(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(RECORD.replace("Grace Hopper\n    entity: person", "李 小龍"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--fix", str(path)])
    assert result.exit_code == 0, result.output
    li = yaml.safe_load(path.read_text(encoding="utf-8"))["authors"][4]
    assert (li["family_names"], li["given_names"]) == ("李", "小龍")
