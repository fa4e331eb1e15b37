"""NRR3xx: statistics that cannot all be true (p-values, intervals, units, deltas, failure classes)."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from ..model.vocabulary import CRASH_CLASSES, Direction, EvidenceClass, ExperimentOutcome, FailureClass, UncertaintyKind
from .context import RuleContext

_SAME_UNITS = {"percent": "%", "pct": "%", "percentage": "%", "pp": "%", "seconds": "s", "sec": "s", "milliseconds": "ms"}


def check(ctx: RuleContext) -> None:
    record = ctx.record
    metrics = {m.name: m for m in record.methods.metrics} if record.methods else {}
    for i, outcome in enumerate(record.results.outcomes):
        _outcome(ctx, f"/results/outcomes/{i}", outcome, metrics)
    _evidence_class(ctx, metrics)
    if record.experiment:
        _experiment(ctx)


def _outcome(ctx: RuleContext, base: str, outcome: Any, metrics: dict[str, Any]) -> None:
    if outcome.p_value is not None and not 0 <= outcome.p_value <= 1:
        ctx.report("NRR301", f"{base}/p_value", f"p-value {outcome.p_value!r} is outside [0, 1]")
    if outcome.n is not None and outcome.n < 1:
        ctx.report("NRR304", f"{base}/n", f"n is {outcome.n}; a result rests on at least 1 run or unit")
    spread = outcome.uncertainty
    if spread is not None:
        _interval(
            ctx, f"{base}/uncertainty", spread.lower, spread.upper, outcome.value if spread.kind == UncertaintyKind.ci else None
        )
        if spread.kind in (UncertaintyKind.sd, UncertaintyKind.se) and spread.value is None:
            ctx.report("NRR312", f"{base}/uncertainty", f"uncertainty of kind {spread.kind} has no `value`")
        if spread.kind in (UncertaintyKind.ci, UncertaintyKind.iqr, UncertaintyKind.range) and (
            spread.lower is None or spread.upper is None
        ):
            ctx.report("NRR312", f"{base}/uncertainty", f"uncertainty of kind {spread.kind} needs both `lower` and `upper`")
    effect = outcome.effect_size
    if effect is not None:
        _interval(ctx, f"{base}/effect_size", effect.ci_lower, effect.ci_upper, effect.value, ("ci_lower", "ci_upper"))
    test = outcome.equivalence_test
    if test is not None:
        if test.p_value is not None and not 0 <= test.p_value <= 1:
            ctx.report("NRR301", f"{base}/equivalence_test/p_value", f"p-value {test.p_value!r} is outside [0, 1]")
        if test.lower_margin > test.upper_margin:
            ctx.report(
                "NRR302",
                f"{base}/equivalence_test/lower_margin",
                f"equivalence margins are reversed: lower {test.lower_margin!r} > upper {test.upper_margin!r}",
            )
    metric = metrics.get(outcome.metric)
    if metrics and metric is None:
        declared = ", ".join(sorted(metrics))
        ctx.report("NRR306", f"{base}/metric", f"metric {outcome.metric!r} is not declared in methods.metrics ({declared})")
    if metric is not None and metric.unit and outcome.unit and _unit(metric.unit) != _unit(outcome.unit):
        ctx.report(
            "NRR305",
            f"{base}/unit",
            f"unit {outcome.unit!r} differs from {metric.unit!r}, the unit metric {metric.name!r} declares",
        )
    _numbers(ctx, base, outcome.value, outcome.baseline, outcome.delta)


def _interval(
    ctx: RuleContext,
    base: str,
    lower: float | None,
    upper: float | None,
    estimate: float | None,
    names: tuple[str, str] = ("lower", "upper"),
) -> None:
    if lower is None or upper is None:
        return
    if lower > upper:
        ctx.report("NRR302", f"{base}/{names[0]}", f"interval bounds are reversed: {names[0]} {lower!r} > {names[1]} {upper!r}")
    elif estimate is not None and not lower <= estimate <= upper:
        ctx.report("NRR303", base, f"the interval [{lower!r}, {upper!r}] does not contain its estimate {estimate!r}")


def _unit(unit: str) -> str:
    key = unit.strip().casefold()
    return _SAME_UNITS.get(key, key)


def _numbers(ctx: RuleContext, base: str, value: float | None, baseline: float | None, delta: float | None) -> None:
    if value is None or baseline is None:
        return
    if delta is not None and not _close(delta, value - baseline, (value, baseline, delta)):
        ctx.report(
            "NRR308",
            f"{base}/delta",
            f"delta is {delta!r} but value - baseline = {value!r} - {baseline!r} = {value - baseline:.6g}",
        )
    small, large = sorted((abs(value), abs(baseline)))
    # A fraction against a percentage (0.71 vs 73.0) is the common scale slip; a loss that blew
    # up by 100x is a real failure, so only this narrow band is flagged.
    if 0 < small <= 1 < large <= 100 and 50 <= large / small <= 200:
        ctx.report(
            "NRR307",
            f"{base}/baseline",
            f"value {value!r} and baseline {baseline!r} differ by a factor of {large / small:.0f}: "
            "a fraction against a percentage?",
        )


def _close(reported: float, computed: float, numbers: tuple[float, ...]) -> bool:
    """Equal up to the rounding the written numbers allow (half a unit in their last decimal)."""
    slack = sum(0.5 * 10.0 ** _exponent(x) for x in numbers)
    return math.isclose(reported, computed, rel_tol=1e-9, abs_tol=slack * 1.000001 + 1e-12)


def _exponent(x: float) -> int:
    exponent = Decimal(repr(float(x))).as_tuple().exponent
    return min(int(exponent), 0) if isinstance(exponent, int) else 0


def better(delta: float, direction: str) -> bool:
    return delta < 0 if direction == Direction.lower else delta > 0


def worse(delta: float, direction: str) -> bool:
    return delta > 0 if direction == Direction.lower else delta < 0


def _evidence_class(ctx: RuleContext, metrics: dict[str, Any]) -> None:
    results = ctx.record.results
    if results.evidence_class == EvidenceClass.evidence_of_absence:
        methods = ctx.record.methods
        has_power = methods is not None and methods.power_analysis is not None
        has_equivalence = any(o.equivalence_test is not None for o in results.outcomes)
        if not (has_power or has_equivalence):
            ctx.report(
                "NRR311",
                "/results/evidence_class",
                "evidence of absence is claimed without a power analysis or an equivalence test: the result is inconclusive",
            )
    if results.evidence_class == EvidenceClass.evidence_of_harm:
        compared = []
        for outcome in results.outcomes:
            metric = metrics.get(outcome.metric)
            if metric is not None and outcome.baseline is not None:
                compared.append(worse(outcome.value - outcome.baseline, metric.direction))
        if compared and not any(compared):
            ctx.report(
                "NRR310", "/results/evidence_class", "evidence of harm is claimed, but no outcome is worse than its baseline"
            )


def _experiment(ctx: RuleContext) -> None:
    experiment = ctx.record.experiment
    assert experiment is not None
    metric = experiment.metric
    if metric is not None:
        _numbers(ctx, "/experiment/metric", metric.value, metric.baseline, metric.delta)
    failure = experiment.failure_class
    pointer = "/experiment/failure_class"
    if failure is None:
        return
    if experiment.outcome == ExperimentOutcome.keep:
        ctx.report(
            "NRR309", pointer, f"a kept experiment has failure class {failure!r}", "Remove failure_class, or correct the outcome."
        )
        return
    crash = failure in CRASH_CLASSES
    if crash != (experiment.outcome == ExperimentOutcome.crash):
        ctx.report(
            "NRR309",
            pointer,
            f"failure class {failure!r} does not fit outcome {experiment.outcome!r}",
            "Crash classes go with outcome crash, and only with it.",
        )
        return
    if crash or metric is None or metric.direction is None or metric.value is None or metric.baseline is None:
        return
    delta = metric.value - metric.baseline
    if failure == FailureClass.regression and not worse(delta, metric.direction):
        ctx.report(
            "NRR309",
            pointer,
            f"'{FailureClass.regression}' but {metric.name} went from {metric.baseline!r} to {metric.value!r}, "
            f"which is not worse when {metric.direction} is better",
            "Use no_improvement or marginal, or check the direction.",
        )
    elif failure == FailureClass.marginal and worse(delta, metric.direction):
        ctx.report(
            "NRR309",
            pointer,
            f"'{FailureClass.marginal}' but {metric.name} got worse "
            f"({metric.baseline!r} -> {metric.value!r}, {metric.direction} is better)",
            "Use regression, or check the direction.",
        )
