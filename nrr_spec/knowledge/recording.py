"""Write the record of a finished experiment (from the API or the MCP server) and index it."""

from __future__ import annotations

import math
import re
import sqlite3
from pathlib import Path
from typing import Any

from .. import __version__
from ..checked_write import MAX_TEXT_CHARS, checked_json, cut_text, write_new_file
from ..schema import CURRENT_VERSION
from .index import Index

_WORD = {"keep": "Kept", "discard": "Discarded", "crash": "Crashed", "baseline": "Baseline", "other": "Ran"}


def _slug(text: str) -> str:
    """A record-id-safe session name (lower case, digits and dashes, 3 to 60 characters)."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return base if len(base) >= 3 else f"session-{base}".strip("-")


def _failure_class(outcome: str, value: float | None, baseline: float | None, direction: str | None) -> str | None:
    if outcome == "crash":
        return "crash_code"
    if outcome != "discard":
        return None
    if value is not None and baseline is not None and direction in ("lower", "higher"):
        worse = value > baseline if direction == "lower" else value < baseline
        return "regression" if worse else "no_improvement"
    return "no_improvement"


def _next_sequence(index: Index, session: str) -> int:
    try:
        row = index.conn.execute("SELECT MAX(sequence) FROM items WHERE session = ?", (session,)).fetchone()
    except sqlite3.Error:
        return 1
    return int(row[0] or 0) + 1


def write_record(index: Index, folder: Path, description: str, outcome: str, *, metric: str | None, value: float | None,
                 baseline: float | None, direction: str | None, failure_class: str | None, session: str | None,
                 commit: str | None, changes: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Build, check, write and index one record; returns `{"id", "path", "record", "notes"}`.

    ValueError (RecordRefused among them) when the record would not validate: nothing is written.
    """
    from ..changes.categories import category_of_changes
    from ..convert.describe import parse_description

    for name, number in (("value", value), ("baseline", baseline)):
        if number is not None and not math.isfinite(number):
            raise ValueError(f"{name} must be a finite number, not {number}: leave it out when there is no measurement")
    notes: list[str] = []
    description, cut = cut_text(description)
    if cut:
        notes.append(f"description cut to its first {MAX_TEXT_CHARS:,} characters ({cut:,} more were given)")
    if changes is None:
        parsed, category = parse_description(description)
    else:
        parsed = [dict(c) for c in changes if isinstance(c, dict) and c.get("parameter")]
        for change in parsed:
            change.setdefault("direction", "set")
        category = category_of_changes(parsed)
    if outcome == "baseline":
        parsed, category = [], "baseline"
    session_name = _slug(session or "session")
    sequence = _next_sequence(index, session_name)
    metric_section: dict[str, Any] | None = None
    if metric:
        metric_section = {"name": metric}
        for key, number in (("value", value), ("baseline", baseline)):
            if number is not None:
                metric_section[key] = number
        if value is not None and baseline is not None:
            metric_section["delta"] = round(value - baseline, 12)
        if direction:
            metric_section["direction"] = direction
    experiment: dict[str, Any] = {"outcome": outcome, "change_category": category or "other", "changes": parsed}
    fclass = failure_class or _failure_class(outcome, value, baseline, direction)
    if fclass:
        experiment["failure_class"] = fclass
    if metric_section:
        experiment["metric"] = metric_section
    experiment.update({"description": description, "session": session_name, "sequence": sequence})
    if commit:
        experiment["commit"] = commit
    title = " ".join(description.split())
    record: dict[str, Any] = {
        "schema_version": CURRENT_VERSION,
        "id": f"{session_name}-{sequence}",
        "title": f"{_WORD[outcome]}: {title[:140]}",
        "kind": "automated_experiment",
        "status": "draft",
        "problem": {"statement": f"Automated research session {session_name} searches, one change at a time, "
                                 f"for a better {metric or 'result'}."},
        "results": {"summary": f"{_WORD[outcome]}: {title[:200]}"},
        "experiment": experiment,
        "provenance": {"source": {"file": "nrr record", "row": sequence},
                       "converter": {"name": "nrr knowledge record_experiment", "version": __version__}},
    }
    path = _write_new(folder, session_name, sequence, record)
    report = index.refresh()
    return {"id": record["id"], "path": str(path), "record": record, "notes": notes + report.notes}


def _write_new(folder: Path, session_name: str, sequence: int, record: dict[str, Any]) -> Path:
    """Write `record` under the first free id `<session>-<sequence>[-<n>]`, checked first (RecordRefused:
    nothing written); a file that turns up meanwhile is never replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    suffix = 1
    while True:
        record["id"] = f"{session_name}-{sequence}" if suffix == 1 else f"{session_name}-{sequence}-{suffix}"
        path = folder / f"{record['id']}.json"
        if not path.exists():
            text = checked_json(record)
            try:
                # Linked, not renamed, into place: the link fails if another writer took the name first.
                write_new_file(path, text)
                return path
            except FileExistsError:
                pass
        suffix += 1
