"""Near-identical earlier experiments without an index file: for replay, which learns one row at a time.

It scores like `search.find_similar` (structure and idf coverage, see `similarity`), over the
experiments that change one of the proposal's parameters or share one of its informative words.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model.vocabulary import ExperimentOutcome, FailureClass
from .features import Change, Item, Proposal, query_words
from .repeats import is_contained, is_repeat
from .similarity import combined, idf, structure_similarity, text_similarity
from .stats import DECAY_GROUP, Neighbour

COMMON_SHARE = 0.2
# Compared for every candidate of every replayed row: plain strings, looked up once.
_KEEP, _CRASH_INFRA = ExperimentOutcome.keep.value, FailureClass.crash_infra.value


def words(proposal: Proposal) -> set[str]:
    return set(query_words(proposal.text, proposal.changes))


@dataclass
class _Seen:
    item: Item
    terms: set[str]
    clock: int


@dataclass
class Memory:
    """Decided experiments seen so far, with postings by parameter and by word."""

    seen: list[_Seen] = field(default_factory=list)
    by_parameter: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_term: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, item: Item) -> None:
        terms = words(Proposal(item.text, item.changes, item.category, True))
        index = len(self.seen)
        self.seen.append(_Seen(item, terms, index))
        for parameter in {c.parameter for c in item.changes}:
            self.by_parameter[parameter].append(index)
        for term in terms:
            self.by_term[term].append(index)

    def repeats(self, changes: list[Change]) -> list[bool]:
        """Whether each earlier exact repeat of the changes was kept, oldest first."""
        return self._kept_where(changes, is_repeat)

    def contained(self, changes: list[Change]) -> list[bool]:
        """Whether each earlier experiment that made the changes among others was kept, oldest first."""
        return self._kept_where(changes, is_contained)

    def _kept_where(self, changes: list[Change], matches: Callable[[list[Change], list[Change]], bool]) -> list[bool]:
        if not changes:
            return []
        candidates = sorted({i for c in changes for i in self.by_parameter.get(c.parameter, ())})
        return [
            self.seen[i].item.outcome == _KEEP
            for i in candidates
            if self.seen[i].item.failure_class != _CRASH_INFRA and matches(changes, self.seen[i].item.changes)
        ]

    def neighbours(self, proposal: Proposal, threshold: float) -> list[Neighbour]:
        """Earlier experiments at least `threshold` similar to the proposal, weighted by age."""
        total = len(self.seen)
        if not total:
            return []
        query = words(proposal)
        weights = {t: idf(len(self.by_term[t]), total) for t in query if self.by_term.get(t)}  # as in `search`
        candidates: set[int] = set()
        for parameter in {c.parameter for c in proposal.changes}:
            candidates.update(self.by_parameter.get(parameter, ()))
        for term in query:
            posting = self.by_term.get(term, ())
            if 0 < len(posting) <= max(50, total * COMMON_SHARE):
                candidates.update(posting)
        out = []
        for index in candidates:
            seen = self.seen[index]
            structure = structure_similarity(proposal.changes, seen.item.changes, False) if proposal.changes else 0.0
            text = text_similarity(weights, seen.terms, len(seen.terms)) if weights else 0.0
            score = combined(structure, text)
            if score >= threshold and seen.item.failure_class != _CRASH_INFRA:
                age = total - seen.clock - 1
                out.append(Neighbour(score, seen.item.outcome == _KEEP, DECAY_GROUP**age))
        return out
