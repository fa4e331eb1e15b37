"""The validator's Python API: `validate` for files and documents, `validate_record_data` for one dict."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable
from typing import Any, Union

from ..config import LintConfig
from ..io import Document, ParseFailure, discover, parse_bytes, read_file
from .diagnostics import Diagnostic, Report, docs_url
from .engine import Linter, check_data

Input = Union[str, "os.PathLike[str]", Document, dict]


def validate(
    paths_or_documents: Input | Iterable[Input], config: LintConfig | None = None, *, today: dt.date | None = None
) -> Report:
    """Validate files, folders (recursively), `-` (stdin), parsed Documents or record dicts.

    Never raises on bad input: unreadable and unparsable files become diagnostics. A report with
    `files == 0` means nothing was validated (exit code 2 on the command line).
    """
    single = isinstance(paths_or_documents, str | os.PathLike | Document | dict)
    items: Iterable[Input] = [paths_or_documents] if single else paths_or_documents  # type: ignore[list-item,assignment]
    linter = Linter(config, today)
    files = 0

    def take(docs: list[Document], fails: list[ParseFailure]) -> None:
        for failure in fails:
            linter.add_failure(failure)
        for doc in docs:
            linter.add(doc)

    for item in items:
        if isinstance(item, Document):
            files += 1
            take([item], [])
        elif isinstance(item, dict):
            files += 1
            take([Document("<memory>", item, "json", "")], [])
        elif str(item) == "-":
            files += 1
            take(*parse_bytes(sys.stdin.buffer.read(), "<stdin>"))
        else:
            for path in discover([item]):
                files += 1
                take(*read_file(path))
    return linter.report(files)


def validate_record_data(data: dict[str, Any], *, today: dt.date | None = None) -> list[Diagnostic]:
    """Schema and semantic diagnostics for one record held in memory (no file, no positions)."""
    diagnostics, _ = check_data(data, today)
    for diag in diagnostics:
        diag.docs_url = docs_url(diag.code)
    return diagnostics
