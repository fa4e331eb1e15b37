"""`nrr check --session NAME` with a session no record has: the estimate then reads an empty
history, and the answer changes without a word, so the command warns and names sessions that exist.

The sessions are read from the index that `check_proposal` has just brought up to date.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SHOWN = 5  # sessions named in the warning; the rest are counted


def session_warning(records: Path, session: str, include_withheld: bool) -> str | None:
    """A warning when no record in `records` has `session`, naming a few sessions that exist
    (those of withheld records only with `include_withheld`); None when some record has it."""
    from ..knowledge.index import open_index

    with open_index(records) as index:
        if index.path is None:
            return None  # an index in memory was not filled by the check: it cannot tell
        try:
            if index.has_session(session):
                return None
            names = index.sessions(include_withheld)
        except sqlite3.Error:
            return None
    warning = f"--session {session!r}: no record in {records} has that session, so the estimate reads no recent history"
    if not names:
        return f"{warning}; no record there names a session"
    more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
    return f"{warning}; sessions there: {', '.join(names[:SHOWN])}{more}"
