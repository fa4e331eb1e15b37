"""Finding a record by id in a records folder, and the errors a person can act on."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import NrrError
from ..io import RECORD_SUFFIXES, RECORDS_DIR, Document, read_file, read_paths

if TYPE_CHECKING:
    from ..model import Record

HISTORY = ".history"
_ID_FORM = re.compile(r"[a-z0-9][a-z0-9-]{2,80}\Z")  # the schema's id pattern


class AuthoringError(NrrError):
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
    """The records folder: the option when given, else `records/` (`io.RECORDS_DIR`), as for every command."""
    return Path(option or RECORDS_DIR)


def find_record(folder: str | os.PathLike[str], record_id: str) -> Found:
    """The document whose `id` is `record_id`; files named after the id are tried before a full scan."""
    root = Path(folder)
    if not root.is_dir():
        raise AuthoringError(f"records folder {str(root)!r} does not exist; pass --records DIR")
    # Only an id in the form ids take names a file: anything else (a path, a glob, a few hundred
    # characters) is looked for by the ids inside the records, never handed to the file system.
    named = _ID_FORM.match(record_id) is not None
    for suffix in RECORD_SUFFIXES if named else ():
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
    shown = repr(record_id) if len(record_id) <= 90 else repr(record_id[:80]) + f"... ({len(record_id)} characters)"
    if not named:
        raise AuthoringError(
            f"{shown} is not a record id: ids are 3 to 81 lowercase letters, digits and hyphens "
            f"(e.g. tent-fails-under-scanner-shift), and no record under {str(root)!r} has it"
        )
    raise AuthoringError(f"no record with id {shown} under {str(root)!r}")


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
