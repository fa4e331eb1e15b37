"""A parameter's name with the words around it that belong to it: whose coefficient it is ("mixup
alpha=0.2" sets mixup_alpha) and what a count is counted in ("warmup to 400 steps" sets warmup_steps).

Names such as alpha, beta, lambda, weight or ratio mean nothing alone: every method has one. Written
as `NAME=VALUE` after a bare noun, the noun is part of the name ("mixup alpha", "focal gamma",
"aux loss weight"), as a config file would spell it (`mixup_alpha`). A verb or a connecting word
before the name is not ("use alpha=0.2", "with alpha=0.2"), nor a number ("lr=0.1 alpha=0.2"), nor a
hyphenated modifier, which says under what condition rather than whose ("no-spec temp=0.7").
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from .categories import TERMS, category_of_word
from .change import Change
from .names import PARAMETER_SYNONYMS, VALUE_PARAMETERS
from .phrases import COUNTED_IN, NARRATIVE, VALUE, VERBS

COEFFICIENTS = frozenset(
    {
        "alpha",
        "beta",
        "gamma",
        "lambda",
        "lam",
        "weight",
        "wt",
        "init",  # "x0_lambda init=0.1": where that setting starts
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
        "p",
        "k",
        "decay",
        "patience",
        "threshold",
        "size",
    }
)
# Settings every optimizer, parameter group or data split has its own of: after the name of one
# ("embedding lr=0.6", "muon momentum=0.95", "adam beta2=0.99", "eval batch_size=8") that name is
# part of the setting's, as it is when the same words are written without "=". After any other word
# it is not: "curvature lr=5e-2" and "denoising lr=1e-1" set the learning rate of that method.
PER_COMPONENT = frozenset({"lr", "learning_rate", "momentum", "beta1", "beta2", "betas", "wd", "weight_decay", "batch_size"})
_SPLITS = frozenset({"train", "training", "eval", "evaluation", "val", "valid", "validation", "test"})
_PARAMETER_GROUPS = frozenset(
    {"embedding", "embed", "unembedding", "unembed", "matrix", "scalar", "head", "bias", "norm", "attention", "attn", "mlp"}
)


def _owns_settings(word: str) -> bool:
    """Whether `word` names something with settings of its own: an optimizer, a parameter group, a data split."""
    return word in _SPLITS or word in _PARAMETER_GROUPS or VALUE_PARAMETERS.get(word) == "optimizer"


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
_WORD_BEFORE = re.compile(r"(?<![\w-])([A-Za-z]+|[A-Za-z]\w*_\w+)\s+$")  # a word, or a code name (x0_lambda)


# Names of two words that say one setting: the synonyms' and the categories' two-word terms.
_KNOWN_NAMES = frozenset(PARAMETER_SYNONYMS) | frozenset(PARAMETER_SYNONYMS.values()) | frozenset("_".join(t) for t in TERMS)


def qualified(name: str, before: str) -> str:
    """`name` with the noun just before it (`before` is the text up to the name) when the two name one
    known setting ("weight decay=0.1", "label smoothing=0.1"), or the name is a bare coefficient or
    a setting each component has its own of; otherwise `name` as it is."""
    found = _WORD_BEFORE.search(before)
    if found is not None and f"{found.group(1)}_{name}".lower() in _KNOWN_NAMES:
        return f"{found.group(1)} {name}"  # words, not a code name: its synonyms apply (grad clip: gradient_clipping)
    coefficient = name.lower() in COEFFICIENTS
    if not coefficient and name.lower() not in PER_COMPONENT:
        return name
    if found is None:
        return name
    word = found.group(1).lower()
    if word in _CONNECTING or word in VERBS or word in COEFFICIENTS or not (coefficient or _owns_settings(word)):
        return name
    owner = found.group(1)
    if coefficient and category_of_word(word):
        owner = _modifiers(before[: found.start()]) + owner
    return f"{owner}_{name}"


_MODIFIER = re.compile(r"(?<![\w-])((?:[A-Za-z]+[\s-]+){1,2})$")


def _modifiers(before: str) -> str:
    """The words that say which of its kind a setting's owner is, written before it: "modality" in
    "modality dropout p=0.1", "input vector" in "input vector dropout p=0.1". Words that join or tell
    (verbs, "with", a coefficient of another setting) end them."""
    found = _MODIFIER.search(before)
    if found is None:
        return ""
    words = found.group(1).split()
    kept: list[str] = []
    for word in reversed(words):
        lower = word.lower()
        if lower in _CONNECTING or lower in VERBS or lower in COEFFICIENTS or lower in NARRATIVE or lower.endswith("ed"):
            break
        kept.insert(0, word)
    return "".join(f"{w}_" for w in kept)


_COUNT_IN_UNITS = re.compile(rf"(?P<v>{VALUE})\s+(?P<unit>[A-Za-z]+)\b")


def counted_in(name: str, value: str | None, after: str = "") -> tuple[str, str | None]:
    """The name and value of a setting whose value is a count in units ("warmup to 400 steps", or
    `warmup=400` followed by `after` = " steps"): the unit is part of the name (warmup_steps: a count of
    steps is no ratio) and the value is the count. A code name (`WARMUP_ITERS`) is already exact."""
    if value is None:
        return name, value
    found = _COUNT_IN_UNITS.fullmatch(f"{value.strip()} {after.strip()}".strip())
    if found is None or found.group("unit").lower() not in COUNTED_IN:
        return name, value
    unit = found.group("unit").lower()
    unit = unit if unit.endswith("s") else f"{unit}s"  # "warmup=1 step" counts steps, as warmup=400 steps does
    if "_" not in name and not name.lower().endswith(unit):
        name = f"{name} {unit}"
    return name, found.group("v")


def owned_by(owner: Mapping[str, object], settings: list[Change]) -> list[Change] | None:
    """ "add mixup with alpha=0.2", "mixup (alpha=0.2)": bare coefficients given beside one thing named
    without a value are that thing's (mixup_alpha), and together they are one change, made the way the
    thing was (added, enabled); None when `settings` are not all bare coefficients, or the thing is
    taken away: what is removed has no settings left ("no Bayes correction + threshold=0.5" sets a
    threshold of its own)."""
    if owner.get("to") is not None or not settings or owner.get("direction") in ("remove", "disable"):
        return None
    if not all(str(c["parameter"]) in COEFFICIENTS and c.get("to") is not None for c in settings):
        return None
    direction = owner["direction"] if owner["direction"] in ("add", "enable", "increase", "decrease") else None
    return [
        {**c, "parameter": _owned_name(str(owner["parameter"]), str(c["parameter"])), "direction": direction or c["direction"]}
        for c in settings
    ]


def removes_with_its_settings(changes: list[Change], settings: list[Change]) -> bool:
    """Whether `changes` take one thing away and `settings` are only bare coefficients: the settings
    the thing had ("remove mixup (alpha=0.2)"), gone with it, not changes of their own."""
    return (
        len(changes) == 1
        and changes[0].get("direction") in ("remove", "disable")
        and bool(settings)
        and all(str(c["parameter"]) in COEFFICIENTS for c in settings)
    )


def _owned_name(owner: str, coefficient: str) -> str:
    """mixup + alpha: mixup_alpha; an owner that names the coefficient already ("ridge alpha sweep")
    is named up to it: ridge_alpha."""
    words = owner.split("_")
    if coefficient in words:
        return "_".join(words[: words.index(coefficient) + 1])
    return f"{owner}_{coefficient}"
