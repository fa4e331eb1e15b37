"""Diagnostics and reports: what the validator finds, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES = ("error", "warning", "info")
_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}
DOCS_BASE = "https://nrr-spec.org/rules/"


def docs_url(code: str) -> str:
    """Where a rule is documented in the rule catalogue."""
    return f"{DOCS_BASE}#{code.lower()}"


def severity_rank(severity: str) -> int:
    """0 for error, 1 for warning, 2 for info: lower is more severe."""
    return _RANK.get(severity, len(SEVERITIES))


@dataclass
class Diagnostic:
    """One problem found in one record.

    `pointer` is a JSON pointer into the record ("" for the whole record); `line` and `column`
    are 1-based positions in `file`, filled in when the record came from a file.
    """

    code: str
    severity: str
    message: str
    hint: str = ""
    pointer: str = ""
    keyword: str | None = None
    file: str | None = None
    line: int | None = None
    column: int | None = None
    docs_url: str = ""
    record: int | None = None  # 1-based index of the record within a JSON Lines file
    notes: list[str] = field(default_factory=list)  # sub-errors kept from the schema explanation

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (the json reporter's format)."""
        return {**vars(self), "notes": list(self.notes)}


@dataclass
class CheckedDocument:
    """A document the run looked at, for reporters that list passes as well as failures."""

    file: str
    record: int | None = None
    record_id: str | None = None
    line: int = 1


@dataclass
class AppliedFix:
    """One change `--fix` made to a file."""

    file: str
    code: str
    pointer: str
    old: Any
    new: Any
    description: str
    line: int | None = None
    column: int | None = None


@dataclass
class Report:
    """Everything one validation run found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0
    documents: list[CheckedDocument] = field(default_factory=list)
    fixes: list[AppliedFix] = field(default_factory=list)

    @property
    def records(self) -> int:
        return len(self.documents)

    def count(self, severity: str) -> int:
        return sum(1 for d in self.diagnostics if d.severity == severity)

    @property
    def errors(self) -> int:
        return self.count("error")

    @property
    def warnings(self) -> int:
        return self.count("warning")

    @property
    def infos(self) -> int:
        return self.count("info")

    def exit_code(self, strict: bool = False) -> int:
        """0 clean, 1 errors (or warnings when strict), 2 nothing was validated."""
        if self.files == 0:
            return 2
        if self.errors or (strict and self.warnings):
            return 1
        return 0

    def by_file(self) -> dict[str, list[Diagnostic]]:
        """Diagnostics grouped by file, files in the order they were checked."""
        groups: dict[str, list[Diagnostic]] = {}
        for doc in self.documents:
            groups.setdefault(doc.file, [])
        for diag in self.diagnostics:
            groups.setdefault(diag.file or "<memory>", []).append(diag)
        return groups

    def summary(self) -> dict[str, int]:
        """Files and records checked, then the diagnostics of each severity (`errors`, `warnings`, `infos`)."""
        by_severity = {f"{severity}s": self.count(severity) for severity in SEVERITIES}
        return {"files": self.files, "records": self.records, **by_severity}
