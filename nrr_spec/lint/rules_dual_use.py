"""NRR5xx: dual use. A failure can help misuse; who may see it must follow the assessment."""

from __future__ import annotations

from ..model.disclosure import APPROVING_DECISIONS, WITHHOLDING_DISCLOSURES, needs_review
from ..model.vocabulary import Disclosure, ReviewDecision, Status
from .context import RuleContext


def check(ctx: RuleContext) -> None:
    dual = ctx.record.dual_use
    if dual is None:
        return
    latest = max(dual.reviewers, key=lambda r: r.date) if dual.reviewers else None
    elevated = needs_review(dual.concern)
    if elevated and dual.disclosure == Disclosure.public and not (latest and latest.decision in APPROVING_DECISIONS):
        ctx.report(
            "NRR501",
            "/dual_use/disclosure",
            f"dual-use concern is {dual.concern} but disclosure is public, and no review decided it may be published",
        )
    if dual.disclosure in WITHHOLDING_DISCLOSURES and not dual.assessment:
        ctx.report("NRR502", "/dual_use", f"a {dual.disclosure} record needs an assessment (dual_use.assessment)")
    elif elevated and not dual.assessment:
        ctx.report("NRR506", "/dual_use/concern", f"dual-use concern is {dual.concern} but there is no assessment")
    if dual.disclosure == Disclosure.embargoed and dual.embargo_until is None:
        ctx.report("NRR503", "/dual_use", "an embargoed record needs `embargo_until`")
    if elevated and ctx.record.status == Status.published and not dual.reviewers:
        ctx.report("NRR504", "/status", f"dual-use concern is {dual.concern}: the record cannot be published until reviewed")
    if latest is not None:
        index = dual.reviewers.index(latest)
        if latest.decision not in APPROVING_DECISIONS and dual.disclosure == Disclosure.public:
            ctx.report(
                "NRR505",
                "/dual_use/disclosure",
                f"the latest review ({latest.reviewer}, {latest.date.isoformat()}) decided {latest.decision}, "
                "but disclosure is public",
            )
        if latest.decision == ReviewDecision.publish_with_framing and not dual.framing_statement:
            ctx.report(
                "NRR507",
                f"/dual_use/reviewers/{index}/decision",
                "the latest review asks for framing, but there is no framing_statement",
            )
