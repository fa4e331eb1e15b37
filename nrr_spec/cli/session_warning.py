"""`nrr check --session NAME` with a session no record has: the estimate then reads an empty
history, and the answer changes without a word, so the command warns and names sessions that exist.

The knowledge API has no query for the sessions of a folder; this reads them from the index that
`check_proposal` has just brought up to date.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SHOWN = 5  # sessions named in the warning; the rest are counted


def session_warning(records: Path, session: str, include_withheld: bool) -> str | None:
    """A warning when no record in `records` has `session`, naming a few sessions that exist
    (those of withheld records only with `include_withheld`); None when some record has it."""
    from ..knowledge.index import open_index
    from ..knowledge.withheld import visible_sql

    with open_index(records) as index:
        if index.path is None:
            return None  # an index in memory was not filled by the check: it cannot tell
        try:
            if index.conn.execute("SELECT 1 FROM items WHERE session = ? LIMIT 1", (session,)).fetchone():
                return None
            shown = "" if include_withheld else f" AND {visible_sql()}"
            names = [
                str(name)
                for (name,) in index.conn.execute(
                    f"SELECT session FROM items WHERE session IS NOT NULL{shown} "  # noqa: S608 - fixed conditions
                    "GROUP BY session ORDER BY COUNT(*) DESC, session"
                )
            ]
        except sqlite3.Error:
            return None
    warning = f"--session {session!r}: no record in {records} has that session, so the estimate reads no recent history"
    if not names:
        return f"{warning}; no record there names a session"
    more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
    return f"{warning}; sessions there: {', '.join(names[:SHOWN])}{more}"
