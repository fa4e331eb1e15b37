"""Errors raised while parsing a document, shared by the JSON reader (`io`) and the YAML loader.

They live apart from both so that each can raise them without importing the other.
"""

from __future__ import annotations

# An alias-bomb document (billion laughs) expands exponentially; no real record needs this many.
MAX_YAML_ALIASES = 100


class YamlProblem(Exception):
    def __init__(self, message: str, hint: str, line: int = 1, column: int = 1, code: str = "NRR001") -> None:
        super().__init__(message)
        self.message, self.hint, self.line, self.column, self.code = message, hint, line, column, code


class DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key
