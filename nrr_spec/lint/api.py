"""The validator's Python API: `validate` for files and documents, `validate_record_data` for one dict."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Union

from ..io import Document, discover, parse_bytes, read_paths, too_large
from .config import LintConfig
from .diagnostics import Diagnostic, Report, docs_url
from .engine import Linter, check_data, limit_findings, unlisted_note


@dataclass(frozen=True)
class FileContent:
    """A file's bytes already read, with the name diagnostics give it: how the command line passes
    standard input (`-`), which the library never reads itself. `content` None: the input was larger
    than the size limit (`io.read_bounded`). Content whose name has no record suffix may be JSON
    Lines as well as one JSON or YAML document (`io.format_of`)."""

    name: str
    content: bytes | None


Input = Union[str, "os.PathLike[str]", Document, dict, FileContent]


def validate(
    paths_or_documents: Input | Iterable[Input],
    config: LintConfig | None = None,
    *,
    today: dt.date | None = None,
    jobs: int = 1,
    against: Iterable[str | os.PathLike[str]] = (),
) -> Report:
    """Validate files, folders (recursively), file contents already read, parsed Documents or record dicts.

    Never raises on bad input: unreadable and unparsable files become diagnostics. A report with
    `files == 0` means nothing was validated (exit code 2 on the command line). `jobs` > 1 (or 0,
    one per CPU) checks large sets of files on several processes; the report is the same.
    Records under `against` (files or folders) are not checked or reported, but the collection rules
    see them: an id already used there, a link to one of them.
    """
    single = isinstance(paths_or_documents, str | os.PathLike | Document | dict | FileContent)
    items: Iterable[Input] = [paths_or_documents] if single else paths_or_documents  # type: ignore[list-item,assignment]
    linter = Linter(config, today)
    files = 0
    seen_documents: set[str] = set()
    pending: list[Path] = []  # files are gathered so that a large set can be split across processes
    checked: set[Path] = set()

    def flush() -> None:
        from .parallel import check_files

        for found, documents in check_files(pending, linter.today, jobs):
            linter.add_checked(found, documents)
        pending.clear()

    for item in items:
        if not isinstance(item, Document | dict | FileContent):
            for path in discover([item]):
                files += 1
                pending.append(path)
                checked.add(path.resolve())
            continue
        flush()
        if isinstance(item, Document):
            if item.path not in seen_documents:  # the records of one JSON Lines file are one file
                seen_documents.add(item.path)
                files += 1
            linter.add_all([item])
        elif isinstance(item, dict):
            files += 1
            linter.add_all([Document("<memory>", item, "json", "")])
        else:
            files += 1
            raw = item.content
            if raw is None:
                linter.add_all([], [too_large(item.name)])
            else:
                linter.add_all(*parse_bytes(raw, item.name))
    flush()
    if against:
        for doc in read_paths(against).documents:
            if Path(doc.path).resolve() not in checked:
                linter.add_context(doc)
    return linter.report(files)


def validate_record_data(data: dict[str, Any], *, today: dt.date | None = None) -> list[Diagnostic]:
    """Schema and semantic diagnostics for one record held in memory (no file, no positions)."""
    findings = check_data(data, today)
    listed, left_out = limit_findings(findings.diagnostics)
    note = unlisted_note(left_out, findings.unlisted, findings.unlisted_exact)
    shown = [*listed, *([note] if note else [])]
    for diag in shown:
        diag.docs_url = docs_url(diag.code)
    return shown


def validation_errors(data: Any) -> list[str]:
    """Error-level problems of one record, each as `code pointer: message`; empty when it validates."""
    if not isinstance(data, dict):
        return ["the document is not a mapping of fields"]
    return [
        f"{diag.code} {diag.pointer or '/'}: {diag.message}" for diag in validate_record_data(data) if diag.severity == "error"
    ]
