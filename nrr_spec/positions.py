"""Where a JSON pointer sits in a document's text: line and column, in JSON and in YAML.

Parsing for validation keeps no positions (that keeps the common, clean case fast); a
`PositionIndex` is built only for documents that have something to report, by re-scanning
their text once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

_WS = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")

# pointer -> (anchor offset: the key of an object member or the start of an item, value start, value end)
Entries = dict[str, tuple[int, int, int]]


def escape_token(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer_of(path: Any) -> str:
    """The JSON pointer for a sequence of keys and indices."""
    return "".join("/" + escape_token(str(part)) for part in path)


def parent_pointer(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0] if pointer else ""


class PositionIndex:
    """Line and column (1-based) of every value in one document's text."""

    def __init__(self, text: str, fmt: str, line_offset: int = 0) -> None:
        self.text = text
        self.format = fmt
        self.line_offset = line_offset
        self._line_starts: list[int] | None = None
        self._entries: Entries | None = None

    @property
    def entries(self) -> Entries:
        """Every pointer's offsets, scanned on first use (whole-record diagnostics never need it)."""
        if self._entries is None:
            try:
                self._entries = _scan_yaml(self.text) if self.format == "yaml" else _scan_json(self.text)
            except (RecursionError, ValueError, IndexError):
                self._entries = {}  # text that parsed but will not re-scan: positions fall back to the start
        return self._entries

    def offset_position(self, offset: int) -> tuple[int, int]:
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        row = bisect_right(self._line_starts, offset) - 1
        return row + 1 + self.line_offset, offset - self._line_starts[row] + 1

    def locate(self, pointer: str) -> tuple[int, int]:
        """Line and column of the value at `pointer`, or of its nearest ancestor that exists."""
        if not pointer and self._entries is None:
            return self.offset_position(_root_offset(self.text, self.format))
        while True:
            entry = self.entries.get(pointer)
            if entry is not None:
                return self.offset_position(entry[0])
            if not pointer:
                return self.line_offset + 1, 1
            pointer = parent_pointer(pointer)

    def span(self, pointer: str) -> tuple[int, int] | None:
        """Character offsets [start, end) of the value at `pointer` in the text, if it exists."""
        entry = self.entries.get(pointer)
        return (entry[1], entry[2]) if entry else None


_YAML_PREAMBLE = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n|---[ \t]*(?:#[^\n]*)?\n|%[^\n]*\n)*[ \t]*")


def _root_offset(text: str, fmt: str) -> int:
    """Where the document itself starts: after blank lines, comments and YAML directives."""
    if fmt == "yaml":
        match = _YAML_PREAMBLE.match(text)
        return match.end() if match else 0
    return len(text) - len(text.lstrip())


def _scan_json(text: str) -> Entries:
    entries: Entries = {}

    def skip(i: int) -> int:
        match = _WS.match(text, i)
        return match.end() if match else i

    def value(i: int, pointer: str, anchor: int | None) -> int:
        i = skip(i)
        start = i
        char = text[i]
        if char == "{":
            i = skip(i + 1)
            if text[i] == "}":
                i += 1
            else:
                while True:
                    i = skip(i)
                    key_start = i
                    key, i = scanstring(text, i + 1)
                    i = skip(i)
                    if text[i] != ":":
                        raise ValueError("expected ':'")
                    i = skip(value(i + 1, f"{pointer}/{escape_token(key)}", key_start))
                    i += 1
                    if text[i - 1] == "}":
                        break
        elif char == "[":
            i = skip(i + 1)
            if text[i] == "]":
                i += 1
            else:
                index = 0
                while True:
                    i = skip(value(i, f"{pointer}/{index}", None))
                    index += 1
                    i += 1
                    if text[i - 1] == "]":
                        break
        elif char == '"':
            _, i = scanstring(text, i + 1)
        else:
            match = _SCALAR.match(text, i)
            if not match:
                raise ValueError("unexpected character")
            i = match.end()
        entries[pointer] = (start if anchor is None else anchor, start, i)
        return i

    value(0, "", None)
    return entries


def _scan_yaml(text: str) -> Entries:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if text.isascii() else yaml.SafeLoader  # C marks count bytes
    try:
        root = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:  # the two scanners differ on a few escapes: no positions, never a crash
        raise ValueError(str(exc)) from exc
    entries: Entries = {}
    if root is None:
        return entries
    stack: list[tuple[Any, str, int | None]] = [(root, "", None)]
    seen: set[int] = set()
    while stack:
        node, pointer, anchor = stack.pop()
        start, end = node.start_mark.index, node.end_mark.index
        entries[pointer] = (start if anchor is None else anchor, start, end)
        if id(node) in seen:  # an alias: its children are already indexed under the anchor's pointer
            continue
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = escape_token(str(key_node.value))
                stack.append((value_node, f"{pointer}/{key}", key_node.start_mark.index))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, f"{pointer}/{index}", None))
    return entries
