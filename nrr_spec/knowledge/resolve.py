"""Read a proposal's parameter names in the terms the records folder already uses.

A person types "LR", "learning rate", "model width"; a lab's records say `matrix_lr`, `width`,
`logit_softcap`. Before any generic synonym list, each proposed parameter the records do not hold
is matched against the parameters they do hold (only those of records that may be shown, see
`withheld`):

1. a name that the same generic synonyms map to the same thing (`d_model` and `width`);
2. a held parameter whose words contain all of the proposal's words ("lr" -> `matrix_lr`,
   "logit softcap" -> `logit_softcap_hurts_stability`), or whose words are all among the
   proposal's ("model width" -> `width`). "learning rate" and "lr" count as one word.

Among several candidates the one changed most often wins (then the one kept most often), and the answer says how the word was
read ("'LR' read as matrix_lr; also held: embedding_lr, scalar_lr").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .features import Change

_SAME_WORD = {"learning_rate": "lr", "learning": "lr", "rate": "", "lrs": "lr"}
_FILLER = {"", "the", "a", "an", "of", "value", "size", "param", "parameter"}


@dataclass
class Resolution:
    changes: list[Change]
    notes: list[str] = field(default_factory=list)


def _words(name: str) -> frozenset[str]:
    name = name.replace("learning_rate", "lr")
    return frozenset(w2 for w in name.split("_") if (w2 := _SAME_WORD.get(w, w)) not in _FILLER)


def _spelled(text: str, parameter: str) -> str:
    """The words of the proposal that named `parameter`, for the note ("LR", "model width")."""
    from ..convert.vocab import normalise_parameter

    tokens = re.findall(r"[A-Za-z][\w-]*", text)
    for size in (1, 2, 3):
        for i in range(len(tokens) - size + 1):
            words = " ".join(tokens[i : i + size])
            if normalise_parameter(words) == parameter:
                return words
    return parameter


def _aliases(parameter: str) -> set[str]:
    from ..convert.vocab import PARAMETER_SYNONYMS, normalise_parameter

    canonical = normalise_parameter(parameter)
    return {alias for alias, target in PARAMETER_SYNONYMS.items() if target == canonical} | {canonical}


def candidates(parameter: str, held: dict[str, tuple[int, int]]) -> list[str]:
    """Held parameters the proposed one may mean, most changed first."""
    if parameter in held:
        return [parameter]
    same = [p for p in _aliases(parameter) if p in held]
    if not same:
        wanted = _words(parameter)
        if not wanted:
            return []
        same = [p for p in held if (w := _words(p)) and (wanted <= w or w <= wanted)]
        # The tightest fit first: a held name with no words beyond the proposal's beats a longer one.
        tightest = min((len(_words(p) ^ wanted) for p in same), default=0)
        same = [p for p in same if len(_words(p) ^ wanted) == tightest]
    return sorted(same, key=lambda p: (-held[p][0], -held[p][1], p))


def resolve(text: str, changes: list[Change], held: dict[str, tuple[int, int]]) -> Resolution:
    """The proposal's changes with each parameter read as a held one where that is possible."""
    out: list[Change] = []
    notes: list[str] = []
    for change in changes:
        found = candidates(change.parameter, held) if held else []
        if not found or found[0] == change.parameter:
            out.append(change)
            continue
        chosen = found[0]
        note = f"'{_spelled(text, change.parameter)}' read as {chosen}"
        if len(found) > 1:
            note += f"; also held: {', '.join(found[1:4])}"
        notes.append(note)
        out.append(Change(chosen, change.direction, change.to, change.value, change.evidence))
    return Resolution(out, notes)
