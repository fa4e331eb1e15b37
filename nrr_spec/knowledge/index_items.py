"""Storing the records of one file in the knowledge index, and taking them out again."""

from __future__ import annotations

import json
import sqlite3

from ..io import ParseFailure, format_of, parse_bytes
from .features import Item, item_from_record, tokens
from .index_schema import bounded, embargo_end
from .proposal_view import proposal_view


def remove_file(conn: sqlite3.Connection, name: str) -> None:
    """Take out the records of one file; their groups are the caller's (`index_stats.GroupUpdate`)."""
    conn.execute(
        "UPDATE term_counts SET n = n - (SELECT COUNT(*) FROM terms t JOIN items i ON i.id = t.item "
        "WHERE i.path = ? AND t.term = term_counts.term) WHERE term IN (SELECT t.term FROM terms t "
        "JOIN items i ON i.id = t.item WHERE i.path = ?)",
        (name, name),
    )
    for table in ("changes", "terms"):
        conn.execute(f"DELETE FROM {table} WHERE item IN (SELECT id FROM items WHERE path = ?)", (name,))  # noqa: S608
    conn.execute("DELETE FROM items WHERE path = ?", (name,))


def read_items(name: str, raw: bytes) -> tuple[list[Item], str | None]:
    """The engine's view of the records of one file, and the file's first problem, if any."""
    from ..lint.data_values import value_problems  # only when files changed: keeps `nrr check` starting fast

    documents, failures = parse_bytes(raw, name, format_of(name))
    items: list[Item] = []
    for doc in documents:
        unfit = value_problems(doc.data, doc.text)  # values SQLite cannot store (integers past 64 bits)
        if unfit:
            failures = failures or [ParseFailure(name, f"{unfit[0].pointer or 'record'}: {unfit[0].message}", "")]
            continue
        item = item_from_record(doc.data, name)
        if item is not None:
            items.append(item)
    problem = f"{failures[0].path}:{failures[0].line}: {failures[0].message}" if failures else None
    if problem is None and not items:
        problem = f"{name}: no record in the file (a record is a JSON or YAML object)"
    return items, problem


def add_item(conn: sqlite3.Connection, item: Item) -> None:
    """Store one item (inside the caller's transaction); its groups are the caller's (`index_stats.GroupUpdate`)."""
    obs = item.observation()
    # Words are those of the proposal view, as replay compares them (see `proposal_view`).
    terms = set(tokens(proposal_view(item.text) + " " + " ".join(c.parameter for c in item.changes)))
    changes = json.dumps([{"parameter": c.parameter, "direction": c.direction, "to": c.to} for c in item.changes])
    cur = conn.execute(
        "INSERT INTO items(path, ref, session, sequence, row, outcome, failure_class, category, text, ntok, changes,"
        " decided, success, crash, infra, disclosure, embargo_until, metric)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            item.path,
            item.ref,
            item.session,
            bounded(item.sequence),
            bounded(item.row),
            item.outcome,
            item.failure_class,
            item.category,
            item.text,
            len(terms),
            changes,
            item.decided,
            obs.success,
            obs.crash,
            obs.infra,
            item.disclosure,
            embargo_end(item.disclosure, item.embargo_until),
            item.metric,
        ),
    )
    rowid = cur.lastrowid
    conn.executemany(
        "INSERT INTO changes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(rowid, c.parameter, c.direction, c.value, c.to, c.start, item.session, bounded(item.sequence)) for c in item.changes],
    )
    conn.executemany("INSERT INTO terms VALUES (?, ?)", [(t, rowid) for t in terms])
    # Document frequencies kept as records come and go, so a check never counts postings.
    conn.executemany("INSERT INTO term_counts VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET n = n + 1", [(t,) for t in terms])
