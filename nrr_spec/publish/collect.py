"""Input of a build: validated records, only the public ones, with their earlier versions and links.

Everything that must never be published is dropped here, before any page, index or feed is made,
so no later step can leak it by mistake.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import ValidationError

from ..errors import NrrError
from ..io import Document, ParseFailure, discover, read_file
from ..lint.parse_codes import parse_code
from ..model import Record, RelatedRecord
from ..model.vocabulary import KEPT_OUTCOMES, ExperimentOutcome
from ..store import HISTORY_DIR, history_versions
from .read_memo import ReadMemo, Reused

# Outcomes of automated experiments that are context, not negative results: a kept change
# improved the metric, and a baseline is the starting point the others are measured against.
CONTEXT_OUTCOMES = KEPT_OUTCOMES

NEGATIVE_RESULT = "negative_result"
"""The role of a failure: a discarded or crashed experiment, or a hand-written negative result."""

CONTEXT_ROLES = ("kept", "baseline", "undecided")
"""The roles of context rows, which appear on their session's page and are never counted as failures."""


def record_role(record: Record) -> str:
    """What a record is in the catalogue: `NEGATIVE_RESULT`, or one of `CONTEXT_ROLES`.

    - a record without an `experiment` section was written by a person as a negative result;
    - a discarded or crashed experiment is a negative result;
    - a kept change is `kept`, a baseline `baseline`;
    - an experiment whose outcome is `other` (a sweep row marked `ok`, an empty or unknown status)
      was neither kept nor discarded by its loop: it is `undecided`, unless it carries a failure
      class or was written by a person rather than a converter, in which case someone judged it a
      failure and it is a negative result.
    """
    experiment = record.experiment
    if experiment is None:
        return NEGATIVE_RESULT
    outcome = str(experiment.outcome)
    if outcome in (ExperimentOutcome.discard, ExperimentOutcome.crash):
        return NEGATIVE_RESULT
    if outcome in CONTEXT_OUTCOMES:
        return "kept" if outcome == ExperimentOutcome.keep else "baseline"
    converted = record.provenance is not None and record.provenance.converter is not None
    return NEGATIVE_RESULT if experiment.failure_class is not None or not converted else "undecided"


def is_negative_result(record: Record) -> bool:
    """Whether a record is a negative result (see `record_role`).

    Kept, baseline and undecided rows of a converted log are context (they appear on their
    session's page), never counted or listed as negative results.
    """
    return record_role(record) == NEGATIVE_RESULT


class BuildRefused(NrrError):
    """The input cannot be published as it is; `problems` lists each reason, one line each."""

    def __init__(self, summary: str, problems: Sequence[str] = ()) -> None:
        super().__init__(summary)
        self.summary = summary
        self.problems = list(problems)

    def __str__(self) -> str:
        shown = self.problems[:20]
        more = len(self.problems) - len(shown)
        return "\n".join([self.summary, *shown, *([f"... and {more} more"] if more > 0 else [])])


@dataclass
class Entry:
    """One public record with everything its page needs from the rest of the catalogue."""

    record: Record
    path: str
    versions: dict[int, Record] = field(default_factory=dict)  # earlier public versions, by number
    incoming: list[tuple[Record, RelatedRecord]] = field(default_factory=list)  # records that link here
    outgoing: list[tuple[Record, RelatedRecord]] = field(default_factory=list)  # links to public records

    @cached_property
    def id(self) -> str:  # read about 17 times per record by a build: kept once read (an entry's id never changes)
        return self.record.id

    @property
    def date(self) -> dt.date | None:
        """Date of the latest change, for ordering and feeds."""
        rec = self.record
        revised = max((r.date for r in rec.revisions), default=None)
        return rec.updated or revised or rec.created

    @property
    def first_date(self) -> dt.date | None:
        """Date of first publication, for the year facet and citations."""
        return self.record.created or self.date


@dataclass
class Catalogue:
    """The public records, newest first, and how many were withheld (a count only, never ids).

    `entries` are the records published as records: the negative results, plus kept, baseline and undecided
    experiments when a build includes them. `context` holds the kept, baseline and undecided experiments that
    are not published as records; only session pages show them.
    """

    entries: list[Entry]
    withheld: int = 0
    warnings: int = 0
    skipped: list[str] = field(default_factory=list)
    context: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.by_id = {entry.id: entry for entry in self.entries}

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def negative_results(self) -> int:
        """How many published records are negative results (the catalogue's headline count)."""
        return sum(1 for entry in self.entries if is_negative_result(entry.record))


def _where(diag: object) -> str:
    file = getattr(diag, "file", None) or "<input>"
    line = getattr(diag, "line", None)
    column = getattr(diag, "column", None)
    place = file + (f":{line}" if line else "") + (f":{column}" if line and column else "")
    return f"{place}: {getattr(diag, 'code', '')} {getattr(diag, 'message', '')}".rstrip()


def _validate(
    documents: Iterable[Document | Reused], today: dt.date, memo: ReadMemo | None = None
) -> tuple[dict[str, list[str]], int, list[tuple[str, Record | None]]]:
    """Errors by file (each as 'file:line:col CODE message'), the number of warnings, and each document's
    path and typed record (None where it has errors).

    The validator checks each document once, as it is read: the schema-valid record it builds is
    the one published. It lets each document's text go once checked and gives only errors a
    position, so the build never holds every file's text at once.
    """
    from ..lint.engine import Linter, check_document

    linter = Linter(today=today, keep_text=False)
    checked: list[tuple[str, Record | None]] = []
    for doc in documents:
        if isinstance(doc, Reused):
            linter.add_checked([doc.item], [doc.summary])
            checked.append((doc.path, doc.record))
        elif memo is None:
            checked.append((doc.path, linter.add(doc)))
        else:
            item, summary, record = check_document(doc, today, place=False)
            item.text = ""
            memo.keep(doc.path, item, summary, record)
            linter.add_checked([item], [summary])
            checked.append((doc.path, record))
    report = linter.report(len(checked))
    errors: dict[str, list[str]] = {}
    for diag in report.diagnostics:
        if diag.severity == "error":
            errors.setdefault(diag.file or "<input>", []).append(_where(diag))
    return errors, report.warnings, [(path, None if path in errors else record) for path, record in checked]


def _history_folders(paths: Iterable[str], roots: Iterable[Path]) -> dict[str, set[Path]]:
    """Record id -> the folders holding its earlier versions: one listing per `.history` folder, not one look per record."""
    found: dict[str, set[Path]] = {}
    parents = {Path(folder) for folder in {os.path.dirname(p) for p in paths}} | set(roots)  # a Path per folder, not per record
    for parent in parents:
        history = parent / HISTORY_DIR
        if history.is_dir():
            for folder in history.iterdir():
                if folder.is_dir():
                    found.setdefault(folder.name, set()).add(folder)
    return found


def _history(entry: Entry, folders: Iterable[Path], today: dt.date) -> dict[int, Record]:
    """Earlier versions kept by `nrr revise`, each published only if it is itself public."""
    versions: dict[int, Record] = {}
    for folder in sorted(folders):
        for path in history_versions(folder):
            docs, _ = read_file(path)
            for doc in docs:
                try:
                    old = Record.model_validate(doc.data)
                except ValidationError:
                    continue
                if old.id == entry.id and old.version < entry.record.version and old.public(today):
                    versions[old.version] = old
    return dict(sorted(versions.items()))


def collect(
    paths: Sequence[str | os.PathLike[str]],
    *,
    today: dt.date | None = None,
    skip_invalid: bool = False,
    include_kept: bool = False,
    memo: ReadMemo | None = None,
) -> Catalogue:
    """Read, validate and filter the records under `paths`.

    Kept, baseline and undecided experiments go to `context` unless `include_kept` publishes them as records.
    With `memo`, files unchanged since an earlier call with the same memo are not read again.

    Raises BuildRefused when nothing was found, when a file cannot be read, when records have
    errors (unless `skip_invalid`), or when two public records share an id.
    """
    today = today or dt.date.today()
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        raise BuildRefused("input not found", [f"{p}: no such file or folder" for p in missing])
    files = 0
    failures: list[ParseFailure] = []

    read: set[str] = set()

    def documents() -> Iterator[Document | Reused]:
        nonlocal files
        for path in discover(paths):
            files += 1
            if memo is None:
                docs, fails = read_file(path)
                failures.extend(fails)
                yield from docs
                continue
            read.add(str(path))
            known = memo.lookup(str(path), today)
            if known is not None:
                failures.extend(known[0])
                yield from known[1]
                continue
            kept = memo.start(str(path), today)
            docs, fails = read_file(path)
            failures.extend(fails)
            kept.extend(fails)
            yield from docs

    errors, warnings, checked = _validate(documents(), today, memo)
    if memo is not None:
        memo.retain(read)
    if files == 0:
        raise BuildRefused(f"no record files (.json, .yaml, .jsonl) found in {', '.join(map(str, paths))}")
    problems = [f"{f.path}:{f.line}:{f.column}: {parse_code(f.kind)} {f.message}" for f in failures]
    for file_problems in errors.values():
        problems.extend(file_problems)
    if problems and not skip_invalid:
        bad = len({f.path for f in failures} | set(errors))
        raise BuildRefused(f"{bad} file(s) have errors; fix them or build with --skip-invalid", problems)

    entries: list[Entry] = []
    withheld = 0
    for path, record in checked:
        if record is None:
            continue
        if not record.public(today):
            withheld += 1
            continue
        entries.append(Entry(record, path))

    seen: dict[str, str] = {}
    duplicates = []
    for entry in entries:
        if entry.id in seen:
            duplicates.append(f"{entry.path}: id {entry.id!r} is also used by {seen[entry.id]}")
        seen.setdefault(entry.id, entry.path)
    if duplicates:
        raise BuildRefused("two records share an id; the id is the record's URL", duplicates)
    # Split before links are resolved: a link to a kept experiment that has no page of its own is dropped.
    context = [] if include_kept else [e for e in entries if not is_negative_result(e.record)]
    if context:
        entries = [e for e in entries if is_negative_result(e.record)]
        context.sort(key=lambda e: e.id)

    roots = [Path(p) for p in paths if Path(p).is_dir()]
    by_id = {entry.id: entry for entry in entries}
    history = _history_folders({entry.path for entry in entries}, roots)
    for entry in entries:
        # Links to withheld or unknown records are dropped from the record itself, so no page,
        # citation or dump made from it can name them: even an id can say too much.
        kept = [link for link in entry.record.related if link.id in by_id and link.id != entry.id]
        if len(kept) != len(entry.record.related):
            entry.record = entry.record.model_copy(update={"related": kept})
        entry.versions = {
            number: old.model_copy(update={"related": [link for link in old.related if link.id in by_id]})
            for number, old in _history(
                entry,
                [folder for folder in history.get(entry.id, ()) if folder.parent.parent in (Path(entry.path).parent, *roots)],
                today,
            ).items()
        }
    for entry in entries:
        for link in entry.record.related:
            target = by_id[link.id]
            entry.outgoing.append((target.record, link))
            target.incoming.append((entry.record, link))
    entries.sort(key=lambda e: e.id)
    entries.sort(key=lambda e: e.date or dt.date.min, reverse=True)
    return Catalogue(
        entries, withheld=withheld, warnings=warnings, skipped=sorted(set(problems)) if skip_invalid else [], context=context
    )
