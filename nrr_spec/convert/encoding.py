"""A log's bytes as text: UTF-8, or, line by line where it is not, Windows-1252.

Excel on Windows saves a CSV in the machine's code page, so `é` is one byte there; read as UTF-8 it
would be lost to U+FFFD. Windows-1252 gives every byte but five a character, so a line that is not
UTF-8 is read that way, and the conversion's summary says so.
"""

from __future__ import annotations

import io


def decode(raw: bytes) -> str:
    """The text of a whole log as `LogSource.lines` reads it line by line: UTF-8 (with or without
    BOM), a line that is not UTF-8 read as Windows-1252; never an error."""
    lines = io.BytesIO(raw).readlines()  # split at LF only, as `LogSource.lines` reads
    return "".join(decode_line(data, number == 1)[0] for number, data in enumerate(lines, start=1))


def decode_line(data: bytes, first: bool) -> tuple[str, bool]:
    """One line's bytes as text, NUL characters dropped (see `LogSource.lines`), and whether they were UTF-8."""
    utf8 = True
    try:
        text = data.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError:  # Excel on Windows saves a CSV in its code page: é is one byte
        text, utf8 = data.decode("cp1252", errors="replace"), False
    return (text.replace("\x00", "") if "\x00" in text else text), utf8
