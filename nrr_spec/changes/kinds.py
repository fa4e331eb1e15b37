"""What kind of thing a code name is, read from how the same log speaks of it.

`log_mileage` and `car_age` place in no category by their words, but a log that writes
"add car_age mileage_per_year log_mileage features" or "log_mileage feature" says what they are:
features, so data. A run of code identifiers followed by a noun the taxonomy places (feature,
loss, kernel, schedule) gives each identifier that noun's category; a name the log speaks of with
two different kinds of noun gets none. Only names the taxonomy cannot place take a kind this way.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .categories import categorise, category_of_parameter
from .names import snake_case
from .text import MAX_PARSED

# A code identifier (`log_mileage`, `kitchenQualSf`), then more of them or joining words, then a noun.
# Each identifier is whole (word boundaries at both ends): without them one long snake_case name
# could be cut into identifiers at every letter, which found nouns inside it ("..._hori" + "zon")
# and, where nothing matched, backtracked over every way to cut it (seconds for a name of 60 letters).
_RUN = re.compile(r"((?:\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b(?:\s*(?:[+,&]|and)?\s*))+)\s*([A-Za-z]{3,})\b")
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+")
_MIXED = ""  # a name spoken of with two kinds of noun


class Kinds:
    """The category each unplaced code name of a log takes from the noun the log puts after it."""

    def __init__(self) -> None:
        self._kind: dict[str, str] = {}

    def __bool__(self) -> bool:
        return bool(self._kind)

    def add_text(self, text: str) -> None:
        # The start of a description, as the parser reads it: on a long run of letters (a pasted
        # cell of 200 kB) the pattern's backtracking grows with the square of the length.
        for run in _RUN.finditer(text[:MAX_PARSED]):
            category = category_of_parameter(run.group(2).lower())
            if category is None:
                continue
            for identifier in _IDENTIFIER.findall(run.group(1)):
                name = snake_case(identifier)
                if category_of_parameter(name) is not None:
                    continue
                seen = self._kind.get(name)
                self._kind[name] = category if seen in (None, category) else _MIXED

    def of(self, parameter: str) -> str | None:
        """The kind the log gives an unplaced name, or None."""
        return self._kind.get(parameter) or None

    def mapping(self) -> Mapping[str, str]:
        return {name: kind for name, kind in self._kind.items() if kind}


def with_kinds(
    parsed: tuple[tuple[dict[str, object], ...], str], kinds: Kinds | None
) -> tuple[tuple[dict[str, object], ...], str]:
    """A parsed description whose category is read again when one of its names has a kind in the log."""
    changes, _ = parsed
    if not kinds or not changes or not any(kinds.of(str(c.get("parameter") or "")) for c in changes):
        return parsed
    return changes, categorise(changes, known=kinds.mapping())
