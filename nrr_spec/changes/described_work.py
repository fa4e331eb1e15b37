"""The kind of work a log's own words describe, counted over its descriptions.

A loop whose metric is called `metric` or `score` and whose rows change names the taxonomy does not
know still says what it does in its descriptions: "cooldown 4→8 bars", "drop high vol — PF 1.05,
WR 48.7%", "tighter stop after entry" describe a trading strategy; "fuse the decode kernels",
"cache the expert pages" a program's speed; "dropout 0.1", "wider MLP" a model. Each word the
taxonomy or the metric vocabulary places is one vote for its kind of work (`domain.ML`,
`domain.SYSTEMS`, `domain.STRATEGY`); the words that every kind of loop writes (a split's name,
memory, time) vote for none.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .categories import category_of_word
from .domain import METRIC_WORDS, ML, ML_CATEGORIES, RESOURCES, SPLITS, STRATEGY, SYSTEMS

_WORD = re.compile(r"[a-z]+\d*")
_NEUTRAL = SPLITS | RESOURCES


@lru_cache(maxsize=65536)
def kind_of_word(word: str) -> str | None:
    """The kind of work one lower-case word names, or None."""
    if word in _NEUTRAL:
        return None
    for kind, words in METRIC_WORDS.items():
        if word in words:
            return kind
    category = category_of_word(word)
    if category in ML_CATEGORIES:
        return ML
    return category if category in (SYSTEMS, STRATEGY) else None


def count_described_work(text: str, counts: Counter[str]) -> None:
    """Add the votes of a description's words to `counts`."""
    for word in _WORD.findall(text.lower()):
        kind = kind_of_word(word)
        if kind is not None:
            counts[kind] += 1
