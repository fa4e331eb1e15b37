"""A coefficient's name with the noun that says whose it is: "mixup alpha=0.2" sets mixup_alpha.

Names such as alpha, beta, lambda, weight or ratio mean nothing alone: every method has one. Written
as `NAME=VALUE` after a bare noun, the noun is part of the name ("mixup alpha", "focal gamma",
"aux loss weight"), as a config file would spell it (`mixup_alpha`). A verb or a connecting word
before the name is not ("use alpha=0.2", "with alpha=0.2"), nor a number ("lr=0.1 alpha=0.2"), nor a
hyphenated modifier, which says under what condition rather than whose ("no-spec temp=0.7").
"""

from __future__ import annotations

import re

from .phrases import VERBS

COEFFICIENTS = frozenset(
    {
        "alpha",
        "beta",
        "gamma",
        "lambda",
        "lam",
        "weight",
        "coef",
        "coeff",
        "coefficient",
        "ratio",
        "rate",
        "scale",
        "factor",
        "temperature",
        "temp",
        "prob",
        "probability",
        "eps",
        "epsilon",
        "margin",
        "strength",
    }
)
_CONNECTING = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "with",
        "without",
        "at",
        "to",
        "of",
        "for",
        "on",
        "in",
        "by",
        "from",
        "then",
        "but",
        "use",
        "using",
        "set",
        "try",
    }
)
_WORD_BEFORE = re.compile(r"(?<![\w-])([A-Za-z]+)\s+$")


def qualified(name: str, before: str) -> str:
    """`name` with the noun just before it (`before` is the text up to the name) when the name is
    a bare coefficient; otherwise `name` as it is."""
    if name.lower() not in COEFFICIENTS:
        return name
    found = _WORD_BEFORE.search(before)
    if found is None:
        return name
    word = found.group(1).lower()
    if word in _CONNECTING or word in VERBS or word in COEFFICIENTS:
        return name
    return f"{found.group(1)}_{name}"
