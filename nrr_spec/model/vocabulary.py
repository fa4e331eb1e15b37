"""The standard's words: every string enum of the record, in one place.

Each enum is the schema's `enum` for the field it types (a test holds them equal), and every
package (converters, the validator, the knowledge engine, the publisher, authoring, the CLI's
choices) names values through these classes instead of restating them. The module imports
nothing but `enum`, so the fast paths (`nrr check`, the MCP server) can use it without loading
pydantic.
"""

from __future__ import annotations

import re
from enum import Enum

RECORD_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,80}$"
"""A record id: the URL path and citation key (the schema's `id` pattern)."""

_RECORD_ID = re.compile(RECORD_ID_PATTERN[1:-1])


def is_record_id(text: str) -> bool:
    """Whether `text` is a record id, whole (a trailing newline is not part of an id)."""
    return _RECORD_ID.fullmatch(text) is not None


class StrEnum(str, Enum):
    """Enum whose values serialise as plain strings."""

    def __str__(self) -> str:
        return str(self.value)


def values(enum: type[StrEnum]) -> tuple[str, ...]:
    """The enum's values in the standard's order, as plain strings (for CLI choices and templates)."""
    return tuple(member.value for member in enum)


# --- identity -------------------------------------------------------------------------------------


class Kind(StrEnum):
    """NMNR vs EMNR, plus replications, applied failures and automated experiments."""

    novel_method = "novel_method"
    existing_method = "existing_method"
    replication = "replication"
    applied = "applied"
    automated_experiment = "automated_experiment"


class Status(StrEnum):
    draft = "draft"
    submitted = "submitted"
    under_review = "under_review"
    published = "published"
    retracted = "retracted"


# --- people and links -----------------------------------------------------------------------------


class Role(StrEnum):
    """CRediT contributor roles, plus reviewer of the dual-use assessment."""

    conceptualization = "conceptualization"
    data_curation = "data_curation"
    formal_analysis = "formal_analysis"
    funding_acquisition = "funding_acquisition"
    investigation = "investigation"
    methodology = "methodology"
    project_administration = "project_administration"
    resources = "resources"
    software = "software"
    supervision = "supervision"
    validation = "validation"
    visualization = "visualization"
    writing_original_draft = "writing_original_draft"
    writing_review_editing = "writing_review_editing"


class Entity(StrEnum):
    """What kind of contributor an author is (1.1); an automated agent is software."""

    person = "person"
    organization = "organization"
    software = "software"


class Relation(StrEnum):
    replicates = "replicates"
    fails_to_replicate = "fails_to_replicate"
    contradicts = "contradicts"
    extends = "extends"
    supersedes = "supersedes"
    similar_to = "similar_to"
    tests = "tests"


# --- methods and results --------------------------------------------------------------------------


class Direction(StrEnum):
    lower = "lower"  # type: ignore[assignment]  # the standard's word; shadows str.lower on the class only
    higher = "higher"


class Design(StrEnum):
    controlled_experiment = "controlled_experiment"
    ablation = "ablation"
    replication = "replication"
    field_deployment = "field_deployment"
    automated_search = "automated_search"
    observational = "observational"


class UncertaintyKind(StrEnum):
    sd = "sd"
    se = "se"
    ci = "ci"
    iqr = "iqr"
    range = "range"


class EvidenceClass(StrEnum):
    inconclusive = "inconclusive"
    evidence_of_absence = "evidence_of_absence"
    evidence_of_harm = "evidence_of_harm"


class CauseCategory(StrEnum):
    """The cause taxonomy; the group is the prefix before the dot."""

    distribution_shift = "data.distribution_shift"
    dataset_bias = "data.bias"
    label_quality = "data.label_quality"
    noisy_measurement = "data.noisy_measurement"
    simulation_quality = "data.simulation_quality"
    robustness = "model.robustness"
    interpretability = "model.interpretability"
    scalability = "model.scalability"
    domain_alignment = "model.domain_alignment"
    compute = "deployment.compute"
    hardware = "deployment.hardware"
    hyperparameters = "method.hyperparameters"
    implementation_bug = "method.implementation_bug"
    budget = "method.budget"
    unknown = "unknown"


class Level(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


# --- dual use -------------------------------------------------------------------------------------


class Concern(StrEnum):
    none = "none"
    low = "low"
    moderate = "moderate"
    high = "high"


class Disclosure(StrEnum):
    public = "public"
    restricted = "restricted"
    embargoed = "embargoed"


class ReviewDecision(StrEnum):
    publish = "publish"
    publish_with_framing = "publish_with_framing"
    restrict = "restrict"
    embargo = "embargo"


# --- automated experiments ------------------------------------------------------------------------


class ExperimentOutcome(StrEnum):
    keep = "keep"
    discard = "discard"
    crash = "crash"
    baseline = "baseline"
    other = "other"


class ChangeDirection(StrEnum):
    increase = "increase"
    decrease = "decrease"
    set = "set"
    replace = "replace"  # type: ignore[assignment]  # the standard's word; shadows str.replace on the class only
    add = "add"
    remove = "remove"
    enable = "enable"
    disable = "disable"


class ChangeCategory(StrEnum):
    learning_rate = "learning_rate"
    lr_schedule = "lr_schedule"
    optimizer = "optimizer"
    regularization = "regularization"
    batch_size = "batch_size"
    training_length = "training_length"
    architecture = "architecture"
    initialization = "initialization"
    data = "data"
    loss = "loss"
    precision = "precision"
    systems = "systems"
    evaluation = "evaluation"
    strategy = "strategy"
    baseline = "baseline"
    multiple = "multiple"
    other = "other"


class FailureClass(StrEnum):
    regression = "regression"
    no_improvement = "no_improvement"
    marginal = "marginal"
    crash_code = "crash_code"
    crash_infra = "crash_infra"


class ChangeEvidence(StrEnum):
    """Where a change was read from (schema 1.1)."""

    diff = "diff"  # the experiment's git diff: exact
    description = "description"  # parsed from the log's free text: a reading
    declared = "declared"  # given as data by a person or a loop


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
