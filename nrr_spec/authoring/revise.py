"""Revisions: keep the earlier version under `.history/`, bump `version`, append to `revisions[]`."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..io import atomic_write
from ..store import Found, RecordsFolder
from .edit import Edit, apply_edit, set_key
from .store import AuthoringError, OptionError
from .validation import require_valid


@dataclass
class Revised:
    path: Path
    history: Path
    version: int
    kept_from: str  # "git HEAD" when the committed copy was kept, else "the file as it was"


def committed_copy(path: Path, record_id: str, version: int) -> bytes | None:
    """The committed copy of an edited record, when git has one of the same id and version.

    People edit first and revise after; the version to keep is then the one in the last commit,
    not the edited file. Without git, or with nothing edited, the file itself is the earlier version.
    """
    import subprocess

    try:
        shown = subprocess.run(
            ["git", "-C", str(path.parent), "show", f"HEAD:./{path.name}"], capture_output=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if shown.returncode != 0 or shown.stdout == path.read_bytes():
        return None
    from ..io import parse_bytes

    docs, _ = parse_bytes(shown.stdout, path.name)
    if len(docs) != 1 or not isinstance(docs[0].data, dict):
        return None
    committed = docs[0].data
    if committed.get("id") not in (None, record_id):
        raise AuthoringError(
            f"the id changed from {committed.get('id')!r} to {record_id!r} since the last commit; "
            "an id is the record's URL and citation key and never changes: put the old id back"
        )
    if int(committed.get("version", 1)) != version:
        return None
    return shown.stdout


def _bump(summary: str, author: str | None, today: dt.date) -> Edit:
    def edit(data: MutableMapping[str, Any], date: Callable[[dt.date], Any]) -> None:
        new_version = int(data.get("version", 1)) + 1
        revision: dict[str, Any] = {"version": new_version, "date": date(today), "summary": summary}
        if author:
            revision["author"] = author
        set_key(data, "version", new_version)
        if "revisions" not in data:
            set_key(data, "revisions", [])
        data["revisions"].append(revision)
        set_key(data, "updated", date(today))

    return edit


def revise_record(
    found: Found, root: str | Path, summary: str, *, author: str | None = None, today: dt.date | None = None
) -> Revised:
    """Record a revision of `found`; the earlier file is kept byte for byte at `.history/<id>/v<N>`.

    Refuses a record that fails validation, a revision without a summary, and a history slot that
    already holds a different file (history is never rewritten).
    """
    today = today or dt.date.today()
    summary = " ".join(summary.split())
    if not summary:
        raise OptionError("-m/--message is empty: a revision needs a summary of what changed, e.g. -m 'reran with 5 seeds'")
    if found.document.format == "jsonl":
        raise AuthoringError(f"{found.path} is a JSON Lines file; revise records kept one per file")
    data = found.data
    require_valid(data, f"{found.path} fails validation; fix it before revising")
    edit = _bump(summary, author, today)
    after = copy.deepcopy(data)
    edit(after, lambda day: day.isoformat())
    require_valid(after, "the revised record would not validate")

    current = found.path.read_bytes()
    old_version = int(data.get("version", 1))
    committed = committed_copy(found.path, str(data["id"]), old_version)
    original = committed if committed is not None else current
    history = RecordsFolder(Path(root)).history_path(str(data["id"]), old_version, found.path.suffix)
    if history.exists() and history.read_bytes() != original:
        raise AuthoringError(f"{history} already holds a different version {old_version}; history is never rewritten")
    new_text = apply_edit(current.decode("utf-8-sig"), found.document.format, edit)
    if not history.exists():
        history.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(history, original)
    atomic_write(found.path, new_text)
    return Revised(found.path, history, old_version + 1, "git HEAD" if committed is not None else "the file as it was")
