"""Rows that all stop short of the header: a loop that never writes one of the columns it names.

A row one cell short is read from the left, so the last column stays empty. That is right when the
loop leaves out the last cell (a note it has nothing for), and wrong when it leaves out one further
left (a `hypothesis` it never fills): then every column after that one is read one place to the left,
the description included, and the log cannot say which. The converter keeps reading from the left
and says so, naming the column that is never filled, so that a wrong reading is seen and a mapping
file (`--map`) can name the columns as the loop writes them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .columns import Layout
from .options import ConvertResult
from .rows import NUMBER_FOR_STATUS

_SHARE = 0.9  # of the rows: a few short rows are ragged lines, nearly all of them the loop's shape
_AT_LEAST = 5


@dataclass
class ShortRows:
    header: list[str] | None
    rows: int = 0
    short_by: Counter[int] = field(default_factory=Counter)

    def add(self, cells: list[str]) -> None:
        if self.header is None:
            return
        self.rows += 1
        missing = len(self.header) - len(cells)
        if missing > 0:
            self.short_by[missing] += 1

    def note(self, name: str, layout: Layout) -> str | None:
        """What to tell the user when nearly every row has the same number of cells fewer than the header."""
        if self.header is None or not self.short_by:
            return None
        missing, count = self.short_by.most_common(1)[0]
        if count < _AT_LEAST or count < _SHARE * self.rows or missing >= len(self.header):
            return None
        index = layout.index("description")
        description = layout.columns[index] if index is not None and index < len(layout.columns) else None
        empty = ", ".join(self.header[-missing:])
        described = f" (the description is read from `{description}`)" if description else ""
        return (
            f"{name}: {count} of {self.rows} rows have {missing} cell(s) fewer than the header's {len(self.header)} "
            f"names, read from the left so that `{empty}` stays empty; where the loop leaves out a column further "
            f"left, every column after it is read one place to the left{described}: if that reads wrong, name the "
            "columns as the loop writes them in a mapping file (--map)"
        )


def fused_note(name: str, line: int, row: int, cells: list[str], header: list[str] | None, status: int | None) -> str | None:
    """What to tell the user about a row nearly twice as wide as the header whose status cell and the
    second record's both hold words: two records written on one line (a line break lost between them),
    read as one, the second in its description. A row of another table (numbers where the status
    stands) is none."""
    width = len(header or ())
    if width < 3 or status is None or len(cells) < 2 * width - 1:
        return None
    second = width - 1 + status
    if not (_a_word(cells[status]) and second < len(cells) and _a_word(cells[second])):
        return None
    return (
        f"{name}:{line}: row {row} holds {len(cells)} cells where the header names {width}: two records "
        "written on one line? It is read as one record, the cells past the header joined to its description; "
        "put the missing line break back to read the second"
    )


def _a_word(cell: str) -> bool:
    return bool(re.fullmatch(r"[^\W\d_][\w-]*", cell.strip()))


def placed_short_notes(name: str, placed: dict[tuple[str, ...], list[int]]) -> list[str]:
    """What to tell the user about rows a cell or two short that were read by what their cells hold
    (`cell_kinds`): which columns they leave empty, how many rows, and the first line of each."""
    return [
        f"{name}:{first}: {count} row(s) have {len(empty)} cell(s) fewer than the header and are read by what "
        f"their cells hold, with {', '.join(f'`{c}`' for c in empty)} left empty (the log's full rows never hold "
        "such cells there); if that reads wrong, name the columns in a mapping file (--map)"
        for empty, (first, _, count) in sorted(placed.items(), key=lambda item: item[1][0])
    ]


def header_misfit_note(name: str, result: ConvertResult, layout: Layout) -> str | None:
    """What to tell the user when most rows hold a number under the header's status column: the
    header describes few of the rows (a loop that changed its columns without writing a new header,
    or another table's rows in the log), and each such row was skipped."""
    skipped = sum(1 for skip in result.skipped if NUMBER_FOR_STATUS in skip.reason)
    status = layout.index("status")
    if status is None or skipped < _AT_LEAST or skipped * 2 < result.rows_read:
        return None
    return (
        f"{name}: {skipped} of {result.rows_read} rows hold a number under `{layout.columns[status]}`, where the header "
        "puts the status, and were skipped; the header describes few of the rows (a loop that changed its columns "
        "without writing a new header, or another table's rows written into the log); where they are runs, name the "
        "columns as they write them in a mapping file (--map)"
    )
