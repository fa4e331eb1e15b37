"""The knowledge index: a SQLite file in a hidden folder of the records folder, kept in step with it.

The index lives in `<records>/.nrr/` rather than beside the records, so that writing it never moves
the records folder's own stamps, which `index_sync` reads to tell whether anything changed. A busy
index (another writer holding it beyond the busy timeout) is read as it stands; an index SQLite
cannot read is moved aside and rebuilt; a folder where no index can be written gets one in memory.
None of these raise.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from ..errors import NrrError
from .index_queries import IndexQueries
from .index_schema import SCHEMA
from .index_stats import read_decided, read_size, read_table
from .index_sync import RefreshReport, Written, apply, observe
from .stats import Table

STATE_FOLDER = ".nrr"
INDEX_NAME = "index.sqlite"
EARLIER_INDEX = ".nrr-index.sqlite"  # where versions before 1.1 kept it, beside the records
SCHEMA_VERSION = 12  # moved whenever the tables or what is read into them (the words of a text) change
BUSY_TIMEOUT_MS = 5000

__all__ = ["Index", "RefreshReport", "Written", "index_path", "open_index"]


class Index(IndexQueries):
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

    @property
    def state(self) -> Path | None:
        """The index's own folder, where its clock and sweep markers live (None: in memory)."""
        return None if self.path is None else self.path.parent

    def refresh(
        self, rebuild: bool = False, sweep: bool = False, written: Written | None = None, sweep_if_due: bool = True
    ) -> RefreshReport:
        """Bring the index in step with the records folder (`index_sync` says how; `sweep` stamps
        every file; `written` names a file this process has just created; without `sweep_if_due`, a
        sweep that is due is left to a background thread); never raises on bad files or a busy index."""
        report = RefreshReport()
        for attempt in range(2):
            try:
                self._refresh(report, rebuild, sweep, written, sweep_if_due)
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

    def _refresh(self, report: RefreshReport, rebuild: bool, sweep: bool, written: Written | None, sweep_if_due: bool) -> None:
        observed = observe(self.conn, self.records, self.state, sweep, rebuild, written, sweep_if_due)
        report.stamped, report.swept = observed.stamped, observed.swept
        if observed.writes or rebuild:
            apply(self.conn, self.records, self.state, observed, rebuild, report)
        report.unreadable = observed.unlistable + report.unreadable + self._problems()
        report.files = self.conn.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        if observed.swept and self.state is not None:
            _touch(self.state / "swept")

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

    def _problems(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT problem FROM files WHERE problem IS NOT NULL ORDER BY path")]

    def table(self) -> Table:
        """Group counts for the statistics."""
        return read_table(self.conn)

    def size(self) -> tuple[int, int]:
        """(records indexed, records with a decided outcome)."""
        return read_size(self.conn)

    def decided(self) -> int:
        """Records with a decided outcome; unlike `size`, without counting the items."""
        return read_decided(self.conn)


def _touch(path: Path) -> None:
    with contextlib.suppress(OSError):
        with open(path, "ab"):
            pass
        os.utime(path)


def index_path(records: Path) -> Path:
    """Where the index of a records folder lives: in its hidden `.nrr` folder."""
    return records / STATE_FOLDER / INDEX_NAME


def open_index(records: str | os.PathLike[str], memory: bool = False) -> Index:
    """Open (creating if needed) the index of a records folder; never raises."""
    folder = Path(records)
    notes: list[str] = []
    if memory or not folder.is_dir():
        conn, path = _connect(None)
        return Index(folder, None, conn, notes)
    target = index_path(folder)
    try:
        _prepare(target.parent, notes)
        conn, path = _connect(target)
        _check(conn)
    except OSError as exc:
        notes.append(f"cannot create the index folder {target.parent} ({exc.strerror or exc}); using an index in memory")
        conn, path = _connect(None)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            notes.append("the index is locked by another process; using a fresh one in memory")
        else:
            notes.append(f"cannot open the index ({exc}); using one in memory")
        conn, path = _connect(None)
    except OtherVersionError:
        notes.append(f"the index {target.name} was built by another version of nrr; it was rebuilt")
        conn, path = _connect_fresh(target, keep=False)
    except sqlite3.DatabaseError as exc:
        notes.append(f"the index {target.name} was unreadable ({exc}); it was set aside and rebuilt")
        conn, path = _connect_fresh(target)
    return Index(folder, path, conn, notes)


def _prepare(state: Path, notes: list[str]) -> None:
    """Create the index's folder, kept out of git by its own `.gitignore`, and remove an index an
    earlier version left beside the records (derived data, rebuilt here)."""
    if not state.is_dir():
        state.mkdir()
        with contextlib.suppress(FileExistsError):
            descriptor = os.open(state / ".gitignore", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
                stream.write("# The nrr knowledge index: derived from the records, rebuilt when missing.\n*\n")
    earlier = state.parent / EARLIER_INDEX
    if earlier.exists():
        with contextlib.suppress(OSError):
            for suffix in ("", "-wal", "-shm"):
                earlier.with_name(EARLIER_INDEX + suffix).unlink(missing_ok=True)
            notes.append(f"removed the index of an earlier version ({EARLIER_INDEX}); the index now lives in {STATE_FOLDER}/")


class OtherVersionError(NrrError, sqlite3.DatabaseError):
    """The index was written by a version of nrr with another table layout."""


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
        conn.close()
        raise OtherVersionError(f"index schema version {version}, expected {SCHEMA_VERSION}")
    if version == 0:
        conn.executescript(SCHEMA)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return conn, path


def _check(conn: sqlite3.Connection) -> None:
    for table in ("files", "items", "groups"):
        conn.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchall()  # noqa: S608 - fixed table names


def _connect_fresh(target: Path, keep: bool = True) -> tuple[sqlite3.Connection, Path | None]:
    """Move an unreadable index aside (for inspection; `keep` False: remove an index another version
    wrote, derived data that says nothing wrong) and start a new one; in memory if that fails."""
    try:
        for suffix in ("", "-wal", "-shm"):
            part = target.with_name(target.name + suffix)
            if part.exists() and keep:
                os.replace(part, target.with_name(target.name + suffix + ".corrupt"))
            else:
                part.unlink(missing_ok=True)
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
