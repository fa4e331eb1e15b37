"""What reading and checking each record file gave, kept between builds.

Reading and validating every record took most of a rebuild (20 s of a 10,000-record rebuild from
the command line, 2 s under `nrr serve`), though only the edited files changed. A file whose
size, modification and change times and inode are as they were is not read or checked again:
its findings (copied, since a report adds to them) and its typed record are used as they are.
Collection rules (unique ids, links) still run over every record.

`nrr serve` keeps the memo in memory between its builds. A build with a cache folder keeps it on
disk (`save`, `load`): the records as their JSON, typed again on load (Pydantic parses JSON in a
third of the time the checks take), under a key naming the code that checked them, so a new
version of the validator or the model checks every file again. On disk the files are spread over
BUCKETS pickles by a hash of their path, and a build writes again only the buckets holding a file
it read or forgot: writing the whole memo (32 MB at 10,000 records) took a large part of a rebuild
that changed four files. Each bucket is replaced whole, so an interrupted save leaves every bucket
either as it was or as it is now; an entry that is out of date only means its file is read again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import sys
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..io import ParseFailure
    from ..model import Record

FORMAT = 2
BUCKETS = 64
# Libraries that decide what a file reads as and whether it is valid.
CHECKERS = ("pydantic", "pydantic-core", "pyyaml", "jsonschema", "jsonschema-rs", "referencing", "ruamel.yaml")


@dataclass
class Reused:
    """One document of an unchanged file, as checked before."""

    path: str
    item: Any  # lint.engine.DocumentFindings
    summary: Any  # lint.diagnostics.CheckedDocument
    record: Record | None
    dump: bytes | None = None  # the record's JSON (as record_json writes it), once made


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


def _copy(value: Any) -> Any:
    """A shallow copy of a plain object (copy.copy took a third of reading 10,000 unchanged files)."""
    new = object.__new__(type(value))
    new.__dict__.update(value.__dict__)
    return new


def bucket(path: str) -> int:
    """The bucket a file's entry is kept in (the same in every process: not Python's salted hash)."""
    return int.from_bytes(hashlib.blake2b(path.encode("utf-8", "surrogateescape"), digest_size=2).digest(), "big") % BUCKETS


def _fresh(item: Any) -> Any:
    """The findings of a document, ready for a report to add to and place (it changes diagnostics)."""
    new = _copy(item)
    new.diagnostics = [_copy(d) for d in item.diagnostics]
    new.positions = None
    return new


def checker_key() -> str:
    """Digest of the code that reads and checks records: this package and the libraries it uses."""
    digest = hashlib.blake2b(f"format {FORMAT}\0python {sys.version_info[:2]}\0".encode(), digest_size=16)
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json", ".toml", ".yaml", ".yml") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    feed_versions(digest, CHECKERS)
    return digest.hexdigest()


def feed_versions(digest: Any, names: tuple[str, ...]) -> None:
    """Each installed distribution's name and version ("-" when not installed) into `digest`."""
    for name in names:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name} {version}\0".encode())


def record_json(record: BaseModel) -> bytes:
    """The record (or any model) as the build hashes and stores it."""
    return record.model_dump_json(by_alias=True, exclude_none=True).encode()


class ReadMemo:
    def __init__(self) -> None:
        self._files: dict[str, _File] = {}
        self._dirty: set[int] = set()  # buckets with a file read or forgotten since loaded or saved

    @property
    def changed(self) -> bool:
        """Whether `save` has anything new to write."""
        return bool(self._dirty)

    def lookup(self, path: str, today: dt.date) -> tuple[list[ParseFailure], list[Reused]] | None:
        """The failures and documents of `path` as read before, if the file has not changed since."""
        known = self._files.get(path)
        if known is None or known.today != today or known.key != _key(path):
            return None
        for doc in known.documents:
            if doc.record is None and doc.dump is not None:
                from pydantic import ValidationError

                from ..model import Record

                try:
                    doc.record = Record.model_validate_json(doc.dump)
                except ValidationError:  # cannot happen to a dump of a valid record; if it does, read the file
                    return None
        return known.failures, [Reused(d.path, _fresh(d.item), d.summary, d.record, d.dump) for d in known.documents]

    def changed_files(self) -> list[str] | None:
        """The files read before whose size, times or inode changed since; None if one is gone.
        (Files added since are not seen: only a listing of the input finds them.)"""
        changed = []
        for path, known in self._files.items():
            key = _key(path)
            if key is None:
                return None
            if key != known.key:
                changed.append(path)
        return changed

    def start(self, path: str, today: dt.date) -> list[ParseFailure]:
        """`path` is about to be read (its state is taken first, so a change while reading shows next
        time); returns the list to add its parse failures to."""
        self._dirty.add(bucket(path))
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
            self._dirty.add(bucket(path))

    def dumps(self) -> dict[int, bytes]:
        """The JSON of each record known, by the id() of the record object (for page_digests.entry_digests)."""
        out = {}
        for known in self._files.values():
            for doc in known.documents:
                if doc.record is not None:
                    if doc.dump is None:
                        doc.dump = record_json(doc.record)
                    out[id(doc.record)] = doc.dump
        return out

    def save(self, folder: Path, key: str) -> None:
        """Write the buckets that changed into `folder`, to be loaded under the same `key`."""
        if not self._dirty:
            return
        self.dumps()
        held: dict[int, dict[str, Any]] = {number: {} for number in self._dirty}
        for name, known in self._files.items():
            files = held.get(bucket(name))
            if files is not None:
                files[name] = (
                    known.key,
                    known.today,
                    known.failures,
                    [(d.path, d.item, d.summary, d.dump) for d in known.documents],
                )
        folder.mkdir(parents=True, exist_ok=True)
        for number, files in held.items():
            target = folder / f"{number}.pickle"
            temporary = folder / f".{number}.{os.getpid()}.tmp"
            with temporary.open("wb") as handle:
                pickle.dump({"key": key, "files": files}, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, target)
        self._dirty.clear()

    @classmethod
    def load(cls, folder: Path, key: str) -> ReadMemo:
        """The memo saved in `folder` under `key`: empty if there is none or another key's; a bucket
        that cannot be read, or was saved under another key, is left out (its files are read again)."""
        memo = cls()
        for number in range(BUCKETS):
            try:
                with (folder / f"{number}.pickle").open("rb") as handle:
                    data = pickle.load(handle)  # noqa: S301 (written by this user's own builds into their cache folder, as .pyc files are)
                if data.get("key") != key:
                    continue
                files = {
                    name: _File(
                        stat, today, failures, [Reused(p, item, summary, None, dump) for p, item, summary, dump in documents]
                    )
                    for name, (stat, today, failures, documents) in data["files"].items()
                }
            except (OSError, EOFError, ValueError, TypeError, KeyError, AttributeError, ImportError, pickle.UnpicklingError):
                continue
            memo._files.update(files)
        return memo
