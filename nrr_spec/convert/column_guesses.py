"""Columns no header names by a role's usual name, found by what their cells hold: the description
of a log headed `what`, the start time of a `date_run`, the author of an `author` column."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from ..changes.numbers import MISSING, parse_number

_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]|$)|^\d{1,2}:\d{2}")
_LETTER = re.compile(r"[^\W\d_]")
# Cells that name rather than describe: hashes, UUIDs, numbers with a unit, paths and addresses.
_IDENTIFIER = re.compile(
    r"^[0-9a-f]{6,40}(-dirty)?$|^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$|^[-+]?[\d.,]+\s*[a-z%]{0,3}$"
    r"|^[a-z][a-z0-9+.-]*://\S*$|^~?/\S*$"
)


_HEADER_CELL = re.compile(r"^[A-Za-z_][\w ./()%#@+:\[\]-]{0,60}$")  # ndcg@10, pass@1, loss[val]


def looks_like_header(cells: list[str]) -> bool:
    """A header row is names: no numbers, no status words, mostly identifier-like."""
    named = [c.strip() for c in cells if c.strip()]
    if not named:
        return False
    if any(parse_number(c) is not None for c in named):
        return False
    return sum(bool(_HEADER_CELL.match(c)) for c in named) >= max(1, len(named) - 1) and len(set(named)) == len(named)


# A log's own record of when a run started and who ran it, read where its cells say so.
_TIME_NAMES = ("timestamp", "datetime", "date", "created", "created_at", "started", "started_at", "start_time", "time", "when")
_USER_NAMES = ("author", "authors", "user", "username", "researcher", "owner", "by")
_NAMES_DATE = re.compile(r"(^|_)(date|datetime|timestamp)($|_)")  # `date_run`, `run_timestamp`
_DATE_CELL = re.compile(r"^(\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}.*)?|\d{9,13})$")  # ISO, or Unix seconds/milliseconds


def _is_date(cell: str) -> bool:
    return bool(_DATE_CELL.match(cell))


def _is_name(cell: str) -> bool:
    return bool(_LETTER.search(cell)) and parse_number(cell) is None


def _named_column(
    names: list[str],
    wanted: tuple[str, ...],
    sample: list[list[str]],
    taken: set[int],
    holds: Callable[[str], bool],
    also: re.Pattern[str] | None = None,
) -> int | None:
    """The first column named as `wanted` says whose nearly every filled cell `holds` (a `time_s` of
    durations is no date; a `date` of words is none either)."""
    for i, name in enumerate(names):
        if i in taken or not (name in wanted or (also is not None and also.search(name))):
            continue
        cells = [row[i].strip() for row in sample if i < len(row) and row[i].strip().lower() not in MISSING]
        if cells and sum(holds(cell) for cell in cells) * 10 >= len(cells) * 9:
            return i
    return None


def guess_description(sample: list[list[str]], taken: set[int]) -> int | None:
    """Where no header names a description, the column that reads as one: words on at least half the
    rows, different on nearly every row (unlike a host, an author or a tag), not times, and the
    longest of such columns. A log headed `what` or `change.summary` is described there."""
    if len(sample) < 2:
        return None
    width = max(len(row) for row in sample)
    best: tuple[float, int] | None = None
    for i in range(width):
        if i in taken:
            continue
        cells = [row[i].strip() for row in sample if i < len(row) and row[i].strip()]
        worded = [c for c in cells if _LETTER.search(c) and not _TIMESTAMP.match(c) and not _IDENTIFIER.match(c.lower())]
        if len(worded) * 2 < len(sample) or len(worded) * 5 < len(cells) * 4:
            continue
        if len(set(worded)) * 5 < len(worded) * 4:
            continue
        length = sum(len(c) for c in worded) / len(worded)
        if best is None or length > best[0]:
            best = (length, i)
    return best[1] if best is not None else None


# pandas names a column it read without a header `Unnamed: 0`, and writes that name when it saves the table again.
_UNNAMED = re.compile(r"^(unnamed: ?\d+)?$", re.I)
_ROW_NUMBER = re.compile(r"[0-9]{1,15}")  # ASCII digits only: `int` refuses "²" and a pasted 5,000-digit number


def exporter_index(header: list[str], sample: list[list[str]], in_any_order: bool = True) -> int | None:
    """A column with no name whose cells number the rows: the row index a table export writes first
    (`DataFrame.to_csv`, as in an MLflow `search_runs()` export). It counts rows (0, 1, 2, ... or 1, 2,
    3, ...) or, `in_any_order`, first of all the columns, holds distinct whole numbers (a sorted frame
    keeps its rows' old numbers); it measures and configures nothing.
    """
    for i, name in enumerate(header):
        if not _UNNAMED.match(name.strip()):
            continue
        cells = [row[i].strip() for row in sample if i < len(row)]
        if len(cells) < 2 or not all(_ROW_NUMBER.fullmatch(cell) for cell in cells):
            continue
        numbers = [int(cell) for cell in cells]
        counts = numbers[0] in (0, 1) and all(b == a + 1 for a, b in itertools.pairwise(numbers))
        if counts or (in_any_order and i == 0 and len(set(numbers)) == len(numbers)):
            return i
    return None


def guess_time(names: list[str], sample: list[list[str]], taken: set[int]) -> int | None:
    """The column of each run's start: named as a time (`timestamp`, `date_run`) and holding dates."""
    return _named_column(names, _TIME_NAMES, sample, taken, _is_date, _NAMES_DATE)


def guess_user(names: list[str], sample: list[list[str]], taken: set[int]) -> int | None:
    """The column of who ran each run: named as a person (`author`, `user`) and holding names."""
    return _named_column(names, _USER_NAMES, sample, taken, _is_name)
