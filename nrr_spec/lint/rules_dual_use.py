"""NRR5xx: dual use. A failure can help misuse; who may see it must follow the assessment."""

from __future__ import annotations

from .context import RuleContext

_ELEVATED = ("moderate", "high")
_APPROVING = ("publish", "publish_with_framing")


def check(ctx: RuleContext) -> None:
    dual = ctx.record.dual_use
    if dual is None:
        return
    latest = max(dual.reviewers, key=lambda r: r.date) if dual.reviewers else None
    elevated = dual.concern in _ELEVATED
    if elevated and dual.disclosure == "public" and not (latest and latest.decision in _APPROVING):
        ctx.report(
            "NRR501",
            "/dual_use/disclosure",
            f"dual-use concern is {dual.concern} but disclosure is public, and no review decided it may be published",
        )
    if dual.disclosure in ("restricted", "embargoed") and not dual.assessment:
        ctx.report("NRR502", "/dual_use", f"a {dual.disclosure} record needs an assessment (dual_use.assessment)")
    elif elevated and not dual.assessment:
        ctx.report("NRR506", "/dual_use/concern", f"dual-use concern is {dual.concern} but there is no assessment")
    if dual.disclosure == "embargoed" and dual.embargo_until is None:
        ctx.report("NRR503", "/dual_use", "an embargoed record needs `embargo_until`")
    if elevated and ctx.record.status == "published" and not dual.reviewers:
        ctx.report("NRR504", "/status", f"dual-use concern is {dual.concern}: the record cannot be published until reviewed")
    if latest is not None:
        index = dual.reviewers.index(latest)
        if latest.decision in ("restrict", "embargo") and dual.disclosure == "public":
            ctx.report(
                "NRR505",
                "/dual_use/disclosure",
                f"the latest review ({latest.reviewer}, {latest.date.isoformat()}) decided {latest.decision}, "
                "but disclosure is public",
            )
        if latest.decision == "publish_with_framing" and not dual.framing_statement:
            ctx.report(
                "NRR507",
                f"/dual_use/reviewers/{index}/decision",
                "the latest review asks for framing, but there is no framing_statement",
            )
