"""The standard's words live in `nrr_spec.model.vocabulary`: equal to the published schema, used
by the CLI's choices, and never restated as a literal list elsewhere in the package."""

from __future__ import annotations

import ast
import datetime as dt
import sqlite3
import subprocess
import sys
from enum import Enum
from pathlib import Path

import click
import jinja2
import jinja2.nodes
import pytest

from nrr_spec.cli import main
from nrr_spec.knowledge.withheld import visible_sql
from nrr_spec.model import vocabulary
from nrr_spec.model.disclosure import (
    default_disclosure,
    disclosure_for_decision,
    may_publish,
    needs_review,
)
from nrr_spec.model.vocabulary import (
    CHANGE_GERUND,
    ChangeDirection,
    Concern,
    Direction,
    ExperimentOutcome,
    ReviewDecision,
    values,
)
from nrr_spec.publish.pages import environment
from nrr_spec.resources import site_templates_dir, theme_dir
from nrr_spec.schema import CURRENT_VERSION, load_schema

PACKAGE_DIR = Path(__file__).resolve().parent.parent / "nrr_spec"
ENUMS = vocabulary.enums()


def test_every_enum_is_the_schemas_enum_in_its_order() -> None:
    schema_enums = {name: d["enum"] for name, d in load_schema(CURRENT_VERSION)["$defs"].items() if "enum" in d}
    assert sorted(schema_enums) == sorted(ENUMS)
    for name, enum in ENUMS.items():
        assert list(values(enum)) == schema_enums[name], name


def test_groups_hold_plain_values_of_their_enums() -> None:
    outcomes, failures = set(values(ExperimentOutcome)), set(values(vocabulary.FailureClass))
    assert outcomes > vocabulary.KEPT_OUTCOMES and set(vocabulary.DECIDED_OUTCOMES) < outcomes
    assert failures > vocabulary.CRASH_CLASSES
    assert set(values(ChangeDirection)) > vocabulary.VALUE_DIRECTIONS
    assert set(values(vocabulary.ChangeCategory)) > vocabulary.UNSPECIFIC_CATEGORIES
    assert set(CHANGE_GERUND) == set(values(ChangeDirection))
    # A str enum member hashes by its name: the groups must hold values so a plain string is found.
    assert all(type(v) is str for v in vocabulary.KEPT_OUTCOMES | vocabulary.CRASH_CLASSES)
    assert "keep" in vocabulary.KEPT_OUTCOMES and "crash_infra" in vocabulary.CRASH_CLASSES


def test_the_words_load_without_pydantic() -> None:
    code = (
        "import sys, nrr_spec.model.vocabulary, nrr_spec.model.disclosure; "
        "print(any(m == 'pydantic' or m.startswith('pydantic.') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


@pytest.mark.parametrize(
    ("disclosure", "until", "public"),
    [
        (None, None, True),
        ("public", None, True),
        ("restricted", None, False),
        ("restricted", dt.date(2020, 1, 1), False),
        ("embargoed", None, False),
        ("embargoed", dt.date(2020, 1, 1), True),
        ("embargoed", dt.date(2030, 1, 1), False),
        ("embargoed", dt.date(2025, 6, 1), True),  # the embargo ends today: published today
        ("secret", None, False),
    ],
)
def test_may_publish_and_the_knowledge_engines_sql_agree(disclosure: str | None, until: dt.date | None, public: bool) -> None:
    today = dt.date(2025, 6, 1)
    assert may_publish(disclosure, until, today) is public
    if disclosure is None:
        return
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE items (disclosure TEXT, embargo_until TEXT)")
    conn.execute("INSERT INTO items VALUES (?, ?)", (disclosure, until.isoformat() if until else None))
    shown = conn.execute(f"SELECT count(*) FROM items WHERE {visible_sql(today)}").fetchone()[0]
    assert bool(shown) is public


def test_review_decisions_and_concerns_set_the_disclosure() -> None:
    assert [disclosure_for_decision(d) for d in values(ReviewDecision)] == ["public", "public", "restricted", "embargoed"]
    assert [default_disclosure(c) for c in values(Concern)] == ["public", "public", "restricted", "restricted"]
    assert [needs_review(c) for c in values(Concern)] == [False, False, True, True]


def _choices(command: str, option: str) -> list[str]:
    assert isinstance(main, click.Group)
    cmd = main.get_command(click.Context(main), command)
    assert cmd is not None
    param = next(p for p in cmd.params if p.name == option)
    assert isinstance(param.type, click.Choice)
    return list(param.type.choices)


@pytest.mark.parametrize(
    ("command", "option", "enum"),
    [
        ("review", "concern", Concern),
        ("review", "decision", ReviewDecision),
        ("new", "concern", Concern),
        ("record", "outcome", ExperimentOutcome),
        ("record", "direction", Direction),
        ("replay", "direction", Direction),
    ],
)
def test_cli_choices_are_the_standards_values(command: str, option: str, enum: type[Enum]) -> None:
    expected = load_schema()["$defs"][enum.__name__]["enum"]
    assert _choices(command, option) == expected


def _literal_collections(tree: ast.AST) -> list[tuple[int, frozenset[str]]]:
    """Tuples, lists and sets of three or more string literals (tables that map each value to its
    wording, such as the inverse of each relation, are dicts and are left alone)."""
    found = []
    for node in ast.walk(tree):
        items: list[ast.expr] = []
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            items = list(node.elts)
        if len(items) >= 3 and all(isinstance(i, ast.Constant) and isinstance(i.value, str) for i in items):
            found.append((node.lineno, frozenset(i.value for i in items)))  # type: ignore[attr-defined]
    return found


def test_no_module_restates_an_enum_as_a_literal_collection() -> None:
    whole = {name: frozenset(values(enum)) for name, enum in ENUMS.items() if len(enum) >= 3}
    restated = []
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        if path.name == "vocabulary.py":
            continue
        for line, words in _literal_collections(ast.parse(path.read_text(encoding="utf-8"))):
            for name, enum_values in whole.items():
                if words == enum_values:
                    restated.append(f"{path.relative_to(PACKAGE_DIR.parent)}:{line} restates {name}")
    assert restated == [], "use nrr_spec.model.vocabulary instead:\n" + "\n".join(restated)


@pytest.mark.parametrize(
    ("text", "is_id"),
    [
        ("warmup-no-gain", True),
        ("a1b", True),
        ("ab", False),
        ("-ab", False),
        ("Ab-c", False),
        ("abc\n", False),
        ("a" * 82, False),
    ],
)
def test_record_ids_are_the_schemas_pattern_whole(text: str, is_id: bool) -> None:
    schema_pattern = load_schema()["properties"]["id"]["pattern"]
    assert schema_pattern == vocabulary.RECORD_ID_PATTERN
    assert vocabulary.is_record_id(text) is is_id


def _template_literals(source: str) -> list[tuple[int, str]]:
    """The string constants in a jinja2 template's expressions, with their lines (text outside
    `{{ }}` and `{% %}` is the page's prose, not a value the template compares with)."""
    tree = jinja2.Environment().parse(source)
    return [(node.lineno, node.value) for node in tree.find_all(jinja2.nodes.Const) if isinstance(node.value, str)]


def _vocabulary_literals(folders: list[Path]) -> list[str]:
    words = {value for enum in ENUMS.values() for value in values(enum)}
    found = []
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.suffix in {".html", ".md", ".xml"}):
            for line, text in _template_literals(path.read_text(encoding="utf-8")):
                if text in words:
                    found.append(f"{path.name}:{line} names {text!r}")
    return found


def test_no_template_names_a_vocabulary_value_as_a_literal() -> None:
    folders = [site_templates_dir(), theme_dir() / "overrides"]
    assert all(any(folder.rglob("*.html")) for folder in folders)
    found = _vocabulary_literals(folders)
    assert found == [], "templates name the standard's values as Status.retracted, ExperimentOutcome.crash, ...:\n" + "\n".join(
        found
    )


def test_the_template_check_finds_a_literal(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '<p>retracted</p>\n{% if r.status == "retracted" %}x{% endif %}{{ "s" if n == 1 }}\n', encoding="utf-8"
    )
    assert _vocabulary_literals([tmp_path]) == ["page.html:2 names 'retracted'"]


def test_templates_see_every_enum_by_its_class_name() -> None:
    env_globals = environment().globals
    assert all(env_globals[name] is enum for name, enum in ENUMS.items())
    assert environment().from_string("{{ Status.retracted == 'retracted' }}").render() == "True"


def test_the_model_package_names_each_model_class_from_its_module_and_keeps_it() -> None:
    # Names load on first use (the vocabulary without pydantic); once found, a name is a plain
    # attribute of the package, so code that imports it once per record does not search again.
    import nrr_spec.model as model
    from nrr_spec.model.record import Record
    from nrr_spec.model.vocabulary import Kind

    assert model.Record is Record and model.Kind is Kind
    assert vars(model)["Record"] is Record and vars(model)["Kind"] is Kind
    with pytest.raises(AttributeError, match="no attribute 'Recordd'"):
        model.Recordd  # noqa: B018
