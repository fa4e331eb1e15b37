"""Comment lines a loop writes above its table: `# metric_direction: higher_is_better`, `# goal: ...`.

Some loops open their results file with lines that describe the search (the metric's direction,
the goal, the files it may edit, the command that scores a run) before the header. They are not
rows: the header is the first line after them, and what they declare about the metric is read as
if the user had said it. A `#` that is a cell of its own (`#<TAB>commit<TAB>val_bpb`, a column that
numbers the rows) is a header, not a comment.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model.vocabulary import Direction

_COMMENT = re.compile(r"^\s*#(?![\t,;|])")
_SETTING = re.compile(r"^\s*#\s*(?P<key>[A-Za-z][\w -]{0,40}?)\s*[:=]\s*(?P<value>.+?)\s*$")
_DIRECTION_KEYS = frozenset({"metric_direction", "direction", "optimize", "optimise", "goal_direction"})
_HIGHER = re.compile(r"\b(higher|high|max|maximi[sz]e|increase|up)", re.I)
_LOWER = re.compile(r"\b(lower|low|min|minimi[sz]e|decrease|down)", re.I)
MAX_PREAMBLE = 50  # comment lines read above a table; a file of more is not a loop's results table


def preamble_length(lines: Iterable[str]) -> int:
    """How many of the first non-blank `lines` are comments above the table."""
    count = 0
    for line in lines:
        if count >= MAX_PREAMBLE or not _COMMENT.match(line):
            break
        count += 1
    return count


# A direction said in words beside a metric's name: "ux_debt (lower is better)", "accuracy, higher is better".
_HIGHER_IS_BETTER = frozenset({"higher", "larger", "maximize", "maximise"})
_BETTER = re.compile(r"\b(?P<way>higher|lower|larger|smaller)\s+is\s+better\b|\b(?P<verb>maximi[sz]e|minimi[sz]e)\b", re.I)


def direction_in_words(text: str) -> str | None:
    """The direction a text says is better ("lower is better", "minimize"), when it says one."""
    said = {
        Direction.higher.value if (m.group("way") or m.group("verb")).lower() in _HIGHER_IS_BETTER else Direction.lower.value
        for m in _BETTER.finditer(text)
    }
    return said.pop() if len(said) == 1 else None


def declared_direction(lines: Iterable[str]) -> str | None:
    """The metric's direction a preamble declares (`# metric_direction: lower_is_better`), or None."""
    for line in lines:
        setting = _SETTING.match(line)
        if setting is None or setting.group("key").strip().lower().replace(" ", "_") not in _DIRECTION_KEYS:
            continue
        value = setting.group("value").replace("_", " ")
        higher, lower = bool(_HIGHER.search(value)), bool(_LOWER.search(value))
        if higher != lower:
            return Direction.higher.value if higher else Direction.lower.value
    return None
