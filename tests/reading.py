"""How the change parser's tests read its answers: a description's changes as (parameter, to,
direction), and what a log's texts teach it (the names it spells out, the kinds it gives code names)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from nrr_spec.changes import parse_description


def triples(text: str) -> list[tuple[object, object, object]]:
    """The changes `parse_description` reads in `text`, as (parameter, to, direction)."""
    changes, _ = parse_description(text)
    return [(c["parameter"], c["to"], c["direction"]) for c in changes]


class _ReadsText(Protocol):
    def add_text(self, text: str) -> None: ...


Learner = TypeVar("Learner", bound=_ReadsText)


def learned(new: Callable[[], Learner], *texts: str) -> Learner:
    """A new `Expansions` or `Kinds` (`new`) that has read `texts`, one description each, the way the
    survey of a log reads its descriptions."""
    found = new()
    for text in texts:
        found.add_text(text)
    return found
