"""What a log's texts teach the change parser (the names it spells out, the kinds it gives code names),
read the way the survey of a log reads its descriptions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar


class _ReadsText(Protocol):
    def add_text(self, text: str) -> None: ...


Learner = TypeVar("Learner", bound=_ReadsText)


def learned(new: Callable[[], Learner], *texts: str) -> Learner:
    """A new `Expansions` or `Kinds` (`new`) that has read `texts`, one description each."""
    found = new()
    for text in texts:
        found.add_text(text)
    return found
