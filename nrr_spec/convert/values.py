"""Cell values as loops write them: numbers with units or `~`, crash sentinels, status synonyms."""

from __future__ import annotations

import math
import re
from functools import lru_cache

# A number possibly wrapped in approximation marks, signs, thousands separators and a unit.
_NUMBER = re.compile(
    r"^\s*[~≈]?\s*(?P<num>[-+]?(?:\d[\d_,]*\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(?P<suffix>[kKmMbBgG]?)\s*(?P<unit>[a-zA-Z%/µ²³]*(?:/[a-zA-Z]+)?)\s*$"
)
_SCALE = {"k": 1e3, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9}
# Cells that mean "no measurement": the metric of a crashed run or an unmeasured column.
MISSING = {"", "-", "--", "—", "n/a", "na", "nan", "none", "null", "inf", "+inf", "-inf", "infinity", "?", "tbd", "pending",
           "various"}
SENTINELS = {-999.0, -9999.0, 999999.0, -1e9}


def parse_number(cell: object) -> float | None:
    """A finite float from a cell such as `0.9932`, `~79%`, `9.3s`, `151K`, `1,234`; None otherwise."""
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, (int, float)):
        value = float(cell)
        return value if math.isfinite(value) else None
    text = str(cell).strip()
    if text.lower() in MISSING:
        return None
    match = _NUMBER.match(text)
    if not match:
        return None
    raw = match.group("num").replace("_", "").replace(",", "")
    try:
        value = float(raw)
    except ValueError:
        return None
    suffix = match.group("suffix")
    unit = match.group("unit")
    # "151K" is a count; "5m" or "12ms" is a unit, not mega.
    if suffix and not unit and suffix in _SCALE:
        value *= _SCALE[suffix]
    elif suffix and unit:
        return None if len(unit) > 6 else value
    return value if math.isfinite(value) else None


def unit_of(cell: str) -> str | None:
    """The unit written after a number (`9.3s` -> `s`, `92.0%` -> `%`), or None."""
    match = _NUMBER.match(cell or "")
    if not match:
        return None
    unit = (match.group("suffix") if match.group("unit") else "") + match.group("unit")
    return unit or None


# Status words, any case. Prefix rules below catch variants such as discard_wallclock.
STATUS_SYNONYMS: dict[str, str] = {}
for _outcome, _words in {
    "keep": "keep kept keeper improved improvement pass passed accept accepted better best new_best merged yes y true 1 win",
    "discard": "discard discarded revert reverted rejected reject worse no n false 0 drop dropped rollback rolled_back "
               "regressed regression lose loss",
    "crash": "crash crashed fail failed failure error errored oom killed timeout timed_out invalid abort aborted exception",
    "baseline": "baseline base reference ref control",
    "other": "ok same neutral partial pending run running done diag tentative repair support skip skipped unknown - n/a na",
}.items():
    for _word in _words.split():
        STATUS_SYNONYMS[_word] = _outcome

_PREFIXES = (("discard", "discard"), ("revert", "discard"), ("reject", "discard"), ("keep", "keep"), ("crash", "crash"),
             ("fail", "crash"), ("oom", "crash"), ("baseline", "baseline"))


def normalise_status(cell: str | None, overrides: dict[str, str] | None = None) -> str | None:
    """The outcome a status cell stands for, or None when the word is not a status."""
    if cell is None:
        return None
    if overrides:
        for key, value in overrides.items():
            if key.strip().lower() == cell.strip().lower():
                return value
    return _status_word(cell)


@lru_cache(maxsize=4096)
def _status_word(cell: str) -> str | None:
    word = re.sub(r"[\s-]+", "_", cell.strip().lower()) if cell.strip() != "-" else "-"
    if word in STATUS_SYNONYMS:
        return STATUS_SYNONYMS[word]
    for prefix, outcome in _PREFIXES:
        if word.startswith(prefix) or word.endswith("_" + prefix) or word.endswith("_" + prefix + "ed"):
            return outcome
    return None
