"""Whatever nrr writes, nrr validates first: the one check and the one write path for every record
nrr makes (converted from a log, recorded by an agent, written by `nrr record`).

    text = checked_json(record)          # canonical JSON, or RecordRefused naming every problem
    description, cut = cut_text(description, MAX_TEXT_CHARS)

A record is refused when the validator would refuse it: a number that is not finite (JSON has no
NaN or Infinity, so `nrr validate` fails a file holding one), a file over the size limit `nrr
validate` and `nrr build` read, or an error-level diagnostic of the schema or the semantic rules.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from .errors import NrrError
from .io import MAX_FILE_BYTES, dump_json

# Text nrr copies from elsewhere into a record (a log's description, an agent's) is cut beyond this
# many characters (at most 4 MB in UTF-8): a pasted stack trace or diff fits whole, and the record
# stays far below the file limit.
MAX_TEXT_CHARS = 1_000_000


class RecordRefused(NrrError, ValueError):
    """A record nrr was about to write and would itself refuse; `problems` says why, one per line."""

    def __init__(self, record_id: object, problems: list[str]) -> None:
        self.record_id = record_id
        self.problems = problems
        super().__init__(f"record {record_id!r} would not validate: " + "; ".join(problems))


def cut_text(text: str, limit: int = MAX_TEXT_CHARS) -> tuple[str, int]:
    """`text` cut to at most `limit` characters with a note saying so, and how many characters were cut (0: none)."""
    if len(text) <= limit:
        return text, 0
    cut = len(text) - limit
    note = f" … [{len(text):,} characters; cut to the first {limit:,}]"
    return text[: max(0, limit - len(note))].rstrip() + note, cut


def non_finite(data: Any, pointer: str = "") -> str | None:
    """The JSON pointer of the first number that is NaN or infinite, or None."""
    if isinstance(data, float) and not math.isfinite(data):
        return pointer or "/"
    if isinstance(data, dict):
        for key, value in data.items():
            found = non_finite(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
            if found:
                return found
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found = non_finite(value, f"{pointer}/{index}")
            if found:
                return found
    return None


def size_problem(text: str) -> str | None:
    """Why a record file holding `text` is too big to read back, or None."""
    size = len(text) if len(text) * 4 <= MAX_FILE_BYTES else len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        return f"the record is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES // 1_000_000} MB limit for one record file"
    return None


def _size_bound(data: Any, depth: int = 0) -> float:
    """An upper bound of the bytes of `data` as indented JSON (a string's character is at most six
    bytes escaped, a number at most 32 characters, and each value costs its line's indentation);
    infinite when a number is NaN or infinite. Cheaper than writing the JSON to measure it."""
    if isinstance(data, str):
        return 6 * len(data) + 2
    if isinstance(data, dict):
        return (
            2 * depth + 4 + sum(6 * len(str(key)) + 2 * depth + 8 + _size_bound(value, depth + 1) for key, value in data.items())
        )
    if isinstance(data, list):
        return 2 * depth + 4 + sum(2 * depth + 4 + _size_bound(value, depth + 1) for value in data)
    if isinstance(data, float) and not math.isfinite(data):
        return math.inf
    return 32


def record_problems(record: dict[str, Any], *, text: str | None = None) -> list[str]:
    """Why nrr would refuse `record` (empty: fit to write).

    `text` is the form it will be written in, whose size is checked; without it, a record whose
    size cannot reach the limit is not written out to be measured, and a larger one is measured as
    compact JSON (the form of a JSON Lines line).
    """
    try:
        bound = _size_bound(record)
    except RecursionError:
        return ["the record is nested too deeply to be written as JSON"]
    if math.isinf(bound):
        return [f"{non_finite(record) or '/'}: a number that is not finite (NaN or infinity), which JSON cannot hold"]
    if text is None and bound > MAX_FILE_BYTES:
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), check_circular=False)
    too_big = size_problem(text) if text is not None else None
    if too_big:
        return [too_big]
    from .lint.api import validation_errors

    return validation_errors(record)


def checked_json(record: dict[str, Any]) -> str:
    """The canonical JSON of `record` (the bytes `io.dump_json` gives), once it passes `record_problems`."""
    text = dump_json(record) if non_finite(record) is None else ""
    problems = record_problems(record, text=text or None)
    if problems:
        raise RecordRefused(record.get("id"), problems)
    return text


def write_new_file(path: Path, text: str) -> None:
    """Write a file that must not exist yet, whole or not at all: FileExistsError when another
    writer has taken the name, and the file already there is left as it is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.parent / f".nrr-write-{os.getpid()}-{os.urandom(4).hex()}-{path.name}"
    try:
        with tmp.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        try:
            os.link(tmp, path)  # fails, atomically, when the name is taken
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links: exclusive creation is the next best
            with path.open("x", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    finally:
        tmp.unlink(missing_ok=True)
