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
        return index.latest_session()
    except sqlite3.Error:
        return None


def history_of(index: Index, session: str | None) -> History:
    """The decided experiments of `session`, oldest first (the latest `TAIL`, with the counts of all)."""
    try:
        tried, kept, rows = index.session_steps(session, TAIL)
    except sqlite3.Error:
        return History()
    steps = [Step(success, crash, _parameters(changes)) for success, crash, changes in rows]
    history = History(steps)
    history.earlier_tried = tried - len(steps)
    history.earlier_kept = kept - sum(1 for s in steps if s.success)
    return history


def _parameters(raw: object) -> frozenset[str]:
    try:
        data = json.loads(str(raw)) if raw else []
    except ValueError:
        return frozenset()
    return frozenset(str(c["parameter"]) for c in data if isinstance(c, dict) and c.get("parameter"))
