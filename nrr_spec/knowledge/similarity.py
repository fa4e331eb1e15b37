"""How alike an earlier experiment is to a proposal: structure first, then text.

Structure compares changes that touch the same parameter: the same parameter is half the score,
the same direction (or one side being a plain "set") adds up to 0.3, and values close in log space
(a factor of two apart halves the credit) or equal as words add up to 0.2. The earlier attempt at
the very same change therefore scores 1.0 and ranks first.

Text is the share of the proposal's information (inverse document frequency of its tokens) that
the earlier description covers, with a penalty for long descriptions that cover it by accident.
It needs only per-term document frequencies, which the index keeps current as records arrive,
unlike a TF-IDF cosine whose document norms would go stale with every new record.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .features import Change

STRUCTURE_WEIGHT = 0.6
TEXT_WEIGHT = 0.4
_LOG2 = math.log(2.0)


def change_similarity(query: Change, other: Change) -> float:
    """Similarity of two changes in [0, 1]; 0 unless they touch the same parameter."""
    if query.parameter != other.parameter:
        return 0.0
    score = 0.5
    if query.direction == other.direction:
        score += 0.3
    elif "set" in (query.direction, other.direction):
        score += 0.15
    if query.value is not None and other.value is not None:
        if query.value == other.value:
            score += 0.2
        elif query.value > 0 and other.value > 0:
            score += 0.2 * math.exp(-abs(math.log(query.value / other.value)) / _LOG2)
    elif query.to and other.to and query.to.strip().lower() == other.to.strip().lower():
        score += 0.2
    return score


def structure_similarity(query: list[Change], other: list[Change], same_category: bool) -> float:
    """Mean over the proposal's changes of the best match among the other's changes."""
    if not query:
        return 0.2 if same_category else 0.0
    total = sum(max((change_similarity(q, o) for o in other), default=0.0) for q in query)
    return total / len(query)


def idf(document_frequency: int, documents: int) -> float:
    return math.log((documents + 1) / (document_frequency + 0.5))


def text_similarity(query_weights: dict[str, float], other_terms: set[str], other_size: int) -> float:
    """Share of the query's idf mass the other text covers, damped when the other text is much longer."""
    mass = sum(query_weights.values())
    if mass <= 0 or not other_terms:
        return 0.0
    covered = sum(w for t, w in query_weights.items() if t in other_terms)
    # A fourth root: a record people wrote has a long summary and should still be found by a few words.
    length = min(1.0, len(query_weights) / max(other_size, 1)) ** 0.25
    return covered / mass * length


@dataclass
class Match:
    """One earlier experiment and how alike it is to the proposal."""

    ref: str
    score: float
    structure: float
    text: float
    outcome: str | None
    failure_class: str | None
    category: str
    description: str
    changes: list[dict[str, object]]
    session: str | None
    sequence: int | None
    path: str
    weight: float = 1.0  # age weight of the experiment in its session (see `stats`)
    visible: bool = True  # False for a withheld record (see `withheld`): counted, never shown

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.ref,
            "score": round(self.score, 4),
            "structure": round(self.structure, 4),
            "text": round(self.text, 4),
            "outcome": self.outcome,
            "failure_class": self.failure_class,
            "category": self.category,
            "description": self.description,
            "changes": self.changes,
            "session": self.session,
            "sequence": self.sequence,
            "path": self.path,
        }


def combined(structure: float, text: float) -> float:
    return STRUCTURE_WEIGHT * structure + TEXT_WEIGHT * text
