"""The recent history of the search a proposal belongs to, read from the index.

The session is the one named (`--session`), else the session of the record file written last
(`nrr convert` and `record_experiment` write one file per experiment, so that is the search under
way). Records without a session form one history of their own, in the order they were indexed.
"""

from __future__ import annotations

import json
import sqlite3

from .history import History, Step
from .index import Index

TAIL = 60  # the streaks and the recency-weighted rate (half-life 6) need only the latest experiments


def current_session(index: Index, session: str | None = None) -> str | None:
    if session:
        return session
    try:
        latest = index.conn.execute("SELECT path FROM files ORDER BY mtime_ns DESC, path DESC LIMIT 1").fetchone()
        if latest is None:
            return None
        row = index.conn.execute(
            "SELECT session FROM items WHERE path = ? AND session IS NOT NULL ORDER BY sequence DESC LIMIT 1", (latest[0],)
        ).fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None


def history_of(index: Index, session: str | None) -> History:
    """The decided experiments of `session`, oldest first (the latest `TAIL`, with the counts of all)."""
    where = "session = ?" if session is not None else "session IS NULL"
    args: tuple[str, ...] = (session,) if session is not None else ()
    try:
        tried, kept = index.conn.execute(
            f"SELECT COUNT(*), COALESCE(SUM(success), 0) FROM items WHERE decided AND {where}",  # noqa: S608 - fixed conditions
            args,
        ).fetchone()
        rows = index.conn.execute(
            f"SELECT success, crash, changes FROM items WHERE decided AND {where} "  # noqa: S608 - fixed conditions
            f"ORDER BY sequence DESC, id DESC LIMIT {TAIL}",
            args,
        ).fetchall()
    except sqlite3.Error:
        return History()
    steps = [Step(bool(success), bool(crash), _parameters(changes)) for success, crash, changes in reversed(rows)]
    history = History(steps)
    history.earlier_tried = int(tried) - len(steps)
    history.earlier_kept = int(kept) - sum(1 for s in steps if s.success)
    return history


def _parameters(raw: object) -> frozenset[str]:
    try:
        data = json.loads(str(raw)) if raw else []
    except ValueError:
        return frozenset()
    return frozenset(str(c["parameter"]) for c in data if isinstance(c, dict) and c.get("parameter"))
