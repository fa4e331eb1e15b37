"""Reading the knowledge index: the queries `nrr check`, `similar` and `patterns` run on every call.

Each is answered from an index (posting lists by parameter and value, by word, and counts kept as
records come and go), so a check over 100,000 records reads a few hundred rows, not all of them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import NamedTuple

from ..model.vocabulary import KEPT_OUTCOMES
from .features import Change
from .repeats import PAIRED
from .withheld import visible_sql

_LATEST = 50  # experiments of one parameter read back for its value of the moment
_CATEGORY_SAMPLE = 1000  # records of one parameter read for the category the records give it


class ItemRow(NamedTuple):
    """One indexed record, as similarity and exact repeats read it."""

    id: int
    ref: str
    outcome: str | None
    failure_class: str | None
    category: str
    text: str
    changes: str  # JSON: [{"parameter", "direction", "to"}]
    session: str | None
    sequence: int | None
    path: str
    ntok: int  # distinct words
    w_group: float  # weight by age within its session (see `stats`)
    visible: bool  # may be shown (see `withheld`)
    metric: str


ITEM_COLUMNS = "id, ref, outcome, failure_class, category, text, changes, session, sequence, path, ntok, w_group"


def _item_row(row: tuple[object, ...]) -> ItemRow:
    id_, ref, outcome, failure_class, category, text, changes, session, sequence, path, ntok, weight, visible, metric = row
    return ItemRow(
        int(id_),  # type: ignore[call-overload]
        str(ref),
        _text(outcome),
        _text(failure_class),
        str(category),
        str(text or ""),
        str(changes or ""),
        _text(session),
        sequence if isinstance(sequence, int) else None,
        str(path),
        int(ntok or 0),  # type: ignore[call-overload]
        float(weight) if isinstance(weight, (int, float)) else 1.0,
        bool(visible),
        str(metric or ""),
    )


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


class IndexQueries:
    """The read queries of `index.Index`."""

    conn: sqlite3.Connection

    def held_parameters(self, include_withheld: bool = False) -> dict[str, tuple[int, int]]:
        """Parameters the records changed, with how many records changed each and how many of those
        were kept: only those of records that may be shown unless `include_withheld`."""
        if include_withheld:
            query = (
                "SELECT c.parameter, COUNT(DISTINCT i.id), COUNT(DISTINCT CASE WHEN i.success THEN i.id END) "
                "FROM changes c JOIN items i ON i.id = c.item GROUP BY c.parameter"
            )
        else:
            query = "SELECT parameter, tried, kept FROM visible_parameters"
        return {str(p): (int(n), int(k)) for p, n, k in self.conn.execute(query)}

    def known_parameters(self, names: list[str]) -> set[str]:
        """Those of `names` some record changed (one index probe each, not a scan of their changes)."""
        query = "SELECT 1 FROM changes WHERE parameter = ? LIMIT 1"
        return {name for name in names if self.conn.execute(query, (name,)).fetchone()}

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        total = self.conn.execute("SELECT n FROM totals WHERE name = 'items'").fetchone()
        total = total[0] if total else self.conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        marks = ",".join("?" * len(terms))
        rows = self.conn.execute(f"SELECT term, n FROM term_counts WHERE term IN ({marks}) AND n > 0", terms)  # noqa: S608
        return {t: n for t, n in rows}, int(total)

    def items_with_parameters(
        self, parameters: list[str], near: Change | None = None, limit: int | None = None
    ) -> Iterator[tuple[int, Change]]:
        """Changes to these parameters; with `near` and `limit` (one parameter), only the changes with
        the `limit` closest values on each side of `near`'s and the latest `limit` without a number,
        which is all that similarity needs from a parameter changed thousands of times."""
        columns = "SELECT item, parameter, direction, value, tovalue FROM changes"
        if near is not None and limit is not None and len(parameters) == 1:
            # The closest values on either side and the changes without a number, each read from the
            # (parameter, value) index instead of sorting every change of the parameter.
            name, value = parameters[0], near.value if near.value is not None else 0.0
            queries = [
                (f"{columns} WHERE parameter = ? AND value >= ? ORDER BY value LIMIT ?", (name, value, limit)),
                (f"{columns} WHERE parameter = ? AND value < ? ORDER BY value DESC LIMIT ?", (name, value, limit)),
                (f"{columns} WHERE parameter = ? AND value IS NULL ORDER BY item DESC LIMIT ?", (name, limit)),
            ]
        else:
            marks = ",".join("?" * len(parameters))
            queries = [(f"{columns} WHERE parameter IN ({marks})", tuple(parameters))]
        for query, args in queries:
            for item, parameter, direction, value, to in self.conn.execute(query, args):
                yield item, Change(parameter, direction, to, value)

    def items_setting(self, change: Change) -> list[int]:
        """Items with a change of the same parameter to the same value (or, without a value, in the
        same direction): the candidates for an exact repeat."""
        if change.direction in ("enable", "disable"):  # "fa=off" is "turn fa off", "use X" is "add X" (`repeats`)
            rows = self.conn.execute(
                "SELECT item FROM changes WHERE parameter = ? AND direction IN (?, ?)",
                (change.parameter, *PAIRED[change.direction]),
            )
        elif change.value is not None:
            rows = self.conn.execute(
                "SELECT item FROM changes WHERE parameter = ? AND value = ?", (change.parameter, change.value)
            )
        elif change.to is not None:
            # Words are matched by what they say (`repeats.value_words`), so every word value of the
            # parameter in that direction is a candidate.
            rows = self.conn.execute(
                "SELECT item FROM changes WHERE parameter = ? AND direction = ? AND tovalue IS NOT NULL",
                (change.parameter, change.direction),
            )
        else:
            rows = self.conn.execute(
                "SELECT item FROM changes WHERE parameter = ? AND direction IN (?, ?)"
                " AND (tovalue IS NULL OR direction IN (?, ?))",
                (change.parameter, *PAIRED.get(change.direction, (change.direction,) * 2), "enable", "disable"),
            )
        return [row[0] for row in rows]

    def items_with_term(self, term: str, limit: int = -1) -> list[int]:
        """Items whose words include `term`, the latest first (at most `limit`; -1: all)."""
        rows = self.conn.execute("SELECT item FROM terms WHERE term = ? ORDER BY item DESC LIMIT ?", (term, limit))
        return [row[0] for row in rows]

    def rows(self, ids: list[int]) -> dict[int, ItemRow]:
        out: dict[int, ItemRow] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT {ITEM_COLUMNS}, {visible_sql()}, metric FROM items WHERE id IN ({marks})"  # noqa: S608 - placeholders
            for row in self.conn.execute(query, chunk):
                out[row[0]] = _item_row(row)
        return out

    def terms_of(self, ids: list[int], among: list[str] | None = None) -> dict[int, set[str]]:
        """The words of these items; with `among`, only those words (all a comparison with a query
        needs, and a few rows instead of every word of every item)."""
        out: dict[int, set[str]] = {i: set() for i in ids}
        wanted = "" if among is None else f" AND term IN ({','.join('?' * len(among))})"
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            query = f"SELECT term, item FROM terms WHERE item IN ({marks}){wanted}"  # noqa: S608 - placeholders only
            for term, item in self.conn.execute(query, [*chunk, *(among or [])]):
                out[item].add(term)
        return out

    def latest_session(self) -> str | None:
        """The session of the record file written last (None: none, or that file has no session)."""
        latest = self.conn.execute("SELECT path FROM files ORDER BY mtime_ns DESC, path DESC LIMIT 1").fetchone()
        if latest is None:
            return None
        row = self.conn.execute(
            "SELECT session FROM items WHERE path = ? AND session IS NOT NULL ORDER BY sequence DESC LIMIT 1", (latest[0],)
        ).fetchone()
        return str(row[0]) if row else None

    def session_steps(self, session: str | None, tail: int) -> tuple[int, int, list[tuple[bool, bool, str]]]:
        """A session's decided experiments (None: those without one): how many, how many kept, and
        the latest `tail` of them, oldest first, as (success, crash, changes JSON)."""
        where = "session = ?" if session is not None else "session IS NULL"
        args: tuple[str, ...] = (session,) if session is not None else ()
        tried, kept = self.conn.execute(
            f"SELECT COUNT(*), COALESCE(SUM(success), 0) FROM items WHERE decided AND {where}",  # noqa: S608 - fixed conditions
            args,
        ).fetchone()
        rows = self.conn.execute(
            f"SELECT success, crash, changes FROM items WHERE decided AND {where} "  # noqa: S608 - fixed conditions
            "ORDER BY sequence DESC, id DESC LIMIT ?",
            (*args, tail),
        ).fetchall()
        return int(tried), int(kept), [(bool(s), bool(c), str(changes or "")) for s, c, changes in reversed(rows)]

    def category_votes(self, parameters: list[str], include_withheld: bool = False) -> dict[str, dict[str, int]]:
        """For each of `parameters`, how many records that changed it were given each category
        (see `held_categories`); only records that may be shown unless `include_withheld`."""
        shown = "" if include_withheld else f" AND {visible_sql()}"
        votes: dict[str, dict[str, int]] = {}
        for parameter in dict.fromkeys(parameters):
            rows = self.conn.execute(  # the index changes_parameter finds its records; a sample decides
                "SELECT category, COUNT(*) FROM (SELECT DISTINCT i.id, i.category FROM changes c "  # noqa: S608 - fixed conditions
                f"JOIN items i ON i.id = c.item WHERE c.parameter = ?{shown} LIMIT {_CATEGORY_SAMPLE}) GROUP BY category",
                (parameter,),
            )
            votes[parameter] = {str(category): int(n) for category, n in rows if category}
        return votes

    def value_now(self, parameter: str, session: str | None, include_withheld: bool = False) -> str | None:
        """The value `parameter` holds along `session`'s kept line (None: records without a session),
        from its latest experiment that says it: a kept one's new value, or the value any experiment
        started from (see `changes.state`); None when no experiment says."""
        where = "c.session = ?" if session is not None else "c.session IS NULL"
        shown = "" if include_withheld else f" AND {visible_sql()}"  # its columns are the items' only
        rows = self.conn.execute(  # the index changes_moment answers it without a sort
            "SELECT i.outcome, c.tovalue, c.fromvalue FROM changes c JOIN items i ON i.id = c.item "  # noqa: S608 - fixed conditions
            f"WHERE c.parameter = ? AND {where}{shown} ORDER BY c.sequence DESC, c.item DESC LIMIT {_LATEST}",
            (parameter, *((session,) if session is not None else ())),
        )
        for outcome, to, start in rows:
            if outcome in KEPT_OUTCOMES and to is not None:
                return str(to)
            if start is not None:
                return str(start)
        return None

    def sessions(self, include_withheld: bool = False) -> list[str]:
        """The sessions the records name, the one with the most records first."""
        shown = "" if include_withheld else f" AND {visible_sql()}"
        rows = self.conn.execute(
            f"SELECT session FROM items WHERE session IS NOT NULL{shown} "  # noqa: S608 - fixed conditions
            "GROUP BY session ORDER BY COUNT(*) DESC, session"
        )
        return [str(name) for (name,) in rows]

    def has_session(self, session: str) -> bool:
        return self.conn.execute("SELECT 1 FROM items WHERE session = ? LIMIT 1", (session,)).fetchone() is not None

    def session_files(self, session: str, outcomes: list[str]) -> list[tuple[str, str]]:
        """(file, record id) of the session's records with one of `outcomes`, in the order they ran
        (sequence, then the order they were indexed)."""
        marks = ", ".join("?" * len(outcomes))
        rows = self.conn.execute(
            f"SELECT path, ref FROM items WHERE session = ? AND outcome IN ({marks}) ORDER BY sequence, id",  # noqa: S608 - placeholders only
            (session, *outcomes),
        )
        return [(str(path), str(ref)) for path, ref in rows]

    def next_sequence(self, session: str) -> int:
        """One past the highest sequence number of `session`."""
        row = self.conn.execute("SELECT MAX(sequence) FROM items WHERE session = ?", (session,)).fetchone()
        return int(row[0] or 0) + 1
