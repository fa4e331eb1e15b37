"""The group counts behind the statistics: kept in the index as records come and go, read by every check."""

from __future__ import annotations

import sqlite3

from .stats import DECAY_ALL, DECAY_GROUP, Counts, Table
from .withheld import visible_sql


def reweigh(conn: sqlite3.Connection, sessions: set[str | None]) -> None:
    """Weights by age: decided experiments after this one in its session (see `stats`)."""
    for session in sessions:
        if session is None:
            continue
        ids = [
            row[0] for row in conn.execute("SELECT id FROM items WHERE session = ? AND decided ORDER BY sequence, id", (session,))
        ]
        last = len(ids) - 1
        conn.executemany(
            "UPDATE items SET w_all = ?, w_group = ? WHERE id = ?",
            [(DECAY_ALL ** (last - i), DECAY_GROUP ** (last - i), id_) for i, id_ in enumerate(ids)],
        )


def regroup(conn: sqlite3.Connection) -> None:
    """Recompute the group counts (all changes, category, parameter, parameter and direction), the
    number of records, and the parameters a proposal's words may resolve to."""
    conn.execute("INSERT OR REPLACE INTO totals SELECT 'items', COUNT(*) FROM items")
    conn.execute("DELETE FROM groups")
    sums = (
        "SUM({w}), SUM({w} * success), SUM({w} * crash), SUM({w} * infra), COUNT(*), SUM(success), SUM(crash),"
        " SUM(infra), SUM(i.w_all * (1 - infra)), SUM(i.w_all * success)"
    )
    conn.execute(f"INSERT INTO groups SELECT 'all', 'all', {sums.format(w='w_all')} FROM items i WHERE decided")  # noqa: S608
    group = sums.format(w="i.w_group")
    conn.execute(
        f"INSERT INTO groups SELECT 'category', category, {group} FROM items i WHERE decided"  # noqa: S608
        " GROUP BY category"
    )
    conn.execute(
        f"INSERT INTO groups SELECT 'parameter', c.parameter, {group} FROM items i JOIN "  # noqa: S608
        "(SELECT DISTINCT item, parameter FROM changes) c ON c.item = i.id WHERE decided GROUP BY c.parameter"
    )
    conn.execute(
        f"INSERT INTO groups SELECT 'change', c.parameter || '|' || c.direction, {group} FROM items i JOIN "  # noqa: S608
        "(SELECT DISTINCT item, parameter, direction FROM changes) c ON c.item = i.id WHERE decided "
        "GROUP BY c.parameter, c.direction"
    )
    # What a proposal's words may resolve to: parameters that some visible record changed.
    conn.execute("DELETE FROM visible_parameters")
    conn.execute(
        f"INSERT INTO visible_parameters SELECT c.parameter, COUNT(DISTINCT i.id), "  # noqa: S608
        f"COUNT(DISTINCT CASE WHEN i.success THEN i.id END) FROM changes c JOIN items i ON i.id = c.item "
        f"WHERE {visible_sql()} GROUP BY c.parameter"
    )


def read_table(conn: sqlite3.Connection) -> Table:
    """Group counts for the statistics."""
    table = Table()
    for level, key, *numbers in conn.execute("SELECT * FROM groups"):
        counts = _counts(numbers)
        if level == "all":
            table.total = counts
        else:
            table.groups[(level, key)] = counts
    return table


def read_size(conn: sqlite3.Connection) -> tuple[int, int]:
    """(records indexed, records with a decided outcome)."""
    row = conn.execute("SELECT COUNT(*), COALESCE(SUM(decided), 0) FROM items").fetchone()
    return int(row[0]), int(row[1])


def _counts(numbers: list[object]) -> Counts:
    n, k, crashes, infra, tried, kept, crashed, lost, n_all, k_all = (float(x or 0) for x in numbers)  # type: ignore[arg-type]
    return Counts(n, k, crashes, infra, int(tried), int(kept), int(crashed), int(lost), n_all, k_all)
