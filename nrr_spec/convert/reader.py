"""Read a log (TSV, CSV, JSON Lines or a Markdown table; header or not; ragged) into rows with named
cells, as a stream.

Rows are counted as the corpus README counts them: the 1-based index among non-blank lines
after the header (a file without a header, and JSON Lines, count from the first line). A quoted
cell that runs over several lines (a description with a line break in it) is one row, numbered
once, whose `line` is the line it starts on; the quote must close within a few lines, and the
lines it would take in must not be rows of their own, so a stray quote never swallows the rows
after it.

A log is read as a stream, never held in memory whole: its layout from the first rows, then its
rows once per call of `LogText.rows()` (a conversion reads them once). Every pass after the first
complete one stops where that ended, so rows a running loop appends meanwhile wait for the next
conversion, and a log rewritten between passes is noticed (`LogSource.changed`).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import itertools
import json
import os
import re
import shutil
import stat
import tempfile
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import NrrError
from .cell_kinds import ColumnKinds
from .column_guesses import looks_like_header
from .columns import Layout, detect_layout
from .encoding import decode_line
from .header_changes import HeaderChanges, header_changes, placed
from .markdown import MARKDOWN, is_pipe_row, markdown_rows, pipe_cells
from .preamble import MAX_PREAMBLE, declared_direction, preamble_length
from .segments import METRIC_KEY, SESSION_KEY, Segments, bookkeeping, column_names, is_config, is_loop_entry
from .separators import escaped_tab_cells, sniff_delimiter, with_decimal_points, writes_decimal_commas

MAX_CELL_LINES = 50  # lines one quoted cell may span
MAX_LINE_BYTES = 64 * 1024 * 1024  # no log row is this long; a line that is has no end (a device, a binary file)


class NotALog(NrrError, OSError):
    """A file that cannot be a log (a device; a line without end): it is not read further."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.strerror = problem


def _line_too_long(line: int) -> NotALog:
    return NotALog(f"line {line} runs past {MAX_LINE_BYTES // (1024 * 1024)} MB without a line end, which no log row does")


MAX_CELL_CHARS = 100_000


@dataclass(slots=True)
class RawRow:
    row: int  # 1-based data row
    line: int  # 1-based physical line the row starts on
    cells: list[str]
    record: dict[str, object] | None = None  # a JSON Lines object, flattened
    opens_segment: bool = False  # the first run after a config line (`segments`)


class LogSource:
    """The bytes of a log, from a file (opened anew for each pass) or from memory."""

    def __init__(self, path: str | os.PathLike[str] | None = None, raw: bytes | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self.raw = raw
        self.size: int | None = None  # bytes read by the first complete pass
        self.checksum: str | None = None
        self.changed = False  # a later pass read other bytes than the first
        self.first_legacy_line: int | None = None  # the first line that was not UTF-8, read as Windows-1252
        self._copy: str | None = None  # a pipe's bytes, kept for the passes after the first

    def _open(self) -> IO[bytes]:
        if self.raw is not None:
            return io.BytesIO(self.raw)
        if self._copy is not None:
            return open(self._copy, "rb")
        assert self.path is not None
        handle = self.path.open("rb")
        mode = os.fstat(handle.fileno()).st_mode
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):  # /dev/zero, /dev/urandom: endless, never a log
            handle.close()
            raise NotALog("a device, not a log file")
        if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
            # A pipe (`<(zcat log.gz)`, /dev/stdin) is read once; each pass reads the log anew, so the
            # first keeps a copy in a temporary file, removed with this source.
            with handle:
                self._copy = _copied(handle)
            weakref.finalize(self, _remove, self._copy)
            return open(self._copy, "rb")
        return handle

    def lines(self) -> Iterator[tuple[int, str]]:
        """Every physical line (blank ones too) with its 1-based number, decoded, without its line end.

        UTF-8 with or without a BOM; a line that is not UTF-8 is read as Windows-1252 (its few
        undefined bytes become U+FFFD) and NUL characters are dropped, never an error. Lines end at
        LF only (CRLF loses its CR; a lone CR is not a line end).
        """
        digest = hashlib.sha256()
        size = 0
        limit = self.size
        complete = True
        with self._open() as handle:
            # Read line by line with a bound: a device (/dev/zero) or a binary file may never end a line.
            for number, data in enumerate(iter(lambda: handle.readline(MAX_LINE_BYTES + 1), b""), start=1):
                if len(data) > MAX_LINE_BYTES:
                    raise _line_too_long(number)
                if limit is not None and size + len(data) > limit:
                    data = data[: limit - size]
                    complete = False
                if not data:
                    break
                size += len(data)
                digest.update(data)
                # A multi-byte sequence never spans a LF, so decoding line by line equals decoding the whole.
                text, utf8 = decode_line(data, number == 1)
                if not utf8 and self.first_legacy_line is None:
                    self.first_legacy_line = number
                yield number, text.rstrip("\r\n")
                if not complete:
                    break
        checksum = "sha256:" + digest.hexdigest()
        if self.size is None:
            self.size, self.checksum = size, checksum
        elif size != self.size or checksum != self.checksum:
            self.changed = True


def _copied(handle: IO[bytes]) -> str:
    """The path of a temporary file holding what `handle` reads, in chunks: memory stays bounded."""
    descriptor, path = tempfile.mkstemp(prefix="nrr-log-")
    try:
        with os.fdopen(descriptor, "wb") as copy:
            shutil.copyfileobj(handle, copy, 1 << 20)
    except BaseException:
        _remove(path)
        raise
    return path


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _non_blank(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    return ((number, line) for number, line in lines if line.strip())


@dataclass
class LogText:
    """A log's format, header (if any) and layout; `rows()` reads its rows anew on each call."""

    name: str
    source: LogSource
    format: str
    header: list[str] | None
    layout: Layout = field(default_factory=lambda: Layout([]))
    delimiter: str = "\t"
    keys: list[str] = field(default_factory=list)  # JSON Lines: every key, in order of first appearance
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message) of lines that are not rows
    widen: Callable[[list[str]], list[str]] | None = None  # a profile's reader: cells it adds to each row (`wandb.py`)
    decimal_comma: bool = False  # numbers are written 2,51: each comma between digits is read as a point
    preamble: int = 0  # comment lines above the table (`preamble`), skipped with the header
    direction: str | None = None  # the metric's direction the preamble declares
    escaped_tabs: set[int] = field(default_factory=set)  # lines whose tabs were written as `\t` (`separators.py`)
    segments: Segments = field(default_factory=Segments)  # JSON Lines: the config lines that head segments
    changes: HeaderChanges | None = None  # a table's later headers of other columns (`header_changes`)
    kinds: ColumnKinds | None = None  # what each column's cells hold, to place rows a cell short (`cell_kinds`)
    # the columns short rows leave empty -> [first line, last line counted, rows]: bounded by the kinds
    # of shortness, not the rows, and each line counted once however often the rows are read
    placed_short: dict[tuple[str, ...], list[int]] = field(default_factory=dict)

    @property
    def checksum(self) -> str:
        """sha256 of the log as the first complete pass read it."""
        if self.source.checksum is None:
            for _ in self.source.lines():
                pass
        return self.source.checksum or ""

    def rows(self) -> Iterator[RawRow]:
        if self.format == "jsonl":
            return self._jsonl_rows()
        if self.format == MARKDOWN:
            return self._markdown_rows()
        return self._table_rows()

    def _markdown_rows(self) -> Iterator[RawRow]:
        table = markdown_rows(_non_blank(self.source.lines()), self.header is not None)
        for index, (number, cells) in enumerate(table, start=1):
            yield RawRow(index, number, cells)

    def _table_rows(self) -> Iterator[RawRow]:
        lines = self.source.lines()
        skip = self.preamble + (self.header is not None)  # the header is the first non-blank line after the comments
        for _, line in lines if skip else ():
            skip -= bool(line.strip())
            if not skip:
                break
        changes = self.changes
        width = changes.first_width if changes else len(self.header) if self.header is not None else None
        places: list[int] | None = None  # where the cells of the header in force go (`header_changes`)
        for index, (number, cells) in enumerate(logical_rows(lines, self.delimiter, width), start=1):
            if changes is not None:
                if number in changes.places:  # a header of other columns: counted as a line, read as no row
                    places = changes.places[number]
                    continue
                if number in changes.repeats:
                    yield RawRow(index, number, list(self.header or ()))  # the header again: skipped as such
                    continue
            if self.delimiter == "\t" and len(cells) == 1 and (unescaped := escaped_tab_cells(cells[0], width)):
                cells = unescaped
                self.escaped_tabs.add(number)
            if self.decimal_comma:
                cells = with_decimal_points(cells)
            if changes is not None:
                cells = placed(cells, places, changes)
            elif self.kinds is not None and (where := self.kinds.place(cells)) is not None:
                seen = self.placed_short.setdefault(tuple(self.kinds.left_empty(where)), [number, 0, 0])
                if number > seen[1]:
                    seen[1], seen[2] = number, seen[2] + 1
                cells = self.kinds.spread(cells, where)
            yield RawRow(index, number, cells if self.widen is None else self.widen(cells))

    def _jsonl_rows(self) -> Iterator[RawRow]:
        opening = False
        for index, (number, line) in enumerate(_non_blank(self.source.lines()), start=1):
            flat = _json_object(line)
            if flat is None:
                yield RawRow(index, number, [], None)
            elif self.segments and is_loop_entry(flat):
                # a segment's header, or the loop's note on itself: counted as a line, read as no row
                opening = opening or is_config(flat)
            else:
                if self.segments and SESSION_KEY in self.keys and SESSION_KEY not in flat:
                    flat[SESSION_KEY] = self.segments.session_at(number)
                yield RawRow(index, number, [cell_text(flat.get(key)) for key in self.keys], flat, opening)
                opening = False


def checksum(raw: bytes) -> str:
    return "sha256:" + hashlib.sha256(raw).hexdigest()


def split_cells(line: str, delimiter: str) -> list[str]:
    """One row's text into cells; quotes are honoured only when they open a cell."""
    if '"' not in line:
        return line.split(delimiter)
    try:
        cells = next(csv.reader([line], delimiter=delimiter, strict=False))
    except (csv.Error, StopIteration):
        return line.split(delimiter)
    return cells


def open_quote(text: str, delimiter: str) -> bool:
    """Whether `text` ends inside a quoted cell (one that opens with a quote), as the csv module reads it."""
    return _quote_state(text, delimiter, False, True)[0]


def _quote_state(text: str, delimiter: str, inside: bool, at_start: bool) -> tuple[bool, bool]:
    """(inside a quoted cell, at the start of a cell) after `text`, from the state before it."""
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if inside:
            if char == '"':
                if i + 1 < n and text[i + 1] == '"':
                    i += 1  # an escaped quote
                else:
                    inside = False
        elif char == delimiter:
            at_start = True
            i += 1
            continue
        elif char == '"' and at_start:
            inside = True
        at_start = False
        i += 1
    return inside, at_start


def logical_rows(lines: Iterable[tuple[int, str]], delimiter: str, width: int | None) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows as (first line number, cells); a quoted cell may carry a row over several lines.

    `width` is the header's number of cells (None without a header: the row's first line's).
    """
    source = iter(lines)
    pushed: deque[tuple[int, str]] = deque()  # lines a rejected join took, to be read again

    def take() -> tuple[int, str] | None:
        return pushed.popleft() if pushed else next(source, None)

    while True:
        if pushed:
            number, line = pushed.popleft()
        else:
            item = next(source, None)
            if item is None:
                return
            number, line = item
        if not line.strip():
            continue
        if '"' in line and open_quote(line, delimiter):
            joined = _join(line, take, pushed, delimiter, width)
            if joined is not None:
                yield number, joined
                continue
        yield number, split_cells(line, delimiter)


def _join(
    first: str, take: Callable[[], tuple[int, str] | None], pushed: deque[tuple[int, str]], delimiter: str, width: int | None
) -> list[str] | None:
    """The cells of a row whose quoted cell closes on a later line, or None (the lines taken are put back)."""
    expected = width or len(split_cells(first, delimiter))
    taken: list[tuple[int, str]] = []
    parts = [first]
    size = len(first)
    cells = None
    while len(taken) < MAX_CELL_LINES and size < MAX_CELL_CHARS:
        item = take()
        if item is None:
            break
        taken.append(item)
        line = item[1]
        if expected > 1 and len(split_cells(line, delimiter)) >= expected:
            break  # a row of its own: the quote was a stray one
        parts.append(line)
        size += len(line) + 1
        inside, _ = _quote_state(line, delimiter, True, False)  # the line break before it is inside the quotes
        if not inside:
            joined = split_cells("\n".join(parts), delimiter)
            if len(joined) <= expected:
                cells = joined
            break
    if cells is None:
        pushed.extendleft(reversed(taken))
    return cells


SAMPLE_ROWS = 200  # rows the layout is read from


def read_log(source: LogSource | bytes, name: str, mapping: dict[str, Any] | None = None) -> LogText:
    """A log's format and layout, read from its first rows; its rows are read when `rows()` is called.

    Never raises on bad content (a file that cannot be opened raises OSError).
    """
    if isinstance(source, bytes):
        source = LogSource(raw=source)
    head = list(itertools.islice(_non_blank(source.lines()), SAMPLE_ROWS + 1 + MAX_PREAMBLE))
    preamble = preamble_length(line for _, line in head)
    comments, head = [line for _, line in head[:preamble]], head[preamble : preamble + SAMPLE_ROWS + 1]
    first = head[0][1].lstrip() if head else ""
    if first.startswith("{"):
        return _read_jsonl(source, name, mapping)
    if head and sum(is_pipe_row(line) for _, line in head[:20]) * 2 > len(head[:20]):
        return _read_markdown(source, name, mapping, head)
    delimiter = sniff_delimiter([line for _, line in head[:20]]) if head else "\t"
    header: list[str] | None = None
    escaped_header = escaped_tab_cells(head[0][1], None) if head else None
    if escaped_header and looks_like_header(escaped_header):  # every line written with `\t` for its tabs
        delimiter = "\t"
        header = [c.strip() for c in escaped_header]
    elif head:
        cells = split_cells(head[0][1], delimiter)
        if looks_like_header(cells):
            header = [c.strip() for c in cells]
    log = LogText(
        name,
        source,
        "tsv" if delimiter == "\t" else "csv",
        header,
        delimiter=delimiter,
        preamble=preamble,
        direction=declared_direction(comments),
    )
    if header is not None:
        after_header = itertools.islice(_non_blank(source.lines()), preamble + 1, None)
        log.changes = header_changes(after_header, header, delimiter, split_cells)
        if log.changes is not None:
            log.header = list(log.changes.columns)
    if delimiter != ",":  # where the comma separates cells, it cannot also be a decimal mark
        first_rows = [raw.cells for raw in itertools.islice(log.rows(), SAMPLE_ROWS)]
        log.decimal_comma = writes_decimal_commas(first_rows)
    sample = [raw.cells for raw in itertools.islice(log.rows(), SAMPLE_ROWS if header is not None else SAMPLE_ROWS + 1)]
    if log.changes is not None:  # the rows under each later header show what its new columns hold
        sample += _rows_after(log, sorted(log.changes.places))
    log.layout = detect_layout(log.header, sample, mapping)
    if log.header is not None and log.changes is None:
        log.kinds = ColumnKinds.learn(log.header, sample)
    return log


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _json_object(line: str) -> dict[str, object] | None:
    try:
        # A lone surrogate escape (\ud800) becomes U+FFFD, as undecodable bytes do: it is no character.
        obj = json.loads(line, object_pairs_hook=_replace_surrogates) if "\\u" in line else json.loads(line)
    except (ValueError, RecursionError):  # ValueError: bad JSON, or an integer of more than 4,300 digits
        return None
    return flatten(obj) if isinstance(obj, dict) else None


def _replace_surrogates(pairs: list[tuple[str, object]]) -> dict[str, object]:
    def clean(value: object) -> object:
        if isinstance(value, str):
            return _LONE_SURROGATE.sub("\ufffd", value)
        if isinstance(value, list):
            return [clean(item) for item in value]
        return value

    return {str(clean(key)): clean(value) for key, value in pairs}


def _read_markdown(source: LogSource, name: str, mapping: dict[str, Any] | None, head: list[tuple[int, str]]) -> LogText:
    """A log kept as a Markdown table (`| change | val_loss | status |`), as agents often write one."""
    first = next(pipe_cells(line) for _, line in head if is_pipe_row(line))
    header = [c.strip() for c in first] if looks_like_header(first) else None
    log = LogText(name, source, MARKDOWN, header, delimiter="|")
    sample = [raw.cells for raw in itertools.islice(log.rows(), SAMPLE_ROWS)]
    log.layout = detect_layout(header, sample, mapping)
    return log


def _rows_after(log: LogText, lines: list[int]) -> list[list[str]]:
    """The first rows under each of `lines`, for a layout to be read from them too."""
    sample: list[list[str]] = []
    taken = {line: 0 for line in lines}
    for raw in log.rows():
        above = [line for line in lines if line < raw.line]
        if above and taken[above[-1]] < SAMPLE_ROWS:
            taken[above[-1]] += 1
            sample.append(raw.cells)
        elif above and above[-1] == lines[-1]:
            break
    return sample


def _read_jsonl(source: LogSource, name: str, mapping: dict[str, Any] | None) -> LogText:
    every: dict[str, None] = {}  # every object's keys, in order of first appearance
    runs: dict[str, None] = {}  # those of the objects that are no entry of the loop's own
    segments = Segments()
    run_lines: list[int] = []
    for number, line in _non_blank(source.lines()):
        flat = _json_object(line)
        if flat is None:
            continue
        every.update(dict.fromkeys(flat))
        if is_loop_entry(flat):
            segments.add(number, flat)
        else:
            runs.update(dict.fromkeys(flat))
            run_lines.append(number)
    segments.heading_runs(run_lines)
    keys = runs if segments else every  # without a config line, an object with a `type` is a row like any
    if segments:
        keys = {key: None for key in keys if not bookkeeping(key)}
        if segments.names() and SESSION_KEY not in keys:
            keys[SESSION_KEY] = None
    names = column_names(keys, segments)
    if segments and METRIC_KEY in keys:  # the metric the config lines declare, unless a mapping names another
        mapping = {"metric": names[list(keys).index(METRIC_KEY)], **(mapping or {})}
    log = LogText(name, source, "jsonl", names, keys=list(keys), segments=segments, direction=segments.direction)
    sample = [r.cells for r in itertools.islice(log.rows(), SAMPLE_ROWS) if r.record is not None]
    log.layout = detect_layout(names, sample, mapping)
    return log


def flatten(obj: dict[str, object], prefix: str = "", depth: int = 0) -> dict[str, object]:
    """Nested objects (a W&B export's config and summary) become dotted columns: summary.val_loss."""
    flat: dict[str, object] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and depth < 3:
            flat.update(flatten(value, f"{name}.", depth + 1))
        elif isinstance(value, dict):
            continue  # an empty mapping (`"metrics": {}`) holds nothing to keep
        else:
            flat[name] = value
    return flat


def cell_text(value: object) -> str:
    """A value read from JSON as the text of a table cell: nothing for null, true/false, JSON for a list or mapping."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return str(value)
