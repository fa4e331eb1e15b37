"""The records folder as the index sees it: record files and folders with their stamps.

A folder's stamps (modification time, change time, inode) move whenever an entry is added, removed
or renamed in it, and an atomic replace is a rename; so a folder whose stamps are those the last
sync saw holds the same files as then, and only a change made inside an existing file (an edit in
place, an append) can have passed unseen. Files are selected as `io.discover` selects them: record
suffixes, no hidden names, no descent into hidden folders or through links to folders.
"""

from __future__ import annotations

import os
import posixpath
import stat
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..io import RECORD_SUFFIXES

CLOCK_TRIES = 4  # waits of CLOCK_WAIT_S for the file system's clock to pass a stamp just seen
CLOCK_WAIT_S = 0.005


StampRow = tuple[int, int, int, int]  # a Stamp's fields as a plain tuple: what a sweep builds 100,000 of


class Stamp(NamedTuple):
    """What says a file or folder changed: its times, size and inode."""

    mtime_ns: int
    ctime_ns: int
    size: int
    ino: int

    @property
    def latest_ns(self) -> int:
        return max(self.mtime_ns, self.ctime_ns)


def stamp_of(path: str | os.PathLike[str]) -> Stamp | None:
    """The stamp of a path, following links; None when it cannot be read."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return Stamp(st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)


def parent_of(name: str) -> str:
    """The folder of a path relative to the records folder ('' is the records folder itself)."""
    return posixpath.dirname(name)


def within(name: str, folder: str) -> bool:
    """Whether `name` is `folder` or lies below it ('' is the records folder, which holds everything)."""
    return not folder or name == folder or name.startswith(folder + "/")


@dataclass
class Scan:
    """What listing some folders found."""

    files: dict[str, StampRow] = field(default_factory=dict)  # record files, by path relative to the records folder
    folders: dict[str, Stamp] = field(default_factory=dict)  # folders listed, stamped before their listing
    children: set[str] = field(default_factory=set)  # the subfolders the listed folders hold
    unlistable: dict[str, str] = field(default_factory=dict)  # folder -> why it could not be listed
    gone: set[str] = field(default_factory=set)  # folders to list that no longer exist

    def order(self, names: Iterable[str]) -> list[str]:
        """`io.discover`'s order (path parts), which keeps the index's item ids as a full walk gives them."""
        return sorted(names, key=lambda name: name.split("/"))


def scan(root: Path, folders: Iterable[str], descend: Callable[[str], bool]) -> Scan:
    """List `folders` (relative to `root`; '' is `root`) and stamp their record files; a subfolder
    is listed too when `descend(subfolder)` says so."""
    found = Scan()
    queue = list(folders)
    while queue:
        folder = queue.pop()
        full = os.path.join(root, folder) if folder else str(root)
        before = stamp_of(full)  # before the listing: an entry added during it moves the stamp
        try:
            entries = list(os.scandir(full))
        except (FileNotFoundError, NotADirectoryError):
            found.gone.add(folder)
            continue
        except OSError as exc:
            found.unlistable[folder] = exc.strerror or str(exc)
            continue
        if before is not None:
            found.folders[folder] = before
        prefix = f"{folder}/" if folder else ""
        for entry in entries:
            name = entry.name
            if name[0] == ".":
                continue  # hidden: the index's own folder, .history, .git
            try:
                if entry.is_dir():
                    if not entry.is_symlink():
                        relative = prefix + name
                        found.children.add(relative)
                        if descend(relative):
                            queue.append(relative)
                    continue
                # `os.path.splitext`'s suffix (a name's leading dot starts no suffix), without its cost
                # on every entry of a large folder.
                dot = name.rfind(".")
                if dot <= 0 or name[dot:].lower() not in RECORD_SUFFIXES:
                    continue
                st = entry.stat()  # follows links, as `is_file()` would
            except OSError:
                continue  # gone between the listing and the stat: its folder's stamp has moved
            if stat.S_ISREG(st.st_mode):
                found.files[prefix + name] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
    return found


def clock_after(marker: Path, stamp_ns: int) -> int | None:
    """The file system's own time, read by touching `marker`, waiting briefly for it to pass
    `stamp_ns`; None when the marker cannot be written.

    A stamp older than this time is settled: anything changed after it gets a later stamp. One as
    new is not, since a second change within the same clock tick would leave it as it is."""
    now = None
    for attempt in range(CLOCK_TRIES):
        try:
            with open(marker, "ab"):
                pass
            os.utime(marker)
            now = os.stat(marker).st_mtime_ns
        except OSError:
            return None
        if now > stamp_ns:
            return now
        if attempt < CLOCK_TRIES - 1:
            time.sleep(CLOCK_WAIT_S)
    return now
