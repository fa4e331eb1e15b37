"""Writing converted records: one file per record (merged with what people wrote), or JSON Lines.

The converter owns `experiment` and `provenance`; people own everything else. Re-converting into
a folder keeps every section a person added or edited and refreshes only the converter's two,
so the same log converted twice gives the same bytes.

A folder is written all or nothing as far as other logs' records go: every record is checked and
staged first, and only when no record would replace one converted from a different log (or
written by a person or another tool) are the staged files renamed into place. A conflict names
both sources and leaves the folder as it was.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..checked_write import record_problems, size_problem
from ..io import dump_json, load_yaml
from ..parse_errors import YamlProblem
from .staging import Staging, remove_stale

CONVERTER_OWNS = ("experiment", "provenance")
_ID_PARTS = re.compile(r"^(.+?)-[0-9a-f]{8}-.+$")  # <session>-<log tag>-<row key> (record_ids)


def merge(existing: dict[str, Any], converted: dict[str, Any]) -> dict[str, Any]:
    """The existing record with the converter's sections refreshed; sections it lacks are filled in."""
    merged = dict(existing)
    for key, value in converted.items():
        if key in CONVERTER_OWNS or key not in merged:
            merged[key] = value
    return merged


def _source(record: dict[str, Any]) -> dict[str, Any]:
    provenance = record.get("provenance")
    source = provenance.get("source") if isinstance(provenance, dict) else None
    return source if isinstance(source, dict) else {}


def _row_words(record: dict[str, Any]) -> tuple[object, ...]:
    """What a log row said, as its record keeps it: description, status cell, commit, metric and value."""
    experiment = record.get("experiment")
    experiment = experiment if isinstance(experiment, dict) else {}
    metric = experiment.get("metric")
    metric = metric if isinstance(metric, dict) else {}
    return (
        experiment.get("description"),
        experiment.get("status_raw"),
        experiment.get("commit"),
        metric.get("name"),
        metric.get("value"),
    )


def _described(record: dict[str, Any]) -> str:
    """Where a converted record came from, in words: `results.tsv row 3 (sha256:…), 'switch to GeLU', val_bpb 1.02`."""
    source = _source(record)
    where = f"{source.get('file')} row {source.get('row')}"
    checksum = str(source.get("checksum") or "")
    if checksum:
        where += f" ({checksum[:19]}…)" if len(checksum) > 19 else f" ({checksum})"
    description, _, _, metric, value = _row_words(record)
    if isinstance(description, str) and description.strip():
        short = " ".join(description.split())
        where += f", {short[:60]!r}" if len(short) <= 60 else f", {short[:59] + '…'!r}"
    if metric and value is not None:
        where += f", {metric} {value}"
    return where


def source_conflict(existing: dict[str, Any], converted: dict[str, Any]) -> str | None:
    """Why `converted` may not refresh `existing` (a record with the same id), or None when both are
    the record of the same log row.

    Same row: the same log file name, and either the same log checksum or, for a log that has
    grown or changed since, the same words in the row (description, status, commit, and the
    metric's value when the metric is the same). A record without provenance was written by a
    person or another tool, never by a conversion, so it is never refreshed.
    """
    old, new = _source(existing), _source(converted)
    if not old.get("file"):
        return "it was not converted from a log (a person or another tool wrote it)"
    if old.get("file") != new.get("file"):
        return f"it was converted from {_described(existing)}, a different log"
    if old.get("checksum") and old.get("checksum") == new.get("checksum"):
        return None
    before, after = _row_words(existing), _row_words(converted)
    if before[3] != after[3]:  # another metric chosen this time: compare what the row says in words
        before, after = before[:3], after[:3]
    if before == after:
        return None
    return f"it was converted from {_described(existing)}, which is not what that row holds now"


def _earlier_checksum_kept(existing: dict[str, Any], converted: dict[str, Any]) -> dict[str, Any]:
    """`converted` with the checksum `existing` records, where nothing else the converter writes has
    changed: a log that grew by a row (as a loop's log does after every run) leaves the records of
    its earlier rows as they were, byte for byte. Their checksum still names a version of the log
    that held the row as it reads now."""
    old, new = _source(existing), _source(converted)
    if not old.get("checksum") or old.get("checksum") == new.get("checksum"):
        return converted
    kept = {**converted, "provenance": {**converted["provenance"], "source": {**new, "checksum": old["checksum"]}}}
    same = all(existing.get(key) == kept.get(key) for key in CONVERTER_OWNS)
    return kept if same else converted


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    merged: int = 0
    kept_in_yaml: int = 0  # records a person keeps as <id>.yaml: left as they are, not refreshed
    problems: list[str] = field(default_factory=list)  # files that could not be written: the run fails
    notes: list[str] = field(default_factory=list)  # records deliberately left alone
    conflicts: list[str] = field(default_factory=list)  # records of another source: nothing was written


class FolderWriter:
    """Converted records into one folder, one `<id>.json` each, all of them or none.

    `add` checks each record against the file already there and stages what is to be written;
    `finish` renames the staged files into place when no record conflicts with another source,
    and otherwise removes them, so a refused conversion changes nothing.
    """

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.report = WriteReport()
        self._seen: dict[str, str] = {}  # id -> where its record came from, in this run
        self._staging: Staging | None = None
        self._failed = False  # a staged file could not be written: nothing will be
        self._earlier: dict[str, list[str]] = {}  # log -> files named as an earlier version named its records
        remove_stale(self.folder)  # what a killed conversion left behind

    def add(self, record: dict[str, Any]) -> None:
        record_id = str(record["id"])
        if record_id in self._seen:
            self.report.conflicts.append(
                f"record id {record_id!r} is made twice in this run: from {self._seen[record_id]} and from {_described(record)}."
            )
            return
        self._seen[record_id] = _described(record)
        path = self.folder / f"{record_id}.json"
        twin = next((p for p in (self.folder / f"{record_id}.yaml", self.folder / f"{record_id}.yml") if p.exists()), None)
        existing_path = path if path.exists() else twin
        if existing_path is None:
            self._note_earlier_id(record)
        existing: dict[str, Any] | None = None
        if existing_path is not None:
            existing = self._read(existing_path)
            if existing is None:
                return
            conflict = source_conflict(existing, record)
            if conflict:
                self.report.conflicts.append(
                    f"{existing_path}: refusing to replace record {record_id!r}: {conflict}; "
                    f"this conversion made it from {_described(record)}."
                )
                return
        if existing_path is twin and twin is not None:
            # A person keeps this record in YAML; rewriting it would lose their comments and layout.
            self.report.notes.append(f"{twin}: record {record_id!r} is kept in YAML; left as it is, not refreshed.")
            self.report.kept_in_yaml += 1
            return
        if existing is not None:
            record = _earlier_checksum_kept(existing, record)
        data = merge(existing, record) if existing is not None else record
        mixed = existing is not None and data != record  # what a person wrote is in it too
        self.report.merged += mixed
        text = dump_json(data)
        if existing is not None and _same_text(path, text):
            self.report.unchanged += 1
            return
        # The converted part was checked as it was made; with a person's sections it is checked again.
        problems = record_problems(data, text=text) if mixed else [p for p in [size_problem(text)] if p]
        if problems:
            self.report.problems.append(
                f"{path}: record {record_id!r} would not validate once refreshed ({problems[0]}); left as it is. "
                "Fix the record and convert again."
            )
            return
        if self.report.conflicts or self._failed:
            return  # nothing will be written: checking the rest is enough
        self._stage(record_id, text)

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            text = path.read_text(encoding="utf-8")
            existing = json.loads(text) if path.suffix == ".json" else load_yaml(text)
        except (OSError, UnicodeDecodeError, ValueError, YamlProblem) as exc:
            self.report.problems.append(
                f"{path}: existing file is not readable ({exc}); left as it is. Fix or remove it and convert again."
            )
            return None
        if not isinstance(existing, dict):
            self.report.problems.append(f"{path}: existing file is not a record (a mapping of fields); left as it is.")
            return None
        return existing

    def _stage(self, record_id: str, text: str) -> None:
        try:
            if self._staging is None:
                self._staging = Staging(self.folder)
            self._staging.put(f"{record_id}.json", text)
        except OSError as exc:
            self.report.problems.append(f"{self.folder}: cannot write: {exc.strerror or exc}")
            self._failed = True

    def _note_earlier_id(self, record: dict[str, Any]) -> None:
        """Count a new record whose row an earlier version converted under an id without the log's tag."""
        session = record.get("experiment", {}).get("session")
        record_id = str(record["id"])
        if session and not record_id.startswith(f"{session}-"):  # a session named anew: ids keep the log's own name
            named = _ID_PARTS.match(record_id)
            session = named.group(1) if named else None
        if not session or not record_id.startswith(f"{session}-"):
            return
        _tag, _, key = record_id[len(session) + 1 :].partition("-")
        earlier = self.folder / f"{session}-{key}.json"
        if key and earlier.is_file():
            self._earlier.setdefault(str(_source(record).get("file")), []).append(earlier.name)

    def _earlier_notes(self) -> None:
        for log, names in self._earlier.items():
            self.report.notes.append(
                f"{log}: {len(names)} record(s) in {self.folder} look converted from it under the ids of an earlier "
                f"version, without the log's tag (first: {names[0]}); they are left as they are, beside the new ones. "
                "Move what people wrote in them to the new records, then remove them."
            )

    def finish(self) -> WriteReport:
        """Rename the staged files into place, or, after a conflict or a failed write, remove them."""
        self._earlier_notes()
        staging, self._staging = self._staging, None
        if staging is None:
            return self.report
        if self.report.conflicts or self._failed:
            staging.discard()
            return self.report
        written, problems = staging.commit()
        self.report.written += written
        self.report.problems.extend(problems)
        return self.report

    def abandon(self) -> None:
        """Remove what was staged, writing nothing (an interrupted run)."""
        if self._staging is not None:
            self._staging.discard()
            self._staging = None


def _same_text(path: Path, text: str) -> bool:
    try:
        return path.read_text(encoding="utf-8") == text
    except (OSError, UnicodeDecodeError):
        return False


def write_records(records: Iterable[dict[str, Any]], folder: str | os.PathLike[str]) -> WriteReport:
    """One `<id>.json` per record in `folder`, merged with what is there, all or none (see `FolderWriter`)."""
    writer = FolderWriter(folder)
    try:
        for record in records:
            writer.add(record)
    except BaseException:
        writer.abandon()
        raise
    return writer.finish()


def write_jsonl(records: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count
