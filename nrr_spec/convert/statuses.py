"""The status words of a log that no list of status words names, and what is done with them.

A log whose status column is mostly in words no list holds (another language: `behalten`,
`verworfen`) is judged as a log without status, from its descriptions and its metric; a few such
words among known ones (`contender`) leave their rows undecided. Either way the summary names them
and how to map them with `--status-map`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .values import normalise_status


@dataclass
class StatusWords:
    """The status cells of a log's rows, counted as they are read."""

    filled: int = 0
    unknown: Counter[str] = field(default_factory=Counter)

    def add(self, cell: str | None, overrides: dict[str, str] | None) -> None:
        if cell is None or not cell.strip():
            return
        self.filled += 1
        if normalise_status(cell, overrides) is None:
            self.unknown[cell.strip()] += 1

    def judged_by_words(self) -> frozenset[str]:
        """The unknown words, when they are most of the log's statuses; else none."""
        if sum(self.unknown.values()) * 2 > self.filled:
            return frozenset(self.unknown)
        return frozenset()

    def note(self, name: str, column: str) -> str:
        shown = ", ".join(f"{word} ({count})" for word, count in self.unknown.most_common(8))
        more = f" and {len(self.unknown) - 8} more" if len(self.unknown) > 8 else ""
        read = (
            "the rows are judged from their descriptions and the metric, as in a log without status"
            if self.judged_by_words()
            else "those rows have no keep/discard decision (other)"
        )
        return (
            f"{name}: the status column ({column}) holds words no status list names: {shown}{more}; {read}. "
            "Name them with --status-map WORD=keep|discard|crash|baseline|other"
        )
