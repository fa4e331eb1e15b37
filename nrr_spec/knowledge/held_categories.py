"""The category the records give a parameter whose name the taxonomy cannot place.

A proposal's category is read from its parameters' names (`changes.categories`). A name the
taxonomy does not know (`token_buckets`, `reject_unsafe_candidate`) is `other` by its words alone,
yet the records that changed it say what kind of change it is: the converter placed them by their
log's kind of work or its other rows (a speed log's `token_buckets` is `systems`). So a proposal
left at `other` takes the category its parameters' earlier records were given most often, and its
estimate shrinks towards that category's keep rate rather than towards no category at all.

Replay and `nrr check` read it the same way, from the earlier records only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from .features import Proposal

# Categories that say nothing of a single parameter's kind.
_UNPLACED = frozenset({"", "other", "multiple", "baseline"})


def category_of(parameters: Iterable[str], votes: Mapping[str, Mapping[str, int]]) -> str | None:
    """The category the records give `parameters` (`votes`: parameter -> category -> records), one
    per parameter, the most frequent (ties by name); `multiple` when they differ, None when no
    record places any of them."""
    found = set()
    for parameter in parameters:
        counted = {c: n for c, n in votes.get(parameter, {}).items() if c not in _UNPLACED and n > 0}
        if counted:
            found.add(min(counted, key=lambda c: (-counted[c], c)))
    if not found:
        return None
    return found.pop() if len(found) == 1 else "multiple"


def placed(proposal: Proposal, votes_of: Callable[[list[str]], Mapping[str, Mapping[str, int]]]) -> Proposal:
    """The proposal with the category its parameters' records give them (`votes_of`: their votes),
    when their names place it nowhere; the proposal itself otherwise."""
    if proposal.category not in ("", "other") or not proposal.changes:
        return proposal
    parameters = [c.parameter for c in proposal.changes]
    category = category_of(parameters, votes_of(parameters))
    return replace(proposal, category=category) if category else proposal


class CategoryVotes:
    """Categories of the records seen so far, by the parameters they changed (for replay, which
    learns one record at a time)."""

    def __init__(self) -> None:
        self.votes: dict[str, Counter[str]] = defaultdict(Counter)

    def add(self, parameters: Iterable[str], category: str) -> None:
        if category in _UNPLACED:
            return
        for parameter in set(parameters):
            self.votes[parameter][category] += 1

    def placed(self, proposal: Proposal) -> Proposal:
        return placed(proposal, lambda _: self.votes)
