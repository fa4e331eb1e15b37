"""Case tables kept as data: `cases/<module>.yaml` holds the tables of `test_<module>.py`, one key per
test (the test's name without `test_`), so a new case is a new line of that file.

A row is `[given, expected]`, or a lone value for a test of one argument. YAML has no tuples, and the
functions under test answer with tuples: in an expected value, a list of plain values is a tuple (one
answer's fields) and a list of lists stays a list (of such tuples), so `[["lr", "0.05", "set"]]` reads
as `[("lr", "0.05", "set")]` and `[]` as an empty list.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

CASES = Path(__file__).parent / "cases"


class CaseFileError(LookupError):
    """A table that is missing or malformed, named by its file and key."""


@cache
def _tables(path: Path) -> dict[str, Any]:
    try:
        tables = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CaseFileError(f"{path}: {error}") from error
    if not isinstance(tables, dict):
        raise CaseFileError(f"{path}: not a mapping of test names to tables")
    return tables


def _answer(value: Any) -> Any:
    if isinstance(value, list) and value and not any(isinstance(item, list | dict) for item in value):
        return tuple(value)
    if isinstance(value, list):
        return [_answer(item) for item in value]
    return value


def cases(module: str, test: str) -> list[Any]:
    """The rows of `test`'s table in `cases/<module>.yaml`: (given, expected) tuples, or lone values."""
    path = CASES / f"{module}.yaml"
    where = f"{path}, {test}"
    table = _tables(path).get(test)
    if not isinstance(table, list) or not table:
        raise CaseFileError(f"{where}: no table of cases (a key holding a list of rows)")
    pairs = isinstance(table[0], list)
    rows: list[Any] = []
    for number, row in enumerate(table, 1):
        if pairs and not (isinstance(row, list) and len(row) == 2):
            raise CaseFileError(f"{where}, row {number}: {row!r} is not a [given, expected] pair as row 1 is")
        if not pairs and isinstance(row, list | dict):
            raise CaseFileError(f"{where}, row {number}: {row!r} is not a lone value as row 1 is")
        rows.append((row[0], _answer(row[1])) if pairs else row)
    return rows
