"""The knowledge index's tables, and how values are stored in them."""

from __future__ import annotations

import datetime as dt

from ..model.vocabulary import Disclosure

SCHEMA = """
CREATE TABLE IF NOT EXISTS files(
    path TEXT PRIMARY KEY, folder TEXT, mtime_ns INTEGER, ctime_ns INTEGER, size INTEGER, ino INTEGER, digest TEXT,
    problem TEXT);
CREATE INDEX IF NOT EXISTS files_mtime ON files(mtime_ns);
CREATE INDEX IF NOT EXISTS files_folder ON files(folder);
CREATE INDEX IF NOT EXISTS files_problem ON files(path) WHERE problem IS NOT NULL;
CREATE TABLE IF NOT EXISTS folders(path TEXT PRIMARY KEY, mtime_ns INTEGER, ctime_ns INTEGER, size INTEGER, ino INTEGER);
CREATE TABLE IF NOT EXISTS items(
    id INTEGER PRIMARY KEY, path TEXT NOT NULL, ref TEXT, session TEXT, sequence INTEGER, row INTEGER,
    outcome TEXT, failure_class TEXT, category TEXT, text TEXT, ntok INTEGER, changes TEXT,
    decided INTEGER, success INTEGER, crash INTEGER, infra INTEGER, w_all REAL DEFAULT 1, w_group REAL DEFAULT 1,
    disclosure TEXT DEFAULT 'public', embargo_until TEXT, metric TEXT);
CREATE INDEX IF NOT EXISTS items_path ON items(path);
CREATE INDEX IF NOT EXISTS items_session ON items(session);
CREATE INDEX IF NOT EXISTS items_embargo ON items(embargo_until) WHERE embargo_until IS NOT NULL;
CREATE TABLE IF NOT EXISTS changes(
    item INTEGER, parameter TEXT, direction TEXT, value REAL, tovalue TEXT, fromvalue TEXT, session TEXT, sequence INTEGER);
CREATE INDEX IF NOT EXISTS changes_parameter ON changes(parameter, value);
CREATE INDEX IF NOT EXISTS changes_moment ON changes(parameter, session, sequence, item);
CREATE INDEX IF NOT EXISTS changes_item ON changes(item);
CREATE TABLE IF NOT EXISTS terms(term TEXT, item INTEGER);
CREATE INDEX IF NOT EXISTS terms_term ON terms(term, item);
CREATE INDEX IF NOT EXISTS terms_item ON terms(item);
CREATE TABLE IF NOT EXISTS term_counts(term TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS groups(
    level TEXT, key TEXT, n REAL, k REAL, crashes REAL, infra REAL, tried INTEGER, kept INTEGER, crashed INTEGER,
    lost INTEGER, n_all REAL, k_all REAL, PRIMARY KEY(level, key));
CREATE TABLE IF NOT EXISTS totals(name TEXT PRIMARY KEY, n INTEGER);
CREATE TABLE IF NOT EXISTS visible_parameters(parameter TEXT PRIMARY KEY, tried INTEGER, kept INTEGER);
"""


def bounded(number: int | None) -> int | None:
    """SQLite stores integers up to 2**63 - 1; a larger sequence or row is kept out of the index."""
    return number if number is None or -(2**63) <= number < 2**63 else None


def embargo_end(disclosure: str, until: str | None) -> str | None:
    """An embargo's end as an ISO date SQL can compare; an unreadable one never ends."""
    if disclosure != Disclosure.embargoed or not until:
        return None
    try:
        return dt.date.fromisoformat(until[:10]).isoformat()
    except ValueError:
        return "9999-12-31"
