"""The knowledge index: a SQLite file beside the records folder, kept in step with it.

`refresh()` compares every record file's size and modification time with what the index saw; a
file whose stamp changed is hashed, and re-read only when its content changed. Writers take the
write lock (`BEGIN IMMEDIATE`) for the whole comparison, so two processes never index the same file
twice; WAL mode lets readers answer meanwhile. A busy index (another writer holding it beyond the
busy timeout) is read as it stands; an index SQLite cannot read is moved aside and rebuilt; a folder
where no index can be written gets one in memory. None of these raise.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..io import ParseFailure, discover, format_of, parse_bytes
from .features import Item, item_from_record, tokens
from .index_reads import IndexReads
from .index_schema import SCHEMA, bounded, embargo_end
from .proposal_view import proposal_view
from .stats import DECAY_ALL, DECAY_GROUP, Counts, Table
from .withheld import visible_sql

INDEX_NAME = ".nrr-index.sqlite"
SCHEMA_VERSION = 6
BUSY_TIMEOUT_MS = 5000


@dataclass
class RefreshReport:
    """What a refresh did; `notes` explain any fallback taken."""

    files: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unreadable: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


class Index(IndexReads):
    """The index of one records folder. Use `open_index()`; close it (or use it as a context manager)."""

    def __init__(self, records: Path, path: Path | None, conn: sqlite3.Connection, notes: list[str]) -> None:
        self.records = records
        self.path = path  # None: in memory
        self.conn = conn
        self.notes = notes

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    # ------------------------------------------------------------ writing

    def refresh(self, rebuild: bool = False) -> RefreshReport:
        """Bring the index in step with the records folder; never raises on bad files or a busy index."""
        report = RefreshReport()
        for attempt in range(2):
            try:
                self._refresh(report, rebuild)
                return report
            except sqlite3.OperationalError as exc:
                _rollback(self.conn)
                if "locked" in str(exc) or "busy" in str(exc):
                    report.notes.append("the index is busy with another writer; answering from it as it stands")
                    return report
                if "readonly" in str(exc) or "read-only" in str(exc):
                    report.notes.append("the index is read-only here; answering from it as it stands")
                    return report
                if attempt or not self._recover(report, exc):
                    break
            except sqlite3.DatabaseError as exc:
                _rollback(self.conn)
                if attempt or not self._recover(report, exc):
                    break
            report = RefreshReport(notes=report.notes)
        report.notes.append("the index could not be written; answering from what it holds")
        return report

    def _recover(self, report: RefreshReport, exc: sqlite3.Error) -> bool:
        if self.path is None:
            return False
        report.notes.append(f"the index {self.path.name} was unreadable ({exc}); it was set aside and rebuilt")
        self.close()
        self.conn, path = _connect_fresh(self.path)
        self.path = path
        if path is None:
            report.notes.append("no index could be written beside the records; using one in memory")
        return True

    def _stamps(self) -> dict[str, tuple[int, int]]:
        return {row[0]: (row[1], row[2]) for row in self.conn.execute("SELECT path, mtime_ns, size FROM files")}

    def _stale(self) -> bool:
        """Whether any record file is new, changed or gone; reads only, so readers never queue for the lock."""
        known = self._stamps()
        count = 0
        for path in self._files():
            count += 1
            try:
                stat = path.stat()
            except OSError:
                continue
            if known.get(path.relative_to(self.records).as_posix()) != (stat.st_mtime_ns, stat.st_size):
                return True
        return count != len(known)

    def _refresh(self, report: RefreshReport, rebuild: bool) -> None:
        conn = self.conn
        if not rebuild and not self._stale():
            report.files = len(self._stamps())
            report.unreadable = self._problems()
            return
        conn.execute("BEGIN IMMEDIATE")
        if rebuild:
            for table in ("files", "items", "changes", "terms", "groups", "visible_parameters", "term_counts"):
                conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        known = {row[0]: (row[1], row[2], row[3]) for row in conn.execute("SELECT path, mtime_ns, size, digest FROM files")}
        seen: set[str] = set()
        sessions: set[str | None] = set()
        unreadable: list[str] = []
        for path in self._files():
            report.files += 1
            name = path.relative_to(self.records).as_posix()
            seen.add(name)
            try:
                stat = path.stat()
            except OSError:
                continue
            old = known.get(name)
            if old is not None and old[0] == stat.st_mtime_ns and old[1] == stat.st_size:
                continue
            try:
                raw = path.read_bytes()
            except OSError as exc:
                unreadable.append(f"{name}: {exc.strerror or exc}")
                continue
            digest = hashlib.sha256(raw).hexdigest()
            if old is not None and old[2] == digest:
                conn.execute("UPDATE files SET mtime_ns = ?, size = ? WHERE path = ?", (stat.st_mtime_ns, stat.st_size, name))
                continue
            if old is not None:
                sessions |= self._remove(name)
                report.updated += 1
            else:
                report.added += 1
            inserted, problem = self._insert(name, raw)
            sessions |= inserted
            conn.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?)", (name, stat.st_mtime_ns, stat.st_size, digest, problem)
            )
        for name in set(known) - seen:
            sessions |= self._remove(name)
            conn.execute("DELETE FROM files WHERE path = ?", (name,))
            report.removed += 1
        if report.changed or rebuild:
            self._age(sessions)
            self._regroup()
        report.unreadable = unreadable + self._problems()
        conn.execute("COMMIT")

    def _files(self) -> Iterator[Path]:
        if self.records.is_dir():
            yield from discover([self.records])

    def _remove(self, name: str) -> set[str | None]:
        conn = self.conn
        sessions = {row[0] for row in conn.execute("SELECT DISTINCT session FROM items WHERE path = ?", (name,))}
        conn.execute(
            "UPDATE term_counts SET n = n - (SELECT COUNT(*) FROM terms t JOIN items i ON i.id = t.item "
            "WHERE i.path = ? AND t.term = term_counts.term) WHERE term IN (SELECT t.term FROM terms t "
            "JOIN items i ON i.id = t.item WHERE i.path = ?)",
            (name, name),
        )
        for table in ("changes", "terms"):
            conn.execute(f"DELETE FROM {table} WHERE item IN (SELECT id FROM items WHERE path = ?)", (name,))  # noqa: S608
        conn.execute("DELETE FROM items WHERE path = ?", (name,))
        return sessions

    def _insert(self, name: str, raw: bytes) -> tuple[set[str | None], str | None]:
        """Index the records of one file; returns their sessions and the file's first problem, if any."""
        from ..lint.data_values import value_problems  # only when files changed: keeps `nrr check` starting fast

        documents, failures = parse_bytes(raw, name, format_of(name))
        sessions: set[str | None] = set()
        items = 0
        for doc in documents:
            unfit = value_problems(doc.data, doc.text)  # values SQLite cannot store (integers past 64 bits)
            if unfit:
                failures = failures or [ParseFailure(name, f"{unfit[0].pointer or 'record'}: {unfit[0].message}", "")]
                continue
            item = item_from_record(doc.data, name)
            if item is not None:
                self.add_item(item)
                sessions.add(item.session)
                items += 1
        problem = f"{failures[0].path}:{failures[0].line}: {failures[0].message}" if failures else None
        if problem is None and not items:
            problem = f"{name}: no record in the file (a record is a JSON or YAML object)"
        return sessions, problem

    def _problems(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT problem FROM files WHERE problem IS NOT NULL ORDER BY path")]

    def add_item(self, item: Item) -> None:
        """Store one item (inside the caller's transaction); groups are recomputed by the caller."""
        obs = item.observation()
        # Words are those of the proposal view, as replay compares them (see `proposal_view`).
        terms = set(tokens(proposal_view(item.text) + " " + " ".join(c.parameter for c in item.changes)))
        changes = json.dumps([{"parameter": c.parameter, "direction": c.direction, "to": c.to} for c in item.changes])
        cur = self.conn.execute(
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
        self.conn.executemany(
            "INSERT INTO changes VALUES (?, ?, ?, ?, ?)", [(rowid, c.parameter, c.direction, c.value, c.to) for c in item.changes]
        )
        self.conn.executemany("INSERT INTO terms VALUES (?, ?)", [(t, rowid) for t in terms])
        # Document frequencies kept as records come and go, so a check never counts postings.
        self.conn.executemany(
            "INSERT INTO term_counts VALUES (?, 1) ON CONFLICT(term) DO UPDATE SET n = n + 1", [(t,) for t in terms]
        )

    def _age(self, sessions: set[str | None]) -> None:
        """Weights by age: decided experiments after this one in its session (see `stats`)."""
        for session in sessions:
            if session is None:
                continue
            ids = [
                row[0]
                for row in self.conn.execute(
                    "SELECT id FROM items WHERE session = ? AND decided ORDER BY sequence, id", (session,)
                )
            ]
            last = len(ids) - 1
            self.conn.executemany(
                "UPDATE items SET w_all = ?, w_group = ? WHERE id = ?",
                [(DECAY_ALL ** (last - i), DECAY_GROUP ** (last - i), id_) for i, id_ in enumerate(ids)],
            )

    def _regroup(self) -> None:
        conn = self.conn
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

    # ------------------------------------------------------------ reading

    def table(self) -> Table:
        """Group counts for the statistics."""
        table = Table()
        for level, key, *numbers in self.conn.execute("SELECT * FROM groups"):
            counts = _counts(numbers)
            if level == "all":
                table.total = counts
            else:
                table.groups[(level, key)] = counts
        return table

    def size(self) -> tuple[int, int]:
        """(records indexed, records with a decided outcome)."""
        row = self.conn.execute("SELECT COUNT(*), COALESCE(SUM(decided), 0) FROM items").fetchone()
        return int(row[0]), int(row[1])


def _counts(numbers: list[object]) -> Counts:
    n, k, crashes, infra, tried, kept, crashed, lost, n_all, k_all = (float(x or 0) for x in numbers)  # type: ignore[arg-type]
    return Counts(n, k, crashes, infra, int(tried), int(kept), int(crashed), int(lost), n_all, k_all)


def index_path(records: Path) -> Path:
    """Where the index of a records folder lives: beside the records, inside the folder."""
    return records / INDEX_NAME


def open_index(records: str | os.PathLike[str], memory: bool = False) -> Index:
    """Open (creating if needed) the index of a records folder; never raises."""
    folder = Path(records)
    notes: list[str] = []
    if memory or not folder.is_dir():
        conn, path = _connect(None)
        return Index(folder, None, conn, notes)
    target = index_path(folder)
    try:
        conn, path = _connect(target)
        _check(conn)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            notes.append("the index is locked by another process; using a fresh one in memory")
        else:
            notes.append(f"cannot open the index ({exc}); using one in memory")
        conn, path = _connect(None)
    except sqlite3.DatabaseError as exc:
        notes.append(f"the index {target.name} was unreadable ({exc}); it was set aside and rebuilt")
        conn, path = _connect_fresh(target)
    return Index(folder, path, conn, notes)


def _connect(path: Path | None) -> tuple[sqlite3.Connection, Path | None]:
    conn = sqlite3.connect(
        ":memory:" if path is None else str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if path is not None:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version not in (0, SCHEMA_VERSION):
        raise sqlite3.DatabaseError(f"index schema version {version}, expected {SCHEMA_VERSION}")
    if version == 0:
        conn.executescript(SCHEMA)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return conn, path


def _check(conn: sqlite3.Connection) -> None:
    for table in ("files", "items", "groups"):
        conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()  # noqa: S608 - fixed table names


def _connect_fresh(target: Path) -> tuple[sqlite3.Connection, Path | None]:
    """Move an unreadable index aside (for inspection) and start a new one; in memory if that fails."""
    try:
        for suffix in ("", "-wal", "-shm"):
            part = target.with_name(target.name + suffix)
            if part.exists():
                os.replace(part, target.with_name(target.name + suffix + ".corrupt"))
        conn, path = _connect(target)
        _check(conn)
        return conn, path
    except (OSError, sqlite3.Error):
        return _connect(None)


def _rollback(conn: sqlite3.Connection) -> None:
    try:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass
