"""One automated experiment (an autoresearch loop row) and where a record came from."""

from __future__ import annotations

from pydantic import Field

from .base import SHA256_PATTERN, NRRModel, field
from .vocabulary import ChangeCategory, ChangeDirection, ChangeEvidence, Direction, ExperimentOutcome, FailureClass

Scalar = str | float | int | bool | None


def logged_no_result(outcome: object, value: object, baseline: object, direction: object) -> bool:
    """A failed run logged as 0 on a lower-is-better metric that stood above 0: a loop's 'no result'
    (an aborted run writes val_bpb 0.000000), not a 100% improvement the loop then threw away."""
    return (
        outcome in (ExperimentOutcome.discard, ExperimentOutcome.crash)
        and value == 0
        and direction == Direction.lower
        and isinstance(baseline, (int, float))
        and baseline > 0
    )


class Change(NRRModel):
    """One thing an experiment changed. Fixed names."""

    parameter: str = field("What was changed, normalised to snake_case.", "learning_rate", min_length=1)
    from_: Scalar = Field(
        default=None, alias="from", description="Value before, as written; null when unknown.", examples=["0.04"]
    )
    to: Scalar = field("Value after, as written; null when not a value.", "0.05", default=None)
    direction: ChangeDirection = field("Kind of change.", "increase")
    evidence: ChangeEvidence | None = field(
        "Where the change was read from: the experiment's diff, its description, or declared as data (1.1).",
        "diff",
        default=None,
    )
    location: str | None = field(
        "Where in the code the change is, as file:line of the new version (1.1).", "train.py:765", default=None, min_length=1
    )


class ExperimentMetric(NRRModel):
    name: str = field("Metric the loop optimises.", "val_bpb", min_length=1)
    value: float | None = field("Measured value; null for a crash.", 0.9932, default=None)
    baseline: float | None = field("Best kept value before this experiment.", 0.9979, default=None)
    delta: float | None = field("value - baseline.", -0.0047, default=None)
    direction: Direction | None = field("Whether lower or higher is better; null when unknown.", "lower", default=None)
    unit: str | None = field("Unit of the metric.", None, default=None)


class Experiment(NRRModel):
    """One automated experiment. `outcome`, `change_category` and `changes` are fixed names."""

    outcome: ExperimentOutcome = field("The loop's decision.", "discard")
    change_category: ChangeCategory | None = field("Category of the change.", "learning_rate", default=None)
    changes: list[Change] = field(
        "What was changed.",
        [{"parameter": "learning_rate", "from": "0.04", "to": "0.05", "direction": "increase"}],
        default_factory=list,
    )
    failure_class: FailureClass | None = field("Class of failure, for non-kept experiments.", "regression", default=None)
    metric: ExperimentMetric | None = field(
        "The optimised metric against the baseline of the moment.", {"name": "val_bpb", "value": 1.0}, default=None
    )
    description: str | None = field("The log's description, as written.", "increase LR to 0.05", default=None)
    status_raw: str | None = field("The status cell, as written.", "discard", default=None)
    session: str | None = field("Loop session or log name.", "mar8-h100", default=None)
    sequence: int | None = field("Position of the experiment in its session, from 1.", 12, default=None, ge=1)
    commit: str | None = field("Commit of the experiment.", "b2c3d4e", default=None)
    lesson: str | None = field("Short lesson.", "Raising LR to 0.05 regressed val_bpb by 0.7%.", default=None)
    other_metrics: dict[str, float] = field("Other numeric columns of the row.", {"memory_gb": 44.2}, default_factory=dict)

    def logged_no_result(self) -> bool:
        """Whether the metric's value is the loop's 'no result' rather than a measurement (see the function)."""
        m = self.metric
        return m is not None and logged_no_result(self.outcome, m.value, m.baseline, m.direction)


class Source(NRRModel):
    """Fixed names: `file` and `row` (1-based data row)."""

    file: str = field("Log file name.", "results.tsv", min_length=1)
    row: int = field("1-based index among non-blank data lines after any header.", 3, ge=1)
    line: int | None = field("1-based physical line in the file.", 4, default=None, ge=1)
    format: str | None = field("Format of the log.", "tsv", default=None)
    checksum: str | None = field("sha256 of the whole log.", "sha256:" + "0" * 64, default=None, pattern=SHA256_PATTERN)


class Converter(NRRModel):
    name: str = field("Converter that wrote the record.", "nrr convert autoresearch", min_length=1)
    version: str = field("Its version.", "1.0.0", min_length=1)


class Provenance(NRRModel):
    """Where a converted record came from."""

    source: Source = field("The log row.", {"file": "results.tsv", "row": 3})
    converter: Converter | None = field("The converter.", {"name": "nrr convert autoresearch", "version": "1.0.0"}, default=None)
