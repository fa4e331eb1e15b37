"""A diff's changes with the edits that only follow from another change folded into it.

What an experiment changed is what a person would name, not every place the patch touches:

- the same value changed in several places (`"eps": 1e-10` -> `1e-8` in seven parameter groups)
  is one change;
- a class's default (a dataclass field) that a module-level constant of the same name sets is
  the constant's change: the constant is the value the run used;
- code edited only to use a setting or a definition the same diff adds, removes or changes (a new
  `ATTENTION_GATE = True` and the `forward` that now reads it; a new `compute_vol` and the
  `main` that now calls it) is that setting's change: the edit wires it in. So is code that uses
  what such an edit began to assign (the `forward` reading the `self.gate_scale` that `__init__`
  now sets from the new setting).

The patch keeps every line; this only decides what the record lists as changes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .change import Change
from .numbers import parse_number

# Keys the Python reader leaves on a change for this module, removed before a change leaves it.
LEAF, REFERENCES, DEFINES, MEMBER = "_leaf", "_references", "_defines", "_member"
_INTERNAL = (LEAF, REFERENCES, DEFINES, MEMBER)


def _is_value(change: Change) -> bool:
    return change.get("from") is not None or change.get("to") is not None


def fold(changes: list[Change]) -> list[Change]:
    """The changes of one file, folded; the internal keys are removed."""
    values = [c for c in changes if _is_value(c)]
    module_values = {c.get(LEAF) for c in values if not c.get(MEMBER)}
    # What the diff names itself: values it sets and definitions it adds or removes.
    named = {c.get(LEAF) for c in values} | {
        c.get(LEAF) for c in changes if not _is_value(c) and c["direction"] in ("add", "remove")
    }
    named.discard(None)
    wiring = _wiring(changes, named)
    out = []
    for index, change in enumerate(changes):
        if index in wiring:
            continue
        if _is_value(change) and change.get(MEMBER) and change.get(LEAF) in module_values:
            continue  # a class default the module-level constant of the same name sets
        out.append({k: v for k, v in change.items() if k not in _INTERNAL})
    return once(out)


def _wiring(changes: list[Change], named: set[object]) -> set[int]:
    """The code edits that use what the diff names, and, in turn, what those edits began to assign."""
    edits = {
        i: c
        for i, c in enumerate(changes)
        if not _is_value(c) and c["direction"] == "replace" and isinstance(c.get(REFERENCES), frozenset)
    }
    found: set[int] = set()
    grown = True
    while grown:
        grown = False
        for index, edit in edits.items():
            references = edit[REFERENCES]
            if index not in found and isinstance(references, frozenset) and (references - {edit.get(LEAF)}) & named:
                found.add(index)
                defines = edit.get(DEFINES)
                named |= set(defines) if isinstance(defines, frozenset) else set()
                grown = True
    return found


def once(changes: Iterable[Change]) -> list[Change]:
    """Each change once: the same parameter set from the same value to the same value in several
    places is one change, at the first place."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for change in changes:
        key = (change.get("parameter"), change.get("from"), change.get("to"), change.get("direction"))
        if key not in seen:
            seen.add(key)
            out.append(change)
    return out


def said_by(change: Mapping[str, object], exact: Iterable[Mapping[str, object]]) -> bool:
    """Whether a change read from a description is one the diff already holds under its code name:
    the same new value (as a number where both are numbers) and the same old value where both say
    one (`adam eps 1e-10 -> 1e-8` is the diff's `eps` from `1e-10` to `1e-8`), or a name of the
    same words in another order or form ("label smoothing" is the diff's `smooth_labels`). A reading
    without a value (a thing added or removed) is also the diff's when the names are alike
    (`_names_alike`): "crash regime filter" is the diff's `apply_regime_filter`."""
    words = name_words(str(change.get("parameter") or ""))
    if words and any(name_words(str(other.get("parameter") or "")) == words for other in exact):
        return True
    if change.get("to") is None:  # a thing added, removed or edited: the diff's edit of it under its code name
        return any(_names_alike(str(change.get("parameter") or ""), str(other.get("parameter") or "")) for other in exact)
    for other in exact:
        if other.get("to") is None or not _same(change["to"], other["to"]):
            continue
        if change.get("from") is None or other.get("from") is None or _same(change["from"], other["from"]):
            return True
    return False


def _names_alike(described: str, code: str) -> bool:
    """Whether a name read from words and a code name are one thing: the same letters but for the
    separators (`force_tradetracker_https`, `force_trade_tracker_https`); one holding all the other's
    words, two or more (`solinas_mod_add_qq`, `mod_add_qq`); or two or more words in common that are
    at least half of each (`crash_regime_filter`, `apply_regime_filter`). One word in common is not
    enough: `mlp` is in many code names."""
    if described.replace("_", "") == code.replace("_", ""):
        return True
    mine, theirs = name_words(described), name_words(code)
    common = len(mine & theirs)
    if common >= 2 and common == min(len(mine), len(theirs)):
        return True
    return common >= 2 and 2 * common >= max(len(mine), len(theirs))


def name_words(name: str) -> frozenset[str]:
    """The words of a parameter name, each without its inflection (smoothing, smoothed -> smooth;
    labels -> label), so that two spellings of one name compare equal."""
    out = set()
    for word in re.split(r"[_\W]+", name.lower()):
        for ending in ("ing", "ed", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= 3 and not word.endswith("ss"):
                word = word[: -len(ending)]
                break
        if word:
            out.add(word)
    return frozenset(out)


def _same(a: object, b: object) -> bool:
    x, y = parse_number(str(a)), parse_number(str(b))
    if x is not None and y is not None:
        return x == y
    return str(a).strip().strip("\"'").lower() == str(b).strip().strip("\"'").lower()
