"""Comparisons with a factor: "twice as wide", "three times as many heads", "2x wider ResNet-20".

English says a multiple of a setting this way as often as with a verb ("double the width"). The
factor goes with the dimension the adjective measures (`wide`: width, `deep`: depth, `long`:
length) or with the noun counted after "as many" (`heads`), and the comparison reads as that
setting at the factor (`width 2x`), which the change language moves up or down from its value of
the moment. What is made wider ("make ResNet-20 twice as wide") stays out of the setting's name,
as it does in "a wider network"; so does the whole model a factor and a comparative qualify ("2x
wider ResNet-20" is `width 2x`, where "2x wider MLP" is left to the words).
"""

from __future__ import annotations

import re

from .clauses import is_whole_model

_FACTORS = {"twice": "2", "thrice": "3", "half": "0.5", "two times": "2", "three times": "3", "four times": "4"}
_DIMENSIONS = {"wide": "width", "deep": "depth", "long": "length", "large": "size", "big": "size"}
_FACTOR = r"(?P<factor>twice|thrice|half|(?:two|three|four)\s+times|\d+(?:\.\d+)?\s*(?:x|times))"
_AS = re.compile(
    rf"(?:\b(?:make|made|making)\s+(?:the\s+|it\s+)?(?:[\w.-]+\s+){{0,2}}?)?\b{_FACTOR}\s+as\s+"
    r"(?:(?P<adjective>wide|deep|long|large|big)\b|(?:many|much)\s+(?P<noun>[A-Za-z][\w-]*))",
    re.I,
)


_COMPARATIVE = re.compile(
    r"\b(?P<factor>\d+(?:\.\d+)?)\s*x\s+(?P<comparative>wider|deeper|narrower|shallower)\s+(?P<thing>[A-Za-z][\w-]*)", re.I
)
_COMPARED = {"wider": "width", "narrower": "width", "deeper": "depth", "shallower": "depth"}


def in_factors(text: str) -> str:
    """`text` with each comparison with a factor written as the setting at that factor."""
    if " as " in text.lower():
        text = _AS.sub(_as_setting, text)
    return _COMPARATIVE.sub(_compared, text) if "x " in text.lower() else text


def _compared(found: re.Match[str]) -> str:
    after = found.string[found.end() :]
    if not is_whole_model(found["thing"]) or re.match(r"\s*\([^)]*=", after):
        return found.group(0)  # "1.5x wider ResNet-20 (base_width=24)": the setting says what was widened
    return f"{_COMPARED[found['comparative'].lower()]} {found['factor']}x"


def _as_setting(found: re.Match[str]) -> str:
    factor = re.sub(r"\s+", " ", found["factor"].lower())
    value = _FACTORS.get(factor) or re.sub(r"\s*(x|times)$", "", factor)
    setting = _DIMENSIONS[found["adjective"].lower()] if found["adjective"] else found["noun"]
    return f"{setting} {value}x"
