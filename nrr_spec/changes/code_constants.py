"""Constants changed in code that is not Python: `#define BLOCK_M 128`, `constexpr int kTile = 64;`,
`let tile: usize = 64;`, `TILE := 64`. Kernel and systems loops tune such numbers in C, CUDA, Metal,
Rust or Go, and a hunk header only names the function around them.

A file's changes are read this way only when every line the commit changed is one such constant
whose number alone moved; otherwise the caller names the functions its hunks touch.
"""

from __future__ import annotations

import difflib
import re

from .change import Change, diff_change
from .names import snake_case

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
# A C literal's suffixes (64u, 1.0f, 128UL) belong to the number.
_LITERAL = rf"(?P<value>{_NUMBER})(?P<suffix>[fFuUlL]*)"
_DECLARATIONS = (
    re.compile(rf"^\s*#\s*define\s+(?P<name>[A-Za-z_]\w*)\s+\(?{_LITERAL}\)?\s*(?://.*|/\*.*)?$"),
    re.compile(
        rf"^\s*(?:[\w:<>\[\]*&]*[\w>\]*&]\s+)*(?P<name>[A-Za-z_]\w*)\s*(?::\s*[\w:<>\[\]&]+\s*)?:?=\s*{_LITERAL}\s*[;,]?\s*"
        r"(?://.*|/\*.*|#.*|--.*)?$"
    ),
)


def constant_changes(old: str, new: str, path: str) -> list[Change] | None:
    """The constants whose numbers moved between two versions of a file, one change each; None when
    any other line changed too (or nothing did)."""
    before, after = old.splitlines(), new.splitlines()
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return None
        for offset, (a, b) in enumerate(zip(before[i1:i2], after[j1:j2], strict=True)):
            if a.strip() == b.strip():
                continue
            made = _moved(a, b, f"{path}:{j1 + offset + 1}")
            if made is None:
                return None
            changes.append(made)
    return changes or None


def _moved(old_line: str, new_line: str, location: str) -> Change | None:
    for pattern in _DECLARATIONS:
        a, b = pattern.match(old_line), pattern.match(new_line)
        if not (a and b) or a.group("name") != b.group("name"):
            continue
        if _without_value(old_line, a).strip() != _without_value(new_line, b).strip():
            return None  # more than the number changed
        x, y = float(a.group("value")), float(b.group("value"))
        if x == y:
            return None
        name = snake_case(a.group("name")) or a.group("name").lower()
        direction = "increase" if y > x else "decrease"
        return diff_change(name, direction, location, a.group("value") + a.group("suffix"), b.group("value") + b.group("suffix"))
    return None


def _without_value(line: str, match: re.Match[str]) -> str:
    return line[: match.start("value")] + line[match.end("value") :]
