"""One thing put in the place of another, said with a verb around both: "replace AdamW with Lion",
"swap SiLU for GELU", "swap in GELU for SiLU", "switch the optimizer from AdamW to Lion", "go back to
ReLU squared", or with an arrow between two choices: "AdamW -> Lion".

The general clause parser splits a description at "with" and "for" (they usually bring context:
"with warmup", "for 2 epochs"), which would read these as two changes or name the change after the
old value. A whole clause of this form is one replacement of one parameter: the parameter the
known values belong to (an optimizer, an activation), else the one the words name, else the old
thing itself.
"""

from __future__ import annotations

import re

from .clauses import Change
from .names import known_value_parameter, normalise_parameter
from .normal_form import make_change
from .numbers import parse_number
from .outcomes import OUTCOME_WORDS, whole_words
from .phrases import DOWN, METRIC_WORDS, UP, unquoted

_THE = r"(?:(?:the|a|an)\s+)?"


def _whole_clause(pattern: str) -> re.Pattern[str]:
    """A form that must be the whole clause, in any case: part of a clause in this form is not a replacement."""
    return re.compile(rf"^(?:{pattern})$", re.I)


# "replace X with Y", "swap X for Y": X goes, Y comes.
_REPLACE = _whole_clause(
    rf"(?:replace[sd]?|replacing|swap(?:ped|s)?|swapping|exchange[sd]?)\s+{_THE}(?P<old>[^,;=]+?)\s+(?:with|by|for)\s+"
    rf"{_THE}(?P<new>[^,;=]+?)"
)
# "swap in Y for X", "swap Y in for X": the thing named first comes in, so the order is the other way.
_SWAP_IN = _whole_clause(
    rf"(?:swap(?:ped|s)?|swapping)\s+(?:in\s+{_THE}(?P<new>[^,;=]+?)|{_THE}(?P<new_before_in>[^,;=]+?)\s+in)\s+for\s+"
    rf"{_THE}(?P<old>[^,;=]+?)"
)
# "swap out X for Y", "swap X out for Y": the thing named first goes.
_SWAP_OUT = _whole_clause(
    rf"(?:swap(?:ped|s)?|swapping)\s+(?:out\s+{_THE}(?P<old>[^,;=]+?)|{_THE}(?P<old_before_out>[^,;=]+?)\s+out)\s+"
    rf"(?:for|with)\s+{_THE}(?P<new>[^,;=]+?)"
)
# "AdamW -> Lion", "GELU → SwiGLU", "sdpa -> flex": an arrow between two things, with no name before
# them. A name before the first ("optimizer AdamW -> Lion") is the general parser's, and so are numbers.
_ARROW = _whole_clause(r"(?P<old>[A-Za-z][\w.²^*-]*)\s*(?:->|→|=>|⇒|-->)\s*(?P<new>[A-Za-z][\w.²^*-]*(?:\s+[A-Za-z][\w.²^*-]*)?)")
# "switch the optimizer from AdamW to Lion", "change the activation from SiLU to GELU".
_FROM_TO = _whole_clause(
    rf"(?:switch(?:ed|es)?|switching|change[sd]?|changing|move[sd]?|moving)\s+{_THE}(?P<name>[^,;=]+?)\s+from\s+"
    rf"{_THE}(?P<old>[^,;=]+?)\s+to\s+{_THE}(?P<new>[^,;=]+?)"
)

# What an arrow between two words says when it is not a replacement: a result ("PASS -> FAIL",
# "warmdown → diverges"), a quantity that moved ("steps → fewer") or one commit after another.
_NOT_A_CHOICE = whole_words(rf"{OUTCOME_WORDS}|pass|ok|keep|{'|'.join(sorted(UP | DOWN))}")
_COMMIT = re.compile(r"^(?=[a-z]*\d)[0-9a-f]{7,40}$", re.I)

# "go back to ReLU squared", "revert to GELU": the thing named comes back in place of what is there now.
_BACK = _whole_clause(
    rf"(?:go(?:es|ing)?|went|switch(?:ed)?|revert(?:ed|ing)?|return(?:ed|ing)?|roll(?:ed)?)\s+(?:back\s+)?to\s+{_THE}"
    rf"(?P<new>[^,;=]+?)"
)


# "Tried replacing LayerNorm with RMSNorm": the attempt is the replacement itself.
_ATTEMPT = re.compile(r"^(?:tried|try|trying|attempt(?:ed|ing)?|test(?:ed|ing)?)\s+(?:to\s+)?(?=\w+\s)", re.I)
# Why the new thing was put in, after it: "with RMSNorm for speed/efficiency", "with Lion to save memory".
_PURPOSE = re.compile(r"\s+(?:for|to)\s+[a-z][a-z/\s-]*$")


def replacement(clause: str) -> list[Change] | None:
    """The one replacement a whole clause says, or None when it is not of this form (numbers are
    left to the general parser: "change lr from 0.04 to 0.05" is a setting that goes up)."""
    text = _ATTEMPT.sub("", clause.strip(" .,:;\t"))
    back = _BACK.match(text)
    if back is not None:  # only a known kind of thing says which parameter comes back to it
        parameter = known_value_parameter(back.group("new"))
        made = make_change(parameter, None, back.group("new").strip(), "replace") if parameter else None
        return [made] if made is not None else None
    found = _SWAP_IN.match(text) or _SWAP_OUT.match(text) or _REPLACE.match(text) or _FROM_TO.match(text) or _ARROW.match(text)
    if found is None:
        return None
    groups = found.groupdict()
    old = unquoted((groups.get("old") or groups.get("old_before_out") or "").strip())
    new = unquoted((groups.get("new") or groups.get("new_before_in") or "").strip())
    if found.re is not _SWAP_IN and found.re is not _FROM_TO:
        new = _PURPOSE.sub("", new) or new
    if found.re is _ARROW and not _two_choices(old, new):
        return None
    if parse_number(old) is not None or parse_number(new) is not None:
        return None
    named = found.groupdict().get("name")
    parameter = known_value_parameter(new) or known_value_parameter(old)
    if parameter is None:
        parameter = normalise_parameter(named or _slot(old))
    made = make_change(parameter, old, new, "replace")
    return [made] if made is not None else None


# The noun at the end of what goes, which names the place the new thing takes ("EMA crossdown exit",
# "ADX trend filter", "StringScanner tokenizer"): the words before it say which one it was.
_QUALIFIED = re.compile(r"\s+(?:in|on|of|at|for|from|inside|within)\s+", re.I)
_HEAD_NOUN = re.compile(r"^(?P<kind>.+?)\s+(?P<slot>[a-z]{3,})$")


def _slot(old: str) -> str:
    """What a replacement changes when no known kind names it: the head noun of what goes, of a phrase
    that names one thing; else what goes itself (one word, or several things joined)."""
    if re.search(r"\b(?:and|or|plus)\b|[,+&]", old):
        return old
    phrase = _QUALIFIED.split(old, maxsplit=1)[0]  # "deletion in the order-id map": the deletion
    head = _HEAD_NOUN.match(phrase)
    return head.group("slot") if head else phrase


def _two_choices(old: str, new: str) -> bool:
    """Whether the two sides of an arrow are one thing and what takes its place, not a metric, a
    result, a quantity that moved or a pair of commits."""
    if (METRIC_WORDS.match(old) or METRIC_WORDS.match(new)) and not (known_value_parameter(old) or known_value_parameter(new)):
        return False  # a measurement's move; "MSE->SSIM" names two losses, choices of one parameter
    return not any(_NOT_A_CHOICE.search(side) or _COMMIT.match(side) for side in (old, new))
