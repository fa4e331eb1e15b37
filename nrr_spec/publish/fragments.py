"""Pieces of the site kept between builds, by a digest of everything each is made from.

Pages that depend on the whole catalogue (browse pages, session pages, the facet index, all.bib)
change with every record added, but each is made of pieces that depend on one record or one
session: a list row, a record's facet values, its BibTeX entry, a session's page. A rebuild
takes the pieces whose inputs are unchanged from the cache folder and makes only the others,
so it writes the same bytes as a clean build. Keys are entry digests (incremental.entry_digests),
which cover the record, its versions and links, and the build key (code, templates, theme,
configuration); a piece stays only as long as a build uses it.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class Fragments:
    """The pieces of one build; `save` keeps those it used for the next."""

    def __init__(self, path: Path | None = None, salt: str = "") -> None:
        self.path = path
        self.salt = salt
        self.made = 0
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        if path is not None:
            self._old = _load(path, salt)

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
        """Keep the pieces this build used (and only those), if any is new or any went unused."""
        if self.path is None or (not self.made and len(self._new) == len(self._old)):
            return
        temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump({"salt": self.salt, "pieces": self._new}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
        _remember(self.path, self.salt, self._new)


# What this process last wrote to each fragments file: `nrr serve` builds again and again, and
# reading back what it has just written took a few tenths of a second per build at 10,000 records.
# Used only while the file is the one written (same inode, size and time).
_WRITTEN: dict[Path, tuple[tuple[int, ...], str, dict[str, Any]]] = {}


def _state(path: Path) -> tuple[int, ...] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def _remember(path: Path, salt: str, pieces: dict[str, Any]) -> None:
    state = _state(path)
    _WRITTEN.clear()  # one site per process is the usual case; never hold more than one
    if state is not None:
        _WRITTEN[path] = (state, salt, pieces)


def _load(path: Path, salt: str) -> dict[str, Any]:
    known = _WRITTEN.get(path)
    if known is not None and known[0] == _state(path):
        return dict(known[2]) if known[1] == salt else {}
    try:
        with path.open("rb") as handle:
            data = pickle.load(handle)  # noqa: S301 (written by this user's own builds into their cache folder)
        return data["pieces"] if data.get("salt") == salt else {}  # type: ignore[no-any-return]
    except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError, ImportError, pickle.UnpicklingError):
        return {}
