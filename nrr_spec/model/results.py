"""What came out: outcomes with their uncertainty, and the class of evidence they amount to."""

from __future__ import annotations

from .base import NRRModel, field
from .vocabulary import EvidenceClass, UncertaintyKind


class Uncertainty(NRRModel):
    """Spread around a value: a symmetric `value` (sd, se) or `lower`/`upper` bounds (ci, iqr, range)."""

    kind: UncertaintyKind = field("What the numbers are.", "sd")
    value: float | None = field("Symmetric spread (sd or se).", 0.8, default=None, ge=0)
    lower: float | None = field("Lower bound.", 71.2, default=None)
    upper: float | None = field("Upper bound.", 74.9, default=None)
    level: float | None = field("Coverage of an interval.", 0.95, default=None, gt=0, lt=1)


class EffectSize(NRRModel):
    measure: str = field("Effect-size measure.", "cohen_d", min_length=1)
    value: float = field("Point estimate.", 0.12)
    ci_lower: float | None = field("Lower confidence bound.", -0.31, default=None)
    ci_upper: float | None = field("Upper confidence bound.", 0.55, default=None)
    ci_level: float | None = field("Confidence level.", 0.95, default=None, gt=0, lt=1)


class EquivalenceTest(NRRModel):
    """A two one-sided tests (TOST) style check that an effect is smaller than a margin."""

    method: str = field("Procedure.", "TOST", min_length=1)
    lower_margin: float = field("Lower equivalence bound, in the metric's unit.", -1.0)
    upper_margin: float = field("Upper equivalence bound, in the metric's unit.", 1.0)
    p_value: float | None = field("p-value of the equivalence test.", 0.01, default=None)
    equivalent: bool = field("Whether equivalence was shown at the chosen alpha.", True)


class Outcome(NRRModel):
    """One measured result: a metric in a condition, against its baseline."""

    metric: str = field("Metric name; should match one in methods.metrics.", "dice", min_length=1)
    condition: str | None = field("Condition measured.", "tent", default=None)
    value: float = field("Measured value.", 71.4)
    unit: str | None = field("Unit of value and baseline.", "%", default=None)
    baseline: float | None = field("The baseline's value on the same metric.", 73.0, default=None)
    delta: float | None = field("value - baseline.", -1.6, default=None)
    uncertainty: Uncertainty | None = field("Spread of the value.", {"kind": "sd", "value": 0.9}, default=None)
    n: int | None = field("Number of runs or units behind the value.", 5, default=None)
    effect_size: EffectSize | None = field("Standardised effect.", {"measure": "cohen_d", "value": -0.4}, default=None)
    p_value: float | None = field("p-value of the test against the baseline.", 0.21, default=None)
    equivalence_test: EquivalenceTest | None = field(
        "Equivalence test against the baseline.",
        {"method": "TOST", "lower_margin": -1, "upper_margin": 1, "equivalent": False},
        default=None,
    )


class Figure(NRRModel):
    path: str = field("Path (relative to the record) or URL of the image.", "figures/dice-by-scanner.png", min_length=1)
    caption: str = field("What the figure shows.", "Dice by scanner vendor.", min_length=1)
    alt: str | None = field("Text alternative.", "Bar chart; Tent below baseline on all vendors.", default=None)


class Results(NRRModel):
    """The negative outcome, in words and numbers."""

    summary: str = field(
        "The negative outcome in one or two sentences.",
        "Tent lowered Dice by 1.6 points on unseen scanners.",
        min_length=1,
    )
    outcomes: list[Outcome] = field(
        "Measured results.", [{"metric": "dice", "value": 71.4, "baseline": 73.0}], default_factory=list
    )
    evidence_class: EvidenceClass | None = field(
        "What the results amount to: inconclusive (no effect found, none ruled out), evidence of absence "
        "(an effect larger than a margin ruled out), or evidence of harm (worse than baseline).",
        "evidence_of_harm",
        default=None,
    )
    outliers: str | None = field("How outliers were handled.", "One diverged run excluded (NaN loss).", default=None)
    figures: list[Figure] = field("Figures.", [{"path": "fig1.png", "caption": "Dice by vendor"}], default_factory=list)
