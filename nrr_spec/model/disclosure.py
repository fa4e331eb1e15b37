"""The dual-use policy: what may be published, decided here once.

The publisher (pages, search, feeds, dumps), the citation exports (a Zenodo deposit's access
right), the knowledge engine (which records it may show) and authoring (the disclosure a review
decision sets) all ask these functions instead of comparing `dual_use.disclosure` themselves.
"""

from __future__ import annotations

import datetime as dt

from .vocabulary import Concern, Disclosure, ReviewDecision

ELEVATED_CONCERNS: frozenset[str] = frozenset({Concern.moderate.value, Concern.high.value})
"""Concern levels that need a recorded review before a record may be public."""

APPROVING_DECISIONS: frozenset[str] = frozenset({ReviewDecision.publish.value, ReviewDecision.publish_with_framing.value})
"""Review decisions that allow public disclosure."""

WITHHOLDING_DISCLOSURES: frozenset[str] = frozenset({Disclosure.restricted.value, Disclosure.embargoed.value})

_DISCLOSURE_OF_DECISION: dict[str, str] = {
    ReviewDecision.publish.value: Disclosure.public.value,
    ReviewDecision.publish_with_framing.value: Disclosure.public.value,
    ReviewDecision.restrict.value: Disclosure.restricted.value,
    ReviewDecision.embargo.value: Disclosure.embargoed.value,
}


def may_publish(disclosure: str | None, embargo_until: dt.date | None, today: dt.date | None = None) -> bool:
    """Whether a record with this disclosure may appear in any published output on `today`.

    No dual-use section (`disclosure` None) and `public` publish; an embargo publishes from its end
    date on; an embargo without an end date, a restriction, or any other value never does.
    """
    if disclosure is None or disclosure == Disclosure.public:
        return True
    if disclosure == Disclosure.embargoed and embargo_until is not None:
        return embargo_until <= (today or dt.date.today())
    return False


def disclosure_for_decision(decision: str) -> str:
    """The disclosure a dual-use review decision sets (publish with framing is still public)."""
    return _DISCLOSURE_OF_DECISION[decision]


def default_disclosure(concern: str) -> str:
    """The disclosure a new record starts with: public for no or low concern, restricted until reviewed otherwise."""
    return Disclosure.public.value if concern in (Concern.none, Concern.low) else Disclosure.restricted.value


def needs_review(concern: str) -> bool:
    """Whether a concern this high needs a recorded review before the record is public."""
    return concern in ELEVATED_CONCERNS
