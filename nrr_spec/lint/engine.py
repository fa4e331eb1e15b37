"""The validation pipeline: schema, semantic rules, collection rules, then positions and config."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..config import LintConfig
from ..io import Document, ParseFailure
from ..positions import PositionIndex
from ..schema import KNOWN_VERSIONS
from . import collection, rules_dual_use, rules_identity, rules_recommended, rules_stats
from .context import RuleContext
from .diagnostics import CheckedDocument, Diagnostic, Report, docs_url
from .schema_check import schema_diagnostics, version_diagnostics

if TYPE_CHECKING:
    from ..model import Record

SEMANTIC_RULES = (
    rules_identity.check,
    rules_stats.check,
    rules_recommended.check,
    rules_dual_use.check,
    collection.check_history,
)


def check_data(data: Any, today: dt.date | None = None) -> tuple[list[Diagnostic], Record | None]:
    """Schema and semantic diagnostics of one record (no positions); the typed record when schema-valid."""
    try:
        return _check_data(data, today)
    except RecursionError:
        pass
    except ValueError as exc:  # jsonschema-rs refuses instances deeper than its recursion limit
        if "recursion" not in str(exc).lower():
            raise
    return [
        Diagnostic("NRR005", "error", "document nested too deeply to check", "Records are at most a few levels deep; flatten it.")
    ], None


def _check_data(data: Any, today: dt.date | None) -> tuple[list[Diagnostic], Record | None]:
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {_kind(data)}"
        return [
            Diagnostic(
                "NRR008",
                "error",
                f"the document is {kind}, not a record (a mapping of fields)",
                "Write one record per file as a mapping of fields, or one record per line in JSON Lines.",
            )
        ], None
    diagnostics = version_diagnostics(data)
    if any(d.code == "NRR110" for d in diagnostics):
        return diagnostics, None  # checking against a schema of another version would only add noise
    # A missing schema_version is reported once (NRR111); the rest is checked as if it were there.
    probe = data if "schema_version" in data else {"schema_version": KNOWN_VERSIONS[-1], **data}
    schema = schema_diagnostics(probe)
    if schema:
        return diagnostics + schema, None
    from pydantic import ValidationError

    from ..model import Record

    try:
        record = Record.model_validate(probe)
    except ValidationError as exc:  # the model and the published schema disagree: still a report, never a crash
        first = exc.errors()[0]
        pointer = "".join(f"/{part}" for part in first["loc"])
        return [*diagnostics, Diagnostic("NRR109", "error", f"{pointer or 'record'}: {first['msg']}", "", pointer)], None
    ctx = RuleContext(record, data, today or dt.date.today())
    for rule in SEMANTIC_RULES:
        rule(ctx)
    return diagnostics + ctx.diagnostics, record


def _kind(data: Any) -> str:
    return {list: "list", str: "string", bool: "boolean", int: "number", float: "number"}.get(type(data), type(data).__name__)


class Linter:
    """Runs every check over a set of documents and returns one Report."""

    def __init__(self, config: LintConfig | None = None, today: dt.date | None = None) -> None:
        self.config = config or LintConfig()
        self.today = today or dt.date.today()
        self._positions: dict[int, PositionIndex | None] = {}

    def run(self, documents: Iterable[Document], failures: Iterable[ParseFailure] = (), files: int = 0) -> Report:
        report = Report(files=files)
        for failure in failures:
            diag = Diagnostic(
                failure.code, "error", failure.message, failure.hint, "", None, failure.path, failure.line, failure.column
            )
            self._add(report, diag)
        checked: list[tuple[Document, list[Diagnostic]]] = []
        for doc in documents:
            diagnostics, _ = check_data(doc.data, self.today)
            data = doc.data if isinstance(doc.data, dict) else {}
            record_id = data.get("id") if isinstance(data.get("id"), str) else None
            report.documents.append(CheckedDocument(doc.path, doc.index, record_id, doc.line_offset + 1))
            checked.append((doc, diagnostics))
        entries = [(doc, doc.data) for doc, _ in checked if isinstance(doc.data, dict)]
        extra: dict[int, list[Diagnostic]] = {}
        for doc, diag in collection.check_collection(entries, self._where):
            extra.setdefault(id(doc), []).append(diag)
        for doc, diagnostics in checked:
            found = diagnostics + extra.get(id(doc), [])
            for diag in found:
                self._place(doc, diag)
            # File order: each schema error already shows its best-matching explanation.
            found.sort(key=lambda d: (d.line or 0, d.column or 0, d.code))
            for diag in found:
                self._add(report, diag)
        self._positions.clear()
        return report

    def _index(self, doc: Document) -> PositionIndex | None:
        key = id(doc)
        if key not in self._positions:
            self._positions[key] = PositionIndex(doc.text, doc.format, doc.line_offset) if doc.text else None
        return self._positions[key]

    def _place(self, doc: Document, diag: Diagnostic) -> None:
        diag.file = doc.path
        diag.record = doc.index
        index = self._index(doc)
        if index is not None:
            diag.line, diag.column = index.locate(diag.pointer)

    def _where(self, doc: Document, pointer: str) -> str:
        index = self._index(doc)
        line = index.locate(pointer)[0] if index else None
        return f"{doc.path}:{line}" if line else doc.path

    def _add(self, report: Report, diag: Diagnostic) -> None:
        if not self.config.enabled(diag.code, diag.file):
            return
        diag.severity = self.config.severity_of(diag.code, diag.severity)
        diag.docs_url = docs_url(diag.code)
        report.diagnostics.append(diag)
