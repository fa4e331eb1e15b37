"""Finding a record by id in a records folder, and the errors a person can act on."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..io import RECORD_SUFFIXES, Document, read_file, read_paths

if TYPE_CHECKING:
    from ..model import Record

HISTORY = ".history"


class AuthoringError(Exception):
    """A problem with the input that the person can fix; the CLI shows the message, never a traceback."""


@dataclass
class Found:
    """A record located on disk: its file, parsed document and format."""

    path: Path
    document: Document

    @property
    def data(self) -> Any:
        return self.document.data


def records_dir(option: str | os.PathLike[str] | None) -> Path:
    """The records folder: the option when given, else `records/` where it exists, else the current folder."""
    if option:
        return Path(option)
    return Path("records") if Path("records").is_dir() else Path(".")


def find_record(folder: str | os.PathLike[str], record_id: str) -> Found:
    """The document whose `id` is `record_id`; files named after the id are tried before a full scan."""
    root = Path(folder)
    if not root.is_dir():
        raise AuthoringError(f"records folder {str(root)!r} does not exist; pass --records DIR")
    for suffix in RECORD_SUFFIXES:
        for candidate in sorted(root.rglob(f"{record_id}{suffix}")):
            if HISTORY in candidate.relative_to(root).parts:
                continue
            docs, _ = read_file(candidate)
            for doc in docs:
                if isinstance(doc.data, dict) and doc.data.get("id") == record_id:
                    return Found(candidate, doc)
    for doc in read_paths([root]).documents:
        if isinstance(doc.data, dict) and doc.data.get("id") == record_id:
            return Found(Path(doc.path), doc)
    raise AuthoringError(f"no record with id {record_id!r} under {str(root)!r}")


def history_path(root: str | os.PathLike[str], record_id: str, version: int, suffix: str) -> Path:
    """Where an earlier version is kept: `<records>/.history/<id>/v<N><suffix>`."""
    return Path(root) / HISTORY / record_id / f"v{version}{suffix}"


def to_record(data: Any, where: str) -> Record:
    """The typed `Record` of a document, or an AuthoringError listing what is wrong with it."""
    from pydantic import ValidationError

    from ..model import Record

    try:
        return Record.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'/'.join(str(p) for p in err['loc']) or '(record)'}: {err['msg']}" for err in exc.errors()[:5])
        more = f" (and {exc.error_count() - 5} more)" if exc.error_count() > 5 else ""
        raise AuthoringError(f"{where} is not a valid record: {problems}{more}") from None
