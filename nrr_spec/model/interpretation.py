"""Why it failed, as far as anyone can tell."""

from __future__ import annotations

from .base import NRRModel, field
from .vocabulary import CauseCategory, Level


class Cause(NRRModel):
    category: CauseCategory = field("Cause from the taxonomy.", "data.distribution_shift")
    note: str | None = field("The evidence for this cause.", "Intensity histograms differ by vendor.", default=None)


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
