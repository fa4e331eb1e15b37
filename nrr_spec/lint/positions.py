"""Where a JSON pointer sits in a document's text: line and column, in JSON and in YAML.

Parsing for validation keeps no positions (that keeps the common, clean case fast). A
`PositionIndex` finds positions only for the pointers asked about. In JSON it walks down the
pointer, skipping the members before each one with the C scanner of the standard library and
remembering where it stopped, so a record with a few findings is read about once, in C, however
many findings it has. (Libraries that map a whole JSON text in one pass cost more per record
with findings: on the example records, json-source-map 2.0 ms and tree-sitter-json 0.57 ms,
against 0.11 ms for this walk and 0.64 ms for the pure-Python scan it replaced.) In YAML the C
composer maps the whole text in one pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from json.decoder import scanstring  # type: ignore[attr-defined]
from json.scanner import make_scanner  # type: ignore[attr-defined]
from typing import Any, TypeVar

_WS = re.compile(r"[ \t\n\r]*")

# pointer -> (anchor offset: the key of an object member or the start of an item, value start, value end)
Entry = tuple[int, int, int]
Entries = dict[str, Entry]
_T = TypeVar("_T")

# Skips one JSON value and says where it ends. Numbers stay text: a 5,000-digit integer that the
# parser let through must not fail the search for a position.
_skip_value = make_scanner(json.JSONDecoder(parse_int=str, parse_float=str, parse_constant=str))  # type: ignore[arg-type]


def escape_token(token: str) -> str:
    """Escape one JSON pointer reference token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def pointer_of(path: Any) -> str:
    """The JSON pointer for a sequence of keys and indices."""
    return "".join("/" + escape_token(str(part)) for part in path)


def parent_pointer(pointer: str) -> str:
    return pointer.rsplit("/", 1)[0] if pointer else ""


class PositionIndex:
    """Line and column (1-based) of values in one document's text, found as they are asked for."""

    def __init__(self, text: str, fmt: str, line_offset: int = 0) -> None:
        self.text = text
        self.format = fmt
        self.line_offset = line_offset
        self._yaml: Entries | None = None
        self._json: _JsonLocator | None = None

    @property
    def entries(self) -> Entries:
        """Every pointer's offsets (for edits that need the whole layout, such as `--fix`)."""
        if self.format == "yaml":
            return self._yaml_entries()
        return self._json_call(lambda locator: locator.everything()) or {}

    def offset_position(self, offset: int) -> tuple[int, int]:
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text.count("\n", 0, offset) + 1 + self.line_offset, offset - line_start + 1

    def locate(self, pointer: str) -> tuple[int, int]:
        """Line and column of the value at `pointer`, or of its nearest ancestor that exists."""
        if not pointer and self._yaml is None:  # (YAML once composed places the root at its node, as it did)
            return self.offset_position(_root_offset(self.text, self.format))
        while True:
            entry = self._entry(pointer)
            if entry is not None:
                return self.offset_position(entry[0])
            if not pointer:
                return self.line_offset + 1, 1
            pointer = parent_pointer(pointer)

    def span(self, pointer: str) -> tuple[int, int] | None:
        """Character offsets [start, end) of the value at `pointer` in the text, if it exists."""
        entry = self._entry(pointer)
        return (entry[1], entry[2]) if entry else None

    def _entry(self, pointer: str) -> Entry | None:
        if self.format == "yaml":
            return self._yaml_entries().get(pointer)
        return self._json_call(lambda locator: locator.find(pointer))

    def _json_call(self, ask: Callable[[_JsonLocator], _T]) -> _T | None:
        if self._json is None:
            self._json = _JsonLocator(self.text)
        if self._json.broken:
            return None
        try:
            return ask(self._json)
        except (RecursionError, ValueError, IndexError, StopIteration):
            self._json.broken = True  # text that parsed but will not re-scan: positions fall back to the start
            return None

    def _yaml_entries(self) -> Entries:
        if self._yaml is None:
            try:
                self._yaml = _scan_yaml(self.text)
            except (RecursionError, ValueError, IndexError):
                self._yaml = {}
            except Exception as exc:  # a YAML error met while composing again: no positions, never a crash
                import yaml

                if not isinstance(exc, yaml.YAMLError):
                    raise
                self._yaml = {}
        return self._yaml


_YAML_PREAMBLE = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n|---[ \t]*(?:#[^\n]*)?\n|%[^\n]*\n)*[ \t]*")


def _root_offset(text: str, fmt: str) -> int:
    """Where the document itself starts: after blank lines, comments and YAML directives."""
    if fmt == "yaml":
        match = _YAML_PREAMBLE.match(text)
        return match.end() if match else 0
    return len(text) - len(text.lstrip())


class _JsonLocator:
    """Offsets of the values of one JSON text, found by walking down each pointer asked about.

    Each container remembers how far its members have been read, so that a later pointer into the
    same container goes on from there instead of starting again.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        start = _WS.match(text, 0).end()  # type: ignore[union-attr]
        self.found: dict[str, list[int]] = {"": [start, start, -1]}  # end -1: not read yet
        self.missing: set[str] = set()
        self.read_to: dict[str, tuple[int, int]] = {}  # container -> (offset of its next member, its index)
        self.complete: set[str] = set()  # containers whose members are all in `found`
        self.children: dict[str, list[str]] = {}  # container -> its members' pointers read so far
        self.broken = False

    def find(self, pointer: str) -> Entry | None:
        entry = self.found.get(pointer)
        if entry is None:
            if pointer in self.missing or not pointer.startswith("/"):
                return None
            parent, token = pointer.rsplit("/", 1)
            if self.find(parent) is None:
                self.missing.add(pointer)
                return None
            self._read_members(parent, unescape_token(token))
            entry = self.found.get(pointer)
            if entry is None:
                self.missing.add(pointer)
                return None
        if entry[2] < 0:
            entry[2] = _skip_value(self.text, entry[1])[1]
        return entry[0], entry[1], entry[2]

    def everything(self) -> Entries:
        """Offsets of every value in the text."""
        pending = [""]
        while pending:
            pointer = pending.pop()
            self._read_members(pointer, None)
            pending.extend(self.children.get(pointer, ()))
        return {p: e for p in self.found if (e := self.find(p)) is not None}

    def _read_members(self, pointer: str, wanted: str | None) -> None:
        """Read the members of the container at `pointer` until the one named `wanted` (None: all)."""
        if pointer in self.complete:
            return
        text = self.text
        entry = self.found[pointer]
        opening = text[entry[1]]
        if opening not in "{[":
            self.complete.add(pointer)
            return
        is_object = opening == "{"
        if wanted is not None and not is_object and not (wanted.isdigit() and wanted.isascii()):
            return  # an array has no member of that name
        i, index = self.read_to.get(pointer, (entry[1] + 1, 0))
        prefix = pointer + "/"
        while True:
            i = _WS.match(text, i).end()  # type: ignore[union-attr]
            char = text[i]
            if char in "}]":
                entry[2] = i + 1
                self.complete.add(pointer)
                self.read_to.pop(pointer, None)
                return
            if char == ",":
                i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
            member_start = i
            if is_object:
                key, i = scanstring(text, i + 1)
                i = _WS.match(text, i).end()  # type: ignore[union-attr]
                if text[i] != ":":
                    raise ValueError("expected ':'")
                value_start = _WS.match(text, i + 1).end()  # type: ignore[union-attr]
                name = key
            else:
                value_start = member_start
                name = str(index)
            child = prefix + escape_token(name)
            known = self.found.get(child)
            if known is None:
                known = self.found[child] = [member_start, value_start, -1]
                self.children.setdefault(pointer, []).append(child)
            if name == wanted:
                self.read_to[pointer] = (member_start, index)  # read this member again next time, to skip it
                return
            if known[2] < 0:
                known[2] = _skip_value(text, value_start)[1]
            i = known[2]
            index += 1


def _compose_yaml(text: str) -> Any:
    import yaml

    # The C composer counts offsets as Python does except around a byte order mark and the
    # Unicode line breaks, which it reads differently; those texts take the Python composer.
    native = hasattr(yaml, "CSafeLoader") and not any(mark in text for mark in ("\ufeff", "\x85", "\u2028", "\u2029"))
    loader = _untagged_loader()(text) if native else yaml.SafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _walk_yaml(root: Any) -> Entries:
    import yaml

    entries: Entries = {}
    stack: list[tuple[Any, str, int | None]] = [(root, "", None)]
    seen: set[int] = set()
    while stack:
        node, pointer, anchor = stack.pop()
        start = node.start_mark.index
        entries[pointer] = (start if anchor is None else anchor, start, node.end_mark.index)
        if id(node) in seen:  # an alias: its children are already indexed under the anchor's pointer
            continue
        seen.add(id(node))
        kind = type(node)
        if kind is yaml.MappingNode:
            for key_node, value_node in node.value:
                key = escape_token(str(key_node.value))
                stack.append((value_node, f"{pointer}/{key}", key_node.start_mark.index))
        elif kind is yaml.SequenceNode:
            for index, item in enumerate(node.value):
                stack.append((item, f"{pointer}/{index}", None))
    return entries


def _scan_yaml(text: str) -> Entries:
    """Every pointer's offsets in a YAML text (the node tree is let go: kept for many records, it
    would make every garbage collection walk it)."""
    root = _compose_yaml(text)
    return _walk_yaml(root) if root is not None else {}


_UNTAGGED: type | None = None


def _untagged_loader() -> type:
    """The C composer without tag resolution: positions need the shape of the text, not its types."""
    global _UNTAGGED
    if _UNTAGGED is None:
        import yaml

        class Untagged(yaml.CSafeLoader):  # type: ignore[name-defined,misc]
            def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
                return ""

            def descend_resolver(self, current_node: Any, current_index: Any) -> None:
                pass

            def ascend_resolver(self) -> None:
                pass

        _UNTAGGED = Untagged
    return _UNTAGGED
