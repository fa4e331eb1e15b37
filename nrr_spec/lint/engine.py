"""The validation pipeline: schema, semantic rules, collection rules, then positions and config."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

from ..io import Document, ParseFailure, read_file
from ..schema import KNOWN_VERSIONS
from . import collection, rules_dual_use, rules_identity, rules_recommended, rules_stats
from .config import LintConfig
from .context import RuleContext
from .data_values import value_problems
from .diagnostics import CheckedDocument, Diagnostic, Report, docs_url, severity_rank
from .parse_codes import parse_code
from .positions import PositionIndex
from .schema_check import schema_findings, version_diagnostics

if TYPE_CHECKING:
    from ..model import Record

_RECORD_FIELDS = frozenset({"schema_version", "id", "title", "problem", "results"})
SEMANTIC_RULES = (
    rules_identity.check,
    rules_stats.check,
    rules_recommended.check,
    rules_dual_use.check,
    collection.check_history,
)


class DataFindings(NamedTuple):
    """What the checks found in one record held in memory."""

    diagnostics: list[Diagnostic]
    record: Record | None  # the typed record, when the schema accepts the data
    unlisted: int = 0  # schema errors past those explained (see schema_check.EXPLAINED_ERRORS)
    unlisted_exact: bool = True  # False when the count stopped at schema_check.COUNTED_ERRORS


def check_data(data: Any, today: dt.date | None = None, text: str | None = None) -> DataFindings:
    """Schema and semantic diagnostics of one record (no positions); the typed record when schema-valid.

    `text`, the document's source, only lets a clean record skip the walk for values no record can carry.
    """
    problems = value_problems(data, text or None)
    if problems:
        return DataFindings(problems, None)  # the validators below would fail on these values, not report them
    try:
        return _check_data(data, today)
    except RecursionError:
        pass
    except ValueError as exc:  # jsonschema-rs refuses instances deeper than its recursion limit
        if "recursion" not in str(exc).lower():
            raise
    return _refused("NRR005", "document nested too deeply to check", "Records are at most a few levels deep; flatten.")


def _refused(code: str, message: str, hint: str) -> DataFindings:
    """A document that cannot be checked as a record: one error says why, and no check runs after it."""
    return DataFindings([Diagnostic(code, "error", message, hint)], None)


def _check_data(data: Any, today: dt.date | None) -> DataFindings:
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {_kind(data)}"
        return _refused(
            "NRR008",
            f"the document is {kind}, not a record (a mapping of fields)",
            "Write one record per file as a mapping of fields, or one record per line in JSON Lines.",
        )
    if not data.keys() & _RECORD_FIELDS:
        fields = ", ".join(sorted(_RECORD_FIELDS))
        return _refused(
            "NRR008",
            f"the document has none of the fields of a record ({fields})",
            "Is this file a record? Validate the folders that hold records, or write the required fields.",
        )
    diagnostics = version_diagnostics(data)
    if any(d.code == "NRR110" for d in diagnostics):
        return DataFindings(diagnostics, None)  # checking against a schema of another version would only add noise
    # A missing schema_version is reported once (NRR111); the rest is checked as if it were there.
    probe = data if "schema_version" in data else {"schema_version": KNOWN_VERSIONS[-1], **data}
    schema = schema_findings(probe)
    if schema.diagnostics or schema.unexplained:
        return DataFindings(diagnostics + schema.diagnostics, None, schema.unexplained, schema.counted_all)
    from pydantic import ValidationError

    from ..model import Record

    try:
        record = Record.model_validate(probe)
    except ValidationError as exc:  # the model and the published schema disagree: still a report, never a crash
        first = exc.errors()[0]
        pointer = "".join(f"/{part}" for part in first["loc"])
        mismatch = Diagnostic("NRR109", "error", f"{pointer or 'record'}: {first['msg']}", "", pointer)
        return DataFindings([*diagnostics, mismatch], None)
    ctx = RuleContext(record, data, today or dt.date.today())
    for rule in SEMANTIC_RULES:
        rule(ctx)
    return DataFindings(diagnostics + ctx.diagnostics, record)


MAX_LISTED = 100  # findings listed for one document; a record with more repeats one mistake


def limit_findings(diagnostics: list[Diagnostic]) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """At most MAX_LISTED diagnostics, errors chosen before warnings before infos, in their order;
    and the ones left out."""
    if len(diagnostics) <= MAX_LISTED:
        return diagnostics, []
    ranked = sorted(range(len(diagnostics)), key=lambda i: severity_rank(diagnostics[i].severity))
    chosen = set(ranked[:MAX_LISTED])
    listed = [d for i, d in enumerate(diagnostics) if i in chosen]
    return listed, [d for i, d in enumerate(diagnostics) if i not in chosen]


def unlisted_note(left_out: list[Diagnostic], unexplained: int = 0, exact: bool = True) -> Diagnostic | None:
    """NRR011 counting the findings of a document that are not listed, by severity."""
    errors = unexplained + sum(1 for d in left_out if d.severity == "error")
    if not errors and not left_out:
        return None
    counts = {"error": errors, "warning": 0, "info": 0}
    for diag in left_out:
        if diag.severity in ("warning", "info"):
            counts[diag.severity] += 1
    at_least = "" if exact or not unexplained else "at least "
    parts = [f"{n:,} more {name}{'s' if n != 1 else ''}" for name, n in counts.items() if n]
    return Diagnostic(
        "NRR011",
        "info",
        f"{at_least}{' and '.join(parts)} in this record not listed (at most {MAX_LISTED} findings are listed per record)",
        "The same mistake repeated is usually fixed in one go: fix the listed ones and validate again.",
    )


def _kind(data: Any) -> str:
    return {list: "list", str: "string", bool: "boolean", int: "number", float: "number"}.get(type(data), type(data).__name__)


@dataclass
class DocumentFindings:
    """What the run keeps of a checked document: its text (for positions), never its parsed data.

    Strings are invisible to the cyclic garbage collector; keeping ten thousand parsed records
    alive made every collection walk all of them.
    """

    path: str
    index: int | None
    format: str
    text: str
    line_offset: int
    links: dict[str, Any]  # id and related links, for the collection rules
    diagnostics: list[Diagnostic]
    positions: PositionIndex | None = None
    unlisted: int = 0  # schema errors found but not explained (DataFindings.unlisted)
    unlisted_exact: bool = True

    def locate(self, pointer: str) -> tuple[int, int] | None:
        if not self.text:
            return None
        if self.positions is None:
            self.positions = PositionIndex(self.text, self.format, self.line_offset)
        return self.positions.locate(pointer)


def failure_diagnostic(failure: ParseFailure) -> Diagnostic:
    return Diagnostic(
        parse_code(failure.kind), "error", failure.message, failure.hint, "", None, failure.path, failure.line, failure.column
    )


def check_document(
    doc: Document, today: dt.date, *, place: bool = True
) -> tuple[DocumentFindings, CheckedDocument, Record | None]:
    """Schema and semantic checks of one document, and the typed record where the schema accepts it.

    With `place`, every finding gets its line and column now; collection rules come later.
    """
    diagnostics, record, unlisted, unlisted_exact = check_data(doc.data, today, doc.text)
    data = doc.data if isinstance(doc.data, dict) else {}
    record_id = data.get("id") if isinstance(data.get("id"), str) else None
    if record_id is not None and not record_id.isascii():  # reporters write it: a lone surrogate cannot be encoded
        record_id = record_id.encode("utf-8", "backslashreplace").decode("utf-8")
    links = {"id": record_id, "related": data.get("related")} if data else {}
    item = DocumentFindings(
        doc.path, doc.index, doc.format, doc.text, doc.line_offset, links, diagnostics, None, unlisted, unlisted_exact
    )
    if place:
        for diag in diagnostics:
            _place(item, diag)
    item.positions = None  # rebuilt only if a collection rule needs it
    return item, CheckedDocument(doc.path, doc.index, record_id, doc.line_offset + 1), record


def check_file(path: str | os.PathLike[str], today: dt.date) -> tuple[list[DocumentFindings | Diagnostic], list[CheckedDocument]]:
    """Read and check one file: its parse failures and checked documents, in file order."""
    docs, failures = read_file(path)
    items: list[DocumentFindings | Diagnostic] = [failure_diagnostic(f) for f in failures]
    checked: list[CheckedDocument] = []
    for doc in docs:
        item, summary, _ = check_document(doc, today)
        items.append(item)
        checked.append(summary)
    return items, checked


def _reread(item: DocumentFindings) -> DocumentFindings:
    """The findings of a document with its text, read again from its file if the text was let go."""
    if not item.text:
        docs, _ = read_file(item.path)
        for doc in docs:
            if doc.index == item.index:
                item.text, item.format, item.line_offset = doc.text, doc.format, doc.line_offset
    return item


def _place(item: DocumentFindings, diag: Diagnostic) -> None:
    diag.file = item.path
    diag.record = item.index
    position = item.locate(diag.pointer)
    if position is not None:
        diag.line, diag.column = position


@dataclass(frozen=True)
class Elsewhere:
    """A record outside the run, named by "file:line" of its id."""

    where: str


class Linter:
    """Runs every check over documents as they come, then the collection rules; `report()` gives the result."""

    def __init__(self, config: LintConfig | None = None, today: dt.date | None = None, *, keep_text: bool = True) -> None:
        """`keep_text=False` lets each document's text go once it is checked and places only errors,
        reading a file again for their positions: for callers that hold many records (the publisher)
        and show warnings only as a count."""
        self.config = config or LintConfig()
        self.today = today or dt.date.today()
        self.keep_text = keep_text
        self._report = Report()
        self._items: list[DocumentFindings | Diagnostic] = []  # in input order: checked documents and parse failures
        self._elsewhere: list[tuple[Elsewhere, dict[str, Any]]] = []  # records only the collection rules see

    def add_failure(self, failure: ParseFailure) -> None:
        self._items.append(failure_diagnostic(failure))

    def add(self, doc: Document) -> Record | None:
        """Check one document now; only its text, links and findings are kept. Returns the typed
        record where the schema accepts the document."""
        item, checked, record = check_document(doc, self.today, place=self.keep_text)
        if not self.keep_text:
            item.text = ""
        self._report.documents.append(checked)
        self._items.append(item)
        return record

    def add_context(self, doc: Document) -> None:
        """A record checked against but not reported: the repository's other records, when only some
        files are validated (a pre-commit run sees the changed files only). A new record reusing the
        id of one of these gets NRR601, and links to them resolve."""
        data = doc.data if isinstance(doc.data, dict) else {}
        if "schema_version" in data and isinstance(data.get("id"), str):
            line = PositionIndex(doc.text, doc.format, doc.line_offset).locate("/id")
            where = f"{doc.path}:{line[0]}" if line else doc.path
            self._elsewhere.append((Elsewhere(where), {"id": data["id"], "related": data.get("related")}))

    def add_checked(self, items: list[DocumentFindings | Diagnostic], documents: list[CheckedDocument]) -> None:
        """Take results that `check_file` produced (in another process, for instance)."""
        self._items.extend(items)
        self._report.documents.extend(documents)

    def report(self, files: int) -> Report:
        """Apply the collection rules and the configuration; the Report of everything added."""
        report = self._report
        report.files = files
        checked = [item for item in self._items if isinstance(item, DocumentFindings)]
        entries: list[tuple[Any, dict[str, Any]]] = [*self._elsewhere, *((item, item.links) for item in checked if item.links)]
        for item, diag in collection.check_collection(entries, self._where):
            if isinstance(item, Elsewhere):
                continue  # its own problems are not this run's to report
            self._place(item, diag)
            item.diagnostics.append(diag)
        for item in self._items:
            if isinstance(item, Diagnostic):
                self._add(report, item)
                continue
            # File order: each schema error already shows its best-matching explanation.
            if not self.keep_text:
                for diag in item.diagnostics:
                    if diag.line is None and self.config.severity_of(diag.code, diag.severity) == "error":
                        self._place(item, diag)
            self._add_document(report, item)
        return report

    def add_all(self, documents: Iterable[Document], failures: Iterable[ParseFailure] = ()) -> None:
        """Check what reading a source gave: its parse failures, then its documents."""
        for failure in failures:
            self.add_failure(failure)
        for doc in documents:
            self.add(doc)

    def run(self, documents: Iterable[Document], failures: Iterable[ParseFailure] = (), files: int = 0) -> Report:
        """Check parsed documents and parse failures in one go."""
        self.add_all(documents, failures)
        return self.report(files)

    def _place(self, item: DocumentFindings, diag: Diagnostic) -> None:
        _place(item if self.keep_text else _reread(item), diag)

    def _where(self, item: DocumentFindings | Elsewhere, pointer: str) -> str:
        if isinstance(item, Elsewhere):
            return item.where
        position = (item if self.keep_text else _reread(item)).locate(pointer)
        return f"{item.path}:{position[0]}" if position else item.path

    def _add_document(self, report: Report, item: DocumentFindings) -> None:
        """A document's findings in file order, at most MAX_LISTED of them, the most severe first
        chosen; what is left out is counted in one NRR011."""
        enabled = []
        for diag in sorted(item.diagnostics, key=lambda d: (d.line or 0, d.column or 0, d.code)):
            if self.config.enabled(diag.code, diag.file):
                diag.severity = self.config.severity_of(diag.code, diag.severity)
                diag.docs_url = docs_url(diag.code)
                enabled.append(diag)
        listed, left_out = limit_findings(enabled)
        report.diagnostics.extend(listed)
        note = unlisted_note(left_out, item.unlisted, item.unlisted_exact)
        if note is not None:
            note.file, note.record = item.path, item.index
            note.line, note.column = item.line_offset + 1, 1
            self._add(report, note)

    def _add(self, report: Report, diag: Diagnostic) -> None:
        if not self.config.enabled(diag.code, diag.file):
            return
        diag.severity = self.config.severity_of(diag.code, diag.severity)
        diag.docs_url = docs_url(diag.code)
        report.diagnostics.append(diag)
