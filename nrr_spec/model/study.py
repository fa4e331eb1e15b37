"""What was asked and how: problem, hypothesis and methods."""

from __future__ import annotations

import datetime as dt

from .base import DOI_PATTERN, NRRModel, field
from .people import Reference
from .vocabulary import Design, Direction


class Problem(NRRModel):
    """The application problem and why it matters."""

    statement: str = field(
        "The problem the work set out to solve, in a few sentences.",
        "Segmentation models trained on one scanner degrade on another.",
        min_length=1,
    )
    motivation: str | None = field(
        "Why the problem matters and to whom.", "Hospitals rarely share a scanner vendor.", default=None
    )
    task: str | None = field("The ML task.", "semantic segmentation", default=None)


class Hypothesis(NRRModel):
    """The claim under test, and the prior work (the proposed solution) it comes from."""

    statement: str = field(
        "The hypothesis as tested.", "Test-time entropy minimisation recovers Dice under scanner shift.", min_length=1
    )
    null_hypothesis: str | None = field(
        "The null hypothesis.", "Entropy minimisation does not change Dice under shift.", default=None
    )
    expected_effect: str | None = field("Effect size expected beforehand.", "+5 Dice points", default=None)
    rationale: str | None = field("Why the effect was expected.", "Tent reported large gains on ImageNet-C.", default=None)
    prior_work: list[Reference] = field(
        "Published work that proposed the method or predicted the effect.",
        [{"citation": "Wang et al. (2021). Tent. ICLR.", "arxiv": "2006.10726"}],
        default_factory=list,
    )


class Dataset(NRRModel):
    name: str = field("Dataset name.", "M&Ms-2", min_length=1)
    version: str | None = field("Version or release.", "2.0", default=None)
    doi: str | None = field("DOI of the dataset.", "10.5281/zenodo.1234567", default=None, pattern=DOI_PATTERN)
    url: str | None = field(
        "Where it is published.", "https://www.ub.edu/mnms-2/", default=None, json_schema_extra={"format": "uri"}
    )
    split: str | None = field("Split or subset used.", "test (Siemens scanners)", default=None)
    license: str | None = field("Licence of the dataset.", "CC-BY-NC-SA-4.0", default=None)


class Metric(NRRModel):
    name: str = field("Metric name, as used in results.", "dice", min_length=1)
    unit: str | None = field("Unit of the metric; empty for dimensionless.", "%", default=None)
    direction: Direction = field("Whether lower or higher is better.", "higher")
    description: str | None = field("How it is computed.", "Mean foreground Dice over classes.", default=None)


class Baseline(NRRModel):
    name: str = field("Name of the comparison method.", "source-only U-Net", min_length=1)
    description: str | None = field("What it is.", "Same network without adaptation.", default=None)
    reference: Reference | None = field("Where the baseline is published.", None, default=None)


class Condition(NRRModel):
    name: str = field("Short name of the condition.", "tent-lr-1e-4", min_length=1)
    description: str | None = field("What differs in this condition.", "Tent with lr 1e-4, 1 step per batch.", default=None)


class PowerAnalysis(NRRModel):
    """A priori power analysis: what effect the design could detect."""

    target_effect: float = field("Smallest effect of interest, in the metric's unit or as a standardised effect.", 0.5)
    effect_measure: str | None = field("Measure of the target effect.", "cohen_d", default=None)
    alpha: float = field("Type I error rate.", 0.05, ge=0, le=1)
    power: float = field("Intended power.", 0.8, ge=0, le=1)
    required_n: int | None = field("Sample size the analysis asked for.", 34, default=None, ge=1)
    method: str | None = field("Tool or formula used.", "G*Power, two-sided paired t-test", default=None)


class StatisticalTest(NRRModel):
    name: str = field("Test used.", "Wilcoxon signed-rank", min_length=1)
    alpha: float | None = field("Significance level.", 0.05, default=None, ge=0, le=1)
    sided: str | None = field("one-sided or two-sided.", "two-sided", default=None)
    correction: str | None = field("Multiple-comparison correction.", "Holm", default=None)


class Preregistration(NRRModel):
    url: str = field("Where the plan was registered.", "https://osf.io/abcd3/", json_schema_extra={"format": "uri"})
    registry: str | None = field("Registry name.", "OSF", default=None)
    date: dt.date | None = field("Registration date.", "2025-01-10", default=None)


class Compute(NRRModel):
    hardware: str | None = field("Hardware used.", "8x A100 80GB", default=None)
    gpu_hours: float | None = field("Accelerator hours spent.", 420.0, default=None, ge=0)
    budget: str | None = field("Budget constraint that shaped the design.", "5 minutes per run", default=None)


class Methods(NRRModel):
    """How the hypothesis was tested."""

    design: Design | None = field("Study design.", "controlled_experiment", default=None)
    description: str | None = field(
        "The procedure in prose.", "Five seeds per condition, evaluated on held-out scanners.", default=None
    )
    baselines: list[Baseline] = field("Methods compared against.", [{"name": "source-only U-Net"}], default_factory=list)
    datasets: list[Dataset] = field("Data used.", [{"name": "M&Ms-2", "version": "2.0"}], default_factory=list)
    metrics: list[Metric] = field(
        "Metrics, with units and direction.", [{"name": "dice", "unit": "%", "direction": "higher"}], default_factory=list
    )
    conditions: list[Condition] = field("Experimental conditions.", [{"name": "tent"}], default_factory=list)
    seeds: list[int] = field("Random seeds used.", [0, 1, 2, 3, 4], default_factory=list)
    runs_per_condition: int | None = field("Independent runs per condition.", 5, default=None, ge=1)
    sample_size: int | None = field("Units of analysis (subjects, images, runs).", 320, default=None, ge=1)
    power_analysis: PowerAnalysis | None = field(
        "A priori power analysis.", {"target_effect": 2.0, "alpha": 0.05, "power": 0.8}, default=None
    )
    statistical_test: StatisticalTest | None = field("Inferential test.", {"name": "paired t-test"}, default=None)
    preregistration: Preregistration | None = field(
        "Preregistration of the plan.", {"url": "https://osf.io/abcd3/"}, default=None
    )
    compute: Compute | None = field("Compute used.", {"gpu_hours": 12}, default=None)
