"""A records folder: where records live, finding one by id, reading the valid ones, and where
earlier versions are kept.

Authoring (`nrr new | revise | review | score`), citations (`nrr cite`), the publisher and the
command line all reach records through `RecordsFolder`, so they agree on what the folder is
(`records/` unless named), which files are records (hidden folders such as `.history` and the
knowledge index's `.nrr` are not), how an id is looked up, and the history layout
`<records>/.history/<id>/v<N>.<ext>` that `nrr revise` writes and `nrr build` publishes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import NrrError
from .io import RECORDS_DIR, Document, ParseFailure, ReadResult, discover, read_paths
from .model.vocabulary import is_record_id

if TYPE_CHECKING:
    from .model import Record

HISTORY_DIR = ".history"
"""The folder, inside a records folder, that keeps the earlier versions of its records."""

HISTORY_SUFFIXES = (".json", ".yaml", ".yml")


class RecordLookupError(NrrError, LookupError):
    """A record could not be found by its id; the message says why and what to do."""


class RecordNotFound(RecordLookupError):
    """No records folder, or no record with the id in it; the message says which and what to do."""


class AmbiguousRecordId(RecordLookupError):
    """More than one record claims the id: a problem in the records, which no command guesses its way past."""

    def __init__(self, record_id: str, places: list[str], root: Path) -> None:
        self.record_id, self.places = record_id, places
        super().__init__(
            f"{len(places)} records under {str(root)!r} have the id {record_id!r}: {', '.join(places)}; "
            "an id names one record, so give all but one of them another id (or remove the copies)"
        )


def _where(doc: Document) -> str:
    return f"{doc.path} (line {doc.line_offset + 1})" if doc.index is not None else doc.path


def _unreadable_holders(failures: list[ParseFailure], record_id: str) -> list[ParseFailure]:
    """The files that failed to parse and might hold `record_id`: those whose text mentions it, and
    those that could not be read at all (nobody can tell what they hold)."""
    holders = []
    for failure in failures:
        try:
            mentions = record_id.encode() in Path(failure.path).read_bytes()
        except OSError:
            mentions = True
        if mentions:
            holders.append(failure)
    return holders


def _unreadable_text(failures: list[ParseFailure]) -> str:
    shown = [f"{f.path} (line {f.line}: {f.message})" for f in failures[:3]]
    more = f" and {len(failures) - 3} more" if len(failures) > 3 else ""
    return ", ".join(shown) + more


@dataclass
class Found:
    """A record located on disk: its file and parsed document."""

    path: Path
    document: Document

    @property
    def data(self) -> Any:
        return self.document.data


@dataclass(frozen=True)
class RecordsFolder:
    root: Path

    @classmethod
    def at(cls, option: str | os.PathLike[str] | None = None) -> RecordsFolder:
        """The folder named on the command line, else `records/` (`io.RECORDS_DIR`)."""
        return cls(Path(option or RECORDS_DIR))

    def problem(self) -> str | None:
        """Why the folder cannot be read as a records folder (a file, or missing); None when it can."""
        if self.root.is_file():
            return f"{self.root} is a file, not a records folder"
        if not self.root.is_dir():
            return f"records folder {self.root} does not exist"
        return None

    def files(self) -> Iterator[Path]:
        """The record files, hidden folders left out."""
        return discover([self.root])

    def read(self) -> ReadResult:
        """Every document of every record file, and what could not be read."""
        return read_paths([self.root])

    def valid_records(self) -> list[Record]:
        """Every record that validates against the model, as a `Record`; the others are skipped."""
        from pydantic import ValidationError

        from .model import Record

        records = []
        for doc in self.read().documents:
            try:
                records.append(Record.model_validate(doc.data))
            except ValidationError:
                continue
        return records

    def find(self, record_id: str) -> Found:
        """The one document whose `id` is `record_id`.

        Every record file is read, not only one named after the id: an id names one record, and a
        second file claiming it (a copy left beside the original) must stop a revision, review or
        citation rather than let it act on whichever file sorts first.
        """
        root = self.root
        if not root.is_dir():
            raise RecordNotFound(f"records folder {str(root)!r} does not exist; pass --records DIR")
        result = self._read_mentioning(record_id)
        matches = [doc for doc in result.documents if isinstance(doc.data, dict) and doc.data.get("id") == record_id]
        if len(matches) > 1:
            raise AmbiguousRecordId(record_id, [_where(doc) for doc in matches], root)
        if matches:
            return Found(Path(matches[0].path), matches[0])
        shown = repr(record_id) if len(record_id) <= 90 else repr(record_id[:80]) + f"... ({len(record_id)} characters)"
        unread = _unreadable_holders(result.failures, record_id)
        if unread:
            raise RecordNotFound(
                f"no readable record with id {shown} under {str(root)!r}, but {_unreadable_text(unread)} "
                "could not be read and may hold it: fix it and run the command again"
            )
        # Only an id in the form ids take is worth a hint about files: anything else (a path, a glob,
        # a few hundred characters) was looked for among the ids inside the records and nowhere else.
        if not is_record_id(record_id):
            raise RecordNotFound(
                f"{shown} is not a record id: ids are 3 to 81 lowercase letters, digits and hyphens "
                f"(e.g. tent-fails-under-scanner-shift), and no record under {str(root)!r} has it"
            )
        raise RecordNotFound(f"no record with id {shown} under {str(root)!r}")

    def _read_mentioning(self, record_id: str) -> ReadResult:
        """The record files whose text holds `record_id`, parsed, and those that cannot be read at
        all (nobody can tell what they hold). An id is written as it is (lowercase letters, digits,
        hyphens), so a file without its characters holds no record of it: a folder of 100,000
        records is searched without parsing them all."""
        wanted = record_id.encode("utf-8")
        result = ReadResult()
        candidates: list[Path] = []
        for path in discover([self.root]):
            result.files += 1
            try:
                holds = wanted in path.read_bytes()
            except OSError:
                holds = True  # unreadable: read_file says why
            if holds:
                candidates.append(path)
        found = read_paths(candidates)
        result.documents, result.failures = found.documents, found.failures
        return result

    def history_path(self, record_id: str, version: int, suffix: str) -> Path:
        """Where an earlier version is kept: `<records>/.history/<id>/v<N><suffix>`."""
        return history_folder(self.root, record_id) / f"v{version}{suffix}"

    def history_files(self) -> Iterator[Path]:
        """Every file kept under the folder's history."""
        return (path for path in self.root.rglob(f"{HISTORY_DIR}/**/*") if path.is_file())


def history_folder(parent: Path, record_id: str) -> Path:
    """The folder that keeps the earlier versions of `record_id`, for records in `parent`."""
    return parent / HISTORY_DIR / record_id


def history_versions(folder: Path) -> Iterator[Path]:
    """The files of one record's history folder that hold a version (`v<N>.json|yaml|yml`), sorted by name
    (so `v10` comes before `v2`: readers key versions by the number inside the record)."""
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in HISTORY_SUFFIXES and path.stem.startswith("v"):
            yield path


def load_records(folder: str | os.PathLike[str] = RECORDS_DIR) -> list[Record]:
    """Every valid record under `folder` as a `Record`; files that cannot be read or do not validate are skipped."""
    return RecordsFolder(Path(folder)).valid_records()
