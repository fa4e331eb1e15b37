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

Kept rows and baselines are measurements whatever they read: a loop keeps what it measured. A
metric of differences (`delta`) is 0 when nothing changed, and is never read this way.
"""

from __future__ import annotations

import itertools
import math
import statistics
from dataclasses import dataclass, field

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


def logged_as_zero(
    value: float | None, outcome: str | None, direction: str | None, best: float | None, zeros_missing: bool
) -> bool:
    """Whether a row's metric value is the loop's 0 for "no result" (see the module's rules)."""
    if value != 0 or outcome in _MEASURED:
        return False
    return zeros_missing or logged_no_result(outcome, value, best, direction)
