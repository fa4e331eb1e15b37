"""A change in its normal form: the name read as a parameter, the values cleaned, the direction the
values say; a name that is a measurement or another row of the log makes no change."""

from __future__ import annotations

import re
from functools import lru_cache

from .categories import TERMS, category_of_parameter, category_of_word
from .change import Change
from .names import PARAMETER_SYNONYMS, choice_parameter, known_value_parameter, normalise_parameter, says_which
from .numbers import compare, is_factor, parse_number, same_value
from .phrases import METRIC_WORDS, SWITCH_VALUES

# A record a run set, named as if it were a setting ("+1.4B new record", "all_time_best"), and an
# improvement however it is qualified ("massive improvement +1.23 BPB"): no setting ends in the word.
_A_RESULT = re.compile(r"(?:(?:new|all_time)_)?(?:record|best)s?|(?:[a-z]+_)*improvements?")


def _number(text: object) -> float | None:
    return None if text is None else parse_number(str(text))


def _value(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip().strip(".,;:[]")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    return text or None


def make_change(name: str, old: str | None, new: str | None, direction: str) -> Change | None:
    """A change dict (a fresh one: callers may edit it), or None when `name` names no parameter."""
    if all(isinstance(x, str) for x in (name, direction)) and all(x is None or isinstance(x, str) for x in (old, new)):
        made = _made(name, old, new, direction)  # loops write the same setting many times
    else:
        made = _make(name, old, new, direction)
    return dict(made) if made is not None else None


# Another row of the log named by its number ("same as iter 16", "revert to exp 4", "exp10 + exp12"):
# a reference to an experiment, not a setting. The word before the row word is a link word or nothing,
# so a count ("max_iter 5000", "n_iter 16") stays a setting; plurals ("iters 16 -> 32") are counts.
_ROW_WORD = r"(?:iter|iteration|exp|experiment|run|trial|attempt)"
_LINK_WORDS = r"(?:as|of|to|from|test|like|than|vs|see|and|plus|combine|combined|rerun|repeat|redo|same)"
_ROW_REFERENCE = re.compile(rf"(?:(?:[a-z0-9]+_)*{_LINK_WORDS}_)?{_ROW_WORD}")
_ROW_NAMED = re.compile(rf"(?:(?:[a-z0-9]+_)*{_LINK_WORDS}_)?{_ROW_WORD}_?\d+")


def is_row_reference(parameter: str, new: str | None) -> bool:
    """Whether a change names another row of the log ("iter 16", "exp10"), not a setting."""
    if new is None:
        return bool(_ROW_NAMED.fullmatch(parameter))
    return bool(re.fullmatch(r"#?\d+", new.strip())) and bool(_ROW_REFERENCE.fullmatch(parameter))


_UNDO = {"add": "remove", "enable": "disable", "set": "disable"}
# The way a value was looked for, written after the setting's name: a sweep, a probe, a search.
_PROCEDURE = re.compile(r"_(?:sweep|probe|search|tuning|retune)$")
# A search method's name, not the setting searched: a grid search's `4` sets no grid, and a binary
# search from 14 to 6 comparisons is the code's search.
_SEARCHES = frozenset({"grid", "random", "binary", "beam", "line", "hyperparameter", "hparam", "param", "parameter", "local"})
# Words that say which kind of a thing a change makes it, not what the thing is: "adaptive threshold"
# makes the threshold adaptive, "learned positional embeddings" the positional embeddings learned.
_VARIANTS = frozenset(
    re.findall(
        r"\S+",
        "adaptive dynamic learned learnable static shared separate simplified conservative aggressive diagonal "
        "stochastic deterministic",
    )
)


def as_variant(change: Change) -> Change:
    """A thing added under a name that starts with the kind it is made ("adaptive threshold"), as that
    thing given that kind (threshold -> adaptive); the same change where the name is a term of its
    own (a taxonomy term: "stochastic depth" is a regulariser, not a depth) or says nothing after the word."""
    parameter = str(change["parameter"])
    if change["from"] is not None or change["to"] is not None or change["direction"] not in ("add", "enable"):
        return change
    variant, _, rest = parameter.partition("_")
    if variant not in _VARIANTS or not rest or rest.split("_")[0] in _VARIANTS:
        return change
    if parameter in PARAMETER_SYNONYMS or (variant, rest.split("_")[0]) in TERMS:
        return change
    made = make_change(rest.replace("_", " "), None, variant, "replace")
    return made if made is not None else change


def _undoing(parameter: str) -> str | None:
    """The parameter an "un-" name turns off ("untie_embeddings" -> weight_tying), when the rest is a
    known name of its own and the whole is not (`unembed` is the unembedding, not a removal)."""
    if not parameter.startswith("un") or parameter in PARAMETER_SYNONYMS or parameter[2:] not in PARAMETER_SYNONYMS:
        return None
    return PARAMETER_SYNONYMS[parameter[2:]]


def _make(name: str, old: str | None, new: str | None, direction: str) -> Change | None:
    parameter = normalise_parameter(name)
    if old is None and new is None and not parameter.isascii():
        # Chinese and Japanese set no spaces between words, so a phrase with no value in them
        # reads as one long name: only its Latin words name a parameter. A name with a value
        # ("亮度权重 2→5") keeps its own script.
        parameter = "_".join(re.findall(r"[a-z0-9²³]+", parameter))
    if not parameter or not re.search(r"[^\W\d_]", parameter):
        return None  # a name needs a letter, of any script
    undone = _undoing(parameter)
    if undone:  # "untie embeddings" turns weight tying off
        parameter, direction = undone, _UNDO.get(direction, direction)
    if (
        _number(_value(new)) is not None
        and (swept := _PROCEDURE.sub("", parameter)) != parameter
        and swept.rpartition("_")[2] not in _SEARCHES
    ):
        parameter = swept  # "lr_sweep: 0.01", "Ridge alpha sweep 10.0": the setting swept is lr, ridge_alpha
    if _A_RESULT.fullmatch(parameter):
        return None  # how the run came out ("+929M improvement", "+1.4B new record")
    if METRIC_WORDS.match(parameter) and parameter not in (known_value_parameter(new or ""), known_value_parameter(old or "")):
        return None  # a measurement ("loss 2.31"), unless a value is one of the choices it names ("Huber loss instead of MSE")
    if old is None and is_row_reference(parameter, _value(new)):
        return None
    old, new = _value(old), _value(new)
    if old is not None and new is not None and same_value(old, new):
        old = None  # "from" equal to "to" says nothing; the row still names the setting it tried
    if new is not None and _number(new) is None:
        parameter, new = _as_choice(parameter, new, written_as_code=" " not in name.strip())
    if direction == "set" and new is not None and new.lower() in SWITCH_VALUES:
        direction = SWITCH_VALUES[new.lower()]  # "fa=off" turns a feature off; the value stays as written
    if direction in ("set", "increase", "decrease"):
        compared = compare(old, new)
        if compared:
            direction = compared
        elif direction == "set" and old is not None and new is not None and _number(old) is None and _number(new) is None:
            direction = "replace"
        elif direction == "set" and is_factor(new):
            factor = _number(new)
            if factor is not None and factor != 1:
                direction = "increase" if factor > 1 else "decrease"
    return {"parameter": parameter, "from": old, "to": new, "direction": direction}


def _as_choice(parameter: str, new: str, written_as_code: bool) -> tuple[str, str]:
    """A value that is a known choice, read as that choice of its own parameter:
    "GELU MLP" for the activation is GELU (the MLP is where it goes), and "float16" set under a
    description of the same kind ("half precision") is the dtype; a name written as code
    (`out_dtype=float16`) keeps its name. Anything else as it was."""
    first, _, rest = new.partition(" ")
    if (
        rest
        and choice_parameter(first) == parameter
        # what follows names where it goes ("MLP", "activation", "decay"), not another choice
        # ("Lasso Ridge") or a kind of it ("ReLU squared")
        and all(category_of_word(w) and not choice_parameter(w) for w in rest.lower().split())
    ):
        return parameter, first
    owner = choice_parameter(new)
    if (
        owner
        and not written_as_code
        and owner != parameter
        and not says_which(parameter, owner)
        and parameter not in PARAMETER_SYNONYMS
        and (kind := category_of_parameter(parameter)) is not None
        and kind == category_of_parameter(owner)
    ):
        return owner, new
    return parameter, new


_made = lru_cache(maxsize=4096)(_make)
