"""Free text ("increase LR to 0.04 - faster") into changes `{parameter, from, to, direction}` and a category.

Works on a log's description cell and on a proposal a person types. Conventions follow the corpus
README: settings given as context ("with", "at", "on", "keeping") are not changes, metric arrows
(`val_bpb 1.294->1.283`) are not changes, rationale after a dash is not parsed, and a direction
is increase/decrease only where the words or the numbers say so, otherwise set.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from .vocab import PARAMETER_SYNONYMS, VALUE_PARAMETERS, category_of_parameter, category_of_text, normalise_parameter

Change = dict[str, object]
KNOWN_PARAMETERS = set(PARAMETER_SYNONYMS.values()) | {"depth", "width", "heads", "seq_len"}

NUM = r"[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?"
VALUE = rf"~?{NUM}(?:\^\d+)?(?:/{NUM})*[a-zA-Z%×²]*"
WORD_VALUE = r"[\w.\-/²*]+(?:\s[\w.\-/²*]+)?"
ARROW = r"\s*(?:->|→|=>|⇒|-->)\s*"

UP = {"increase", "increased", "increasing", "raise", "raised", "raising", "bump", "bumped", "boost", "grow", "double",
      "doubled", "triple", "quadruple", "lengthen", "extend", "widen", "deepen", "higher", "more", "larger", "bigger", "longer",
      "wider", "deeper", "up", "scale", "scaled"}
DOWN = {"decrease", "decreased", "decreasing", "reduce", "reduced", "reducing", "lower", "lowered", "lowering", "cut", "halve",
        "halved", "halving", "quarter", "shrink", "shorten", "narrow", "smaller", "less", "fewer", "shorter", "tiny", "down",
        "trim", "drop"}
SET = {"set", "change", "changed", "tune", "tuned", "fine-tune", "adjust", "try", "tried", "test", "retune", "sweep"}
REPLACE = {"switch", "switched", "replace", "replaced", "swap", "swapped", "replacing", "convert", "migrate", "move"}
ADD = {"add", "added", "adding", "introduce", "require", "insert", "include", "implement"}
REMOVE = {"remove", "removed", "removing", "delete", "drop", "eliminate", "no", "without", "strip", "skip"}
ENABLE = {"enable", "enabled", "use", "using", "turn on", "activate", "on"}
DISABLE = {"disable", "disabled", "turn off", "deactivate", "off"}
VERBS: dict[str, str] = {}
for _direction, _words in (("increase", UP), ("decrease", DOWN), ("set", SET), ("replace", REPLACE), ("add", ADD),
                           ("remove", REMOVE), ("enable", ENABLE), ("disable", DISABLE)):
    for _word in _words:
        VERBS.setdefault(_word, _direction)
# Words that describe a run, not a change: a clause made only of these yields nothing.
GENERIC = {"baseline", "iteration", "experiment", "run", "rerun", "re-run", "repeat", "retry", "attempt", "config", "default",
           "auto", "research", "autoresearch", "best", "final", "test", "same", "original", "initial", "unmodified", "reference",
           "control", "sanity", "check", "fix", "bugfix", "refactor", "cleanup", "revert", "commit", "version", "new", "old",
           "confirm", "confirmed", "replicate", "seed", "the", "a", "an", "of", "and", "with", "v1", "v2", "v3"}
METRIC_WORDS = re.compile(
    r"^(val_?bpb|bpb|val_?loss|loss|train_?loss|score|sharpe|gap|subgroup|acc(uracy)?|wer|fid|rmse|mae|mmc|corr|tok/?s|"
    r"tok_s|ppl|perplexity|auc|psnr|reward|speedup|throughput|latency|tg|pp|geomean|median|mean|win_?rate|wr|pf|yield)$", re.I)
CONTEXT = re.compile(
    r"\s+(?:at|in|keeping|on|for|given|while|after|before|vs\.?|versus|than|because|since|so|but|beats?|which|that)\s+", re.I
)
RATIONALE = re.compile(r"\s+[—–]\s*|\s*[—–]\s+|\s+-{1,2}\s+|\s+\|\s*|;\s+|\.\s+(?=[A-Z(\d])|\s+←")
TAG = re.compile(r"^\s*(?:\[[^\]]*\]\s*|(?:agent|gpu|worker|exp|iter|trial|run)[\s_-]?\d+[a-z]?\s*[:)]\s*|r\d+[a-z]?\s+)+", re.I)
PREFIX = re.compile(r"^\s*([A-Za-z][\w/ .'-]{0,30}?):\s+(?=\S)")
SPLIT = re.compile(
    r"\s*,\s+|\s+\+\s*|(?<=[A-Za-z0-9])\+(?=[A-Za-z])|\s+&\s+|\s+and\s+|\s+plus\s+|\s+with\s+|\s*,(?=[A-Za-z])", re.I
)
ASSIGN = re.compile(
    rf"(?<![\w.])(?P<name>[^\W\d_][\w.]*)\s*(?:=|:=)\s*(?P<a>{VALUE}|[A-Za-z][\w./\-]*)(?:{ARROW}(?P<b>{VALUE}))?"
)
FLAG = re.compile(rf"--(?P<name>[a-z][\w-]*)(?:\s+|=)(?P<a>{VALUE}|[A-Za-z][\w./-]*)")
UNIT_NOUNS = r"layers?|heads?|restarts?|steps?|epochs?|experts?|blocks?|tokens?|dims?|channels?|seeds?|rounds?|trees?"
_NUMBER = re.compile(rf"^({NUM})(?:\^(\d+))?([kKmMbB]?)(x|×|%)?")
_VALUE = re.compile(VALUE)
_ARROW_CHANGE = re.compile(
    rf"^(?P<name>.*?)\s*(?:from\s+)?(?P<a>{VALUE}|[\w().,\-/]+?){ARROW}(?P<b>{VALUE}|{WORD_VALUE})\s*(?P<rest>.*)$"
)
_TO_CHANGE = re.compile(rf"^(?P<name>.*?)\s+(?:from\s+)?(?P<a>{VALUE})\s+to\s+(?P<b>{VALUE})\s*(?P<rest>.*)$", re.I)
_VERB_TO = re.compile(rf"^(?P<name>.+?)\s+(?:to|=|into|with|by)\s+(?P<b>{VALUE}|{WORD_VALUE})$", re.I)
_VERB_TO_THEN_WORDS = re.compile(rf"^(?P<name>.+?)\s+(?:to|=)\s+(?P<b>{VALUE})\s+[a-z].*$", re.I)
_NAME_VALUE = re.compile(rf"(?P<name>.+?)\s+(?P<v>{VALUE})")
_INSTEAD = re.compile(r"^(?P<new>.+?)\s+(?:instead of|rather than|over|in place of|replacing)\s+(?P<old>.+)$", re.I)
_PAIRS = re.compile(
    rf"(?<![\w.²])([A-Za-z][\w.'-]*(?:\s+[A-Za-z][\w.'-]*){{0,3}}?)\s+({VALUE})(?:\s+({UNIT_NOUNS})(?!\s+{NUM}))?(?=\s|$)"
)
# NAME followed by a formula (a call with one level of nesting, or operators between terms), then
# at most a parenthesised remark.
_FORMULA = re.compile(
    r"^(?P<name>[A-Za-z][A-Za-z_ -]{1,40}?)\s+"
    r"(?P<v>[A-Za-z_]\w*\((?:[^()]|\([^()]*\))*\)|[\w.]+(?:[*+/^][\w.]+)+)\s*(?:\([^()]*\))?$"
)
_MID_FORMULA = re.compile(
    r"^(?P<pre>[A-Za-z][\w -]*?)\s+(?P<v>(?:[A-Za-z_]\w*)?(?:\*\*)?\((?:[^()]|\([^()]*\))*\)|[\w.]+(?:[*/^][\w.()-]+)+)"
    r"\s+(?P<post>[A-Za-z][\w\s-]*)$"
)
GLUED = re.compile(r"([A-Za-z_]+?)[-_]?(\d+(?:\.\d+)?[kKmM]?)")  # "batch16"
HYPHENATED = re.compile(r"([A-Za-z][A-Za-z-]*?)-(\d+(?:\.\d+)?)")  # "tail-paddings-300"
LEAD = re.compile(rf"^(?P<verb>\w+\s+)?(?P<b>{NUM}[kKmM]?)[\s-](?P<name>{UNIT_NOUNS})\b", re.I)


def _number(text: object) -> float | None:
    if text is None:
        return None
    raw = str(text).strip().lstrip("~").replace(",", "")
    match = _NUMBER.match(raw)
    if not match:
        return None
    try:
        value = float(match.group(1))
        if match.group(2):
            value = value ** int(match.group(2))
    except (ValueError, OverflowError):
        return None
    value *= {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9}.get(match.group(3), 1.0)
    return value


def _compare(old: object, new: object) -> str | None:
    a, b = _number(old), _number(new)
    if a is None or b is None or a == b:
        return None
    return "increase" if b > a else "decrease"


def _value(text: str | None) -> str | None:
    if text is None:
        return None
    text = text.strip().strip(".,;:[]")
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1]
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:]
    return text or None


def _change(name: str, old: str | None, new: str | None, direction: str) -> Change | None:
    parameter = normalise_parameter(name)
    if not parameter or not re.search(r"[a-z]", parameter) or METRIC_WORDS.match(parameter):
        return None
    old, new = _value(old), _value(new)
    if old is not None and new is not None and (old == new or (_number(old) is not None and _number(old) == _number(new))):
        old = None  # "from" equal to "to" says nothing; the row still names the setting it tried
    if direction in ("set", "increase", "decrease"):
        compared = _compare(old, new)
        if compared:
            direction = compared
        elif direction == "set" and old is not None and new is not None and _number(old) is None and _number(new) is None:
            direction = "replace"
        elif direction == "set" and new is not None and re.fullmatch(r"~?[\d.]+\s*[x×]", new):
            factor = _number(new)
            if factor is not None and factor != 1:
                direction = "increase" if factor > 1 else "decrease"
    return {"parameter": parameter, "from": old, "to": new, "direction": direction}


def _strip_verbs(name: str) -> tuple[str, str | None]:
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
    return " ".join(words), direction


def _parse_clause(clause: str, state: Mapping[str, object] | None) -> list[Change]:
    clause = clause.strip(" .,:;\t")
    if not clause:
        return []
    changes: list[Change] = []

    # A formula between the words of a name: "MLP one-based ell**(-1/4) input scale".
    inside = _MID_FORMULA.match(clause)
    if inside and re.search(r"[A-Za-z]", inside.group("v")) and re.search(r"[\d(]", inside.group("v")):
        made = _change(f"{inside.group('pre')} {inside.group('post')}", None, inside.group("v"), "set")
        return [made] if made else []

    # A arrow B, "from A to B", "A to B" after a name (unless the clause is a list of NAME=VALUE).
    arrow = None if ASSIGN.search(clause) else _ARROW_CHANGE.match(clause)
    if not arrow and not ASSIGN.search(clause):
        arrow = _TO_CHANGE.match(clause)
    if arrow:
        name, verb = _strip_verbs(arrow.group("name"))
        if name and not METRIC_WORDS.match(name.replace(" ", "_")):
            made = _change(name, arrow.group("a"), arrow.group("b"), _default_direction(verb, arrow.group("b")))
            return [made] if made else []
        if not name:
            return []

    # Verb NAME to VALUE / verb NAME = VALUE.
    verb_to = _VERB_TO.match(clause) or _VERB_TO_THEN_WORDS.match(clause)
    if verb_to:
        name, verb = _strip_verbs(verb_to.group("name"))
        target = _NAME_VALUE.fullmatch(name)
        if verb == "add" and target and not _VALUE.match(verb_to.group("b")):
            # "add WD 0.01 to lm_head": the value is the number, the parameter belongs to the target
            made = _change(f"{verb_to.group('b')} {target.group('name')}", None, target.group("v"), "add")
            return [made] if made else []
        if verb and name:
            new = verb_to.group("b")
            if verb in ("increase", "decrease") and _number(new) is None and not re.search(r"\d", new):
                new = None
            old = _state_value(state, name)
            direction = _default_direction(verb, new)
            known = VALUE_PARAMETERS.get(normalise_parameter(new or ""))
            if verb == "replace" and known and known not in normalise_parameter(name):
                name = known  # "switch the nonlinearity to GELU" changes the activation
            made = _change(name, old, new, direction)
            return [made] if made else []

    # Y instead of X.
    instead = _INSTEAD.match(clause)
    if instead:
        new, old = _strip_verbs(instead.group("new"))[0], instead.group("old")
        param = _known_value_parameter(new) or _known_value_parameter(old) or normalise_parameter(old)
        made = _change(param, old, new, "replace")
        return [made] if made else []

    # Assignments and command-line flags anywhere in the clause; the leftover is parsed only if none.
    found = list(ASSIGN.finditer(clause)) + list(FLAG.finditer(clause))
    if found:
        for match in found:
            new = match.groupdict().get("b") or match.group("a")
            old = match.group("a") if match.groupdict().get("b") else _state_value(state, match.group("name"))
            made = _change(match.group("name"), old, new, "set")
            if made:
                changes.append(made)
        leftover = ASSIGN.sub(" ", FLAG.sub(" ", clause)).strip()
        lead = LEAD.match(leftover)
        if lead:  # "400-restart linear LR=5e-2": a count written before its noun
            made = _change(_count_name(lead.group("name")), None, lead.group("b"), "set")
            if made:
                changes.append(made)
        value_param = _known_value_parameter(leftover)
        if value_param:
            made = _change(value_param, None, _known_value_phrase(leftover), "replace")
            if made:
                changes.append(made)
        return changes

    # NAME VALUE [unit], VALUE NAME, NAME VALUE NAME VALUE.
    pairs = _PAIRS.findall(clause)
    covered = sum(len(" ".join(p).strip()) for p in pairs)
    if pairs and covered >= len(clause.replace(" ", "")) * 0.6:
        for name, value, unit in pairs:
            name, verb = _strip_verbs(name)
            if not name and not unit:
                continue
            name = (f"{name} {unit}" if name else _count_name(unit)) if unit else name
            made = _change(name, _state_value(state, name), value, _default_direction(verb, value))
            if made:
                changes.append(made)
        return changes
    number_first = re.fullmatch(r"(?P<b>\d+(?:\.\d+)?)\s+(?P<name>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})", clause)
    if number_first and not LEAD.match(clause):  # "8192 shared mem": a value written before what it sets
        made = _change(number_first.group("name"), None, number_first.group("b"), "set")
        return [made] if made else []
    lead = LEAD.match(clause)
    if lead and (lead.group("verb") is None or lead.group("verb").strip().lower() in VERBS):
        verb = VERBS.get((lead.group("verb") or "").strip().lower())
        made = _change(_count_name(lead.group("name")), None, lead.group("b"), _default_direction(verb, lead.group("b")))
        return [made] if made else []

    # Verb NAME without a value; a known value; or a short noun phrase (an added component).
    name, verb = _strip_verbs(clause)
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
        made = _change(glued.group(1), None, glued.group(2), verb or "set")  # "batch16", "tail-paddings-300"
        return [made] if made else []
    value_param = _known_value_clause(name)
    if value_param and verb in (None, "replace", "set", "enable"):
        made = _change(value_param, None, _known_value_phrase(name), "replace")
        return [made] if made else []
    if re.search(r"\d", name) and verb is None and not re.search(r"[a-z]\d|\d[a-z]", name, re.I):
        return []
    modifier = re.fullmatch(r"(?P<v>\S*(?:-|\d)\S*)\s+(?P<name>[A-Za-z][\w\s-]*)", name)
    if modifier and verb is None and re.search(r"[A-Za-z]", modifier.group("v")) \
            and not _known_value_clause(modifier.group("name")):
        made = _change(modifier.group("name"), None, modifier.group("v"), "replace")  # "Spin-poll GPU wait", "v3 kernel"
        return [made] if made else []
    made = _change(name, None, None, verb or "add")
    return [made] if made else []


def _count_name(noun: str) -> str:
    """"400-restart" and "10 layers" count things: n_restarts, n_layers."""
    noun = noun.lower()
    return f"n_{noun if noun.endswith('s') else noun + 's'}"


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


# Words that may stand beside a known value without making the clause about something else.
_VALUE_COMPANIONS = {"activation", "optimizer", "model", "regression", "norm", "normalization", "loss", "schedule", "mlp",
                     "lr", "decay",
                     "use", "the", "a", "with", "instead", "classifier", "regressor", "ensemble", "precision", "dtype"}


def _known_value_clause(text: str) -> str | None:
    """The parameter of a clause that only names a known choice ("SwiGLU activation", "Ridge regression")."""
    words = [w.replace("-", "_") for w in re.findall(r"[\w²-]+", text.lower())]
    params = [VALUE_PARAMETERS[w] for w in words if w in VALUE_PARAMETERS]
    if len(params) == 1 and all(w in VALUE_PARAMETERS or w in _VALUE_COMPANIONS for w in words):
        return params[0]
    return None


def _known_value_phrase(text: str) -> str:
    words = text.split()
    return " ".join(w for w in words if w.lower() not in _VALUE_COMPANIONS or w.lower() in VALUE_PARAMETERS) or text


def _state_value(state: Mapping[str, object] | None, name: str) -> str | None:
    if not state:
        return None
    value = state.get(normalise_parameter(name))
    return None if value is None else str(value)


def clean_description(text: str) -> str:
    """The part of a description that says what changed: tags, rationale and metric reports cut off."""
    text = re.sub(r"\s+", " ", text or "").strip()
    text = TAG.sub("", text)
    head = RATIONALE.split(text, maxsplit=1)[0]
    if ": " in head and not PREFIX.match(head):
        head = head.split(": ", 1)[0]  # a long lead-in before a colon is the change; what follows explains it
    return head.strip()


def _main_and_parentheses(text: str) -> tuple[str, list[str]]:
    inner: list[str] = []

    def keep(match: re.Match[str]) -> str:
        inner.append(match.group(1))
        return " "

    main = re.sub(r"(?:^|\s+)\(([^()]*)\)", keep, text)  # "sqrt(layer)" is a value, " (worse)" a remark
    main = re.sub(r"\s*\([^)]*$", "", main)
    return re.sub(r"\s+", " ", main).strip(), inner


def parse_description(text: str, state: Mapping[str, object] | None = None) -> tuple[list[Change], str]:
    """Changes and one change category from a description or a typed proposal; never raises.

    `state` maps normalised parameter names to their current values, so "reduce X to B" gets
    its `from` from the configuration of the moment.
    """
    return with_state(parse_stateless(text or ""), state)


def with_state(parsed: tuple[tuple[Change, ...], str], state: Mapping[str, object] | None) -> tuple[list[Change], str]:
    """Fresh change dicts from a `parse_stateless` result, with `from` filled in from `state`."""
    changes, category = parsed
    return [_with_state(dict(change), state) for change in changes], category


@lru_cache(maxsize=16384)
def parse_stateless(text: str) -> tuple[tuple[Change, ...], str]:
    """`parse_description` without a state, cached; the change dicts it returns must not be modified."""
    try:
        changes, category = _parse(text, None)
    except (RecursionError, ValueError, OverflowError):
        return (), "other"
    return tuple(changes), category


def _with_state(change: Change, state: Mapping[str, object] | None) -> Change:
    """The `from` of a change the text gives no start for is the value of the moment."""
    if not state or change["from"] is not None or change["to"] is None or change["parameter"] not in state:
        return change
    parameter, direction = str(change["parameter"]), str(change["direction"])
    old = str(state[parameter])
    if direction in ("increase", "decrease") and _compare(old, change["to"]):
        direction = "set"  # the numbers say which way it went
    redone = _change(parameter, old, str(change["to"]), direction)
    return redone if redone is not None else change


def _parse(text: str, state: Mapping[str, object] | None) -> tuple[list[Change], str]:
    raw = re.sub(r"\s+", " ", text).strip()
    if _is_baseline(raw):
        return [], "baseline"
    head = clean_description(raw)
    changes = _parse_head(head, state)
    if not changes:
        prefix = PREFIX.match(TAG.sub("", raw))
        if prefix and ":" in raw:
            changes = _parse_head(prefix.group(1), state)
    return changes, categorise(changes, raw)


def _parse_head(head: str, state: Mapping[str, object] | None) -> list[Change]:
    formula = _FORMULA.match(head)
    if formula and re.search(r"[A-Za-z]", formula.group("v")) and re.search(r"[\d(]", formula.group("v")):
        # "confidence penalty min(t/(n+5), 1)", "confidence n*2+3": the value is an expression
        made = _change(formula.group("name"), None, formula.group("v"), "set")
        if made:
            return [made]
    prefix = PREFIX.match(head)
    if prefix:
        rest_changes = _parse_head(head[prefix.end():], state)
        if any(c["to"] is not None for c in rest_changes) or _is_tag(prefix.group(1)):
            return rest_changes
        head = prefix.group(1)
    main, inner = _main_and_parentheses(head)
    main = CONTEXT.split(main, maxsplit=1)[0]
    changes: list[Change] = []
    verb: str | None = None
    for clause in SPLIT.split(main):
        clause = CONTEXT.split(clause, maxsplit=1)[0]
        _, clause_verb = _strip_verbs(clause)
        if clause_verb is None and verb in ("add", "remove", "enable", "disable") and not re.search(r"\d|=", clause):
            clause = f"{verb} {clause}"  # "add X and Y": the verb carries over
        verb = clause_verb or verb
        changes.extend(_parse_clause(clause, state))
    assigned = [c for part in inner for c in _parse_assignments(part, state)]
    if assigned and all(c["to"] is None for c in changes) and len(changes) > 1:
        return _dedupe(changes + assigned)
    if assigned and all(c["to"] is None for c in changes) and len(changes) <= 1:
        direction = changes[0]["direction"] if changes else "set"
        family = FAMILIES.get(str(changes[0]["parameter"])) if changes else None
        for change in assigned:
            if family and family not in str(change["parameter"]):
                change["parameter"] = f"{change['parameter']}_{family}"  # "lower LRs (matrix=0.02)" -> matrix_lr
            if direction in ("add", "increase", "decrease", "enable"):
                change["direction"] = direction
        changes = assigned
    return _dedupe(changes)


# A plural family named before a list of members: the members' names get the family's suffix.
FAMILIES = {"learning_rate": "lr", "weight_decay": "weight_decay", "init": "init", "dropout": "dropout"}


def _is_tag(prefix: str) -> bool:
    """`Player AST:` or `C/METAL:` label what follows; `Spin-poll GPU wait:` is itself the change."""
    words = prefix.split()
    return (len(words) <= 2 and all(not w.islower() for w in words)) or ("/" in prefix and " " not in prefix)


def _parse_assignments(text: str, state: Mapping[str, object] | None) -> list[Change]:
    out = []
    for match in ASSIGN.finditer(text):
        new = match.groupdict().get("b") or match.group("a")
        made = _change(match.group("name"), _state_value(state, match.group("name")), new, "set")
        if made:
            out.append(made)
    return out


def _dedupe(changes: list[Change]) -> list[Change]:
    seen: set[tuple[object, object]] = set()
    out = []
    for change in changes:
        key = (change["parameter"], change["to"])
        if key not in seen:
            seen.add(key)
            out.append(change)
    return out


_BASELINE = re.compile(r"^\s*(?:\S+\s+){0,3}?(?:re-?)?baseline\b(?!\s+(?:\+|with\s+\w+\s*=))", re.I)


_AGAINST_BASELINE = re.compile(r"\b(vs|than|over|from|against|above|below|beat)\s+(the\s+)?(\w+\s+)?baseline", re.I)


def _is_baseline(text: str) -> bool:
    """A baseline or re-baseline run, not "better than baseline"."""
    return bool(_BASELINE.match(text)) and not _AGAINST_BASELINE.search(text)


@lru_cache(maxsize=16384)
def is_baseline_description(text: str) -> bool:
    return _is_baseline(re.sub(r"\s+", " ", text or ""))


def categorise(changes: list[Change], text: str = "") -> str:
    """One change category: the changes' categories, `multiple` when they differ, else hints in the text."""
    categories: list[str] = []
    for change in changes:
        category = category_of_parameter(str(change["parameter"]))
        if category is None and isinstance(change.get("to"), str):
            category = category_of_parameter(normalise_parameter(str(change["to"])))
        if category and category not in categories:
            categories.append(category)
    if len(categories) > 1:
        return "multiple"
    if categories:
        return categories[0]
    return category_of_text(text) or "other"
