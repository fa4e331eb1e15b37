"""A count's unit spelled as the log spells it: "warmup 1000 iterations" is `warmup_iters` in a log
whose code says `WARMUP_ITERS`.

Words name a count by its unit in many spellings (steps, iters, iterations; an iteration of a
training loop is one optimizer step), and a log's code by one. A name read from words that is
counted in a unit takes the code name of the same words and unit that the log itself writes (an
identifier in its rows, or a name its diffs set), so one setting keeps one name across the log.
Names from words alone are never renamed after each other, and a name without a unit never is.
"""

from __future__ import annotations

import re
from collections import Counter

from .categories import Parsed, renamed
from .names import snake_case
from .resolve import UNIT_WORDS, name_tokens

_IDENTIFIER = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w.])")


def _key(name: str) -> frozenset[str] | None:
    """The words of a name with its unit in one spelling; None when no unit counts it. A count is
    plural (`warmup_iters`); a singular unit word names one step of something (`kaliski_step 4`)."""
    plural = any(word.endswith("s") and name_tokens(word) & UNIT_WORDS for word in name.split("_"))
    return name_tokens(name) if plural else None


class CodeSpellings:
    """The code names of counts a log writes, by their words, for `spelled_as_code`."""

    def __init__(self) -> None:
        self._names: dict[frozenset[str], Counter[str]] = {}

    def __bool__(self) -> bool:
        return bool(self._names)

    def add_name(self, name: str) -> None:
        """A name the log writes as code (`warmup_iters`)."""
        key = _key(name)
        if key is not None:
            self._names.setdefault(key, Counter())[name] += 1

    def add_text(self, text: str) -> None:
        """Every code identifier of a row's text (`WARMUP_ITERS=500` writes warmup_iters)."""
        for identifier in _IDENTIFIER.findall(text):
            self.add_name(snake_case(identifier))

    def code_name(self, parameter: str) -> str | None:
        """The code name the log writes for `parameter`'s words and unit, when it writes one."""
        key = _key(parameter)
        names = self._names.get(key) if key is not None else None
        if not names or parameter in names:
            return None
        return names.most_common(1)[0][0]


def spelled_as_code(parsed: Parsed, spellings: CodeSpellings | None) -> Parsed:
    """A parsed description with each count named as the log's code names it; the same object when
    nothing is renamed."""
    return renamed(parsed, spellings.code_name) if spellings else parsed
