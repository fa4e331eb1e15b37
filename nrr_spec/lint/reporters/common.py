"""What every reporter shows alike: file names, JSON, and text with its unsafe characters escaped.

Apart from the reporters' index (`reporters/__init__.py`), which loads each reporter by name: a
reporter imports these from here, never from the index that imports it.
"""

from __future__ import annotations

import json
import re
from typing import Any


def display_path(path: str | None) -> str:
    """A file name as reporters show it: as given, or 'stdin' / 'memory' for non-files."""
    if not path:
        return "memory"
    return {"<stdin>": "stdin", "<memory>": "memory"}.get(path, path)


def dump_json(data: Any) -> str:
    """`data` as indented JSON with a final newline; non-ASCII text as it is, except what UTF-8 cannot
    carry (a lone surrogate from a `\\ud800` escape in a record), which stays an escape."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = json.dumps(data, indent=2) + "\n"
    return text


def _escape(code: int) -> str:
    named = {9: "\\t", 10: "\\n", 13: "\\r"}
    return named.get(code) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


# Characters a report shows as escapes: C0 and C1 controls and DEL (a terminal obeys them, XML 1.0
# forbids most of them), the bidirectional controls that can make text read other than it is
# stored, the Unicode line separators, lone surrogates (which no encoder writes) and the two
# non-characters XML forbids.
_UNPRINTABLE = [
    *range(0x00, 0x20),
    *range(0x7F, 0xA0),
    0x061C,
    0x200E,
    0x200F,
    *range(0x2028, 0x202F),
    *range(0x2066, 0x206A),
    *range(0xD800, 0xE000),
    0xFFFE,
    0xFFFF,
]
_ESCAPES = {code: _escape(code) for code in _UNPRINTABLE}
_UNSAFE = re.compile("[" + "".join(re.escape(chr(code)) for code in _UNPRINTABLE) + "]")


def printable(text: str) -> str:
    """`text` with control, bidirectional and other unsafe characters shown as escapes (`\\x1b`)."""
    if text.isascii() and text.isprintable():
        return text
    return text.translate(_ESCAPES) if _UNSAFE.search(text) else text
