"""The standard's words: every string enum of the record, in one place.

Each enum is the schema's `enum` for the field it types (a test holds them equal), and every
package (converters, the validator, the knowledge engine, the publisher, authoring, the CLI's
choices) names values through these classes instead of restating them. Each enum is written as
data, its words once and in the standard's order; a member's name is its value unless a table
says otherwise. The module imports nothing but the standard library, so the fast paths
(`nrr check`, the MCP server) can use it without loading pydantic.
"""

from __future__ import annotations

import re
import sys
from enum import Enum

RECORD_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,80}$"
"""A record id: the URL path and citation key (the schema's `id` pattern)."""

_RECORD_ID = re.compile(RECORD_ID_PATTERN[1:-1])


def is_record_id(text: str) -> bool:
    """Whether `text` is a record id, whole (a trailing newline is not part of an id)."""
    return _RECORD_ID.fullmatch(text) is not None


if sys.version_info >= (3, 11):
    from enum import StrEnum
else:

    class StrEnum(str, Enum):
        """Enum whose values serialise as plain strings; a member named by word alone is that word."""

        def __str__(self) -> str:
            return str(self.value)

        @staticmethod
        def _generate_next_value_(name: str, start: int, count: int, last_values: list[str]) -> str:
            return name.lower()


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The enum's values in the standard's order, as plain strings (for CLI choices and templates)."""
    return tuple(member.value for member in enum)


# --- identity -------------------------------------------------------------------------------------


Kind = StrEnum("Kind", ["novel_method", "existing_method", "replication", "applied", "automated_experiment"])
Kind.__doc__ = "NMNR vs EMNR, plus replications, applied failures and automated experiments."

Status = StrEnum("Status", ["draft", "submitted", "under_review", "published", "retracted"])


# --- people and links -----------------------------------------------------------------------------


Role = StrEnum(
    "Role",
    [
        "conceptualization",
        "data_curation",
        "formal_analysis",
        "funding_acquisition",
        "investigation",
        "methodology",
        "project_administration",
        "resources",
        "software",
        "supervision",
        "validation",
        "visualization",
        "writing_original_draft",
        "writing_review_editing",
    ],
)
Role.__doc__ = "CRediT contributor roles, plus reviewer of the dual-use assessment."

Entity = StrEnum("Entity", ["person", "organization", "software"])
Entity.__doc__ = "What kind of contributor an author is (1.1); an automated agent is software."

Relation = StrEnum(
    "Relation", ["replicates", "fails_to_replicate", "contradicts", "extends", "supersedes", "similar_to", "tests"]
)


# --- methods and results --------------------------------------------------------------------------


Direction = StrEnum("Direction", ["lower", "higher"])

Design = StrEnum(
    "Design", ["controlled_experiment", "ablation", "replication", "field_deployment", "automated_search", "observational"]
)

UncertaintyKind = StrEnum("UncertaintyKind", ["sd", "se", "ci", "iqr", "range"])

EvidenceClass = StrEnum("EvidenceClass", ["inconclusive", "evidence_of_absence", "evidence_of_harm"])

CauseCategory = StrEnum(
    "CauseCategory",
    {
        "distribution_shift": "data.distribution_shift",
        "dataset_bias": "data.bias",
        "label_quality": "data.label_quality",
        "noisy_measurement": "data.noisy_measurement",
        "simulation_quality": "data.simulation_quality",
        "robustness": "model.robustness",
        "interpretability": "model.interpretability",
        "scalability": "model.scalability",
        "domain_alignment": "model.domain_alignment",
        "compute": "deployment.compute",
        "hardware": "deployment.hardware",
        "hyperparameters": "method.hyperparameters",
        "implementation_bug": "method.implementation_bug",
        "budget": "method.budget",
        "unknown": "unknown",
    },
)
CauseCategory.__doc__ = "The cause taxonomy; the group is the prefix before the dot."

Level = StrEnum("Level", ["low", "medium", "high"])


# --- dual use -------------------------------------------------------------------------------------


Concern = StrEnum("Concern", ["none", "low", "moderate", "high"])

Disclosure = StrEnum("Disclosure", ["public", "restricted", "embargoed"])

ReviewDecision = StrEnum("ReviewDecision", ["publish", "publish_with_framing", "restrict", "embargo"])


# --- automated experiments ------------------------------------------------------------------------


ExperimentOutcome = StrEnum("ExperimentOutcome", ["keep", "discard", "crash", "baseline", "other"])

ChangeDirection = StrEnum("ChangeDirection", ["increase", "decrease", "set", "replace", "add", "remove", "enable", "disable"])

ChangeCategory = StrEnum(
    "ChangeCategory",
    [
        "learning_rate",
        "lr_schedule",
        "optimizer",
        "regularization",
        "batch_size",
        "training_length",
        "architecture",
        "initialization",
        "data",
        "loss",
        "precision",
        "systems",
        "evaluation",
        "strategy",
        "baseline",
        "multiple",
        "other",
    ],
)

FailureClass = StrEnum("FailureClass", ["regression", "no_improvement", "marginal", "crash_code", "crash_infra"])


# diff: the experiment's git diff, exact; description: parsed from the log's free text, a reading;
# declared: given as data by a person or a loop.
ChangeEvidence = StrEnum("ChangeEvidence", ["diff", "description", "declared"])
ChangeEvidence.__doc__ = "Where a change was read from (schema 1.1)."


def enums() -> dict[str, type[StrEnum]]:
    """Every string enum of the standard, by class name (the names templates see them by)."""
    return {
        name: member
        for name, member in globals().items()
        if isinstance(member, type) and issubclass(member, StrEnum) and member is not StrEnum
    }


# Groups of values that several packages reason with, as plain strings: a str enum member hashes by
# its name, so a set of members would not find a value whose name differs.

KEPT_OUTCOMES: frozenset[str] = frozenset({ExperimentOutcome.keep.value, ExperimentOutcome.baseline.value})
"""Outcomes on the loop's kept line: the configuration carried forward and the running best."""

DECIDED_OUTCOMES: tuple[str, ...] = values(ExperimentOutcome)[:3]
"""Outcomes where the loop tried a change and decided (keep, discard, crash): what keep rates count."""

CRASH_CLASSES: frozenset[str] = frozenset({FailureClass.crash_code.value, FailureClass.crash_infra.value})

NUMERIC_DIRECTIONS: frozenset[str] = frozenset({ChangeDirection.increase.value, ChangeDirection.decrease.value})
"""Change directions that say which way a number moved."""

VALUE_DIRECTIONS: frozenset[str] = NUMERIC_DIRECTIONS | {ChangeDirection.set.value}
"""Change directions that leave the parameter with a value (`to`)."""

UNSPECIFIC_CATEGORIES: frozenset[str] = frozenset(
    {ChangeCategory.other.value, ChangeCategory.baseline.value, ChangeCategory.multiple.value}
)
"""Categories that name no single kind of change."""

CHANGE_GERUND: dict[str, str] = {
    ChangeDirection.increase.value: "increasing",
    ChangeDirection.decrease.value: "decreasing",
    ChangeDirection.set.value: "setting",
    ChangeDirection.replace.value: "replacing",
    ChangeDirection.add.value: "adding",
    ChangeDirection.remove.value: "removing",
    ChangeDirection.enable.value: "enabling",
    ChangeDirection.disable.value: "disabling",
}
"""How each change direction reads in a sentence ("increasing matrix_lr: 0 of 6 improved")."""
