"""Why it failed, as far as anyone can tell."""

from __future__ import annotations

from .base import NRRModel, StrEnum, field


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


class Cause(NRRModel):
    category: CauseCategory = field("Cause from the taxonomy.", "data.distribution_shift")
    note: str | None = field("The evidence for this cause.", "Intensity histograms differ by vendor.", default=None)


class Level(StrEnum):
    low = "low"
    medium = "medium"
    high = "high"


class Interpretation(NRRModel):
    """The investigation of why the result is negative."""

    causes: list[Cause] = field(
        "Likely causes, most likely first.", [{"category": "data.distribution_shift"}], default_factory=list
    )
    explanation: str | None = field(
        "Why it failed, in prose.", "Batch statistics from 4-image batches are too noisy to adapt on.", default=None
    )
    confidence: Level | None = field("Confidence in the explanation.", "medium", default=None)
    confounders: list[str] = field("Uncontrolled factors.", ["scanner and site are confounded"], default_factory=list)
    alternative_explanations: list[str] = field(
        "Other explanations not ruled out.", ["learning rate too high for small batches"], default_factory=list
    )
    scope: str | None = field(
        "Where the negative claim holds and where it has not been tested.", "2D cardiac MRI, U-Net, batch <= 8.", default=None
    )
    limitations: list[str] = field("Limitations of the study.", ["single dataset"], default_factory=list)
    lessons: list[str] = field("What others should take away.", ["check batch size before adapting BN"], default_factory=list)
    next_steps: list[str] = field("What to try next.", ["freeze BN statistics, adapt affine only"], default_factory=list)
    surprise: Level | None = field("How surprising the result was to the authors.", "high", default=None)
