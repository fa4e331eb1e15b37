"""Pydantic models of the negative-result record."""

from __future__ import annotations

from .appendix import PATCH_MAX_CHARS, Concern, Disclosure, DualUse, DualUseReview, Reproducibility, ReviewDecision
from .base import Direction
from .experiment import (
    Change,
    ChangeCategory,
    ChangeDirection,
    ChangeEvidence,
    Experiment,
    ExperimentMetric,
    ExperimentOutcome,
    FailureClass,
    Provenance,
    Source,
)
from .interpretation import Cause, CauseCategory, Interpretation
from .people import Author, Entity, Reference, RelatedRecord, Relation
from .record import SCHEMA_VERSION, Kind, Record, Revision, Status
from .results import EvidenceClass, Outcome, Results
from .study import Hypothesis, Methods, Metric, Problem

__all__ = [
    "PATCH_MAX_CHARS",
    "SCHEMA_VERSION",
    "Author",
    "Cause",
    "CauseCategory",
    "Change",
    "ChangeCategory",
    "ChangeDirection",
    "ChangeEvidence",
    "Concern",
    "Direction",
    "Disclosure",
    "DualUse",
    "DualUseReview",
    "Entity",
    "EvidenceClass",
    "Experiment",
    "ExperimentMetric",
    "ExperimentOutcome",
    "FailureClass",
    "Hypothesis",
    "Interpretation",
    "Kind",
    "Methods",
    "Metric",
    "Outcome",
    "Problem",
    "Provenance",
    "Record",
    "Reference",
    "RelatedRecord",
    "Relation",
    "Reproducibility",
    "Results",
    "ReviewDecision",
    "Revision",
    "Source",
    "Status",
]
