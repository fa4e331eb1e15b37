"""What reading and checking each record file gave, kept between the builds of one process.

`nrr serve` rebuilds after each edit: reading and validating every record again took most of a
rebuild (about 2 s at 10,000 records), though only the edited file changed. A file whose size,
modification time and inode are as they were is not read again; its findings (copied, since a
report adds to them) and its typed record are used as they are. Collection rules (unique ids,
links) still run over every record.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..io import ParseFailure
    from ..model import Record


@dataclass
class Reused:
    """One document of an unchanged file, as checked before."""

    path: str
    item: Any  # lint.engine.DocumentFindings
    summary: Any  # lint.diagnostics.CheckedDocument
    record: Record | None


@dataclass
class _File:
    key: tuple[int, ...]
    today: dt.date
    failures: list[ParseFailure]
    documents: list[Reused] = field(default_factory=list)


def _key(path: str) -> tuple[int, ...] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino)


def _fresh(item: Any) -> Any:
    return dataclasses.replace(item, diagnostics=[copy.copy(d) for d in item.diagnostics], positions=None)


class ReadMemo:
    def __init__(self) -> None:
        self._files: dict[str, _File] = {}

    def lookup(self, path: str, today: dt.date) -> tuple[list[ParseFailure], list[Reused]] | None:
        """The failures and documents of `path` as read before, if the file has not changed since."""
        known = self._files.get(path)
        if known is None or known.today != today or known.key != _key(path):
            return None
        return known.failures, [Reused(d.path, _fresh(d.item), d.summary, d.record) for d in known.documents]

    def start(self, path: str, today: dt.date) -> list[ParseFailure]:
        """`path` is about to be read (its state is taken first, so a change while reading shows next
        time); returns the list to add its parse failures to."""
        key = _key(path)
        if key is None:
            self._files.pop(path, None)
            return []
        known = self._files[path] = _File(key, today, [])
        return known.failures

    def keep(self, path: str, item: Any, summary: Any, record: Record | None) -> None:
        known = self._files.get(path)
        if known is not None:
            known.documents.append(Reused(path, _fresh(item), summary, record))

    def retain(self, paths: set[str]) -> None:
        """Forget files no longer among the input."""
        for path in [p for p in self._files if p not in paths]:
            del self._files[path]
