"""NRR6xx: what only shows across records (duplicate ids, dangling links) and in a record's history."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .context import RuleContext
from .diagnostics import Diagnostic
from .registry import RULES


def check_history(ctx: RuleContext) -> None:
    """Revisions oldest first with increasing versions; `version` equal to the last revision's."""
    record = ctx.record
    revisions = record.revisions
    for i in range(1, len(revisions)):
        before, after = revisions[i - 1], revisions[i]
        if after.version <= before.version or after.date < before.date:
            ctx.report(
                "NRR603",
                f"/revisions/{i}",
                f"revision {i + 1} (version {after.version}, {after.date.isoformat()}) comes after "
                f"version {before.version} of {before.date.isoformat()}",
            )
    if revisions and record.version != revisions[-1].version:
        ctx.report(
            "NRR604", "/version", f"version is {record.version} but the last revision made version {revisions[-1].version}"
        )
    for i, link in enumerate(record.related):
        if link.id == record.id:
            ctx.report("NRR605", f"/related/{i}/id", f"the record links to itself ({link.id!r})")


def check_collection(entries: list[tuple[Any, dict[str, Any]]], where: Callable[[Any, str], str]) -> list[tuple[Any, Diagnostic]]:
    """Duplicate ids and unresolved related links across all records of a run.

    `entries` pairs an opaque handle (the caller's document) with its record data; `where`
    turns a handle and a pointer into "file:line" for messages. Returns (handle, diagnostic) pairs.
    """
    found: list[tuple[Any, Diagnostic]] = []
    first: dict[str, Any] = {}
    for handle, data in entries:
        record_id = data.get("id")
        if not isinstance(record_id, str):
            continue
        if record_id in first:
            found.append(
                (handle, _diag("NRR601", "/id", f"id {record_id!r} is already used by {where(first[record_id], '/id')}"))
            )
        else:
            first[record_id] = handle
    for handle, data in entries:
        related = data.get("related")
        if not isinstance(related, list):
            continue
        for i, link in enumerate(related):
            target = link.get("id") if isinstance(link, dict) else None
            if isinstance(target, str) and target not in first and target != data.get("id"):
                found.append(
                    (handle, _diag("NRR602", f"/related/{i}/id", f"related record {target!r} is not among the records checked"))
                )
    return found


def _diag(code: str, pointer: str, message: str) -> Diagnostic:
    rule = RULES[code]
    return Diagnostic(code, rule.severity, message, rule.fix, pointer)
