"""Which measured column a loop's keeps follow.

The status column is the loop's own judgement; the metric is chosen by its column's name. Where a
log measures several things (`tokens_per_sec` and `bpb`), the keeps say which one the loop judged
by: a kept run set a new best of it, a discarded one did not. When the keeps follow the named
metric loosely and another column closely, the summary says so, with figures, and leaves
the choice to `--metric`: on short logs, or loops that judge by several columns at once, the keeps
can follow another column by chance, so nothing is switched without the user.

One pass, a few counters per column: memory does not grow with the log.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..model.vocabulary import ExperimentOutcome
from .direction import better, direction_from_name
from .rows import Row, is_baseline_row

# Compared rows (decided, measured, after the first keep) below which agreement is left unsaid.
LEAST_ROWS = 10
# How closely the keeps must follow another column (balanced agreement: 0.5 is no relation), and at
# most how closely the named metric, before the summary points to the other.
FOLLOWS = 0.9
LOOSE = 0.75


@dataclass
class _Tally:
    """New bests against keeps for one column read one way (`lower` or `higher` is better)."""

    direction: str
    best: float | None = None
    kept_new: int = 0  # kept runs that set a new best
    kept_old: int = 0
    failed_new: int = 0
    failed_old: int = 0  # discarded runs that did not

    def add(self, value: float, kept: bool) -> None:
        new = self.best is None or better(value, self.best, self.direction)
        if self.best is not None:
            if kept:
                self.kept_new += new
                self.kept_old += not new
            else:
                self.failed_new += new
                self.failed_old += not new
        if kept and new:
            self.best = value

    @property
    def compared(self) -> int:
        return self.kept_new + self.kept_old + self.failed_new + self.failed_old

    @property
    def agreement(self) -> float:
        """Balanced: the share of keeps that set a new best and of discards that did not, averaged."""
        kept, failed = self.kept_new + self.kept_old, self.failed_new + self.failed_old
        return 0.5 * ((self.kept_new / kept if kept else 0.5) + (self.failed_old / failed if failed else 0.5))


@dataclass
class KeepsFollow:
    """Tallies for the metric and each other measured column, both ways unless a column's name says
    which way is better."""

    metric: str
    tallies: dict[str, list[_Tally]] = field(default_factory=dict)

    def add(self, row: Row) -> None:
        if row.outcome not in (ExperimentOutcome.keep, ExperimentOutcome.discard) or is_baseline_row(row):
            return
        measured = {self.metric: row.value, **{k: v for k, v in row.other_metrics.items() if k != self.metric}}
        for name, value in measured.items():
            if value is None or not math.isfinite(value):
                continue
            if name not in self.tallies:
                named = direction_from_name(name)
                self.tallies[name] = [_Tally(named)] if named else [_Tally("lower"), _Tally("higher")]
            for tally in self.tallies[name]:
                tally.add(value, row.outcome == ExperimentOutcome.keep)

    def _reading(self, name: str) -> _Tally:
        return max(self.tallies[name], key=lambda t: t.agreement)

    def note(self, log_name: str) -> str | None:
        """A line for the summary when the keeps follow another column than the metric, else None."""
        if self.metric not in self.tallies:
            return None
        chosen = self._reading(self.metric)
        if chosen.compared < LEAST_ROWS or chosen.agreement > LOOSE:
            return None
        others = [(name, self._reading(name)) for name in self.tallies if name != self.metric]
        others = [(name, t) for name, t in others if t.compared >= LEAST_ROWS and t.agreement >= FOLLOWS]
        if not others:
            return None
        name, other = max(others, key=lambda pair: pair[1].agreement)
        return (
            f"{log_name}: the keeps follow {name} rather than the metric {self.metric}: {_says(other, name)}; "
            f"{_says(chosen, self.metric)}. If the loop judged its runs by {name}, pass --metric {name}"
        )


def _says(tally: _Tally, name: str) -> str:
    kept, failed = tally.kept_new + tally.kept_old, tally.failed_new + tally.failed_old
    return (
        f"{tally.kept_new} of {kept} kept runs set a new best of {name} ({tally.direction} is better) "
        f"and {tally.failed_old} of {failed} discarded runs did not"
    )
