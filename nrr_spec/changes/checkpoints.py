"""Pretrained models named by their checkpoints ("Qwen2.5-1.5B", "Ettin-68m @ 1024") read as the choice of model.

A checkpoint's name holds digits and dots that the number reader would otherwise take apart
("Qwen2.5" read as `qwen` set to 2.5), so, before the description is read, each such name is
written as the model's setting: "switch to Qwen2.5-1.5B" -> "switch to model=Qwen2.5-1.5B",
"Qwen2.5-0.5B -> Qwen2.5-1.5B" -> "model Qwen2.5-0.5B -> Qwen2.5-1.5B". The input size written
after it ("ModernBERT-base @ 1024", a context length for text and a resolution for images) is a
setting this reading cannot name, and is left out rather than read as part of the model's name.
"""

from __future__ import annotations

import re

from .names import CHECKPOINT
from .phrases import ARROW

_NAME = CHECKPOINT.pattern
# A name not already a value ("model=X", "from X"), not inside a longer word or path.
_ALONE = r"(?<![\w.=:/>-])"
_INPUT_SIZE = r"(?:\s*@\s*\d+[kK]?)?"
_FOUND = re.compile(
    rf"(?i:\bmodel\s+)?(?i:\bfrom\s+)?{_ALONE}(?P<a>{_NAME}){_INPUT_SIZE}"
    rf"(?:(?:{ARROW}|\s+(?i:to)\s+)(?P<b>{_NAME}){_INPUT_SIZE})?(?![\w.-])"
)


def in_checkpoints(text: str) -> str:
    """`text` with each checkpoint's name written as the model's setting (see the module's docstring)."""
    if "-" not in text:
        return text
    return _FOUND.sub(_as_setting, text)


def _as_setting(found: re.Match[str]) -> str:
    if found.group("b"):  # "A -> B", "from A to B"
        return f"model {found.group('a')} -> {found.group('b')}"
    if re.match(r"(?:model\s+)?from\s", found.group(0), re.I):
        return found.group(0)  # "from A" alone is where a move started, read as written
    return f"model={found.group('a')}"
