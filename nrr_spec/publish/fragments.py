"""Pieces of the site kept between builds, by a digest of everything each is made from.

Pages that depend on the whole catalogue (browse pages, session pages, the facet index, all.bib)
change with every record added, but each is made of pieces that depend on one record or one
session: a list row, a record's facet values, its BibTeX entry, a session's page. A rebuild
takes the pieces whose inputs are unchanged from the cache folder and makes only the others,
so it writes the same bytes as a clean build. Keys are entry digests (page_digests.entry_digests),
which cover the record, its versions and links, and the build key (code, templates, theme,
configuration); a piece stays only as long as a build uses it.
"""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


# The pieces are spread over this many pickles by a hash of their name, and a build writes again
# only the buckets whose set of pieces changed: one edit changes a few pieces, and writing all of
# them (several MB at 10,000 records) took a few tenths of a second of every rebuild.
BUCKETS = 64


def _bucket(name: str) -> int:
    return zlib.crc32(name.encode("utf-8", "surrogateescape")) % BUCKETS  # the same in every process, unlike hash()


class Fragments:
    """The pieces of one build; `save` keeps those it used for the next."""

    def __init__(self, folder: Path | None = None, salt: str = "", written: dict[Path, Any] | None = None) -> None:
        """`written`: what this process last wrote to each bucket, kept by the caller between builds
        (build_state.BuildState); a bucket still as written is not read back from disk."""
        self.path = folder
        self.salt = salt
        self.made = 0
        self._written = written
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._stale: set[int] = set()  # buckets on disk that hold no usable piece (another salt, unreadable)
        if folder is not None:
            for number in range(BUCKETS):
                pieces = _load(folder / f"{number}.pickle", salt, written)
                if pieces is None:
                    self._stale.add(number)
                else:
                    self._old.update(pieces)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    def get(self, kind: str, key: str, make: Callable[[], T]) -> T:
        """The piece of `kind` made from inputs whose digest is `key`; made now if no build kept it."""
        if self.path is None or not key:
            return make()
        name = f"{kind}\0{key}"
        if name in self._new:
            return self._new[name]  # type: ignore[no-any-return]
        if name in self._old:
            value = self._old[name]
        else:
            value = make()
            self.made += 1
        self._new[name] = value
        return value  # type: ignore[no-any-return]

    def save(self) -> None:
        """Keep the pieces this build used (and only those): the buckets whose pieces changed."""
        if self.path is None:
            return
        dirty = set(self._stale)
        dirty.update(_bucket(name) for name in self._new.keys() ^ self._old.keys())
        if not dirty:
            return
        held: dict[int, dict[str, Any]] = {number: {} for number in dirty}
        for name, value in self._new.items():
            pieces = held.get(_bucket(name))
            if pieces is not None:
                pieces[name] = value
        self.path.mkdir(parents=True, exist_ok=True)
        for number, pieces in held.items():
            target = self.path / f"{number}.pickle"
            if not pieces:
                target.unlink(missing_ok=True)
                if self._written is not None:
                    self._written.pop(target, None)
                continue
            temporary = self.path / f".{number}.{os.getpid()}.tmp"
            with temporary.open("wb") as handle:
                pickle.dump({"salt": self.salt, "pieces": pieces}, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
            if self._written is not None:
                _remember(self._written, target, self.salt, pieces)
        self._stale.clear()


def _state(path: Path) -> tuple[int, ...] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _remember(written: dict[Path, Any], path: Path, salt: str, pieces: dict[str, Any]) -> None:
    state = _state(path)
    if state is not None:
        written[path] = (state, salt, pieces)


def _load(path: Path, salt: str, written: dict[Path, Any] | None) -> dict[str, Any] | None:
    """The pieces of one bucket: {} if it has none, None if it holds only what cannot be used.

    `nrr serve` builds again and again, and reading back what it had just written took a few
    tenths of a second per build at 10,000 records: a bucket in `written` is used from memory
    while its file is the one written (same inode, size and times)."""
    state = _state(path)
    if state is None:
        return {}
    known = written.get(path) if written is not None else None
    if known is not None and known[0] == state:
        return known[2] if known[1] == salt else None  # type: ignore[no-any-return]
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle)  # noqa: S301 (written by this user's own builds into their cache folder)
        return data["pieces"] if data.get("salt") == salt else None  # type: ignore[no-any-return]
    except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError, ImportError, pickle.UnpicklingError):
        return None
