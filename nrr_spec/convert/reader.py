"""Read a log (TSV, CSV or JSON Lines; header or not; ragged) into rows with named cells.

Rows are counted as the corpus README counts them: the 1-based index among non-blank lines
after the header (a file without a header, and JSON Lines, count from the first line).
Each physical line is one row, so a stray quote can never swallow the lines after it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .columns import Layout, detect_layout


@dataclass(slots=True)
class RawRow:
    row: int  # 1-based data row
    line: int  # 1-based physical line
    cells: list[str]
    record: dict[str, object] | None = None  # a JSON Lines object, as parsed


@dataclass
class LogText:
    """A decoded log: its format, header (if any), layout and rows."""

    name: str
    checksum: str
    format: str
    header: list[str] | None
    layout: Layout
    rows: Iterable[RawRow] = field(default_factory=list)  # consumed once
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message) of lines that are not rows


def checksum(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM); undecodable bytes become U+FFFD rather than an error."""
    text = raw.decode("utf-8-sig", errors="replace")
    return text.replace("\x00", "")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    # StringIO yields one line at a time: a long log is never held twice as a list of lines.
    for number, line in enumerate(io.StringIO(text), start=1):
        line = line.rstrip("\r\n")
        if line.strip():
            yield number, line


def split_cells(line: str, delimiter: str) -> list[str]:
    """One physical line into cells; quotes are honoured only when they open a cell."""
    if '"' not in line:
        return line.split(delimiter)
    try:
        cells = next(csv.reader([line], delimiter=delimiter, strict=False))
    except (csv.Error, StopIteration):
        return line.split(delimiter)
    return cells


def sniff_delimiter(sample: list[str]) -> str:
    tabs = sum(line.count("\t") for line in sample)
    if tabs >= len(sample):
        return "\t"
    commas = sum(line.count(",") for line in sample)
    return "," if commas >= len(sample) else ("\t" if tabs else ",")


_HEADER_CELL = re.compile(r"^[A-Za-z_][\w ./()%#-]{0,60}$")


def looks_like_header(cells: list[str]) -> bool:
    """A header row is names: no numbers, no status words, mostly identifier-like."""
    from .values import parse_number

    named = [c.strip() for c in cells if c.strip()]
    if not named:
        return False
    if any(parse_number(c) is not None for c in named):
        return False
    return sum(bool(_HEADER_CELL.match(c)) for c in named) >= max(1, len(named) - 1) and len(set(named)) == len(named)


def read_log(raw: bytes, name: str, mapping: dict[str, Any] | None = None) -> LogText:
    """Decode a log and read its layout from the first rows; the rest are split as they are consumed.

    Never raises on bad content.
    """
    text = decode(raw)
    lines = _lines(text)
    head = list(itertools.islice(lines, 201))
    sums = checksum(raw)
    first = head[0][1].lstrip() if head else ""
    if first.startswith("{"):
        return _read_jsonl([*head, *lines], name, sums, mapping)
    delimiter = sniff_delimiter([line for _, line in head[:20]]) if head else "\t"
    fmt = "tsv" if delimiter == "\t" else "csv"
    header: list[str] | None = None
    if head:
        cells = split_cells(head[0][1], delimiter)
        if looks_like_header(cells):
            header = [c.strip() for c in cells]
            head = head[1:]
    layout = detect_layout(header, [split_cells(line, delimiter) for _, line in head], mapping)

    def rows() -> Iterator[RawRow]:
        body = itertools.chain(head, lines)
        for index, (number, line) in enumerate(body, start=1):
            yield RawRow(index, number, split_cells(line, delimiter))

    return LogText(name, sums, fmt, header, layout, rows())


def _read_jsonl(lines: list[tuple[int, str]], name: str, sums: str, mapping: dict[str, Any] | None) -> LogText:
    rows: list[RawRow] = []
    keys: list[str] = []
    problems: list[tuple[int, str]] = []
    for index, (number, line) in enumerate(lines, start=1):
        try:
            obj = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            obj = None
        if not isinstance(obj, dict):
            rows.append(RawRow(index, number, [], None))
            continue
        flat = _flatten(obj)
        for key in flat:
            if key not in keys:
                keys.append(key)
        rows.append(RawRow(index, number, [], flat))
    for row in rows:
        if row.record is not None:
            row.cells = [_cell(row.record.get(key)) for key in keys]
    layout = detect_layout(keys, [r.cells for r in rows[:200] if r.record is not None], mapping)
    return LogText(name, sums, "jsonl", keys, layout, rows, problems)


def _flatten(obj: dict[str, object], prefix: str = "", depth: int = 0) -> dict[str, object]:
    """Nested objects (a W&B export's config and summary) become dotted columns: summary.val_loss."""
    flat: dict[str, object] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and depth < 3:
            flat.update(_flatten(value, f"{name}.", depth + 1))
        else:
            flat[name] = value
    return flat


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)
