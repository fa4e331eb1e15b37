"""The status words of a log that no list of status words names, and what is done with them.

A log whose status column is mostly in words no list holds (another language: `behalten`,
`verworfen`) is judged as a log without status, from its descriptions and its metric; a few such
words among known ones (`contender`) leave their rows undecided. Either way the summary names them
and how to map them with `--status-map`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..model.vocabulary import ExperimentOutcome
from .rows import judged_in_words
from .values import normalise_status

DECISIONS = frozenset({ExperimentOutcome.keep.value, ExperimentOutcome.discard.value, ExperimentOutcome.baseline.value})
# The status words of `values` that say a run finished and nothing of whether its change was kept
# (they read as `other`). No list names `completed` or `finished`: those are unknown words, judged
# by the descriptions where they are most of a log's statuses.
FINISHED = frozenset({"ok", "done"})
# A description that says what became of the change, and the share of a log's finished runs that
# must say so before its descriptions are taken to decide where its status column does not.
_DECIDED = re.compile(r"\b(new best|kept|keep|keeping|accepted|reverted|revert|rejected|discarded|rolled back)\b", re.I)
DECIDED_SHARE = 0.2


def _says_what_became(description: str) -> bool:
    return bool(_DECIDED.search(description)) or judged_in_words(description)


def _enough(said: int, rows: int) -> bool:
    """Whether `said` descriptions of `rows` saying what became of a change show a loop that decides."""
    return said >= max(2, DECIDED_SHARE * rows)


@dataclass
class StatusWords:
    """The status cells of a log's rows, counted as they are read."""

    filled: int = 0
    unknown: Counter[str] = field(default_factory=Counter)
    finished: Counter[str] = field(default_factory=Counter)  # words that say a run finished, and no more
    decided: int = 0  # cells that say keep, discard or baseline
    decided_in_words: int = 0  # rows of a finished word whose description says what was kept
    bare: int = 0  # rows with no status cell
    bare_decided_in_words: int = 0  # of those, rows whose description says what became of the change
    unknown_decided_in_words: int = 0  # rows of an unknown word whose description says so

    def add(self, cell: str | None, overrides: dict[str, str] | None, description: str = "") -> None:
        if cell is None or not cell.strip():
            self.bare += 1
            self.bare_decided_in_words += _says_what_became(description)
            return
        self.filled += 1
        outcome = normalise_status(cell, overrides)
        if outcome is None:
            self.unknown[cell.strip()] += 1
            self.unknown_decided_in_words += _says_what_became(description)
        elif outcome in DECISIONS:
            self.decided += 1
        elif cell.strip().lower() in FINISHED and not (overrides and cell.strip().lower() in overrides):
            self.finished[cell.strip()] += 1
            self.decided_in_words += bool(_DECIDED.search(description))

    def _decides_in_words(self) -> bool:
        """Whether the log's status column never decides and its descriptions do ("— NEW BEST",
        "— REVERTED") on enough of its finished runs: a sweep that only measures says neither."""
        finished = sum(self.finished.values())
        return self.decided == 0 and _enough(self.decided_in_words, finished)

    def metric_decides(self) -> bool:
        """Whether the runs that carry no decision (no status cell, or a word no list knows) are judged
        by the metric against the best so far: where the log shows it is a loop that decides. Its
        status column decides on other rows, or holds several words no list knows (`behalten`,
        `verworfen`: decisions in another language), or enough of the descriptions say what became
        of a change ("— NEW BEST", "reverted"). A sweep, or a list of runs that only measures (no
        status column, or one word such as `completed` on every row), decides nothing: its runs
        stay `other`."""
        if self.filled == 0:
            return _enough(self.bare_decided_in_words, self.bare)
        if self.decided or len(self.unknown) >= 2 or self._decides_in_words():
            return True
        return _enough(self.unknown_decided_in_words, sum(self.unknown.values()))

    def judged_by_words(self) -> frozenset[str]:
        """The unknown words, when they are most of the log's statuses; else none. In a log whose
        status column only says that a run finished (`ok` or `crash` on every row) and whose
        descriptions say what was kept, the words that say a run finished are read so too."""
        if self._decides_in_words() and (sum(self.unknown.values()) + sum(self.finished.values())) * 2 > self.filled:
            return frozenset(self.unknown) | frozenset(self.finished)
        if sum(self.unknown.values()) * 2 > self.filled:
            return frozenset(self.unknown)
        return frozenset()

    def judges_finished(self) -> bool:
        """Whether the words that say a run finished are read as no decision (`judged_by_words`)."""
        return bool(self.finished) and bool(self.judged_by_words() & frozenset(self.finished))

    def finished_note(self, name: str, column: str) -> str:
        shown = ", ".join(f"{word} ({count})" for word, count in self.finished.most_common(4))
        return (
            f"{name}: the status column ({column}) says whether a run finished and never whether it was kept "
            f"({shown}): those rows are judged from their descriptions and the metric, as in a log without status. "
            "Name them with --status-map WORD=keep|discard|crash|baseline|other"
        )

    def note(self, name: str, column: str) -> str:
        shown = ", ".join(f"{word} ({count})" for word, count in self.unknown.most_common(8))
        more = f" and {len(self.unknown) - 8} more" if len(self.unknown) > 8 else ""
        read = (
            "the rows are judged from their descriptions"
            + (" and the metric" if self.metric_decides() else "")
            + ", as in a log without status"
            if self.judged_by_words()
            else "those rows have no keep/discard decision (other)"
        )
        return (
            f"{name}: the status column ({column}) holds words no status list names: {shown}{more}; {read}. "
            "Name them with --status-map WORD=keep|discard|crash|baseline|other"
        )
