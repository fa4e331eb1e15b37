"""Failure classes and lessons, with thresholds relative to the metric's scale.

A discarded experiment is compared with the best kept result before it. Its relative change
is `(value - baseline) / scale`, signed so that positive means better, where `scale` is
`|baseline|`, or the spread of the log's values when the baseline is near zero (metrics such
as a Sharpe ratio or a signed percentage, where "1% of the baseline" means nothing).

- `regression`: worse by more than `regression` (default 0.1% of the scale);
- `no_improvement`: within the noise band, from `-regression` to `+marginal`;
- `marginal`: better by more than `marginal` (default 0.1%) and still discarded: a gain too small
  for what it cost;
- `crash_infra`: the run died of its environment (out of memory, timeout, killed, device or network);
- `crash_code`: any other crash (an exception, a NaN, a shape error).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INFRA = re.compile(
    r"\b(oom|out of memory|cuda out|timed? ?out|timeout|killed|preempt\w*|sigkill|node|disk|quota|network|connection|"
    r"nccl|hang|hung|stall\w*|paused|exceeded|over budget|budget|memory|vram|allocation|segfault|machine|hardware)\b",
    re.I,
)


@dataclass(frozen=True)
class Thresholds:
    """Relative thresholds of the failure classes (fractions of the metric's scale)."""

    regression: float = 0.001
    marginal: float = 0.001
    near_zero: float = 1e-9


def relative_gain(value: float, baseline: float, direction: str, spread: float | None, thresholds: Thresholds) -> float:
    """(value - baseline) over the metric's scale, positive when better."""
    gain = value - baseline if direction == "higher" else baseline - value
    scale = abs(baseline)
    if scale <= thresholds.near_zero or (spread and spread > scale * 10):
        scale = spread or 1.0
    return gain / scale if scale else 0.0


def failure_class(outcome: str, gain: float | None, text: str, thresholds: Thresholds) -> str | None:
    """The failure class of a non-kept experiment; None for keeps, baselines and undecided rows."""
    if outcome == "crash":
        return "crash_infra" if INFRA.search(text or "") else "crash_code"
    if outcome != "discard" or gain is None:
        return None
    if gain < -thresholds.regression:
        return "regression"
    if gain > thresholds.marginal:
        return "marginal"
    return "no_improvement"


def _fmt(value: float) -> str:
    return f"{value:.6g}"


def lesson(outcome: str, fclass: str | None, what: str, metric: str | None, value: float | None, baseline: float | None,
           gain: float | None, reason: str | None) -> str:
    """One sentence on what the experiment showed."""
    what = what or "this change"
    if outcome == "crash":
        kind = "the environment" if fclass == "crash_infra" else "the code"
        return f"{what} crashed ({reason or 'no reason given'}); the failure lies in {kind}, not the idea, until it runs."
    if outcome == "baseline":
        return f"Baseline run: {metric} = {_fmt(value)}." if metric and value is not None else "Baseline run."
    if metric is None or value is None or baseline is None:
        word = {"keep": "was kept", "discard": "was discarded", "other": "reached no keep or discard decision"}[outcome]
        return f"{what} {word}; the log gives no comparable metric value."
    percent = f"{abs(gain or 0) * 100:.2f}%"
    if outcome == "keep":
        return f"{what} improved {metric} from {_fmt(baseline)} to {_fmt(value)} ({percent}) and was kept."
    if fclass == "regression":
        return f"{what} made {metric} worse: {_fmt(value)} against the best kept {_fmt(baseline)} ({percent} worse)."
    if fclass == "marginal":
        return f"{what} moved {metric} to {_fmt(value)} from {_fmt(baseline)}, a {percent} gain too small to keep."
    if fclass == "no_improvement":
        return f"{what} left {metric} where it was ({_fmt(value)} against {_fmt(baseline)})."
    return f"{what}: {metric} {_fmt(value)} against {_fmt(baseline)}."
