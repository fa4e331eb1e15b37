"""Constants changed in code that is not Python: `#define BLOCK_M 128`, `constexpr int kTile = 64;`,
`let tile: usize = 64;`, `TILE := 64`, and a run script's flags (`--lr 0.01`, `LR=0.01`). Kernel
and systems loops tune such numbers in C, CUDA, Metal, Rust or Go, others in the script that runs
the training, and a hunk header only names the function around them.

A file's changes are read this way only when every line the commit changed is one such constant
whose number alone moved; otherwise the caller names the functions its hunks touch.
"""

from __future__ import annotations

import difflib
import re

from .change import Change, diff_change
from .names import snake_case
from .phrases import NUM

# A C literal's suffixes (64u, 1.0f, 128UL) belong to the number.
_LITERAL = rf"(?P<value>{NUM})(?P<suffix>[fFuUlL]*)"
_DECLARATIONS = (
    re.compile(rf"^\s*#\s*define\s+(?P<name>[A-Za-z_]\w*)\s+\(?{_LITERAL}\)?\s*(?://.*|/\*.*)?$"),
    re.compile(
        rf"^\s*(?:[\w:<>\[\]*&]*[\w>\]*&]\s+)*(?P<name>[A-Za-z_]\w*)\s*(?::\s*[\w:<>\[\]&]+\s*)?:?=\s*{_LITERAL}\s*[;,]?\s*"
        r"(?://.*|/\*.*|#.*|--.*)?$"
    ),
)


_MAX_LINES = 20_000


def constant_changes(old: str, new: str, path: str) -> list[Change] | None:
    """The constants whose numbers moved between two versions of a file, one change each; None when
    any other line changed too (or nothing did)."""
    before, after = old.splitlines(), new.splitlines()
    if max(len(before), len(after)) > _MAX_LINES:
        return None  # a generated or vendored file: comparing it line by line costs more than it tells
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
            changes.extend(made)
    return changes or None


def _moved(old_line: str, new_line: str, location: str) -> list[Change] | None:
    declared = _declared(old_line, new_line, location)
    return [declared] if declared is not None else _flags(old_line, new_line, location)


# A number with the name written just before it: `--lr 0.01`, `--lr=0.01`, `LR=0.01`, `lr: 0.01`.
_NUMBER_TOKEN = re.compile(rf"(?<![\w.]){NUM}(?![\w.])")
_NAME_BEFORE = re.compile(r"(?:^|[\s(,;])-{0,2}(?P<name>[A-Za-z_][\w.-]*)\s*(?:=|:|\s)\s*$")


def _flags(old_line: str, new_line: str, location: str) -> list[Change] | None:
    """The numbers that moved in a line where nothing else did (a run script's `--lr 0.01`), each
    named by the word just before it; None when any is not named or more than numbers changed."""
    old_numbers, new_numbers = list(_NUMBER_TOKEN.finditer(old_line)), list(_NUMBER_TOKEN.finditer(new_line))
    if len(old_numbers) != len(new_numbers) or _NUMBER_TOKEN.sub("#", old_line) != _NUMBER_TOKEN.sub("#", new_line):
        return None
    changes = []
    for a, b in zip(old_numbers, new_numbers, strict=True):
        x, y = float(a.group()), float(b.group())
        if x == y:
            continue
        named = _NAME_BEFORE.search(old_line[: a.start()])
        if not named:
            return None
        name = snake_case(named.group("name").replace(".", "_")) or named.group("name").lower()
        changes.append(diff_change(name, "increase" if y > x else "decrease", location, a.group(), b.group()))
    return changes or None


def _declared(old_line: str, new_line: str, location: str) -> Change | None:
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
