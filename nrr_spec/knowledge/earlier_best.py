"""The baseline an experiment is judged against when its caller gives none: the session's best so far.

The rule is the one `nrr convert` walks a log by, so that an experiment recorded as it finishes is
compared with the same value as the same row converted later: along the session's kept line in the
order it ran, a kept value better than the best so far (any kept value, when it is unknown whether
lower or higher is better) becomes the best, and a baseline run sets it whatever it measured.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..convert.direction import better
from ..model.vocabulary import KEPT_OUTCOMES, ExperimentOutcome
from .index import Index
from .session_records import Earlier, session_records


@dataclass(frozen=True)
class EarlierBest:
    """The session's best kept value of a metric, and the record that holds it."""

    value: float
    record: Earlier

    def note(self, metric: str, session: str) -> str:
        """Where the baseline came from, for the caller to read."""
        kind = "baseline run" if self.record.experiment.get("outcome") == ExperimentOutcome.baseline else "best kept result"
        return (
            f"no baseline given: compared with {metric} {self.value:g}, the {kind} of session '{session}' "
            f"so far (record {self.record.id})"
        )


def earlier_best(index: Index, session: str, metric: str, direction: str | None) -> EarlierBest | None:
    """The best value of `metric` along `session`'s kept line in the records folder (None: no kept
    record of the session measured it)."""
    best: EarlierBest | None = None
    for record in session_records(index, session, KEPT_OUTCOMES):
        value = _value_of(record, metric)
        if value is None:
            continue
        baseline_run = record.experiment.get("outcome") == ExperimentOutcome.baseline
        if best is None or baseline_run or direction is None or better(value, best.value, direction):
            best = EarlierBest(value, record)
    return best


def _value_of(record: Earlier, metric: str) -> float | None:
    measured = record.experiment.get("metric")
    if not isinstance(measured, dict) or measured.get("name") != metric:
        return None
    value = measured.get("value")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return None
    return float(value)
