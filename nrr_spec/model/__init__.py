"""Pydantic models of the negative-result record.

Names load on first use: `nrr_spec.model.vocabulary` (the standard's enums) and
`nrr_spec.model.disclosure` (the dual-use policy) import without pydantic, so the fast paths that
only need the words never pay for the models.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .appendix import PATCH_MAX_CHARS, DualUse, DualUseReview, Reproducibility
    from .experiment import Change, Experiment, ExperimentMetric, Provenance, Source
    from .interpretation import Cause, Interpretation
    from .people import Author, Reference, RelatedRecord
    from .record import SCHEMA_VERSION, Record, Revision
    from .results import Outcome, Results
    from .study import Hypothesis, Methods, Metric, Problem
    from .vocabulary import (
        CauseCategory,
        ChangeCategory,
        ChangeDirection,
        ChangeEvidence,
        Concern,
        Direction,
        Disclosure,
        Entity,
        EvidenceClass,
        ExperimentOutcome,
        FailureClass,
        Kind,
        Relation,
        ReviewDecision,
        Status,
    )

# The modules the names live in, in the order they are looked in: the words first, which load without pydantic.
_MODULES = ("vocabulary", "appendix", "experiment", "interpretation", "people", "record", "results", "study")

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


def __getattr__(name: str) -> Any:
    if name in __all__:
        for module in _MODULES:
            found = getattr(import_module(f"{__name__}.{module}"), name, None)
            if found is not None:
                # Kept as a module attribute, so later lookups (`from ..model import Record` in a
                # function run once per record) find it without coming here again.
                globals()[name] = found
                return found
    raise AttributeError(f"module 'nrr_spec.model' has no attribute {name!r}")
