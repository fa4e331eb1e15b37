"""The format of text that came without a file name to tell it (standard input): JSON Lines, or
whatever `io.format_of` reads from the text (one JSON or YAML document).

`nrr convert ... -o - | nrr validate -` hands the validator JSON Lines, one record a line; read as
one JSON document, the second line is "extra data" and no record is checked at all.
"""

from __future__ import annotations

import json

from ..io import RECORD_SUFFIXES


def stream_format(raw: bytes, name: str) -> str | None:
    """JSON Lines ("jsonl") when the text is records one a line: its first line holds a whole JSON
    object and more text follows. None otherwise, or when the name says the format, so that the
    reader decides as it does for a file. A pretty-printed JSON record never qualifies: its first
    line is `{` alone."""
    if any(name.lower().endswith(suffix) for suffix in RECORD_SUFFIXES):
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # the reader reports where the bytes stop being UTF-8
    lines = (line for line in text.split("\n") if line.strip())
    first = next(lines, None)
    if first is None or next(lines, None) is None:
        return None  # one line is one document whichever way it is read
    try:
        return "jsonl" if isinstance(json.loads(first), dict) else None
    except (ValueError, RecursionError):
        return None
