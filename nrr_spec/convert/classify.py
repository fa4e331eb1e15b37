"""Failure classes and lessons, with thresholds relative to the metric's scale.

A discarded experiment is compared with the best kept result before it. Its relative change
is `(value - baseline) / scale`, signed so that positive means better, where `scale` is
`|baseline|`, or the spread of the log's values when the baseline is near zero (metrics such
as a Sharpe ratio or a signed percentage, where "1% of the baseline" means nothing).

- `regression`: worse by more than `regression` (default 0.1% of the scale);
- `no_improvement`: within the noise band, from `-regression` to `+marginal`;
- `marginal`: better by more than `marginal` (default 0.1%) and still discarded: a gain too small
  for what it cost;
- `crash_infra`: the run died of its environment (out of memory, timeout, killed, device or network;
  an exit status that says so: 137 or 143, killed by SIGKILL or SIGTERM, or timeout's 124);
- `crash_code`: any other crash (an exception, a NaN, a shape error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..changes.exit_status import ended_by_environment
from ..changes.phrases import any_word
from ..model.vocabulary import Direction, ExperimentOutcome, FailureClass

INFRA = any_word(
    r"oom|out of memory|cuda out|timed? ?out|timeout|killed|preempt\w*|sigkill|node|disk|quota|network|connection|"
    r"nccl|hang|hung|stall\w*|paused|exceeded|over budget|budget|memory|vram|allocation|segfault|machine|hardware|"
    r"infra\w*|rate[ _-]?limit\w*|throttl\w*"
)


# Words that say why a run broke in its code (INFRA: in its environment).
CODE_CAUSE = any_word(
    r"\w*error|exception|traceback|nan|diverg\w*|assert\w*|mismatch|segfault|not implemented|unsupported|"
    r"import\w* fail\w*|failed to \w+"
)
# Where one clause of a description ends and the next begins ("speed up X but eval timed out").
_CLAUSE_BREAK = re.compile(r"\s*(?:[;,]|\s(?:but|and then|then|so|because|->|=>|—|–|-)\s)\s*", re.I)


def crash_cause(description: str) -> str | None:
    """The words of a crashed run's description that say why it broke: the first clause naming a
    cause ("speed up MPS path but eval timed out with batch_size=1" -> "eval timed out with
    batch_size=1"); only the cause's own words when that clause is the whole description, which
    the lesson quotes already ("baseline timed out on MPS" -> "timed out")."""
    text = " ".join(description.split())
    clauses = [c for c in _CLAUSE_BREAK.split(text) if c]
    for clause in clauses:
        found = INFRA.search(clause) or CODE_CAUSE.search(clause)
        if not found:
            continue
        if len(clauses) == 1:
            return found.group(0)
        return clause if len(clause) <= 80 else clause[:79].rstrip() + "…"
    return None


@dataclass(frozen=True)
class Thresholds:
    """Relative thresholds of the failure classes (fractions of the metric's scale)."""

    regression: float = 0.001
    marginal: float = 0.001
    near_zero: float = 1e-9


def relative_gain(value: float, baseline: float, direction: str, spread: float | None, thresholds: Thresholds) -> float:
    """(value - baseline) over the metric's scale, positive when better."""
    gain = value - baseline if direction == Direction.higher else baseline - value
    scale = abs(baseline)
    if scale <= thresholds.near_zero or (spread and spread > scale * 10):
        scale = spread or 1.0
    return gain / scale if scale else 0.0


def failure_class(outcome: str, gain: float | None, text: str, thresholds: Thresholds) -> str | None:
    """The failure class of a non-kept experiment; None for keeps, baselines and undecided rows."""
    if outcome == ExperimentOutcome.crash:
        infra = INFRA.search(text or "") or ended_by_environment(text or "", crashed=True)
        return FailureClass.crash_infra.value if infra else FailureClass.crash_code.value
    if outcome != ExperimentOutcome.discard or gain is None:
        return None
    if gain < -thresholds.regression:
        return FailureClass.regression.value
    if gain > thresholds.marginal:
        return FailureClass.marginal.value
    return FailureClass.no_improvement.value


_VERDICT = {
    ExperimentOutcome.keep.value: "Kept",
    ExperimentOutcome.discard.value: "Discarded",
    ExperimentOutcome.other.value: "Undecided",
}


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def lesson(
    outcome: str,
    fclass: str | None,
    what: str,
    metric: str | None,
    value: float | None,
    baseline: float | None,
    gain: float | None,
    reason: str | None,
    thresholds: Thresholds | None = None,
    logged_zero: bool = False,
) -> str:
    """One sentence on what the experiment showed, led by its verdict; `logged_zero`: the log wrote 0
    where the run has no result (`no_result`)."""
    what = what or "this change"
    if outcome == ExperimentOutcome.crash:
        kind = "environment" if fclass == FailureClass.crash_infra else "code"
        if metric and value is not None:  # it measured, and failed after: checks, a wrong output, a limit
            failed = reason or "no reason given"
            return f"Crash ({kind}): {what} ran ({metric} {_fmt(value)}) but failed ({failed}); the result does not count."
        return f"Crash ({kind}): {what} did not finish ({reason or 'no reason given'}); the idea itself is untested."
    if outcome == ExperimentOutcome.baseline:
        return f"Baseline: {metric} = {_fmt(value)}." if metric and value is not None else "Baseline run."
    if metric is None or value is None or baseline is None:
        verdict = _VERDICT[outcome]
        if logged_zero:
            return f"{verdict}: {what}; no {metric} result (the log writes 0 where the run has none)."
        return f"{verdict}: {what}; the log gives no comparable metric value."
    percent = f"{abs(gain or 0) * 100:.2f}%"
    against = f"{_fmt(value)} against the best kept {_fmt(baseline)}"
    if outcome == ExperimentOutcome.keep:
        return f"Kept: {what} moved {metric} from {_fmt(baseline)} to {_fmt(value)} ({percent})."
    if outcome == ExperimentOutcome.other:
        return f"Undecided: {what}; {metric} {against}."
    if fclass == FailureClass.regression:
        return f"Regression: {what} made {metric} worse, {against} ({percent} worse)."
    if fclass == FailureClass.no_improvement:
        return f"No improvement: {what} left {metric} within noise, {against}."
    if fclass == FailureClass.marginal:
        small = (thresholds or Thresholds()).marginal * 10
        if gain is not None and gain > small:
            return f"Discarded despite a gain: {what} improved {metric} by {percent} ({against}); another criterion ruled it out."
        return f"Marginal: {what} improved {metric} by only {percent} ({against}), too little to keep."
    return f"Discarded: {what}; {metric} {against}."
