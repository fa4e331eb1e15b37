"""Rows a cell or two short of the header, put under the columns their cells fit.

A loop that stops writing one of its columns midway (a timestamp, a tag) without writing a new
header leaves rows a cell short (or as wide, padded with empty cells at the end):

    run_id,timestamp,description,val_rmse,train_rmse,kept,notes
    98,2026-05-06T18:28:15,per-sample lambda Mixup,1.2462,0.7137,no,
    100,drug-only Mixup,1.2699,0.8924,regression,,

Read from the left, such a row puts its description under `timestamp`, its metric under
`description` and its verdict under `train_rmse`. The log's full rows say what each column holds
(numbers, times, one word, several words, nothing), so each short row is put under the columns that
its cells fit best, the columns left empty being the ones a row most plausibly leaves out. It is
read from the left, as before, unless another placement fits clearly better: a row short of its
last cell (a note it has nothing for) reads as it always did. When most rows are short the header
is what does not fit, and nothing is learned (`short_rows` says so instead).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..changes.numbers import MISSING, parse_number

KINDS = ("empty", "missing", "number", "time", "word", "text")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}([ T]\d{1,2}:\d{2}.*)?$|^\d{1,2}:\d{2}(:\d{2})?$")
MAX_MISSING = 3  # cells a row may lack and still be placed; past that it is read from the left
_AT_LEAST = 5  # full rows needed to say what a column holds
_FULL_SHARE = 0.5  # of the rows read: fewer full rows than this and the header is what does not fit
_MARGIN = 4.0  # log-likelihood a placement must gain over reading from the left (about 55 times likelier)
_SMOOTHING = 0.5


def cell_kind(cell: str) -> str:
    """What a cell holds, in the few kinds that tell columns apart."""
    text = cell.strip()
    if not text:
        return "empty"
    if text.lower() in MISSING:
        return "missing"
    try:
        float(text)  # the plain numbers most cells of a log hold, told apart fast
        return "number"
    except ValueError:
        pass
    if _TIME.match(text):
        return "time"
    if parse_number(text) is not None:
        return "number"
    return "text" if len(text.split()) > 1 else "word"


@dataclass(frozen=True)
class ColumnKinds:
    """For each of a header's columns, the log-probability of each kind of cell in it."""

    columns: tuple[str, ...]
    log_p: tuple[dict[str, float], ...]
    _placements: dict[tuple[str, ...], tuple[int, ...] | None] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def learn(cls, header: Sequence[str], rows: Sequence[Sequence[str]]) -> ColumnKinds | None:
        """What each column holds, read from the rows exactly as wide as the header; None when too
        few rows are (the header, not the rows, is then what is off)."""
        width = len(header)
        full = [row for row in rows if len(row) == width]
        if width < 3 or len(full) < _AT_LEAST or len(full) < _FULL_SHARE * len(rows):
            return None
        first = cls._from(header, full)
        # A row padded to the header's width with empty cells may be one that dropped a column
        # further left: what the columns hold is read again without the rows the first reading moves.
        kept = [row for row in full if first.place(row) is None]
        return cls._from(header, kept) if len(kept) >= _AT_LEAST else first

    @classmethod
    def _from(cls, header: Sequence[str], full: Sequence[Sequence[str]]) -> ColumnKinds:
        counts = [Counter(cell_kind(row[i]) for row in full) for i in range(len(header))]
        total = len(full) + _SMOOTHING * len(KINDS)
        log_p = tuple({kind: math.log((c[kind] + _SMOOTHING) / total) for kind in KINDS} for c in counts)
        return cls(tuple(header), log_p)

    def place(self, cells: Sequence[str]) -> tuple[int, ...] | None:
        """The columns a short row's cells go under, in order (its empty cells at the end left out),
        when that fits clearly better than reading from the left; None to read it from the left."""
        filled = len(cells)
        while filled and not cells[filled - 1].strip():  # a row's trailing separators hold nothing to place
            filled -= 1
        missing = len(self.columns) - filled
        if not 0 < missing <= MAX_MISSING or filled < 2:
            return None  # a full row (the most of any log) is told apart without reading its cells
        kinds = tuple(cell_kind(c) for c in cells[:filled])
        if kinds not in self._placements:
            self._placements[kinds] = self._best(kinds)
        return self._placements[kinds]

    def _best(self, kinds: tuple[str, ...]) -> tuple[int, ...] | None:
        """The placement whose cells fit their columns best (a monotone alignment, found by dynamic
        programming over cells and columns), when it beats reading from the left by `_MARGIN`."""
        width, count = len(self.columns), len(kinds)
        left = self._score(kinds, tuple(range(count)))
        # best[i][j]: the best score of cells i.. placed in columns j.. (0 once every cell is placed)
        best = [[0.0] * (width + 1) for _ in range(count + 1)]
        for i in range(count - 1, -1, -1):
            for j in range(width - (count - i), -1, -1):
                here = self.log_p[j][kinds[i]] + best[i + 1][j + 1]
                later = best[i][j + 1] if width - (j + 1) >= count - i else -math.inf
                best[i][j] = max(here, later)
        if best[0][0] - left < _MARGIN:
            return None
        placed, j = [], 0
        for i in range(count):
            while self.log_p[j][kinds[i]] + best[i + 1][j + 1] < best[i][j]:
                j += 1  # the cell fits better further right: this column is left empty
            placed.append(j)
            j += 1
        return tuple(placed)

    def _score(self, kinds: tuple[str, ...], placed: tuple[int, ...]) -> float:
        # Only the cells are scored: every placement leaves the same number of columns out, and a
        # column the loop stopped writing is as likely as one it writes last.
        return sum(self.log_p[i][kind] for i, kind in zip(placed, kinds, strict=True))

    def spread(self, cells: Sequence[str], placed: Sequence[int]) -> list[str]:
        """The row as wide as the header, each cell under its column and the others empty."""
        out = [""] * len(self.columns)
        for i, cell in zip(placed, cells, strict=False):  # the trailing empty cells left over stay empty
            out[i] = cell
        return out

    def left_empty(self, placed: Sequence[int]) -> list[str]:
        """The names of the columns a placement leaves empty."""
        return [name for i, name in enumerate(self.columns) if i not in set(placed)]
