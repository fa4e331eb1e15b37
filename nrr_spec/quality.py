"""A transparent completeness and rigour checklist for a record: which recommended parts are present.

Not a verdict on the science. Each item carries its weight and the reason it is asked for, so the
score can always be explained item by item (`nrr score ID`, the record page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from .model import Record
from .model.vocabulary import CauseCategory


@dataclass(frozen=True)
class QualityItem:
    """One checklist item: whether the record has it, what it weighs, and why it is asked for."""

    key: str
    name: str
    weight: int
    present: bool
    reason: str
    hint: str  # where in the record the item goes, for when it is missing


@dataclass(frozen=True)
class QualityScore:
    """The checklist of one record; `score` is the weighted share of items present, 0 to 100."""

    record_id: str
    items: list[QualityItem] = field(default_factory=list)

    @property
    def score(self) -> int:
        total = sum(item.weight for item in self.items)
        earned = sum(item.weight for item in self.items if item.present)
        return round(100 * earned / total) if total else 0

    @property
    def missing(self) -> list[QualityItem]:
        return [item for item in self.items if not item.present]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.record_id, "score": self.score, "items": [asdict(item) for item in self.items]}


def _outcomes(record: Record) -> list[Any]:
    return list(record.results.outcomes)


def _has_uncertainty(record: Record) -> bool:
    return any(
        o.uncertainty is not None or (o.effect_size is not None and o.effect_size.ci_lower is not None) for o in _outcomes(record)
    )


def _has_power_or_equivalence(record: Record) -> bool:
    power = record.methods is not None and record.methods.power_analysis is not None
    return power or any(o.equivalence_test is not None for o in _outcomes(record))


def _has_replication_runs(record: Record) -> bool:
    methods = record.methods
    if methods and ((methods.runs_per_condition or 0) >= 2 or len(methods.seeds) >= 2):
        return True
    return any((o.n or 0) >= 2 for o in _outcomes(record))


def _has_explanation(record: Record) -> bool:
    interp = record.interpretation
    if interp is None:
        return False
    return bool(interp.explanation and interp.explanation.strip()) or any(
        c.category != CauseCategory.unknown for c in interp.causes
    )


def _has_limitations(record: Record) -> bool:
    interp = record.interpretation
    return interp is not None and (bool(interp.limitations) or bool(interp.scope and interp.scope.strip()))


def _has_environment(record: Record) -> bool:
    repro = record.reproducibility
    return repro is not None and any((repro.environment, repro.hardware, repro.commands))


def _has_code(record: Record) -> bool:
    repro = record.reproducibility
    return repro is not None and repro.code is not None and bool(repro.code.repository)


def _has_hypothesis(record: Record) -> bool:
    hyp = record.hypothesis
    return hyp is not None and (bool(hyp.prior_work) or bool(hyp.rationale and hyp.rationale.strip()))


def _experiment_metric(record: Record) -> Any:
    # A converted or agent-recorded experiment states its metric, direction and the baseline of the
    # moment in `experiment.metric`, not in methods and outcomes: what that kind of record has.
    return record.experiment.metric if record.experiment else None


def _has_metrics(record: Record) -> bool:
    if record.methods is not None and bool(record.methods.metrics):
        return True
    metric = _experiment_metric(record)
    return metric is not None and metric.direction is not None


def _has_baseline(record: Record) -> bool:
    methods_baseline = record.methods is not None and bool(record.methods.baselines)
    if methods_baseline or any(o.baseline is not None for o in _outcomes(record)):
        return True
    metric = _experiment_metric(record)
    return metric is not None and metric.baseline is not None


# (key, name, weight, test, reason, hint). Weights add up to 100 so a weight reads as points.
CHECKLIST: list[tuple[str, str, int, Callable[[Record], bool], str, str]] = [
    (
        "motivation",
        "Problem motivation",
        5,
        lambda r: bool(r.problem.motivation),
        "Says why the failure matters and to whom, so readers can judge its relevance.",
        "problem.motivation",
    ),
    (
        "hypothesis",
        "Hypothesis with its prior work",
        10,
        _has_hypothesis,
        "A negative result is negative relative to a claim; naming the claim and its source makes it citable evidence.",
        "hypothesis.prior_work or hypothesis.rationale",
    ),
    (
        "metrics",
        "Metrics with unit and direction",
        5,
        _has_metrics,
        "Without the direction of better, a delta cannot be read as a failure.",
        "methods.metrics (or experiment.metric with its direction)",
    ),
    (
        "baseline",
        "Baseline",
        5,
        _has_baseline,
        "A failure is measured against something; the baseline makes the gap concrete.",
        "methods.baselines, results.outcomes[].baseline or experiment.metric.baseline",
    ),
    (
        "uncertainty",
        "Uncertainty of the results",
        15,
        _has_uncertainty,
        "Separates a real drop from noise: a value without its spread cannot support a negative claim.",
        "results.outcomes[].uncertainty or effect_size with a CI",
    ),
    (
        "power",
        "Power analysis or equivalence test",
        10,
        _has_power_or_equivalence,
        "Only these turn 'no effect found' into 'no effect larger than X': evidence of absence, not just inconclusive.",
        "methods.power_analysis or results.outcomes[].equivalence_test",
    ),
    (
        "runs",
        "Repeated runs or seeds",
        5,
        _has_replication_runs,
        "One run cannot tell a failed method from an unlucky seed.",
        "methods.runs_per_condition, methods.seeds or outcomes[].n",
    ),
    (
        "evidence_class",
        "Evidence class",
        5,
        lambda r: r.results.evidence_class is not None,
        "States what the results amount to: inconclusive, evidence of absence, or evidence of harm.",
        "results.evidence_class",
    ),
    (
        "explanation",
        "Explanation of why it failed",
        15,
        _has_explanation,
        "The investigation of why is what lets others avoid the same failure.",
        "interpretation.explanation or interpretation.causes",
    ),
    (
        "limitations",
        "Limitations and scope",
        5,
        _has_limitations,
        "Says where the negative claim holds and where it has not been tested, so it is not over-generalised.",
        "interpretation.limitations or interpretation.scope",
    ),
    (
        "environment",
        "Reproducibility appendix",
        10,
        _has_environment,
        "Software versions, hardware and commands let someone rerun the work and check the failure.",
        "reproducibility.environment, hardware or commands (nrr new --capture-env fills them)",
    ),
    (
        "code",
        "Link to the code",
        5,
        _has_code,
        "Many failures are implementation details; the code is where a reader can find them.",
        "reproducibility.code.repository",
    ),
    (
        "dual_use",
        "Dual-use assessment",
        5,
        lambda r: r.dual_use is not None,
        "Failures carry information too; the assessment records that someone asked who could misuse it.",
        "dual_use (nrr review ID)",
    ),
]


def score_record(record: Record) -> QualityScore:
    """The record's checklist, every item with its weight, whether present, and why it is asked for."""
    items = [
        QualityItem(key, name, weight, bool(test(record)), reason, hint) for key, name, weight, test, reason, hint in CHECKLIST
    ]
    return QualityScore(record.id, items)
