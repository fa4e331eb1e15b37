"""Errors raised while parsing a document, shared by the JSON reader (`io`) and the YAML loader.

They live apart from both so that each can raise them without importing the other. A failure
says what kind of problem it is (`ParseKind`); which validator rule reports each kind is the
validator's business (`nrr_spec.lint.parse_codes`), not the reader's.
"""

from __future__ import annotations

from typing import Any

from .errors import NrrError
from .model.vocabulary import StrEnum

# An alias-bomb document (billion laughs) expands exponentially; no real record needs this many.
MAX_YAML_ALIASES = 100


class ParseKind(StrEnum):
    """What went wrong reading a file as a document."""

    syntax = "syntax"  # not valid JSON, YAML or JSON Lines
    duplicate_key = "duplicate_key"
    not_text = "not_text"  # binary, or not UTF-8
    too_large = "too_large"
    too_deep = "too_deep"
    alias_bomb = "alias_bomb"  # YAML aliases past the limit, or expanding past it
    unreadable = "unreadable"  # the file or folder cannot be read
    not_a_record = "not_a_record"  # empty
    not_json_data = "not_json_data"  # a YAML value JSON has no type for
    number_out_of_range = "number_out_of_range"  # an integer past 64 bits


class YamlProblem(NrrError):
    def __init__(self, message: str, hint: str, line: int = 1, column: int = 1, kind: ParseKind = ParseKind.syntax) -> None:
        super().__init__(message)
        self.message, self.hint, self.line, self.column, self.kind = message, hint, line, column, kind


class DuplicateKeyError(NrrError, ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


_KINDS = {set: "a set", frozenset: "a set", bytes: "binary data", tuple: "a pair", int: "a number", float: "a number"}


def kind_of(value: Any) -> str:
    """A value a record cannot hold as JSON (or a key that is not text), named in words: "a number",
    "a set", "true/false"; the messages of the YAML loader and of the validator's value walk say it alike."""
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return _KINDS.get(type(value), f"a {type(value).__name__}")
