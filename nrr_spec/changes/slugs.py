"""A run named by a slug: a description that is one snake_case identifier ("luma_error_weight_95",
"trellis_rate_penalty_bits_128_too_small", "no_weight_tying").

Loops that name each run by what it tried write its description, or its run's name, as an
identifier. Read as one name, the run would add a setting called by all of it, its value and
verdict included. Its numbers say otherwise: each whole number or decimal among the parts is the
value of the name its parts before it spell (`luma_error_weight_95`: luma_error_weight = 95;
`lr_0.02_wd_0.1`: two settings), and the few words after the last value remark on the run
("too_small_to_keep"). A part with a number glued after it (`v2`, `int8`) is a word of the name.

Not every slug lists settings. One with a part that starts with a number (`best_10L_640_256s`: ten
layers, 640 wide) writes values with their units; one with a hash or a number with a leading zero
(`runpod_ff46008_03310841`, `beta2_099`) is an id, a stamp or a decimal shorthand only the log can
resolve; one whose joining words come before a number, or that runs on after its last one, is a
sentence. Those are read as before. A slug with no number that starts with a word of switching
(`no_`, `use_`, `disable_`) is that phrase, read as words. A code name of two words (`MATRIX_LR`,
`use_swiglu`) is no slug, but two words of which the second is a number (`seed_42`) are a setting
and its value.
"""

from __future__ import annotations

import re

from .change import Change
from .normal_form import make_change

_NUMBER = r"\d+(?:\.\d+)?(?:[eE]-?\d+)?"
_PART = rf"(?:[A-Za-z0-9]+|{_NUMBER})"
_SLUG = re.compile(rf"[A-Za-z][A-Za-z0-9]*(?:_{_PART}){{2,}}|[A-Za-z][A-Za-z0-9]*_{_NUMBER}")
_VALUE = re.compile(_NUMBER)
# A part of a tracker's or a pod's id: a hash (`ff46008`, `a644af`), hex digits with letters and numbers both.
_ID_PART = re.compile(r"(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{5,}")
# A number with a leading zero (`099`, `003`, a date's `0331`): a decimal shorthand only the log can
# resolve, or a stamp, never a value as written.
_SHORTHAND = re.compile(r"0\d")
# Words that join the parts of a phrase, never a part of a setting's name.
_JOINING = frozenset(
    {"a", "an", "the", "of", "and", "or", "to", "for", "with", "without", "from", "in", "on", "at", "by", "vs"}
    | {"than", "as", "into", "too", "after", "before", "then", "while", "via"}
)
REMARK_PARTS = 4  # words after the last value that remark on the run ("too_small_to_keep"); more make a sentence
# The first words of a slug that switch what follows on or off.
SWITCHING = frozenset({"no", "without", "use", "enable", "disable", "add", "remove"})


def is_slug(text: str) -> bool:
    """Whether `text` is one snake_case identifier of three parts or more, or a name and a number."""
    return bool(_SLUG.fullmatch(text.strip()))


def slug_settings(text: str) -> list[Change] | None:
    """The settings a slug's numbers give values to; None when `text` is no slug or holds no number."""
    parts = text.strip().split("_")
    numbered = [i for i, part in enumerate(parts) if _VALUE.fullmatch(part)]
    if not is_slug(text) or not numbered:
        return None
    if any(_ID_PART.fullmatch(part) for part in parts) or any(_SHORTHAND.match(parts[i]) for i in numbered):
        return None  # a run's id ("runpod_ff46008_03310841"), or a decimal written without its point ("beta2_099")
    if any(part[0].isdigit() for i, part in enumerate(parts) if i not in numbered):
        return None  # values with their units glued on ("best_10L_640_256s": 10 layers, 640 wide): no names to set
    if any(part.lower() in _JOINING for part in parts[: numbered[-1]]) or len(parts) - numbered[-1] - 1 > REMARK_PARTS:
        return None  # "sample_2_of_8_future_targets", "reuse_2_sampled_targets_as_post_...": a sentence, no settings
    changes: list[Change] = []
    name: list[str] = []
    for part in parts:
        if part.lower() in _JOINING:
            break
        if not _VALUE.fullmatch(part):
            name.append(part)
            continue
        made = make_change("_".join(name), None, part, "set") if name else None
        changes += [made] if made else []
        name = []
    return changes


def switching_phrase(text: str) -> str | None:
    """The words of a slug with no number that starts with a word of switching ("no weight tying"), or None."""
    stripped = text.strip()
    if not is_slug(stripped) or any(_VALUE.fullmatch(part) for part in stripped.split("_")):
        return None
    return stripped.replace("_", " ") if stripped.split("_")[0].lower() in SWITCHING else None
