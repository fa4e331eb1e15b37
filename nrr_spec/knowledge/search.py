"""Nearest earlier experiments to a proposal, from the index.

Candidates come from two posting lists: records that change one of the proposal's parameters, and
records that share one of its informative words. Words found in more than a fifth of the records
carry almost no information (low idf) and would make every query scan the whole index, so they
are not used to find candidates; they still count in the proposal's idf mass.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass

from ..model.vocabulary import DECIDED_OUTCOMES, ChangeCategory, ExperimentOutcome, FailureClass
from .features import Change, Proposal, numeric, query_words
from .index import Index
from .repeats import is_contained, is_repeat
from .similarity import Match, combined, idf, structure_similarity, text_similarity

COMMON_SHARE = 0.2
MAX_TEXT_CANDIDATES = 5000
TERM_CANDIDATES = 500  # per word: the latest records that use it
STRUCTURE_CANDIDATES = 200  # per proposed change: the attempts most like it (direction, then value)
EXACT = 0.999  # structure score of the same parameter, direction and value
MIN_SCORE = 0.1  # below this a match shares only a common word or two: noise, not evidence


def find_similar(index: Index, proposal: Proposal, limit: int = 5, include_withheld: bool = False) -> list[Match]:
    """The `limit` most similar indexed records: the same change first, then by score (ties: the later
    experiment first). Withheld records (see `withheld`) are left out unless `include_withheld`."""
    query_terms = query_words(proposal.text, proposal.changes)
    structure: dict[int, float] = {}
    if proposal.changes:
        per_item: dict[int, list[Change]] = defaultdict(list)
        for wanted in proposal.changes:
            for item, change in index.items_with_parameters([wanted.parameter], wanted, STRUCTURE_CANDIDATES):
                per_item[item].append(change)
        for item, changes in per_item.items():
            structure[item] = structure_similarity(proposal.changes, changes, False)
    text: dict[int, float] = {}
    weights: dict[str, float] = {}
    if query_terms:
        frequencies, documents = index.document_frequencies(query_terms)
        # A word no record contains cannot tell records apart; leaving it out of the query's mass
        # keeps it from diluting the words that can.
        weights = {t: idf(frequencies[t], documents) for t in query_terms if frequencies.get(t)}
        rare = [t for t in query_terms if 0 < frequencies.get(t, 0) <= max(50, documents * COMMON_SHARE)]
        covered: dict[int, float] = defaultdict(float)
        for term in sorted(rare, key=lambda t: frequencies[t])[:20]:
            for item in index.items_with_term(term, TERM_CANDIDATES):
                covered[item] += weights[term]
        mass = sum(weights.values())
        if mass > 0:
            ranked = sorted(covered, key=covered.__getitem__, reverse=True)[:MAX_TEXT_CANDIDATES]
            text = {i: covered[i] / mass for i in ranked}
    candidates = set(structure) | set(text)
    if not candidates:
        return []
    # A cheap upper bound first (text without its length damping), then exact scores for the best few.
    rough = sorted(candidates, key=lambda i: combined(structure.get(i, 0.0), text.get(i, 0.0)), reverse=True)
    shortlist = rough[: max(limit * 4, 40)]
    rows = index.rows(shortlist)
    terms = index.terms_of(shortlist, sorted(weights)) if weights else {}
    matches = []
    for item in shortlist:
        row = rows.get(item)
        if row is None:
            continue
        if not row.visible and not include_withheld:
            continue
        text_score = text_similarity(weights, terms.get(item, set()), row.ntok) if weights else 0.0
        same_category = row.category == proposal.category and row.category not in (ChangeCategory.other, ChangeCategory.multiple)
        struct = structure.get(item, 0.2 if same_category and not proposal.changes else 0.0)
        matches.append(
            Match(
                row.ref,
                combined(struct, text_score),
                struct,
                text_score,
                row.outcome,
                row.failure_class,
                row.category,
                row.text,
                _changes(row.changes),
                row.session,
                row.sequence,
                row.path,
                row.w_group,
                row.visible,
            )
        )
    # The earlier attempt at the very same change comes first, whatever its wording.
    matches.sort(key=lambda m: (m.structure < EXACT, -m.score, -(m.sequence or 0), m.ref))
    return [m for m in matches if m.score >= MIN_SCORE][:limit]


@dataclass
class Repeat:
    """An earlier experiment that made exactly the proposed change."""

    ref: str
    outcome: str | None
    failure_class: str | None
    metric: str
    description: str
    visible: bool
    sequence: int | None

    @property
    def kept(self) -> bool:
        return self.outcome == ExperimentOutcome.keep

    @property
    def lost(self) -> bool:
        """The run died of its environment (out of memory, timeout): no evidence about the idea."""
        return self.failure_class == FailureClass.crash_infra

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.ref,
            "outcome": self.outcome,
            "failure_class": self.failure_class,
            "metric": self.metric,
            "description": self.description,
        }


def find_repeats(index: Index, changes: list[Change]) -> tuple[list[Repeat], list[Repeat]]:
    """Decided earlier experiments that made exactly these changes (see `repeats`), and those that
    made them among others (`repeats.is_contained`: "set depth to 12" inside an earlier "depth=12
    HEAD_DIM=64 dim=384"), each latest first, read in one pass over the same candidates; withheld
    ones are marked, for the caller to count without naming them. Runs that died of their
    environment are among them (marked `lost`): they say nothing about the idea, but the same change
    on the same machine (a larger batch that ran out of memory) may die the same way."""
    if not changes:
        return [], []
    # Every change must be matched, so the items that match the first one are all the candidates.
    candidates = sorted(set(index.items_setting(changes[0])))
    repeats: list[Repeat] = []
    contained: list[Repeat] = []
    for row in index.rows(candidates).values():
        if row.outcome not in DECIDED_OUTCOMES:
            continue
        earlier = [_change(c) for c in _changes(row.changes)]  # all its changes, not only the matching ones
        found = repeats if is_repeat(changes, earlier) else contained if is_contained(changes, earlier) else None
        if found is not None:
            found.append(Repeat(row.ref, row.outcome, row.failure_class, row.metric, row.text, row.visible, row.sequence))
    for found in (repeats, contained):
        found.sort(key=lambda r: (-(r.sequence or 0), r.ref))
    return repeats, contained


def _change(data: dict[str, object]) -> Change:
    to = data.get("to")
    return Change(str(data.get("parameter")), str(data.get("direction") or "set"), None if to is None else str(to), numeric(to))


def _changes(raw: object) -> list[dict[str, object]]:
    try:
        data = json.loads(str(raw)) if raw else []
    except ValueError:
        return []
    return data if isinstance(data, list) else []
