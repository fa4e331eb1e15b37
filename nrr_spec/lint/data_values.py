"""Values a record cannot carry, found before the schema pass: too deep, not JSON, integers too large.

The schema validators, the catalogue's serialiser and the knowledge index all fail on these (a
lone surrogate cannot be encoded, a set or bytes is no JSON type, an integer past 64 bits
overflows SQLite, nesting past a few hundred levels exhausts a serialiser), so they are reported
here as diagnostics and the record goes no further.

A parsed document is walked only when its text could hold such a value; a clean record's text
shows that with a few scans in native code. Records given as data (no text) are always walked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..parse_errors import kind_of
from .diagnostics import Diagnostic
from .positions import escape_token

MAX_DEPTH = 100  # nested lists and mappings; records are a few levels deep (YAML files are held to the same)
INT64 = range(-(2**63), 2**63)
MAX_PROBLEMS = 20  # value problems reported per record; one kind of mistake tends to repeat

_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\(?:u[dD][89a-fA-F]|U0000[dD][89a-fA-F])")  # \ud800 (JSON, YAML), \U0000d800 (YAML)
_JSON_TYPES = (str, int, float, bool, type(None))


def might_hold_problems(text: str) -> bool:
    """False when the text cannot hold a value this module reports (the common case, found cheaply).

    Nesting takes an opening bracket per level (YAML block nesting is bounded by its loader);
    other types than JSON's come only from explicit YAML tags; a surrogate only from an escape.
    Integers past 64 bits are refused while parsing (io.bounded_int and the YAML loader).
    Only substring counts and searches here: they run at memory speed on every document.
    """
    return (
        text.count("[") + text.count("{") > MAX_DEPTH
        or "!!" in text
        or "!<" in text
        or (("\\u" in text or "\\U" in text) and _SURROGATE_ESCAPE.search(text) is not None)
    )


def value_problems(data: Any, text: str | None = None) -> list[Diagnostic]:
    """NRR005, NRR009 and NRR010 for the values of `data` (at most MAX_PROBLEMS); [] for a clean record."""
    if text is not None and not might_hold_problems(text):
        return []
    problems: list[Diagnostic] = []
    for diagnostic in _walk(data):
        problems.append(diagnostic)
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems


def _walk(data: Any) -> Iterator[Diagnostic]:
    # A value's JSON pointer is its parent's pointer and its own key or index: the pointer is
    # written out only for containers (their children need it) and for values with a problem,
    # since escaping every key of every clean record was most of this walk's time.
    stack: list[tuple[Any, str, str | int | None, int]] = [(data, "", None, 1)]
    while stack:
        value, parent, step, depth = stack.pop()
        if isinstance(value, dict):
            pointer = _pointer(parent, step)
            if depth > MAX_DEPTH:
                yield _too_deep(pointer)
                continue  # and not deeper: a self-containing value would never end
            children = []
            for key, child in value.items():
                if not isinstance(key, str):
                    message = f"a key is {kind_of(key)} {_shown(key)}, not text"
                    yield _not_json(pointer, message, "Quote the key: JSON keys are text.")
                    continue
                if _SURROGATE.search(key):
                    yield _surrogate(pointer, f"key {_shown(key)}", key)  # at the mapping: no pointer can name the key
                    continue
                children.append((child, pointer, key, depth + 1))
            stack.extend(reversed(children))
        elif isinstance(value, list):
            pointer = _pointer(parent, step)
            if depth > MAX_DEPTH:
                yield _too_deep(pointer)
                continue
            stack.extend(reversed([(child, pointer, index, depth + 1) for index, child in enumerate(value)]))
        elif isinstance(value, str):
            if _SURROGATE.search(value):
                yield _surrogate(_pointer(parent, step), "text", value)
        elif isinstance(value, bool) or value is None or isinstance(value, float):
            continue
        elif isinstance(value, int):
            if value not in INT64:
                yield Diagnostic(
                    "NRR010",
                    "error",
                    f"the integer {_digits(value)} is outside the 64-bit range the tools carry",
                    "Write the real value; a measurement this large is a number with an exponent (1e20), not an integer.",
                    _pointer(parent, step),
                )
        else:
            yield _not_json(
                _pointer(parent, step),
                f"the value is {kind_of(value)}, which JSON cannot hold",
                "Write it as a list, text or a number (YAML tags such as !!set and !!binary make values JSON has no type for).",
            )


def _pointer(parent: str, step: str | int | None) -> str:
    if step is None:
        return parent
    return f"{parent}/{step}" if isinstance(step, int) else f"{parent}/{escape_token(step)}"


def _too_deep(pointer: str) -> Diagnostic:
    return Diagnostic(
        "NRR005",
        "error",
        f"the record is nested more than {MAX_DEPTH} levels deep here",
        "Records are at most a few levels deep; flatten this value.",
        pointer,
    )


def _not_json(pointer: str, message: str, hint: str) -> Diagnostic:
    return Diagnostic("NRR009", "error", message, hint, pointer)


def _surrogate(pointer: str, where: str, value: str) -> Diagnostic:
    at = _SURROGATE.search(value)
    code = f"\\u{ord(at.group()):04x}" if at else "a surrogate"
    return Diagnostic(
        "NRR009",
        "error",
        f"the {where} holds a lone surrogate {code}, which is not a character",
        "Write the character itself, or both halves of its surrogate pair (\\ud83d\\ude00).",
        pointer,
    )


def _shown(value: Any) -> str:
    text = ascii(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _digits(value: int) -> str:
    digits = len(str(abs(value))) if value.bit_length() < 14_000 else None  # str() of larger ints is refused
    if digits is not None and digits <= 24:
        return str(value)
    return f"of about {int(value.bit_length() * 0.30103) + 1:,} digits"
