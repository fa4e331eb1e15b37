"""A run written twice: first bare, then again with its description.

Some loops log each run from two places: the harness appends the measurements as soon as the run
ends, and the agent appends the same measurements again with what it changed and what it made of
it ("SAM3_THRESHOLD 0.30->0.35 — NEW BEST"). Read as two runs, the second is compared with the
first, finds no gain, and is discarded. A row with no description and no deciding status whose
every measurement equals (up to rounding) the next row's, which has a description, is that run:
it decides nothing (`other`) and is compared with nothing, and the described row is the run's
record. The summary counts such rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..model.vocabulary import ExperimentOutcome
from .rows import Row

# Written again, a measurement may be rounded to fewer places (0.3651, then 0.365).
_ROUNDING = 1e-3


def _same(first: dict[str, float], second: dict[str, float]) -> bool:
    """Whether two rows hold the same further measurements, at least two, up to rounding."""
    return (
        len(first) >= 2
        and first.keys() == second.keys()
        and all(math.isclose(first[k], second[k], rel_tol=_ROUNDING, abs_tol=_ROUNDING) for k in first)
    )


@dataclass
class LoggedTwice:
    """The rows, counted as they are read, that the next row writes again with its description."""

    previous: Row | None = None
    bare: set[int] = field(default_factory=set)

    def add(self, row: Row) -> None:
        before = self.previous
        if (
            before is not None
            and not before.description.strip()
            and before.outcome in (None, ExperimentOutcome.other)  # a status that decides is the loop's own word
            and row.description.strip()
            and before.value is not None
            and before.value == row.value
            and _same(before.other_metrics, row.other_metrics)
        ):
            self.bare.add(before.row)
        self.previous = row

    def note(self, name: str) -> str | None:
        if not self.bare:
            return None
        return (
            f"{name}: {len(self.bare)} row(s), the first row {min(self.bare)}, hold the same measurements as the next row, which "
            "describes them: read as one run written twice, whose described row decides (the bare one is other)"
        )
