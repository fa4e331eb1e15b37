"""The case files: every table belongs to a test, and a missing or malformed one fails naming its place."""

from __future__ import annotations

import ast
from pathlib import Path

import case_files
import pytest
import yaml
from case_files import CASES, CaseFileError, cases

TABLES = sorted(CASES.glob("*.yaml"))


def test_there_are_case_files() -> None:
    assert TABLES


def _test_names(module: Path) -> set[str]:
    """The names a test module binds at its top: its test functions and its bound table tests."""
    body = ast.parse(module.read_text(encoding="utf-8")).body
    functions = {node.name for node in body if isinstance(node, ast.FunctionDef)}
    bound = {
        target.id for node in body if isinstance(node, ast.Assign) for target in node.targets if isinstance(target, ast.Name)
    }
    return functions | bound


@pytest.mark.parametrize("path", TABLES, ids=lambda path: path.stem)
def test_every_table_is_read_by_the_test_of_its_name(path: Path) -> None:
    # A table whose test was renamed or removed would be cases that no run reads.
    module = CASES.parent / f"test_{path.stem}.py"
    tests = _test_names(module)
    for key in yaml.safe_load(path.read_text(encoding="utf-8")):
        assert f"test_{key}" in tests, f"{path.name}: table {key!r} has no test_{key} in {module.name}"
        assert cases(path.stem, key)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(case_files, "CASES", tmp_path)
    return tmp_path


def test_lists_of_values_are_tuples_and_lists_of_lists_stay_lists(folder: Path) -> None:
    (folder / "parser.yaml").write_text(
        'reads:\n  - ["lr 0.05", [["learning_rate", "0.05", "set"]]]\n  - ["baseline", []]\n'
        '  - ["swap", ["optimizer", null, "Lion"]]\n  - ["lr", "learning_rate"]\nlone:\n  - "baseline"\n',
        encoding="utf-8",
    )
    assert cases("parser", "reads") == [
        ("lr 0.05", [("learning_rate", "0.05", "set")]),
        ("baseline", []),
        ("swap", ("optimizer", None, "Lion")),
        ("lr", "learning_rate"),
    ]
    assert cases("parser", "lone") == ["baseline"]


def test_a_missing_file_or_table_is_an_error_naming_it(folder: Path) -> None:
    with pytest.raises(CaseFileError, match=r"absent\.yaml"):
        cases("absent", "reads")
    (folder / "parser.yaml").write_text('reads:\n  - ["lr", "learning_rate"]\n', encoding="utf-8")
    with pytest.raises(CaseFileError, match=r"parser\.yaml, unread: no table"):
        cases("parser", "unread")


@pytest.mark.parametrize(
    ("rows", "row"),
    [
        ('  - ["lr", "learning_rate"]\n  - ["LR"]\n', 2),  # a pair without its expected value
        ('  - ["lr", "learning_rate"]\n  - "LR"\n', 2),  # a lone value among pairs
        ('  - "lr"\n  - ["LR", "learning_rate"]\n', 2),  # a pair among lone values
    ],
)
def test_a_malformed_row_is_an_error_naming_its_table_and_row(folder: Path, rows: str, row: int) -> None:
    (folder / "parser.yaml").write_text("reads:\n" + rows, encoding="utf-8")
    with pytest.raises(CaseFileError, match=rf"parser\.yaml, reads, row {row}:"):
        cases("parser", "reads")
