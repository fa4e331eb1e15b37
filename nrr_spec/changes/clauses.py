"""One clause of a description ("matrix LR 0.04 to 0.06") into changes: the phrasings loops write."""

from __future__ import annotations

import re
from functools import lru_cache

from .names import VALUE_PARAMETERS, normalise_parameter
from .numbers import compare, is_factor, parse_number
from .phrases import (
    ARROW_CHANGE,
    ASSIGN,
    FLAG,
    GENERIC,
    GLUED,
    HYPHENATED,
    INSTEAD,
    KNOWN_PARAMETERS,
    LEAD,
    METRIC_WORDS,
    MID_FORMULA,
    NAME_VALUE,
    PAIRS,
    SCOPE,
    TO_CHANGE,
    TRAILING_VERBS,
    VALUE_COMPANIONS,
    VALUE_RE,
    VERB_TO,
    VERB_TO_THEN_WORDS,
    VERBS,
)

Change = dict[str, object]


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


def _make(name: str, old: str | None, new: str | None, direction: str) -> Change | None:
    parameter = normalise_parameter(name)
    if not parameter or not re.search(r"[a-z]", parameter) or METRIC_WORDS.match(parameter):
        return None
    old, new = _value(old), _value(new)
    if old is not None and new is not None and (old == new or (_number(old) is not None and _number(old) == _number(new))):
        old = None  # "from" equal to "to" says nothing; the row still names the setting it tried
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


_made = lru_cache(maxsize=4096)(_make)


def strip_verbs(name: str) -> tuple[str, str | None]:
    """Leading verbs and adjectives set the direction; the rest names the parameter."""
    words = name.split()
    direction = None
    while words:
        word = words[0].lower().strip(",")
        multiplier = re.fullmatch(r"(\d+(?:\.\d+)?)[x×]", word)
        if word in VERBS:
            direction = direction or VERBS[word]
        elif multiplier:
            direction = direction or ("increase" if float(multiplier.group(1)) > 1 else "decrease")
        elif word in {"the", "a", "an", "all", "to", "from", "by", "in"}:
            pass
        else:
            break
        words.pop(0)
    while words and words[-1].lower() in {"from", "to", "by", "=", ":", "of"}:
        words.pop()
    # "3x LR increase", "softcap removal": a direction written after the name
    while len(words) > 1 and words[-1].lower() in TRAILING_VERBS:
        trailing = TRAILING_VERBS[words.pop().lower()]
        direction = direction or trailing
    return " ".join(words), direction


def parse_clause(clause: str) -> list[Change]:
    clause = clause.strip(" .,:;\t")
    if not clause:
        return []
    changes: list[Change] = []

    scope = SCOPE.match(clause)
    if scope:
        name, verb = strip_verbs(scope.group("name"))
        made = make_change(name, None, scope.group("v"), verb or "add")
        return [made] if made else []

    # A formula between the words of a name: "MLP one-based ell**(-1/4) input scale".
    inside = MID_FORMULA.match(clause)
    if inside and re.search(r"[A-Za-z]", inside.group("v")) and re.search(r"[\d(]", inside.group("v")):
        made = make_change(f"{inside.group('pre')} {inside.group('post')}", None, inside.group("v"), "set")
        return [made] if made else []

    # A arrow B, "from A to B", "A to B" after a name (unless the clause is a list of NAME=VALUE).
    arrow = None if ASSIGN.search(clause) else ARROW_CHANGE.match(clause)
    if not arrow and not ASSIGN.search(clause):
        arrow = TO_CHANGE.match(clause)
    if arrow:
        name, verb = strip_verbs(arrow.group("name"))
        if name and not METRIC_WORDS.match(name.replace(" ", "_")):
            made = make_change(name, arrow.group("a"), arrow.group("b"), _default_direction(verb, arrow.group("b")))
            return [made] if made else []
        if not name:
            return []

    # Verb NAME to VALUE / verb NAME = VALUE.
    verb_to = VERB_TO.match(clause) or VERB_TO_THEN_WORDS.match(clause)
    if verb_to:
        name, verb = strip_verbs(verb_to.group("name"))
        target = NAME_VALUE.fullmatch(name)
        if verb == "add" and target and not VALUE_RE.match(verb_to.group("b")):
            # "add WD 0.01 to lm_head": the value is the number, the parameter belongs to the target
            made = make_change(f"{verb_to.group('b')} {target.group('name')}", None, target.group("v"), "add")
            return [made] if made else []
        if verb and name:
            new = verb_to.group("b")
            if verb in ("increase", "decrease") and _number(new) is None and not re.search(r"\d", new):
                new = None
            old = None
            direction = _default_direction(verb, new)
            known = VALUE_PARAMETERS.get(normalise_parameter(new or ""))
            if verb == "replace" and known and known not in normalise_parameter(name):
                name = known  # "switch the nonlinearity to GELU" changes the activation
            made = make_change(name, old, new, direction)
            return [made] if made else []

    # Y instead of X.
    instead = INSTEAD.match(clause)
    if instead:
        new, old = strip_verbs(instead.group("new"))[0], instead.group("old")
        param = _known_value_parameter(new) or _known_value_parameter(old) or normalise_parameter(old)
        made = make_change(param, old, new, "replace")
        return [made] if made else []

    # Assignments and command-line flags anywhere in the clause; the leftover is parsed only if none.
    found = list(ASSIGN.finditer(clause)) + list(FLAG.finditer(clause))
    if found:
        for match in found:
            new = match.groupdict().get("b") or match.group("a")
            old = match.group("a") if match.groupdict().get("b") else None
            made = make_change(match.group("name"), old, new, "set")
            if made:
                changes.append(made)
        leftover = ASSIGN.sub(" ", FLAG.sub(" ", clause)).strip()
        lead = LEAD.match(leftover)
        if lead:  # "400-restart linear LR=5e-2": a count written before its noun
            made = make_change(_count_name(lead.group("name")), None, lead.group("b"), "set")
            if made:
                changes.append(made)
        value_param = _known_value_parameter(leftover)
        if value_param:
            made = make_change(value_param, None, _known_value_phrase(leftover), "replace")
            if made:
                changes.append(made)
        return changes

    # NAME VALUE [unit], VALUE NAME, NAME VALUE NAME VALUE.
    pairs = PAIRS.findall(clause)
    covered = sum(len(" ".join(p).strip()) for p in pairs)
    if pairs and covered >= len(clause.replace(" ", "")) * 0.6:
        for name, value, unit in pairs:
            name, verb = strip_verbs(name)
            if not name and not unit:
                continue
            name = (f"{name} {unit}" if name else _count_name(unit)) if unit else name
            made = make_change(name, None, value, _default_direction(verb, value))
            if made:
                changes.append(made)
        return changes
    number_first = re.fullmatch(r"(?P<b>\d+(?:\.\d+)?)\s+(?P<name>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})", clause)
    if number_first and not LEAD.match(clause):  # "8192 shared mem": a value written before what it sets
        made = make_change(number_first.group("name"), None, number_first.group("b"), "set")
        return [made] if made else []
    lead = LEAD.match(clause)
    if lead and (lead.group("verb") is None or lead.group("verb").strip().lower() in VERBS):
        verb = VERBS.get((lead.group("verb") or "").strip().lower())
        made = make_change(_count_name(lead.group("name")), None, lead.group("b"), _default_direction(verb, lead.group("b")))
        return [made] if made else []

    # Verb NAME without a value; a known value; or a short noun phrase (an added component).
    name, verb = strip_verbs(clause)
    words = re.findall(r"[\w²*'-]+", name)
    parts = [p for w in words for p in w.lower().split("-") if p]
    if not words or all(w in GENERIC or re.fullmatch(r"[\d.%+-]+", w) for w in parts) or len(words) > 6:
        return []
    if not words or all(w.lower() in GENERIC or re.fullmatch(r"[\d.%+-]+", w) for w in words) or len(words) > 6:
        return []
    if re.search(r"\b(config|configuration|settings|hyperparam\w*|params)\b", name, re.I):
        return []  # a bundle of settings names no single change
    glued = GLUED.fullmatch(name) or HYPHENATED.fullmatch(name)
    if glued and (normalise_parameter(glued.group(1)) in KNOWN_PARAMETERS or "-" in glued.group(1)):
        made = make_change(glued.group(1), None, glued.group(2), verb or "set")  # "batch16", "tail-paddings-300"
        return [made] if made else []
    value_param = known_value_clause(name)
    if value_param and verb in (None, "replace", "set", "enable"):
        made = make_change(value_param, None, _known_value_phrase(name), "replace")
        return [made] if made else []
    if re.search(r"\d", name) and verb is None and not re.search(r"[a-z]\d|\d[a-z]", name, re.I):
        return []
    modifier = re.fullmatch(r"(?P<v>\S*(?:-|\d)\S*)\s+(?P<name>[A-Za-z][\w\s-]*)", name)
    if (
        modifier
        and verb is None
        and re.search(r"[A-Za-z]", modifier.group("v"))
        and not known_value_clause(modifier.group("name"))
    ):
        made = make_change(modifier.group("name"), None, modifier.group("v"), "replace")  # "Spin-poll GPU wait", "v3 kernel"
        return [made] if made else []
    made = make_change(name, None, None, verb or "add")
    return [made] if made else []


def _count_name(noun: str) -> str:
    """ "400-restart" and "10 layers" count things: n_restarts, n_layers."""
    noun = noun.lower()
    return f"n {noun if noun.endswith('s') else noun + 's'}"  # words, not a code name: synonyms apply


def _default_direction(verb: str | None, new: object) -> str:
    if verb in ("increase", "decrease", "replace", "add", "remove", "enable", "disable"):
        return verb
    return "set"


def _known_value_parameter(text: str) -> str | None:
    for word in re.findall(r"[\w²-]+", text.lower()):
        key = word.replace("-", "_")
        if key in VALUE_PARAMETERS:
            return VALUE_PARAMETERS[key]
    return None


def known_value_clause(text: str) -> str | None:
    """The parameter of a clause that only names a known choice ("SwiGLU activation", "Ridge regression")."""
    words = [w.replace("-", "_") for w in re.findall(r"[\w²-]+", text.lower())]
    params = [VALUE_PARAMETERS[w] for w in words if w in VALUE_PARAMETERS]
    if len(params) == 1 and all(w in VALUE_PARAMETERS or w in VALUE_COMPANIONS for w in words):
        return params[0]
    return None


def _known_value_phrase(text: str) -> str:
    words = text.split()
    return " ".join(w for w in words if w.lower() not in VALUE_COMPANIONS or w.lower() in VALUE_PARAMETERS) or text
