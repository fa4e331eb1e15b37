"""The published standard: the committed schema, its generation, packaging and documentation."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.lint.api import validate_record_data
from nrr_spec.reference import render_field_reference
from nrr_spec.schema import CURRENT_VERSION, KNOWN_VERSIONS, SCHEMA_FILE, generate_schema, render_schema, schema_path

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = schema_path(CURRENT_VERSION)


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    return json.loads(COMMITTED.read_text(encoding="utf-8"))


def test_committed_schema_matches_the_model() -> None:
    generated = render_schema(generate_schema())
    committed = COMMITTED.read_text(encoding="utf-8")
    if generated != committed:
        diff = difflib.unified_diff(
            committed.splitlines(), generated.splitlines(), "committed schema", "generated from model", lineterm="", n=1
        )
        excerpt = "\n".join(list(diff)[:40])
        pytest.fail(
            f"schema/{SCHEMA_FILE} is out of date with nrr_spec.model.\n"
            "Run `python -m nrr_spec.schema` and commit the model and the schema together.\n" + excerpt,
            pytrace=False,
        )


def _properties(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    owners = {"Record": schema, **schema["$defs"]}
    return [(owner, prop, spec) for owner, body in owners.items() for prop, spec in body.get("properties", {}).items()]


def test_every_property_has_a_description_and_an_example(committed: dict[str, Any]) -> None:
    properties = _properties(committed)
    assert len(properties) > 150  # the walk reached the nested sections, not just the root
    missing = [
        f"{owner}.{prop}: {', '.join(k for k in ('description', 'examples') if not spec.get(k))}"
        for owner, prop, spec in properties
        if not spec.get("description") or not spec.get("examples")
    ]
    assert not missing, "properties without description or examples (use field(...) in the model):\n" + "\n".join(missing)


def test_schema_identity_and_version(committed: dict[str, Any]) -> None:
    assert committed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert committed["properties"]["schema_version"]["enum"] == list(KNOWN_VERSIONS)  # a minor version reads every 1.x
    assert committed["$id"].endswith(f"/record-{CURRENT_VERSION}.schema.json")
    assert set(committed["required"]) == {"schema_version", "id", "title", "problem", "results"}
    fixed = committed["$defs"]
    assert "disclosure" in fixed["DualUse"]["required"]
    assert {"outcome", "change_category", "changes"} <= set(fixed["Experiment"]["properties"])
    assert {"parameter", "from", "to", "direction"} <= set(fixed["Change"]["properties"])
    assert {"file", "row"} <= set(fixed["Source"]["required"])


# A published schema never changes in a way that affects validation (docs/versioning.md).
PUBLISHED = {"1.0": "2920a4fb02f842665653b7be4021639ead29d6a743c2faa791ca7f4974a571ab"}


@pytest.mark.parametrize("version", sorted(PUBLISHED))
def test_earlier_schemas_are_published_unchanged(version: str) -> None:
    import hashlib

    text = schema_path(version).read_bytes()
    assert hashlib.sha256(text).hexdigest() == PUBLISHED[version], f"schema/record-{version}.schema.json was edited"


MINIMAL = {"id": "minor-version-check", "title": "t", "problem": {"statement": "p"}, "results": {"summary": "r"}}
WITH_1_1_FIELDS = {
    **MINIMAL,
    "authors": [
        {
            "name": "Martin Luther King Jr.",
            "given_names": "Martin Luther",
            "family_names": "King",
            "name_suffix": "Jr.",
            "entity": "person",
        }
    ],
    "experiment": {
        "outcome": "discard",
        "changes": [
            {
                "parameter": "matrix_lr",
                "from": "0.04",
                "to": "0.05",
                "direction": "increase",
                "evidence": "diff",
                "location": "train.py:765",
            }
        ],
    },
    "reproducibility": {
        "code": {
            "repository": "https://example.org/lab/repo",
            "commit": "abcdef1",
            "base_commit": "1234567",
            "patch": "--- a/train.py\n+++ b/train.py\n",
        }
    },
}


def _errors(data: dict[str, Any]) -> list[str]:
    return [d.code for d in validate_record_data(data) if d.severity == "error"]


def test_a_1_0_record_stays_valid_and_upgrades_by_changing_its_version() -> None:
    assert _errors({"schema_version": "1.0", **MINIMAL}) == []
    assert _errors({"schema_version": "1.1", **MINIMAL}) == []


def test_each_record_is_checked_against_the_version_it_declares() -> None:
    assert _errors({"schema_version": "1.1", **WITH_1_1_FIELDS}) == []
    found = [d for d in validate_record_data({"schema_version": "1.0", **WITH_1_1_FIELDS}) if d.severity == "error"]
    assert {d.pointer for d in found} == {  # 1.1 fields are unknown to a 1.0 record, and the hint says why
        "/authors/0/given_names",
        "/authors/0/family_names",
        "/authors/0/name_suffix",
        "/authors/0/entity",
        "/experiment/changes/0/evidence",
        "/experiment/changes/0/location",
        "/reproducibility/code/base_commit",
        "/reproducibility/code/patch",
    }
    assert all(d.code == "NRR102" and 'set schema_version: "1.1"' in d.hint for d in found), found
    unknown_in_1_1 = validate_record_data({"schema_version": "1.1", **MINIMAL, "x": 1})
    assert unknown_in_1_1 and "set schema_version" not in " ".join(d.hint for d in unknown_in_1_1)


def test_nrr_schema_prints_the_committed_schema(committed: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == committed


def test_importing_the_package_loads_nothing_heavy() -> None:
    heavy = ["pydantic", "jsonschema", "jsonschema_rs", "yaml", "click", "rich", "jinja2"]
    code = "import json, sys, nrr_spec; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    loaded = set(json.loads(out))
    assert "nrr_spec" in loaded
    assert not [name for name in heavy if name in loaded], f"`import nrr_spec` loads {sorted(set(heavy) & loaded)}"


# Field reference ------------------------------------------------------------------------------


def _anchors(markdown: str) -> set[str]:
    return {m.group(1).lower() for m in re.finditer(r"^#{2,3} (\w+)$", markdown, re.MULTILINE)}


def test_field_reference_covers_every_definition_and_enum_value(committed: dict[str, Any]) -> None:
    page = render_field_reference(committed)
    anchors = _anchors(page)
    assert {"record", "dualuse", "experiment", "change"} <= anchors
    assert {name.lower() for name in committed["$defs"]} <= anchors
    for name, body in committed["$defs"].items():
        for value in body.get("enum", []):
            assert f"`{value}`" in page, f"{name} value {value} missing"
    links = set(re.findall(r"\]\(#(\w+)\)", page))
    assert links <= anchors, f"links without a section: {sorted(links - anchors)}"
    assert "| `disclosure` | [Disclosure](#disclosure) | yes |" in page


def test_field_reference_keeps_table_cells_intact() -> None:
    schema = {
        "type": "object",
        "required": ["code"],
        "properties": {
            "code": {"type": "string", "pattern": "^(a|b)$", "description": "Either\na or b.", "examples": ["a|b"]},
            "tags": {"type": "array", "items": {"type": "string"}, "description": "Tags.", "examples": [["x"]]},
            "size": {"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}], "description": "Size.", "default": None},
        },
        "$defs": {},
    }
    rows = [line for line in render_field_reference(schema).splitlines() if line.startswith("| `")]
    assert len(rows) == 3
    code, tags, size = rows
    assert "\\|" in code and "Either a or b." in code
    assert code.replace("\\|", "").count("|") == 6  # five cells, no stray separators
    assert "| yes |" in code and "| yes |" not in tags
    assert "array of string" in tags
    assert "integer or null" in size and ">= `1`" in size


# Docs (slow); the wheel's contents are checked in test_package_data.py ----------------------------------


def test_a_plain_docs_build_writes_outside_the_package() -> None:
    # `mkdocs build` with no -d writes to site_dir and empties it first: never the package's theme,
    # which the repository's `site` link points to
    from mkdocs.config import load_config

    site_dir = Path(load_config(str(ROOT / "mkdocs.yml")).site_dir).resolve()
    assert not site_dir.is_relative_to((ROOT / "nrr_spec").resolve())
    assert site_dir.is_relative_to(ROOT.resolve()) and "/_site/" in (ROOT / ".gitignore").read_text(encoding="utf-8")


@pytest.mark.slow
def test_docs_build_strict_with_generated_reference(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    reference = (site / "reference" / "index.html").read_text(encoding="utf-8")
    for name in ("disclosure", "change_category", 'id="dualuse"', 'id="experiment"', "evidence_of_absence"):
        assert name in reference, name
    assert not (ROOT / "docs" / "reference.md").exists(), "the reference page must be generated, not committed"
    quickstart = (site / "quickstart" / "index.html").read_text(encoding="utf-8")
    assert "dropout-no-gain-small-tabular" in quickstart  # example included from examples/, not copied
