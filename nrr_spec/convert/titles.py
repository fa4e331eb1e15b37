"""A converted record's title, written as a finding: what changed and what it did to the metric.

"Raising matrix_lr from 0.04 to 0.05 worsened val_bpb by 0.3%" says more in a list of results
than the log's own line; the record page keeps that line, verbatim, under the title.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from ..model.vocabulary import VALUE_DIRECTIONS, ChangeDirection, Direction, ExperimentOutcome, FailureClass

OUTCOME_WORD = {
    ExperimentOutcome.keep.value: "Kept",
    ExperimentOutcome.discard.value: "Discarded",
    ExperimentOutcome.crash.value: "Crashed",
    ExperimentOutcome.baseline.value: "Baseline",
    ExperimentOutcome.other.value: "Undecided",
}
MAX_TITLE = 160
_VERB = {
    ChangeDirection.increase.value: "Raising",
    ChangeDirection.decrease.value: "Lowering",
    ChangeDirection.set.value: "Setting",
    ChangeDirection.replace.value: "Replacing",
    ChangeDirection.add.value: "Adding",
    ChangeDirection.remove.value: "Removing",
    ChangeDirection.enable.value: "Enabling",
    ChangeDirection.disable.value: "Disabling",
}


def _value(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return f"{value:.6g}"
    return " ".join(str(value).split())


def change_phrase(change: Mapping[str, Any]) -> str:
    """One change as words: 'raising matrix_lr from 0.04 to 0.05', 'adding small_nonzero_init'."""
    parameter = str(change.get("parameter", "")).strip() or "a setting"
    direction = str(change.get("direction", "set"))
    old, new = _value(change.get("from")), _value(change.get("to"))
    verb = _VERB.get(direction, "Changing")
    if direction in VALUE_DIRECTIONS:
        if old is not None and new is not None:
            return f"{verb} {parameter} from {old} to {new}"
        if new is not None:
            return f"{verb} {parameter} to {new}"
        return f"{'Changing' if direction == ChangeDirection.set else verb} {parameter}"
    if direction == ChangeDirection.replace and new is not None:
        return f"Replacing {parameter}" + (f" ({old})" if old is not None else "") + f" with {new}"
    if direction == ChangeDirection.add and new is not None and new.lower() not in ("true", "1"):
        return f"Adding {parameter} = {new}"
    return f"{verb} {parameter}"


def _percent(delta: float, baseline: float) -> str | None:
    if baseline == 0 or not math.isfinite(delta / baseline):
        return None
    pct = abs(delta / baseline) * 100
    if pct >= 10:
        return f"{pct:.0f}%"
    if pct >= 1:
        return f"{pct:.1f}%"
    return f"{pct:.2g}%" if pct >= 0.001 else "less than 0.001%"


def effect_phrase(experiment: Mapping[str, Any]) -> str | None:
    """What the experiment did to its metric: 'worsened val_bpb by 0.3%', 'crashed', or None when unknown.

    A kept change that measured worse than the best result before it says so as a fact about the
    loop's decision ("was kept although it worsened ..."), never as if the change had failed.
    """
    outcome = experiment.get("outcome")
    if outcome == ExperimentOutcome.crash:
        infra = experiment.get("failure_class") == FailureClass.crash_infra
        return "was lost to an infrastructure failure" if infra else "crashed"
    metric = experiment.get("metric") or {}
    name, value, baseline = metric.get("name"), metric.get("value"), metric.get("baseline")
    direction = metric.get("direction")
    if not name or not isinstance(value, (int, float)) or not isinstance(baseline, (int, float)):
        return None
    delta = value - baseline
    if delta == 0:
        return f"left {name} unchanged"
    if direction not in (Direction.lower, Direction.higher):
        return f"moved {name} from {_value(baseline)} to {_value(value)}"
    better = (delta < 0) == (direction == Direction.lower)
    size = _percent(delta, baseline)
    by = f" by {size}" if size else ""
    if better:
        return f"improved {name}{by}" + (" (not kept)" if outcome == ExperimentOutcome.discard else "")
    if experiment.get("failure_class") == FailureClass.no_improvement:  # worse, but within the log's noise
        return f"did not improve {name}" + (f" ({size} worse, within noise)" if size else "")
    if outcome == ExperimentOutcome.keep:
        return f"was kept although it worsened {name}{by}"
    return f"worsened {name}{by}"


def _decision(experiment: Mapping[str, Any]) -> str:
    """The loop's decision when the metric cannot say what the change did: why not, in a few words."""
    outcome = str(experiment.get("outcome") or ExperimentOutcome.other)
    word = OUTCOME_WORD.get(outcome, "Undecided").lower()
    metric = experiment.get("metric") or {}
    name = metric.get("name")
    if not name:
        return word
    if not isinstance(metric.get("value"), (int, float)):
        return f"{word}, no {name} recorded"
    return f"{word} at {name} {_value(metric['value'])}, with no earlier result to compare"


def finding_title(experiment: Mapping[str, Any], description: str, fallback: str) -> str:
    """The title of a converted record: its parsed change and the change's effect.

    Without a parsed change, the log's own words lead ("Discarded: try GeLU"); without a known
    effect, the loop's decision follows the change, with why the metric cannot say more ("Raising
    warmdown_ratio to 0.8: discarded, no val_bpb recorded").
    """
    outcome = str(experiment.get("outcome") or ExperimentOutcome.other)
    changes: Sequence[Mapping[str, Any]] = experiment.get("changes") or []
    effect = effect_phrase(experiment)
    if outcome == ExperimentOutcome.baseline or not changes:
        words = " ".join(description.split()) or fallback
        title = f"{OUTCOME_WORD.get(outcome, 'Undecided')}: {words}"
        if effect and outcome != ExperimentOutcome.baseline:
            title += f" ({effect})"
    else:
        what = change_phrase(changes[0])
        if len(changes) > 1:
            others = len(changes) - 1
            what += f" and {others} other change{'' if others == 1 else 's'}"
        title = f"{what} {effect}" if effect else f"{what}: {_decision(experiment)}"
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"
    return title
