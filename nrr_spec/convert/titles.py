"""A converted record's title, written as a finding: what changed and what it did to the metric.

"Raising matrix_lr from 0.04 to 0.05 worsened val_bpb by 0.3%" says more in a list of results
than the log's own line; the record page keeps that line, verbatim, under the title.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..model.experiment import logged_no_result
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


MAX_VALUE = 40  # a longer 'value' is code or prose: the record's table of changes shows it whole


def _value(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return f"{value:.6g}"
    text = " ".join(str(value).split())
    return text if len(text) <= MAX_VALUE else None


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


# Words that name a measurement taken after a change, and the word for the same measurement before it.
_AFTER_BEFORE = (
    ("after", "before"),
    ("new", "old"),
    ("post", "pre"),
    ("final", "initial"),
    ("end", "start"),
    ("current", "previous"),
)
_BEFORE_WORDS = ("before", "baseline", "base", "prev", "previous", "old", "ref", "reference")
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")


def _before_names(metric: str) -> set[str]:
    """Column names a log would give the same metric measured before the change: `metric_before` for
    `metric_after`, `prev_score` or `score_before` for `score`."""
    words = [w for w in _WORD_SPLIT.split(metric.lower()) if w]
    names = set()
    for after, before in _AFTER_BEFORE:
        if after in words:
            names.add("_".join(before if w == after else w for w in words))
    stem = "_".join(words)
    for word in _BEFORE_WORDS:
        names.update({f"{word}_{stem}", f"{stem}_{word}"})
    return names


def comparison_baseline(experiment: Mapping[str, Any]) -> float | None:
    """What the row's result is compared with: the best kept result before it; without one, the row's
    own measurement before the change when the log has a column for it (`metric_before`)."""
    metric = experiment.get("metric") or {}
    baseline = metric.get("baseline")
    if isinstance(baseline, (int, float)):
        return float(baseline)
    name = metric.get("name")
    if not name:
        return None
    wanted = _before_names(str(name))
    for column, value in (experiment.get("other_metrics") or {}).items():
        if "_".join(w for w in _WORD_SPLIT.split(str(column).lower()) if w) in wanted and isinstance(value, (int, float)):
            return float(value) if math.isfinite(value) else None
    return None


def effect_phrase(experiment: Mapping[str, Any], aside: bool = False) -> str | None:
    """What the experiment did to its metric: 'worsened val_bpb by 0.3%', 'crashed', or None when unknown.

    A kept change that measured worse than the best result before it says so as a fact about the
    loop's decision ("was kept although it worsened ..."), never as if the change had failed.
    With `aside`, the phrase follows a title that already names the outcome ("Discarded: ..."):
    it neither repeats the outcome nor holds parentheses of its own, since it goes inside some.
    """
    outcome = experiment.get("outcome")
    if outcome == ExperimentOutcome.crash:
        if experiment.get("failure_class") == FailureClass.crash_infra:
            return "lost to an infrastructure failure" if aside else "was lost to an infrastructure failure"
        return None if aside else "crashed"
    metric = experiment.get("metric") or {}
    name, value, baseline = metric.get("name"), metric.get("value"), comparison_baseline(experiment)
    direction = metric.get("direction")
    if not name or not isinstance(value, (int, float)) or baseline is None:
        return None
    if _placeholder_zero(experiment):
        return None
    delta = value - baseline
    if delta == 0:
        return f"left {name} unchanged"
    if direction not in (Direction.lower, Direction.higher):
        return f"moved {name} from {_value(baseline)} to {_value(value)}"
    better = (delta < 0) == (direction == Direction.lower)
    # Across zero (a signed score, a difference in percent), a relative change is no size: give both values.
    size = _percent(delta, baseline) if value * baseline >= 0 else None
    by = f" by {size}" if size else f" from {_value(baseline)} to {_value(value)}"
    if better:
        not_kept = outcome == ExperimentOutcome.discard and not aside
        return f"improved {name}{by}" + (" (not kept)" if not_kept else "")
    if experiment.get("failure_class") == FailureClass.no_improvement:  # worse, but within the log's noise
        within = f"{size} worse, within noise"
        return f"did not improve {name}" + ((f", {within}" if aside else f" ({within})") if size else "")
    if outcome == ExperimentOutcome.keep:
        return f"although it worsened {name}{by}" if aside else f"was kept although it worsened {name}{by}"
    return f"worsened {name}{by}"


def _placeholder_zero(experiment: Mapping[str, Any]) -> bool:
    metric = experiment.get("metric") or {}
    return logged_no_result(experiment.get("outcome"), metric.get("value"), metric.get("baseline"), metric.get("direction"))


def _measured(experiment: Mapping[str, Any]) -> str | None:
    """'gates 222': the measurement alone, for a row with no decision and nothing to compare it with."""
    metric = experiment.get("metric") or {}
    if metric.get("name") and isinstance(metric.get("value"), (int, float)):
        return f"{metric['name']} {_value(metric['value'])}"
    return None


def _decision(experiment: Mapping[str, Any], logged_zero: bool = False) -> str:
    """The loop's decision when the metric cannot say what the change did: why not, in a few words.

    A row without a decision (a sweep, a benchmark table) states its measurement; 'undecided, with
    no earlier result' would blame a comparison such logs never make.
    """
    outcome = str(experiment.get("outcome") or ExperimentOutcome.other)
    metric = experiment.get("metric") or {}
    name = metric.get("name")
    if outcome == ExperimentOutcome.other:
        return _measured(experiment) or (f"no {name} recorded" if name else "no decision recorded")
    word = OUTCOME_WORD.get(outcome, "Undecided").lower()
    if not name:
        return word
    if not isinstance(metric.get("value"), (int, float)):
        return f"{word}, no {name} recorded" + (" (logged as 0)" if logged_zero else "")
    if _placeholder_zero(experiment):
        return f"{word}, no {name} recorded (logged as 0)"
    return f"{word} at {name} {_value(metric['value'])}, with no earlier result to compare"


# Where a clause of a log line ends: a sentence's full stop, a colon, a semicolon, a dash between words.
_CLAUSE_END = re.compile(r"(?<=\w)[.:;](?=\s)|\s[—–-]\s")
MIN_CLAUSE_SHARE = 0.4


def _fit(lead: str, tail: str) -> str:
    """`lead + tail` within MAX_TITLE: the lead (the log's words or the change) gives way, word by
    word, so that the effect or decision at the end is never cut."""
    if len(lead) + len(tail) <= MAX_TITLE:
        return lead + tail
    budget = MAX_TITLE - len(tail) - 1
    if budget < MAX_TITLE // 3:  # a tail too long to keep whole: cut the title as one text
        lead, tail, budget = lead + tail, "", MAX_TITLE - 1
    cut = lead[: budget + 1]
    cut = cut.rsplit(" ", 1)[0] if " " in cut else cut[:budget]  # mid-word only for one overlong word
    # A clause that ends within the budget reads as a finding; words cut mid-clause do not. The last
    # clause end is taken when it keeps at least MIN_CLAUSE_SHARE of the room.
    ends = [m.start() for m in _CLAUSE_END.finditer(cut)]
    if ends and ends[-1] >= budget * MIN_CLAUSE_SHARE:
        cut = cut[: ends[-1]]
    opened = cut.rfind("(")
    if opened > len(cut) // 2 and ")" not in cut[opened:]:  # an aside cut open reads as a typo: drop it
        cut = cut[:opened]
    return cut.rstrip(" ,;:-–—([{") + "…" + tail


MIN_PHRASE_WORDS = 4  # 'headwise_attention_gate' still names a thing; 'first_true_mtf_fortress' is a phrase


def _phrase_of_the_line(change: Mapping[str, Any], description: str) -> bool:
    """A change read from the text with no value, named by a run of four or more of the log line's
    own words ('sde_denoiser_makes_it_worse' from 'SDE denoiser makes it worse'): the line says it
    better than its words joined by underscores. A name read from code, or declared, is a name."""
    if change.get("evidence") in ("diff", "declared") or change.get("from") is not None or change.get("to") is not None:
        return False
    words = [w for w in _WORD_SPLIT.split(str(change.get("parameter", "")).lower()) if w]
    line = [w for w in _WORD_SPLIT.split(description.lower()) if w]
    return len(words) >= MIN_PHRASE_WORDS and f"_{'_'.join(words)}_" in f"_{'_'.join(line)}_"


def _says_outcome(words: str, outcome: str) -> bool:
    """Whether a description starts with its own outcome's word ("baseline: ...", "Discarded - ...")."""
    first = re.match(r"[a-z]+", words.lower())
    return first is not None and first.group(0) in (outcome, OUTCOME_WORD.get(outcome, "").lower())


def finding_title(experiment: Mapping[str, Any], description: str, fallback: str, logged_zero: bool = False) -> str:
    """The title of a converted record: its parsed change and the change's effect.

    Without a parsed change (or with one that only strings the line's words together), the log's
    own words lead ("Discarded: try GeLU (worsened val_bpb by 1.0%)"), and a row with no decision
    leads with them alone ("Experiment 4 of s: gates 222");
    without a known effect, the loop's decision follows the change, with why the metric cannot say
    more ("Raising warmdown_ratio to 0.8: discarded, no val_bpb recorded").
    """
    outcome = str(experiment.get("outcome") or ExperimentOutcome.other)
    changes: Sequence[Mapping[str, Any]] = experiment.get("changes") or []
    if outcome == ExperimentOutcome.baseline or not changes or _phrase_of_the_line(changes[0], description):
        words = " ".join(description.split())
        if outcome == ExperimentOutcome.other:
            lead = words or fallback[:1].upper() + fallback[1:]
            effect = effect_phrase(experiment, aside=True)
            measured = _measured(experiment)
            tail = f" ({effect})" if effect else (f": {measured}" if measured else "")
        elif _says_outcome(words, outcome):  # "baseline: reference recipe" is not "Baseline: baseline: ..."
            lead = words[0].upper() + words[1:]
            effect = None if outcome == ExperimentOutcome.baseline else effect_phrase(experiment, aside=True)
            tail = f" ({effect})" if effect else ""
        else:
            lead = f"{OUTCOME_WORD.get(outcome, 'Undecided')}: {words or fallback}"
            effect = None if outcome == ExperimentOutcome.baseline else effect_phrase(experiment, aside=True)
            tail = f" ({effect})" if effect else ""
        return _fit(lead, tail)
    lead = change_phrase(changes[0])
    if len(changes) > 1:
        others = len(changes) - 1
        lead += f" and {others} other change{'' if others == 1 else 's'}"
    effect = effect_phrase(experiment)
    return _fit(lead, f" {effect}" if effect else f": {_decision(experiment, logged_zero)}")
