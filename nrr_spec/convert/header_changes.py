"""A table log whose header changes midway: a loop that starts logging another column writes a new
header line and goes on under it.

    commit  val_bpb  status   description
    a1b2c3d 0.9979   keep     baseline
    commit  val_bpb  memory_gb  status  description
    b2c3d4e 0.9932   44.2       keep    increase LR to 0.04

Read by the first header alone, the rows under the second are a cell too wide and every column
after the new one is read one place off (the status where the memory was). So each later line
that is a header and names at least two of the log's columns (`# commit ...` too, a header
written as a comment) is a change of columns: the log's columns are all the names its headers
give, in order of first appearance, and each row's cells are put under the names of the header
above it. A header line that repeats the one in force is no change and no row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .column_guesses import looks_like_header

_SHARED = 2  # names a later header line shares with the log's columns to be read as one of its headers


@dataclass
class HeaderChanges:
    """The log's columns over all its headers, and where each later header's cells go."""

    columns: list[str]
    first_width: int  # the first header's width: rows under it are padded to `columns`
    places: dict[int, list[int]] = field(default_factory=dict)  # line -> the column of each cell of its header
    repeats: set[int] = field(default_factory=set)  # lines that repeat the header in force

    def added(self) -> list[str]:
        """The columns the later headers add."""
        return self.columns[self.first_width :]


def _names(cells: list[str]) -> list[str]:
    names = [c.strip() for c in cells]
    if names:
        names[0] = names[0].lstrip("#").strip()  # "# commit": a header written as a comment
    return names


def header_changes(
    lines: Iterable[tuple[int, str]], header: list[str], delimiter: str, split: Callable[[str, str], list[str]]
) -> HeaderChanges | None:
    """The changes of columns among a table's lines (number, text) after its first header, or None
    when no later line is a header of other columns."""
    changes = HeaderChanges(list(header), len(header))
    known = set(header)
    in_force = list(header)
    for number, line in lines:
        if line.split(delimiter, 1)[0].strip().lstrip("#").strip().strip('"') not in known:
            continue  # a data row: its first cell names no column (the cheap test, on every line)
        names = _names(split(line, delimiter))
        if not looks_like_header(names) or len(known & set(names)) < _SHARED:
            continue
        if names == in_force:
            changes.repeats.add(number)
            continue
        for name in names:
            if name not in known:
                changes.columns.append(name)
                known.add(name)
        changes.places[number] = [changes.columns.index(name) for name in names]
        in_force = names
    return changes if changes.places else None


def placed(cells: list[str], places: list[int] | None, changes: HeaderChanges) -> list[str]:
    """A row's cells under the log's columns: under a later header, each cell goes to its name's
    column (cells past that header's names follow all the columns); under the first, a row as wide
    as it gets the added columns empty, and a row as wide as a later header is read by it (a row of
    another width is left for the short-row checks)."""
    width = len(changes.columns)
    if places is None and len(cells) != changes.first_width:
        # as wide as a later header and not as the first: the loop wrote the new column before
        # the header that names it
        places = next((p for p in changes.places.values() if len(p) == len(cells)), None)
    if places is None:
        return cells + [""] * (width - len(cells)) if len(cells) == changes.first_width else cells
    row = [""] * width
    for cell, column in zip(cells, places, strict=False):
        row[column] = cell
    return row + cells[len(places) :]
