"""Scope labels: the part of a system a log's change applies to, written before a colon.

Loops that tune several parts of one system label each row with the part: "Game winner: threshold
optimization", "Point spread: Huber loss", "Player PTS: Huber loss". A single row cannot tell such a
label from a change named before its explanation ("residual learning: predict noise and subtract");
the log can: a label that leads several rows with different changes names a part, not a change.
The change is then read from what follows the label, and the label stays in the description, so
two parts' changes are still told apart by their words.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .phrases import NUM, PREFIX, TAG

# A value alone after the colon, or moving to another, makes the name before it a setting ("outer_srr:
# 45.0->50.0, p: 50->52", "lr: 0.02"), not a label; words after a number are a label's ("Point spread: 60/40 blend").
_VALUE_FIRST = re.compile(rf"[~≈]?{NUM}%?\s*(?:$|[,;|(]|->|→)")

MIN_ROWS = 3  # rows a label must lead, with different text after it, to name a part of the system


def label_of(description: str) -> tuple[str, str] | None:
    """The label before a description's colon (lower case) and the text after it; None without one."""
    text = TAG.sub("", description or "").strip()
    found = PREFIX.match(text)
    if found is None:
        return None
    rest = text[found.end() :].strip()
    if not rest or _VALUE_FIRST.match(rest):
        return None
    return found.group(1).strip().lower(), rest


@dataclass
class Scopes:
    """The labels a log's descriptions start with, counted once per distinct text after them."""

    seen: Counter[str] = field(default_factory=Counter)
    _texts: set[tuple[str, str]] = field(default_factory=set)

    def add_text(self, description: str) -> None:
        found = label_of(description)
        if found is not None and found not in self._texts and len(self._texts) < 100_000:
            self._texts.add(found)
            self.seen[found[0]] += 1

    def done(self) -> None:
        self._texts = set()

    def rest(self, description: str) -> str | None:
        """What follows the description's label when the label names a part of the system."""
        found = label_of(description)
        if found is None or self.seen[found[0]] < MIN_ROWS:
            return None
        return found[1]
