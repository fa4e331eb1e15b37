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
from .io import RECORD_SUFFIXES, RECORDS_DIR, Document, ReadResult, discover, read_file, read_paths
from .model.vocabulary import is_record_id

if TYPE_CHECKING:
    from .model import Record

HISTORY_DIR = ".history"
"""The folder, inside a records folder, that keeps the earlier versions of its records."""

HISTORY_SUFFIXES = (".json", ".yaml", ".yml")


class RecordNotFound(NrrError, LookupError):
    """No records folder, or no record with the id in it; the message says which and what to do."""


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
        """The document whose `id` is `record_id`; files named after the id are tried before a full scan."""
        root = self.root
        if not root.is_dir():
            raise RecordNotFound(f"records folder {str(root)!r} does not exist; pass --records DIR")
        # Only an id in the form ids take names a file: anything else (a path, a glob, a few hundred
        # characters) is looked for by the ids inside the records, never handed to the file system.
        named = is_record_id(record_id)
        for suffix in RECORD_SUFFIXES if named else ():
            for candidate in sorted(root.rglob(f"{record_id}{suffix}")):
                if any(part.startswith(".") for part in candidate.relative_to(root).parts[:-1]):
                    continue  # hidden folders hold earlier versions and indexes, not records
                docs, _ = read_file(candidate)
                for doc in docs:
                    if isinstance(doc.data, dict) and doc.data.get("id") == record_id:
                        return Found(candidate, doc)
        for doc in self.read().documents:
            if isinstance(doc.data, dict) and doc.data.get("id") == record_id:
                return Found(Path(doc.path), doc)
        shown = repr(record_id) if len(record_id) <= 90 else repr(record_id[:80]) + f"... ({len(record_id)} characters)"
        if not named:
            raise RecordNotFound(
                f"{shown} is not a record id: ids are 3 to 81 lowercase letters, digits and hyphens "
                f"(e.g. tent-fails-under-scanner-shift), and no record under {str(root)!r} has it"
            )
        raise RecordNotFound(f"no record with id {shown} under {str(root)!r}")

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
