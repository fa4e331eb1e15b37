"""Exact repeats: a proposal that makes the very change an earlier experiment made.

The same change means every change of the proposal has a counterpart in the earlier experiment
with the same parameter and the same target value (for a number, whichever way the words say it
moved or whether they say it was added: they only tell where each attempt started), or the same
parameter and direction (numbers compared as numbers, words as words; a change without a value,
such as "remove logit softcap", matches the same parameter and direction without one; words match
when they say the same thing once the parameter's own words are set aside: "cosine decay" for the
lr_schedule is the "cosine LR decay" an earlier row reached, "SiLU" the "SiLU activation"), and the
earlier experiment changed nothing else. A run that died of its environment is a repeat too, named
but never counted as evidence about the idea.
An exact repeat is the strongest evidence there is: it is named first in the answer, and an
exact repeat of a change that was not kept is never answered with a bare "proceed". Nor is a change
that an earlier failed experiment made among others (`is_contained`): it is named as part of it.
"""

from __future__ import annotations

import math
import re

from ..changes.names import CHOICE_SPELLINGS
from ..model.vocabulary import ChangeDirection
from .features import Change

# Directions that take a thing away: a number beside them is not the value the parameter is left with.
_LEAVING = frozenset({ChangeDirection.remove.value, ChangeDirection.disable.value})
# What a switch is set to says no more than its direction: "fa=off" is "turn flash attention off".
_SWITCHED = frozenset({ChangeDirection.enable.value, ChangeDirection.disable.value})
_SWITCH_WORDS = frozenset({"on", "off", "true", "false", "yes", "no", "1", "0", "none", "enabled", "disabled"})
# Turning a thing on is adding it, turning it off removing it: "use HistGradientBoosting" repeats an
# earlier "add HistGradientBoosting".
_KIND = {ChangeDirection.enable.value: ChangeDirection.add.value, ChangeDirection.disable.value: ChangeDirection.remove.value}
PAIRED = {
    **dict.fromkeys(
        (ChangeDirection.enable.value, ChangeDirection.add.value), (ChangeDirection.enable.value, ChangeDirection.add.value)
    ),
    **dict.fromkeys(
        (ChangeDirection.disable.value, ChangeDirection.remove.value),
        (ChangeDirection.disable.value, ChangeDirection.remove.value),
    ),
}
# Words that join a value's words without naming anything.
_JOINING = frozenset({"a", "an", "the", "to", "of", "with", "and", "for", "style", "based"})
_WORD = re.compile(r"[a-z0-9]+(?:[.^][0-9]+)*")


def value_words(text: str, parameter: str) -> frozenset[str]:
    """The words of a value that say what it is: lower case, singular, without the words of the
    parameter's own name ("cosine LR decay" of lr_schedule -> cosine, decay); the value's words as
    they are when nothing else is left."""
    words = [
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
        for w in _WORD.findall(text.lower().replace("²", "2"))
    ]
    words = [CHOICE_SPELLINGS.get(w, w) for w in words]
    own = {w for w in parameter.lower().split("_") if w} | ({"learning", "rate"} if "lr" in parameter.split("_") else set())
    telling = frozenset(w for w in words if w not in own and w not in _JOINING)
    return telling or frozenset(words)


def same_change(a: Change, b: Change) -> bool:
    if a.parameter != b.parameter:
        return False
    if a.direction in _SWITCHED or b.direction in _SWITCHED:
        return _KIND.get(a.direction, a.direction) == _KIND.get(b.direction, b.direction) and _switch_value(
            a.to
        ) == _switch_value(b.to)
    if a.value is not None and b.value is not None:
        # A number is a setting: "set X to 0.05", "increase X to 0.05" and "add X 0.05" reach the value
        # an earlier "X 0.06 -> 0.05" reached; the direction words only say where each started from.
        reached = not {a.direction, b.direction} & _LEAVING
        return reached and math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-12)
    if a.direction != b.direction:
        return False
    if a.to is None and b.to is None:
        return True
    if a.to is None or b.to is None:
        return False
    return a.to.strip().lower() == b.to.strip().lower() or value_words(a.to, a.parameter) == value_words(b.to, b.parameter)


def _switch_value(to: str | None) -> str | None:
    """A switch's value, None where it only restates the direction."""
    return None if to is None or to.strip().lower() in _SWITCH_WORDS else to.strip().lower()


def is_repeat(proposal: list[Change], earlier: list[Change]) -> bool:
    """Whether `earlier` makes exactly the proposal's changes (and no others)."""
    if not proposal or not earlier:
        return False
    wanted = {(c.parameter, c.direction, c.to) for c in proposal}
    if len(wanted) != len({(c.parameter, c.direction, c.to) for c in earlier}):
        return False
    return all(any(same_change(p, e) for e in earlier) for p in proposal)


def is_contained(proposal: list[Change], earlier: list[Change]) -> bool:
    """Whether `earlier` made every one of the proposal's changes and more besides: "set depth to 12"
    inside an earlier "depth=12 HEAD_DIM=64 dim=384". Weaker than a repeat (the other changes may be
    what failed), it still never leaves a failure's change a bare "proceed"."""
    if not proposal or not earlier or is_repeat(proposal, earlier):
        return False
    return all(any(same_change(p, e) for e in earlier) for p in proposal)
