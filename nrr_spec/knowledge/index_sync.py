"""Keeping the knowledge index in step with its records folder.

A sync compares stamps (`index_walk`) before it reads anything:

- every folder the last sync listed is stamped again, one stat each; a folder whose stamp moved
  (a record added, deleted, renamed or replaced in it) is listed, and its record files stamped;
- the `WATCHED` files written last and the files that could not be read are stamped on every sync,
  so that an edit in place of a record being worked on, or the fix of a broken file, is seen at once;
- every file is stamped (a sweep) when the last sweep is older than `sweep_seconds()`, on
  `nrr index`, and when no folder stamps are stored yet; a long-lived process (the MCP server)
  sweeps on a thread of its own instead (`background_sweep`), and its requests skip a sweep that is due;
- a record file this process has just created (`Written`, as `record_experiment` does) is indexed
  without listing its folder again when the folder's stamp just before the write was the one the
  last listing stored: the write moved it, and its new stamp is stored. An entry another program
  adds or removes in that folder during the write itself (between the two stamps, microseconds
  apart) is then seen at the next sweep instead of the next check.

A file whose stamp moved is hashed, and read only when its content changed. Nothing is written and
no lock is taken unless something changed; a writer then takes the write lock (`BEGIN IMMEDIATE`)
and compares again under it, so two processes never index the same file twice.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .index_items import add_item, read_items, remove_file
from .index_stats import GroupUpdate
from .index_walk import Scan, Stamp, StampRow, clock_after, parent_of, scan, stamp_of, within

SWEEP_ENV = "NRR_INDEX_SWEEP"
SWEEP_SECONDS = 60.0
WATCHED = 256  # stamped on every sync: about a millisecond
UNSETTLED = Stamp(-1, -1, -1, -1)  # a stamp no path has: the folder is listed again next time
CHUNK = 500
TABLES = ("files", "folders", "items", "changes", "terms", "groups", "visible_parameters", "term_counts", "totals")


@dataclass
class RefreshReport:
    """What a refresh did; `notes` explain any fallback taken."""

    files: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unreadable: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stamped: int = 0  # record files whose stamps were read
    swept: bool = False  # every file was stamped

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass
class Observed:
    """What the folder holds compared with what the index saw, before any lock is taken."""

    candidates: dict[str, Stamp] = field(default_factory=dict)  # files new or with a moved stamp
    removed: set[str] = field(default_factory=set)  # files the index holds that are gone
    folders: dict[str, Stamp | None] = field(default_factory=dict)  # folder rows to write (None: delete)
    listed: set[str] = field(default_factory=set)
    unlistable: list[str] = field(default_factory=list)
    clock: int | None = None  # the file system's time before the listing (see `index_walk.clock_after`)
    stamped: int = 0
    swept: bool = False

    @property
    def writes(self) -> bool:
        return bool(self.candidates or self.removed or self.folders)


def sweep_seconds() -> float:
    """How old the last sweep may be (`NRR_INDEX_SWEEP`, in seconds; 0 sweeps on every check)."""
    try:
        return max(0.0, float(os.environ.get(SWEEP_ENV, SWEEP_SECONDS)))
    except ValueError:
        return SWEEP_SECONDS


def sweep_due(state: Path | None) -> bool:
    if state is None:
        return True
    last = stamp_of(state / "swept")
    return last is None or abs(time.time_ns() - last.mtime_ns) > sweep_seconds() * 1e9


class Written(NamedTuple):
    """A record file just created by this process (relative to the records folder), with the stamp
    its folder had just before the write."""

    name: str
    folder_before: Stamp | None


def observe(
    conn: sqlite3.Connection,
    root: Path,
    state: Path | None,
    sweep: bool,
    rebuild: bool = False,
    written: Written | None = None,
    sweep_if_due: bool = True,
) -> Observed:
    """Stamp what needs stamping and compare with the index (with nothing, to `rebuild`); reads only.
    Without `sweep_if_due` (a background thread sweeps), a sweep that is due is left to it."""
    known_folders: dict[str, Stamp] = {}
    if not rebuild:
        rows = conn.execute("SELECT path, mtime_ns, ctime_ns, size, ino FROM folders")
        known_folders = {row[0]: Stamp(*row[1:]) for row in rows}
    sweep = sweep or rebuild or not known_folders or (sweep_if_due and sweep_due(state))
    watched: dict[str, Stamp] = {}
    held_watched: dict[str, Stamp] = {}
    own: str | None = None  # the folder moved by this process's own write alone
    now: dict[str, Stamp | None] = {}
    if sweep:
        root_stamp = stamp_of(root)
        to_list, newest = [""], root_stamp.latest_ns if root_stamp else 0
    else:
        base = str(root)
        now = {folder: stamp_of(os.path.join(base, folder) if folder else base) for folder in known_folders}
        to_list = [folder for folder, stamp in now.items() if stamp != known_folders[folder]]
        own = _moved_by(written, known_folders, to_list)
        if own is not None:
            to_list.remove(own)
        newest = max((s.latest_ns for f, s in now.items() if (f in to_list or f == own) and s), default=0)
        held_watched = _watched(conn)
        for name in held_watched:
            stamp = stamp_of(os.path.join(base, name))
            if stamp is not None:
                watched[name] = stamp
        if own is not None and written is not None:
            stamp = stamp_of(os.path.join(base, written.name))
            if stamp is not None:
                watched[written.name] = stamp  # stamped as a watched file is, its folder unlisted
        if not to_list and watched == held_watched:
            return Observed(stamped=len(watched))  # the fast path: nothing moved
    observed = Observed(swept=sweep, stamped=len(watched))
    if not to_list and not watched:
        return observed
    if (to_list or own is not None) and state is not None:
        observed.clock = clock_after(state / "clock", newest)
    found = scan(root, to_list, (lambda _: True) if sweep else (lambda folder: folder not in known_folders))
    observed.stamped += len(found.files)
    observed.listed = set(found.folders)
    gone = _gone_folders(known_folders, found, sweep)
    covered = set(found.folders) | set(found.unlistable)
    known = {} if rebuild else _known_stamps(conn, covered, gone, watched, everything=sweep)
    for name, row in found.files.items():
        if known.get(name) != row:
            observed.candidates[name] = Stamp._make(row)
    for name, stamp in watched.items():
        if name not in found.files and known.get(name) != stamp:
            observed.candidates[name] = stamp
    observed.removed = {
        name
        for name in known.keys() - found.files.keys() - watched.keys()
        if parent_of(name) in covered or any(within(name, g) for g in gone)
    }
    for folder, stamp in found.folders.items():
        settled = observed.clock is not None and stamp.latest_ns < observed.clock
        row = stamp if settled else UNSETTLED
        if known_folders.get(folder) != row:
            observed.folders[folder] = row
    for folder, reason in found.unlistable.items():
        observed.unlistable.append(f"{folder or root.name}: {reason}")
        if known_folders.get(folder) != UNSETTLED:
            observed.folders[folder] = UNSETTLED
    observed.folders.update(dict.fromkeys((f for f in known_folders if any(within(f, g) for g in gone)), None))
    own_stamp = now.get(own) if own is not None else None
    if own is not None and own_stamp is not None:
        settled = observed.clock is not None and own_stamp.latest_ns < observed.clock
        observed.folders[own] = own_stamp if settled else UNSETTLED
    return observed


def _moved_by(written: Written | None, known_folders: dict[str, Stamp], to_list: list[str]) -> str | None:
    """The folder of `written` when that write alone moved it: its stamp from just before the write
    is the one the last listing stored (a settled stamp; an unsettled one is never equal)."""
    if written is None or written.folder_before is None:
        return None
    folder = parent_of(written.name)
    if folder in to_list and known_folders.get(folder) == written.folder_before:
        return folder
    return None


def _watched(conn: sqlite3.Connection) -> dict[str, Stamp]:
    """The files stamped on every sync, with the stamps the index holds: the newest, and the broken."""
    columns = "SELECT path, mtime_ns, ctime_ns, size, ino FROM files"
    rows = conn.execute(f"{columns} ORDER BY mtime_ns DESC LIMIT ?", (WATCHED,)).fetchall()
    rows += conn.execute(f"{columns} WHERE problem IS NOT NULL").fetchall()
    return {row[0]: Stamp(*row[1:]) for row in rows}


def _gone_folders(known: dict[str, Stamp], found: Scan, sweep: bool) -> set[str]:
    """Folders the index knows that no longer exist (their files and subfolders went with them)."""
    gone = set(found.gone)
    for folder in known:
        if folder in found.folders or folder in found.unlistable or not folder:
            continue
        if sweep or (parent_of(folder) in found.folders and folder not in found.children):
            gone.add(folder)
    return gone


def _known_stamps(
    conn: sqlite3.Connection, folders: set[str], gone: set[str], names: Iterable[str], everything: bool
) -> dict[str, StampRow]:
    query = "SELECT path, mtime_ns, ctime_ns, size, ino FROM files"
    if everything:  # a sweep: plain tuples, which compare equal to the stamps of the same values
        return {path: (mtime, ctime, size, ino) for path, mtime, ctime, size, ino in conn.execute(query)}
    out: dict[str, StampRow] = {}
    for folder in folders:
        out.update({row[0]: Stamp(*row[1:]) for row in conn.execute(f"{query} WHERE folder = ?", (folder,))})
    for folder in gone:
        rows = conn.execute(f"{query} WHERE folder = ? OR (folder >= ? AND folder < ?)", (folder, folder + "/", folder + "0"))
        out.update({row[0]: Stamp(*row[1:]) for row in rows})
    out.update({name: Stamp(*row) for name, row in _by_path(conn, "mtime_ns, ctime_ns, size, ino", list(names)).items()})
    return out


def _by_path(conn: sqlite3.Connection, columns: str, names: list[str]) -> dict[str, tuple[Any, ...]]:
    """Rows of `files` by path, in chunks SQLite takes as parameters."""
    out: dict[str, tuple[Any, ...]] = {}
    for start in range(0, len(names), CHUNK):
        chunk = names[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in conn.execute(f"SELECT path, {columns} FROM files WHERE path IN ({marks})", chunk):  # noqa: S608 - fixed columns, placeholders
            out[row[0]] = tuple(row[1:])
    return out


def apply(
    conn: sqlite3.Connection, root: Path, state: Path | None, observed: Observed, rebuild: bool, report: RefreshReport
) -> None:
    """Write what `observe` found under the write lock, comparing again with what the index holds
    by then (another writer may have done part of it meanwhile)."""
    conn.execute("BEGIN IMMEDIATE")
    if rebuild:
        for table in TABLES:
            conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
    names = Scan().order(observed.candidates)
    held = _by_path(conn, "mtime_ns, ctime_ns, size, ino, digest", names + sorted(observed.removed))
    clock = observed.clock
    if clock is None and names and state is not None:
        clock = clock_after(state / "clock", 0)
    groups = GroupUpdate(conn, full=rebuild)
    unreadable: list[str] = []
    for name in names:
        stamp, old = observed.candidates[name], held.get(name)
        if old is not None and Stamp(*old[:4]) == stamp:
            continue
        try:
            raw = (root / name).read_bytes()
        except OSError as exc:
            unreadable.append(f"{name}: {exc.strerror or exc}")
            if parent_of(name) in observed.listed:  # listed again next time, so the file is tried again
                observed.folders[parent_of(name)] = UNSETTLED
            continue
        # A file changed again within the clock tick of its stamp would keep that stamp: such a stamp
        # is stored as unsettled, so the next look hashes the file again.
        kept = stamp if clock is None or stamp.latest_ns < clock else stamp._replace(size=-1)
        digest = hashlib.sha256(raw).hexdigest()
        if old is not None and old[4] == digest:
            conn.execute("UPDATE files SET mtime_ns = ?, ctime_ns = ?, size = ?, ino = ? WHERE path = ?", (*kept, name))
            continue
        if old is not None:
            groups.removing(name)
            remove_file(conn, name)
            report.updated += 1
        else:
            report.added += 1
        items, problem = read_items(name, raw)
        groups.adding(items)
        for item in items:
            add_item(conn, item)
        conn.execute(
            "INSERT OR REPLACE INTO files(path, folder, mtime_ns, ctime_ns, size, ino, digest, problem)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (name, parent_of(name), *kept, digest, problem),
        )
    for name in sorted(observed.removed):
        if name in held:
            groups.removing(name)
            remove_file(conn, name)
            conn.execute("DELETE FROM files WHERE path = ?", (name,))
            report.removed += 1
    for folder, folder_stamp in observed.folders.items():
        if folder_stamp is None:
            conn.execute("DELETE FROM folders WHERE path = ?", (folder,))
        else:
            conn.execute("INSERT OR REPLACE INTO folders VALUES (?, ?, ?, ?, ?)", (folder, *folder_stamp))
    if report.changed or rebuild:
        groups.finish()
    report.unreadable = unreadable
    conn.execute("COMMIT")
