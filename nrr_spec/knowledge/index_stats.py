"""The group counts behind the statistics: kept in the index as records come and go, read by every check.

A group's counts are sums over the decided items in it (see `stats`), and an item's weights depend
only on its place among the decided items of its session. So when files come and go, the only
contributions that change are those of the items that came and went and of the other items of
their sessions (their weights moved). `GroupUpdate` takes those contributions out with the weights
they had, reweighs the sessions, and adds them back with the new weights: the work follows the
sessions touched, not the size of the index. The weighted sums it keeps agree with a full
`regroup` to rounding (about 1e-15 of the weights taken out and put back, per update); the plain
counts exactly. A rebuild, and an update touching more than half the items, sum everything again.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable

from ..model.vocabulary import Disclosure, ExperimentOutcome
from .features import Item
from .index_schema import embargo_end
from .stats import DECAY_ALL, DECAY_GROUP, Counts, Table, change_key
from .withheld import visible_sql

Key = tuple[str, str | None]
# One item's share of a group, in the column order of the `groups` table: n, k, crashes, infra
# (weighted), tried, kept, crashed, lost (plain), n_all, k_all (weighted as the overall rate).
Share = list[float]
COLUMNS = "n, k, crashes, infra, tried, kept, crashed, lost, n_all, k_all"
PLAIN = slice(4, 8)
ALL: Key = ("all", "all")
FULL_SHARE = 0.5  # past this share of the items touched, summing everything again is the cheaper way


def reweigh(conn: sqlite3.Connection, sessions: Iterable[str | None]) -> None:
    """Weights by age: decided experiments after this one in its session (see `stats`). Ties in
    sequence go by file, then by place in the file, so that the weights do not depend on the order
    in which files were indexed."""
    for session in sessions:
        if session is None:
            continue
        ids = [
            row[0]
            for row in conn.execute("SELECT id FROM items WHERE session = ? AND decided ORDER BY sequence, path, id", (session,))
        ]
        last = len(ids) - 1
        conn.executemany(
            "UPDATE items SET w_all = ?, w_group = ? WHERE id = ?",
            [(DECAY_ALL ** (last - i), DECAY_GROUP ** (last - i), id_) for i, id_ in enumerate(ids)],
        )


def regroup(conn: sqlite3.Connection) -> None:
    """Recompute the group counts (all changes, category, parameter, parameter and direction), the
    number of records, and the parameters a proposal's words may resolve to, from every item."""
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
    _recount_visible(conn)


class GroupUpdate:
    """The group counts, the number of items and the visible parameters, brought up to date by one
    sync. Call `removing(path)` before a file's items are deleted and `adding(items)` before new
    items are stored, then `finish()` once, inside the same transaction."""

    def __init__(self, conn: sqlite3.Connection, full: bool = False) -> None:
        self.conn = conn
        self.full = full  # everything is summed again at the end: nothing to track
        self.delta: dict[Key, Share] = {}
        self.sessions: set[str] = set()  # sessions whose contributions were taken out
        self.day = dt.date.today()  # what may be shown is decided as of one day (see `withheld`)
        self.visible: dict[str, list[int]] = {}  # parameter -> visible records changing it, kept (added less removed)
        self.items = 0  # items added less items removed
        self.touched = 0  # items whose contributions were taken out or added

    def removing(self, path: str) -> None:
        """Take out the contributions of a file's items (and of their sessions), before they are deleted."""
        if self.full:
            return
        conn = self.conn
        for (session,) in conn.execute("SELECT DISTINCT session FROM items WHERE path = ?", (path,)).fetchall():
            if session is None:
                self._take("path = ? AND session IS NULL", (path,), -1)
            else:
                self._leave(session)
        self.items -= conn.execute("SELECT COUNT(*) FROM items WHERE path = ?", (path,)).fetchone()[0]
        rows = conn.execute(
            "SELECT DISTINCT i.id, i.success, c.parameter FROM items i JOIN changes c ON c.item = i.id "  # noqa: S608
            f"WHERE i.path = ? AND {visible_sql(self.day)}",
            (path,),
        )
        for _, success, parameter in rows:
            self._see(parameter, -1, success)

    def adding(self, items: list[Item]) -> None:
        """Take out the contributions of the sessions these new items join, before they are stored."""
        if self.full:
            return
        for item in items:
            self.items += 1
            self.touched += 1
            if _shown(item, self.day):
                for parameter in dict.fromkeys(c.parameter for c in item.changes):
                    self._see(parameter, 1, item.outcome == ExperimentOutcome.keep)
            if item.session is not None:
                self._leave(item.session)
            elif item.decided:
                # Without a session an item keeps the weight 1 it is stored with.
                obs = item.observation()
                self._add(1.0, 1.0, int(obs.success), int(obs.crash), int(obs.infra), item.category, obs.changes, 1)

    def finish(self) -> None:
        """Reweigh the sessions touched and write the counts back (or sum everything, when that is cheaper)."""
        conn = self.conn
        held = conn.execute("SELECT n FROM totals WHERE name = 'items'").fetchone()
        if self.full or held is None or self.touched > FULL_SHARE * (held[0] + self.items):
            reweigh(conn, self._all_sessions() if self.full else self.sessions)
            regroup(conn)
            return
        reweigh(conn, self.sessions)
        for session in self.sessions:
            self._take("session = ?", (session,), 1)
        self._write()
        conn.execute("UPDATE totals SET n = n + ? WHERE name = 'items'", (self.items,))
        if self._embargo_ended():
            _recount_visible(conn, self.day)
            return
        for parameter, (tried, kept) in self.visible.items():
            row = conn.execute("SELECT tried, kept FROM visible_parameters WHERE parameter = ?", (parameter,)).fetchone()
            held_tried, held_kept = row or (0, 0)
            if held_tried + tried > 0:
                conn.execute(
                    "INSERT OR REPLACE INTO visible_parameters VALUES (?, ?, ?)",
                    (parameter, held_tried + tried, held_kept + kept),
                )
            else:
                conn.execute("DELETE FROM visible_parameters WHERE parameter = ?", (parameter,))

    def _embargo_ended(self) -> bool:
        """Whether what may be shown changed since the visible counts were taken (an embargo ended
        between that day and this one); the counts are then as of this day."""
        held = self.conn.execute("SELECT n FROM totals WHERE name = 'visible_day'").fetchone()
        if held is None:
            return True
        if held[0] == self.day.toordinal():
            return False
        first, last = sorted((dt.date.fromordinal(held[0]).isoformat(), self.day.isoformat()))
        ended = self.conn.execute(
            "SELECT 1 FROM items WHERE embargo_until > ? AND embargo_until <= ? LIMIT 1", (first, last)
        ).fetchone()
        self.conn.execute("UPDATE totals SET n = ? WHERE name = 'visible_day'", (self.day.toordinal(),))
        return ended is not None

    def _see(self, parameter: str, sign: int, success: object) -> None:
        counts = self.visible.setdefault(parameter, [0, 0])
        counts[0] += sign
        counts[1] += sign if success else 0

    def _all_sessions(self) -> list[str | None]:
        return [row[0] for row in self.conn.execute("SELECT DISTINCT session FROM items")]

    def _leave(self, session: str) -> None:
        if session not in self.sessions:
            self.sessions.add(session)
            self._take("session = ?", (session,), -1)

    def _take(self, condition: str, args: tuple[object, ...], sign: int) -> None:
        """Add (`sign` 1) or take out (-1) the contributions of the decided items that meet `condition`."""
        changes: dict[int, list[tuple[str, str]]] = {}
        chosen = f"SELECT id FROM items WHERE decided AND {condition}"  # noqa: S608 - fixed conditions
        query = f"SELECT item, parameter, direction FROM changes WHERE item IN ({chosen})"  # noqa: S608
        for item, parameter, direction in self.conn.execute(query, args):
            changes.setdefault(item, []).append((parameter, direction))
        columns = "id, category, w_all, w_group, success, crash, infra"
        for id_, category, w_all, w_group, success, crash, infra in self.conn.execute(
            f"SELECT {columns} FROM items WHERE decided AND {condition}",  # noqa: S608 - fixed conditions
            args,
        ):
            self._add(w_all, w_group, success, crash, infra, category, changes.get(id_, ()), sign)
            self.touched += sign == -1

    def _add(
        self,
        w_all: float,
        w_group: float,
        success: int,
        crash: int,
        infra: int,
        category: str | None,
        changes: Iterable[tuple[str, str]],
        sign: int,
    ) -> None:
        """One item's share of each of its groups, as `regroup` sums them."""
        idea = (w_all * (1 - infra) * sign, w_all * success * sign)
        plain = (sign, success * sign, crash * sign, infra * sign)
        self._put(ALL, (w_all * sign, w_all * success * sign, w_all * crash * sign, w_all * infra * sign, *plain, *idea))
        share = (w_group * sign, w_group * success * sign, w_group * crash * sign, w_group * infra * sign, *plain, *idea)
        self._put(("category", category), share)
        pairs = list(dict.fromkeys(changes))
        for parameter in dict.fromkeys(p for p, _ in pairs):
            self._put(("parameter", parameter), share)
        for parameter, direction in pairs:
            key = None if parameter is None or direction is None else change_key(parameter, direction)
            self._put(("change", key), share)

    def _put(self, key: Key, share: tuple[float, ...]) -> None:
        held = self.delta.get(key)
        if held is None:
            self.delta[key] = list(share)
        else:
            for i, value in enumerate(share):
                held[i] += value

    def _write(self) -> None:
        conn = self.conn
        for (level, key), delta in self.delta.items():
            row = conn.execute(f"SELECT {COLUMNS} FROM groups WHERE level = ? AND key IS ?", (level, key)).fetchone()  # noqa: S608
            values = [(held or 0) + change for held, change in zip(row or [0] * len(delta), delta, strict=True)]
            conn.execute("DELETE FROM groups WHERE level = ? AND key IS ?", (level, key))
            if values[4] <= 0 and level != "all":
                continue  # no decided item left in the group: a full regroup would not list it
            # Rounding can leave a weighted sum a hair below zero where it should be a hair above.
            numbers = [int(v) if PLAIN.start <= i < PLAIN.stop else max(0.0, v) for i, v in enumerate(values)]
            conn.execute("INSERT INTO groups VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (level, key, *numbers))


def _recount_visible(conn: sqlite3.Connection, day: dt.date | None = None) -> None:
    """What a proposal's words may resolve to: parameters some visible record changed, counted from
    every item as of `day` (today), which is stored beside them."""
    day = day or dt.date.today()
    conn.execute("DELETE FROM visible_parameters")
    conn.execute(
        f"INSERT INTO visible_parameters SELECT c.parameter, COUNT(DISTINCT i.id), "  # noqa: S608
        f"COUNT(DISTINCT CASE WHEN i.success THEN i.id END) FROM changes c JOIN items i ON i.id = c.item "
        f"WHERE {visible_sql(day)} GROUP BY c.parameter"
    )
    conn.execute("INSERT OR REPLACE INTO totals VALUES ('visible_day', ?)", (day.toordinal(),))


def _shown(item: Item, day: dt.date) -> bool:
    """`withheld.visible_sql` for an item not stored yet."""
    if item.disclosure == Disclosure.public:
        return True
    until = embargo_end(item.disclosure, item.embargo_until)
    return item.disclosure == Disclosure.embargoed and until is not None and until[:10] <= day.isoformat()


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


def read_decided(conn: sqlite3.Connection) -> int:
    """Records with a decided outcome, from the group counts (one row, where `read_size` counts every item)."""
    row = conn.execute("SELECT tried FROM groups WHERE level = 'all'").fetchone()
    return int(row[0] or 0) if row else 0


def _counts(numbers: list[object]) -> Counts:
    n, k, crashes, infra, tried, kept, crashed, lost, n_all, k_all = (float(x or 0) for x in numbers)  # type: ignore[arg-type]
    return Counts(n, k, crashes, infra, int(tried), int(kept), int(crashed), int(lost), n_all, k_all)
