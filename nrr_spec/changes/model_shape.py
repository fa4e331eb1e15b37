"""A model's shape in the shorthand transformer logs write it in: "9L 512d", "8L 4H 512d", "10L x 480d".

A count and one letter after it, in a run of such tokens ("8L/8H/256d" too), name a model's depth
(`L`, layers), its heads (`H`) and its width (`d`, `D`, `w`: the model dimension). The run must hold a count of
layers, which is what makes it a shape: "512d" alone may be days, "4H" hours. A run that starts
after a slash or inside a longer word is none ("4W/0D/6L" counts a match's wins, draws and losses).
"""

from __future__ import annotations

import re

_PARTS = {"L": "n_layer", "H": "n_head", "d": "model_dim", "D": "model_dim", "w": "model_dim"}
_PART = r"\d{1,4}[LHdDw]"
_SHAPE = re.compile(rf"(?<![\w/.=-])(?:{_PART})(?:\s*[x×/]?\s*{_PART})*(?![\w/.=-])")
_ONE = re.compile(r"(\d{1,4})([LHdDw])")


def in_settings(text: str) -> str:
    """`text` with each model shape written as the settings it stands for ("6L 768w" -> "n_layer=6, model_dim=768")."""
    return _SHAPE.sub(_as_settings, text) if "L" in text else text


def _as_settings(found: re.Match[str]) -> str:
    parts = _ONE.findall(found.group(0))
    if not any(letter == "L" and len(count) <= 3 for count, letter in parts) or len({p[1] for p in parts}) < len(parts):
        return found.group(0)
    return ", ".join(f"{_PARTS[letter]}={count}" for count, letter in parts)
