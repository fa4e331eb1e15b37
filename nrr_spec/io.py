"""Reading and writing record files (JSON, YAML, JSON Lines), with parse failures as values.

Parsing is deliberately cheap here: positions (line/column of a JSON pointer) are computed
lazily by `nrr_spec.lint.positions` only for documents that have something to report.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .errors import NrrError
from .parse_errors import DuplicateKeyError, ParseKind, YamlProblem

RECORD_SUFFIXES = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".jsonl": "jsonl", ".ndjson": "jsonl"}
MAX_FILE_BYTES = 20 * 1024 * 1024


RECORDS_DIR = "records"
"""The records folder when a command is given none: where records are written and read."""


@dataclass
class Document:
    """One parsed record document: a whole JSON/YAML file, or one line of a JSON Lines file."""

    path: str
    data: Any
    format: str
    text: str
    line_offset: int = 0  # for JSON Lines: 0-based line of this document in the file
    index: int | None = None  # position within a JSON Lines file, from 1


@dataclass
class ParseFailure:
    """A file (or JSON Lines line) that could not be read as a document."""

    path: str
    message: str
    hint: str
    line: int = 1
    column: int = 1
    kind: ParseKind = ParseKind.syntax


@dataclass
class ReadResult:
    documents: list[Document] = field(default_factory=list)
    failures: list[ParseFailure] = field(default_factory=list)
    files: int = 0


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Expand folders (recursively) into record files, in a stable order.

    A folder that cannot be listed is yielded itself, so that reading it reports it (unreadable):
    skipping it would check the rest and pass without a word about what was left out.
    """
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        found: list[Path] = []
        _walk(path, found)
        yield from sorted(found, key=lambda p: p.parts)  # Path order, without Path.__lt__'s cost


def _walk(folder: Path, found: list[Path]) -> None:
    """The record files below `folder` into `found`; hidden names (.history, .git) left out. The
    kind of each entry comes with the listing (no stat per file: 10,000 of them in a rebuild)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError as error:
        _note_unlistable(found, folder, error)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            if not entry.is_symlink():  # as os.walk: a linked folder is not followed (it may loop)
                _walk(folder / entry.name, found)
        elif os.path.splitext(entry.name)[1].lower() in RECORD_SUFFIXES and entry.is_file():
            found.append(folder / entry.name)


def _note_unlistable(found: list[Path], root: Path, error: OSError) -> None:
    found.append(Path(error.filename) if error.filename else root)


def format_of(path: str | os.PathLike[str], text: str = "") -> str:
    """The format a record file's suffix names, else the one its text reads as: JSON Lines where the
    first line is a whole JSON object and more lines follow (`nrr convert ... -o - | nrr validate -`),
    JSON where it opens with a bracket, YAML otherwise."""
    suffix = Path(path).suffix.lower()
    if suffix in RECORD_SUFFIXES:
        return RECORD_SUFFIXES[suffix]
    stripped = text.lstrip()
    if _json_lines(stripped):
        return "jsonl"
    return "json" if stripped.startswith(("{", "[")) else "yaml"


def _json_lines(text: str) -> bool:
    """One JSON object a line: a pretty-printed record never qualifies (its first line is `{` alone)."""
    first, _, rest = text.partition("\n")
    if not first.startswith("{") or not rest.strip():
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def parse_text(text: str, path: str, fmt: str) -> tuple[list[Document], list[ParseFailure]]:
    """Parse one file's text into documents; never raises on bad content."""
    if not text.strip():
        return [], [
            ParseFailure(path, "the file is empty", "Write one record in the file, or delete it.", kind=ParseKind.not_a_record)
        ]
    if fmt == "jsonl":
        return _parse_jsonl(text, path)
    try:
        if fmt == "json":
            data = json.loads(text, object_pairs_hook=reject_duplicate_keys, parse_int=bounded_int)
        else:
            data = load_yaml(text)
    except DuplicateKeyError as exc:
        return [], [
            ParseFailure(
                path,
                f"duplicate key {exc.key!r}",
                "Keep one of the two values.",
                *_locate_key(text, exc.key),
                kind=ParseKind.duplicate_key,
            )
        ]
    except json.JSONDecodeError as exc:
        return [], [
            ParseFailure(path, f"invalid JSON: {exc.msg}", "Fix the JSON syntax at this position.", exc.lineno, exc.colno)
        ]
    except IntegerOutOfRange as exc:
        return [], [_huge_integer(path, text, exc.digits)]
    except YamlProblem as exc:
        return [], [ParseFailure(path, exc.message, exc.hint, exc.line, exc.column, kind=exc.kind)]
    except RecursionError:
        return [], [
            ParseFailure(
                path,
                "document nested too deeply",
                "Records are at most a few levels deep; flatten the document.",
                kind=ParseKind.too_deep,
            )
        ]
    return [Document(path, data, fmt, text)], []


INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class IntegerOutOfRange(NrrError, ValueError):
    """An integer outside 64 bits: the knowledge index (SQLite), file names built from versions and
    many JSON readers cannot carry it, and past 4,300 digits Python refuses to convert it."""

    def __init__(self, digits: str) -> None:
        super().__init__(f"integer {digits[:24]} out of range")
        self.digits = digits


def bounded_int(digits: str) -> int:
    """json.loads' parse_int: the integer, or IntegerOutOfRange past 64 bits (without converting a huge one)."""
    if len(digits) > 20:
        raise IntegerOutOfRange(digits)
    value = int(digits)
    if not INT64_MIN <= value <= INT64_MAX:
        raise IntegerOutOfRange(digits)
    return value


def _huge_integer(path: str, text: str, digits: str, line_offset: int = 0) -> ParseFailure:
    found = re.search(rf"(?<![\w.]){re.escape(digits)}(?![\w.])", text)
    at = found.start() if found else 0
    line = text.count("\n", 0, at) + 1 + line_offset
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    shown = digits if len(digits) <= 24 else f"of {len(digits.lstrip('-')):,} digits"
    return ParseFailure(
        path,
        f"the integer {shown} is outside the 64-bit range the tools carry",
        "Write the real value; a measurement this large is a number with an exponent (1e20), not an integer.",
        line,
        column,
        kind=ParseKind.number_out_of_range,
    )


def _parse_jsonl(text: str, path: str) -> tuple[list[Document], list[ParseFailure]]:
    documents: list[Document] = []
    failures: list[ParseFailure] = []
    index = 0
    # Lines end at "\n" only: str.splitlines would also split at U+2028 and other characters
    # JSON strings may hold unescaped (and that nrr's own writers leave unescaped).
    for lineno, line in enumerate(text.split("\n")):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        index += 1
        try:
            data = json.loads(line, object_pairs_hook=reject_duplicate_keys, parse_int=bounded_int)
        except DuplicateKeyError as exc:
            failures.append(
                ParseFailure(
                    path, f"duplicate key {exc.key!r}", "Keep one of the two values.", lineno + 1, 1, kind=ParseKind.duplicate_key
                )
            )
            continue
        except json.JSONDecodeError as exc:
            failures.append(
                ParseFailure(
                    path, f"invalid JSON: {exc.msg}", "Each line must be one complete JSON record.", lineno + 1, exc.colno
                )
            )
            continue
        except IntegerOutOfRange as exc:
            failures.append(_huge_integer(path, line, exc.digits, lineno))
            continue
        except RecursionError:
            failures.append(
                ParseFailure(path, "document nested too deeply", "Flatten the record.", lineno + 1, 1, kind=ParseKind.too_deep)
            )
            continue
        documents.append(Document(path, data, "jsonl", line, line_offset=lineno, index=index))
    return documents, failures


def read_file(path: str | os.PathLike[str], display: str | None = None) -> tuple[list[Document], list[ParseFailure]]:
    """Read and parse one file; unreadable, binary, oversized and non-UTF-8 files become failures."""
    name = display or str(path)
    try:
        with open(path, "rb") as handle:
            raw = read_bounded(handle)
    except IsADirectoryError:  # a folder `discover` could not list
        try:
            os.listdir(path)
            problem = "it could not be listed"
        except OSError as exc:
            problem = exc.strerror or str(exc)
        return [], [
            ParseFailure(name, f"cannot read folder: {problem}", "Check the folder's permissions.", kind=ParseKind.unreadable)
        ]
    except OSError as exc:
        return [], [
            ParseFailure(
                name, f"cannot read file: {exc.strerror}", "Check the path and its permissions.", kind=ParseKind.unreadable
            )
        ]
    if raw is None:
        return [], [too_large(name, path)]
    return parse_bytes(raw, name, format_of(path))


def read_bounded(handle: BinaryIO, limit: int = MAX_FILE_BYTES) -> bytes | None:
    """At most `limit` bytes of a stream, or None when it holds more.

    The size a file claims is not trusted: devices (/dev/zero), pipes and standard input claim none,
    and a file may grow while it is read.
    """
    with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
        status = os.fstat(handle.fileno())
        if stat.S_ISREG(status.st_mode) and status.st_size > limit:
            return None  # a regular file's size is a floor: no need to read it to refuse it
    raw = handle.read(limit + 1)
    return None if len(raw) > limit else raw


def too_large(name: str, path: str | os.PathLike[str] | None = None) -> ParseFailure:
    size = ""
    with contextlib.suppress(OSError, TypeError):
        if path is not None and os.path.isfile(path):
            size = f"is {os.path.getsize(path) / 1e6:.0f} MB, "
    return ParseFailure(
        name,
        f"file {size}over the {MAX_FILE_BYTES // 1_000_000} MB limit for one record file",
        "Split it into one file per record, or JSON Lines.",
        kind=ParseKind.too_large,
    )


def parse_bytes(raw: bytes, name: str, fmt: str | None = None) -> tuple[list[Document], list[ParseFailure]]:
    if b"\x00" in raw[:8192]:
        return [], [
            ParseFailure(
                name,
                "binary file, not a record",
                "Only JSON, YAML and JSON Lines records can be checked.",
                kind=ParseKind.not_text,
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return [], [
            ParseFailure(
                name,
                f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                "Save the file as UTF-8.",
                line,
                column,
                kind=ParseKind.not_text,
            )
        ]
    return parse_text(text, name, fmt or format_of(name, text))


def read_paths(paths: Iterable[str | os.PathLike[str]]) -> ReadResult:
    result = ReadResult()
    for path in discover(paths):
        result.files += 1
        docs, fails = read_file(path)
        result.documents.extend(docs)
        result.failures.extend(fails)
    return result


# ---------------------------------------------------------------- YAML


def reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json.loads' object_pairs_hook that raises DuplicateKeyError instead of keeping the last value."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise DuplicateKeyError(key)
        result[key] = value
    return result


def _locate_key(text: str, key: str) -> tuple[int, int]:
    needle = f'"{key}"'
    first = text.find(needle)
    second = text.find(needle, first + 1) if first >= 0 else -1
    at = second if second >= 0 else max(first, 0)
    line = text.count("\n", 0, at) + 1
    return line, at - (text.rfind("\n", 0, at) + 1) + 1


def load_yaml(text: str) -> Any:
    """Safe YAML load that rejects duplicate keys and alias bombs, with positions on errors."""
    from .yaml_loader import load

    return load(text)


def dump_json(data: Any) -> str:
    """Canonical JSON for written records: stable across runs, byte for byte."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def dump_yaml(data: Any) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def atomic_write(path: str | os.PathLike[str], content: str | bytes) -> None:
    """Write a file so readers see either the old content or the new, never half of it.

    A new file gets the mode the umask gives (as open() would); a replaced file keeps its mode.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp = _create_beside(target)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        if isinstance(content, bytes):
            with os.fdopen(fd, "wb") as raw:
                raw.write(content)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(content)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _create_beside(target: Path) -> tuple[int, Path]:
    """A new hidden file next to `target`, created with mode 0o666 so the umask applies
    (tempfile.mkstemp makes every file 0600)."""
    for _ in range(100):
        tmp = target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")
