"""Writing converted records: one file per record (merged with what people wrote), or JSON Lines.

The converter owns `experiment` and `provenance`; people own everything else. Re-converting into
a folder keeps every section a person added or edited and refreshes only the converter's two,
so the same log converted twice gives the same bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..io import atomic_write, dump_json

CONVERTER_OWNS = ("experiment", "provenance")


def merge(existing: dict[str, Any], converted: dict[str, Any]) -> dict[str, Any]:
    """The existing record with the converter's sections refreshed; sections it lacks are filled in."""
    merged = dict(existing)
    for key, value in converted.items():
        if key in CONVERTER_OWNS or key not in merged:
            merged[key] = value
    return merged


@dataclass
class WriteReport:
    written: int = 0
    unchanged: int = 0
    merged: int = 0
    problems: list[str] = field(default_factory=list)  # files that could not be written: the run fails
    notes: list[str] = field(default_factory=list)  # records deliberately left alone


def write_records(records: Iterable[dict[str, Any]], folder: str | os.PathLike[str], seen: set[str] | None = None) -> WriteReport:
    """One `<id>.json` per record, written atomically; an existing file is merged, never clobbered.

    `seen` holds the ids already written in this run (shared across logs), so a second record with
    the same id is reported instead of overwriting the first.
    """
    report = WriteReport()
    target = Path(folder)
    seen = set() if seen is None else seen
    for record in records:
        if record["id"] in seen:
            source = record.get("provenance", {}).get("source", {})
            report.problems.append(
                f"{source.get('file')}:{source.get('line')}: record id {record['id']!r} was already written in this run; "
                "give each log its own --session."
            )
            continue
        seen.add(record["id"])
        path = target / f"{record['id']}.json"
        yaml_twin = next((p for p in (target / f"{record['id']}.yaml", target / f"{record['id']}.yml") if p.exists()), None)
        if yaml_twin is not None and not path.exists():
            # A person keeps this record in YAML; rewriting it would lose their comments and layout.
            report.notes.append(f"{yaml_twin}: record {record['id']!r} is kept in YAML; left as it is, not refreshed.")
            continue
        data = record
        if path.exists():
            try:
                existing = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                report.problems.append(
                    f"{path}: existing file is not readable JSON ({exc}); left as it is. Fix or remove it and convert again."
                )
                continue
            if not isinstance(existing, dict):
                report.problems.append(f"{path}: existing file is not a JSON object; left as it is.")
                continue
            data = merge(existing, record)
            report.merged += data != record
        text = dump_json(data)
        try:
            if path.exists() and path.read_text(encoding="utf-8") == text:
                report.unchanged += 1
                continue
            atomic_write(path, text)
        except OSError as exc:
            report.problems.append(f"{path}: cannot write: {exc.strerror or exc}")
            continue
        report.written += 1
    return report


def write_jsonl(records: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for record in records:
        stream.write(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
        count += 1
    return count
