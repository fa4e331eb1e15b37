"""A 0 where a result would be: a loop's "no result", not a measurement.

Aborted, rejected or failed runs often write 0 in the metric column (`val_bpb 0.000000`,
`val_fid 0.0`, a score a failed validation zeroes). Read as a measurement, such a row "improved by
100%" or "regressed by 100%" against the best kept result, and the failure class, the effect and
the title all say so. A 0 on a row the loop did not keep is read as no result when

- the log's other values are far from 0: all of one sign, and the one nearest to 0 more than `FAR`
  times the typical gap between neighbouring values (scores of 0.94 to 1.03, FIDs of 49 to 388);
  not a success rate counted in eighths, where 0 is one more step of the values' own grid; or
- the metric is lower-is-better, stood above 0, and the loop discarded or lost the run: a loop
  never throws away a perfect score (`model.experiment.logged_no_result`).

Kept rows and baselines are measurements (a loop keeps what it measured), unless the run shows it
produced nothing: its other measurements are 0 as well (`memory_gb 0.0`), or its words say the
environment stopped it (`OOM`, `killed`, exit 137). A 0 is then no result, never a 100% gain that
would become the best kept value. A metric of differences (`delta`) is 0 when nothing changed, and
is never read this way.

A discarded run with no result (none logged, or the loop's 0) whose words say the environment
stopped it did not finish: it crashed, of the environment's kind. A value it did log is a result,
and "reduce batch to avoid OOM" with one stays a discard.
"""

from __future__ import annotations

import itertools
import math
import statistics
from dataclasses import dataclass, field

from ..changes.exit_status import ended_by_environment
from ..changes.phrases import any_word
from ..model.experiment import logged_no_result
from ..model.vocabulary import ExperimentOutcome

FAR = 5  # gaps between neighbouring values that put 0 out of a log's range
SAMPLE = 4096  # values the typical gap is measured on: memory stays bounded on long logs
_MEASURED = (ExperimentOutcome.keep.value, ExperimentOutcome.baseline.value)


@dataclass
class Zeros:
    """The metric's values as the first pass sees them: how many are 0, and how far the rest are from 0."""

    zeros: int = 0
    positive: int = 0
    negative: int = 0
    nearest: float = math.inf  # the smallest |value| that is not 0
    sample: set[float] = field(default_factory=set)  # distinct |values|, up to SAMPLE of them

    def add(self, value: float) -> None:
        if value == 0:
            self.zeros += 1
            return
        self.positive += value > 0
        self.negative += value < 0
        self.nearest = min(self.nearest, abs(value))
        if len(self.sample) < SAMPLE:
            self.sample.add(abs(value))

    def mean_missing(self) -> bool:
        """Whether a 0 in this log stands for a missing result (the first rule above)."""
        if not self.zeros or (self.positive and self.negative) or len(self.sample) < 3:
            return False
        ordered = sorted(self.sample)
        gap = statistics.median(b - a for a, b in itertools.pairwise(ordered))
        return self.nearest > FAR * gap


# Words that say the environment stopped a run before it measured anything.
_STOPPED = any_word(r"oom|out[\s-]of[\s-]memory|killed|sigkill|sigterm|preempted|timed[\s-]?out|timeout")


def stopped_by_environment(text: str) -> bool:
    """Whether a run's words say its environment stopped it: out of memory, killed, timed out, or an
    exit status that says so (137)."""
    return bool(_STOPPED.search(text)) or ended_by_environment(text)


def produced_nothing(other_metrics: dict[str, float], text: str) -> bool:
    """Whether a run shows it measured nothing: other measurements, all 0, or words that say it was stopped."""
    others = list(other_metrics.values())
    return (bool(others) and all(v == 0 for v in others)) or stopped_by_environment(text)


def logged_as_zero(
    value: float | None,
    outcome: str | None,
    direction: str | None,
    best: float | None,
    zeros_missing: bool,
    nothing_produced: bool = False,
) -> bool:
    """Whether a row's metric value is the loop's 0 for "no result" (see the module's rules);
    `nothing_produced`: the run shows it measured nothing (`produced_nothing`)."""
    if value != 0:
        return False
    if outcome in _MEASURED:
        return nothing_produced
    return zeros_missing or nothing_produced or logged_no_result(outcome, value, best, direction)


def crashed_without_result(outcome: str | None, value: float | None, text: str) -> bool:
    """Whether a discarded run with no result (none, or the loop's 0) was stopped by its environment."""
    return outcome == ExperimentOutcome.discard and value in (None, 0) and stopped_by_environment(text)
