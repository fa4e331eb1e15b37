"""The dual-use review: who could misuse this failure knowledge, the benefit of publishing, the decision.

A review appends to `dual_use.reviewers` (reviewer, ORCID, date, decision, misuse, benefit, whether
framing suffices) and sets `dual_use.disclosure` from the decision, so the publisher's rule that a
moderate or high concern needs a review before publication has something to read.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..io import atomic_write
from ..lint.identifiers import orcid_problem
from ..model.disclosure import disclosure_for_decision, needs_review
from ..model.vocabulary import Concern, Disclosure, ReviewDecision, values
from ..store import Found
from .ask import Asker
from .edit import Edit, apply_edit, set_key
from .person import Person
from .store import AuthoringError
from .validation import require_valid

CONCERNS = values(Concern)
DECISIONS = values(ReviewDecision)


@dataclass
class ReviewInput:
    """Answers given as flags; None means ask (or fail, when not interactive)."""

    reviewer: Person = field(default_factory=Person)
    concern: str | None = None
    assessment: str | None = None
    misuse: str | None = None
    benefit: str | None = None
    framing_sufficient: bool | None = None
    framing: str | None = None
    decision: str | None = None
    embargo_until: str | None = None


def suggested_decision(concern: str, framing_sufficient: bool) -> str:
    """The default offered to the reviewer; the reviewer decides."""
    if not needs_review(concern):
        return ReviewDecision.publish.value
    if concern == Concern.moderate and framing_sufficient:
        return ReviewDecision.publish_with_framing.value
    return ReviewDecision.restrict.value


def _future_date(today: dt.date) -> Callable[[str], str | None]:
    def check(answer: str) -> str | None:
        try:
            day = dt.date.fromisoformat(answer)
        except ValueError:
            return f"{answer!r} is not a date (YYYY-MM-DD)"
        return None if day > today else f"an embargo must end after today ({today.isoformat()})"

    return check


def ask_review(data: dict[str, Any], given: ReviewInput, asker: Asker, today: dt.date) -> dict[str, Any]:
    """Walk the reviewer through the assessment; returns the answers as `dual_use` fields."""
    current = data.get("dual_use") or {}
    asker.say(f"Dual-use review of {data.get('id')}: {data.get('title')}")
    if current.get("assessment"):
        asker.say(f"Current assessment ({current.get('concern', 'none')} concern): {current['assessment']}")
    reviewer = asker.text(
        "Reviewer name", flag="--reviewer", help_path="dual_use.reviewers.reviewer", default=given.reviewer.name
    )
    orcid = asker.text(
        "Reviewer ORCID iD (optional)",
        flag="--orcid",
        help_path="authors.orcid",
        default=given.reviewer.orcid,
        required=False,
        check=orcid_problem,  # says what an iD looks like; the schema's own message is its pattern
    )
    misuse = asker.text(
        "Who could misuse this failure knowledge, and how?",
        flag="--misuse",
        help_path="dual_use.reviewers.misuse",
        default=given.misuse,
    )
    benefit = asker.text(
        "What is the benefit of publishing it?", flag="--benefit", help_path="dual_use.reviewers.benefit", default=given.benefit
    )
    concern = asker.choice(
        "Level of concern",
        CONCERNS,
        flag="--concern",
        default=given.concern or current.get("concern") or "none",
        help_path="dual_use.concern",
    )
    assessment = asker.text(
        "Assessment: the reasoning behind that level",
        flag="--assessment",
        help_path="dual_use.assessment",
        default=given.assessment or current.get("assessment"),
        required=needs_review(concern),
    )
    sufficient = given.framing_sufficient
    if sufficient is None:
        sufficient = asker.confirm("Does contextual framing suffice to publish it?", default=concern != Concern.high)
    decision = asker.choice(
        "Decision",
        DECISIONS,
        flag="--decision",
        default=given.decision or suggested_decision(concern, sufficient),
        help_path="dual_use.reviewers.decision",
    )
    answers: dict[str, Any] = {"concern": concern, "disclosure": disclosure_for_decision(decision)}
    if assessment:
        answers["assessment"] = assessment
    framing = given.framing or current.get("framing_statement")
    if decision == ReviewDecision.publish_with_framing or (sufficient and concern != Concern.none and not framing):
        framing = asker.text(
            "Framing statement shown with the record",
            flag="--framing",
            help_path="dual_use.framing_statement",
            default=framing,
            required=decision == ReviewDecision.publish_with_framing,
        )
    if framing:
        answers["framing_statement"] = framing
    if decision == ReviewDecision.embargo:
        answers["embargo_until"] = asker.text(
            "Embargo until (YYYY-MM-DD)",
            flag="--embargo-until",
            help_path="dual_use.embargo_until",
            default=given.embargo_until,
            check=_future_date(today),
        )
    review: dict[str, Any] = {
        "reviewer": reviewer,
        "date": today.isoformat(),
        "decision": decision,
        "misuse": misuse,
        "benefit": benefit,
    }
    review["framing_sufficient"] = sufficient
    if orcid:
        review["orcid"] = orcid
    answers["reviewers"] = [*current.get("reviewers", []), review]
    return answers


def _edit(answers: dict[str, Any]) -> Edit:
    def edit(data: MutableMapping[str, Any], date: Callable[[dt.date], Any]) -> None:
        if not isinstance(data.get("dual_use"), MutableMapping):
            set_key(data, "dual_use", {})
        section = data["dual_use"]
        for key, value in answers.items():
            if key == "reviewers":
                review = dict(value[-1], date=date(dt.date.fromisoformat(value[-1]["date"])))
                section.setdefault("reviewers", []).append(review)
            elif key == "embargo_until":
                section[key] = date(dt.date.fromisoformat(value))
            else:
                section[key] = value
        if "embargo_until" not in answers and section.get("disclosure") != Disclosure.embargoed:
            section.pop("embargo_until", None)
        if list(section)[-1] != "reviewers":  # the reviews read best last, after what they decided
            section["reviewers"] = section.pop("reviewers")

    return edit


def record_review(found: Found, answers: dict[str, Any]) -> Path:
    """Write the review into the record file; refuses if the result would not validate."""
    if found.document.format == "jsonl":
        raise AuthoringError(f"{found.path} is a JSON Lines file; review records kept one per file")
    edit = _edit(answers)
    after = copy.deepcopy(found.data)
    edit(after, lambda day: day.isoformat())
    require_valid(after, "the reviewed record would not validate; nothing was written")
    atomic_write(found.path, apply_edit(found.path.read_text(encoding="utf-8-sig"), found.document.format, edit))
    return found.path
