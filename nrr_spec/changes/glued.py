"""Settings written with the value glued to the name: "KV8+rope32", "seed5", "bs64", "60ep".

Loops short of space write a setting's value against its name. Only names that are settings in
ML work (a seed, heads, RoPE dimensions, batch size, learning rate, epochs) are read this way: most
names glued to a number are names ("gpt2", "fp16", "exp12", "beta2", "resnet50", "batch2" of a
series of runs), and a list of
setting words, not a guess about each token, keeps them so.
"""

from __future__ import annotations

import re

# Setting words a number may follow directly, as a loop abbreviates them (lower case).
_GLUED_NAMES = (
    "seed|kv|kvh|heads|nheads|layers|nlayers|depth|dim|width|rank|topk|ctx|seqlen|seq|bs|bsz|imgsz|lr|wd|rope|window|win"
)
# A code name may end in one of these words ("model_dim544": model_dim). A number after the name,
# not one with a leading zero ("wd015" is a decimal shorthand, 0.15, that the log alone can say),
# and no name followed by a value of its own ("lr0 0.0005": YOLO's lr0).
_NAME_THEN_VALUE = re.compile(
    rf"(?<![\w.\-/])((?:[a-z][a-z0-9]*_)*(?:{_GLUED_NAMES}))(?!0\d)(\d+(?:\.\d+)?(?:[eE]-\d+)?)(?![\w.%/])(?!\s*[=:]?\s*[-+]?\.?\d)",
    re.I,
)
# A count of epochs with its unit glued on: "60ep", "100epochs" ("2048eps" counts episodes).
_EPOCHS = re.compile(r"(?<![\w.\-/])(\d+)(?:ep|epochs?)(?![\w.%])", re.I)


_PARENTHESES = re.compile(r"(\([^()]*\))")


def in_assignments(text: str) -> str:
    """`text` with each glued setting written as an assignment ("KV8+rope32" -> "KV=8+rope=32").
    In parentheses it stays as written: "LayerNorm (1ep)" says how long the run was, as a remark."""
    if not any(c.isdigit() for c in text):
        return text
    parts = _PARENTHESES.split(text)
    return "".join(
        part if part.startswith("(") else _EPOCHS.sub(r"epochs=\1", _NAME_THEN_VALUE.sub(r"\1=\2", part)) for part in parts
    )
