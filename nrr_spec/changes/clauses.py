"""One clause of a description ("matrix LR 0.04 to 0.06") into changes: the phrasings loops write."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from .categories import category_of_parameter, words_of
from .change import Change
from .names import (
    VALUE_PARAMETERS,
    choice_parameter,
    known_value_parameter,
    names_a_network,
    normalise_parameter,
    says_which,
    value_parameter,
)
from .normal_form import make_change
from .numbers import MEASURE_UNITS, parse_number, same_value
from .outcomes import is_result
from .phrases import (
    ARROW,
    ARROW_CHANGE,
    ASSIGN,
    COUNTED_IN,
    DROPPING_VERBS,
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
    NARRATIVE,
    NUM,
    NUMBER_LIST,
    NUMBERING_WORDS,
    PAIRS,
    PRODUCT,
    SCOPE,
    SWITCH_VALUES,
    TO_CHANGE,
    TRAILING_VERBS,
    TWO_WORD_VERBS,
    UNITS,
    VALUE,
    VALUE_COMPANIONS,
    VALUE_RE,
    VERB_TO,
    VERB_TO_THEN_WORDS,
    VERBS,
    unquoted,
)
from .qualifiers import PER_COMPONENT, counted_in, qualified


def strip_verbs(name: str) -> tuple[str, str | None]:
    """Leading verbs and adjectives set the direction; the rest names the parameter."""
    made = _made_comparative(name)
    if made is not None:
        return made
    words, direction = _strip_leading_verbs(name)
    # "3x LR increase", "softcap removal": a direction written after the name
    while len(words) > 1 and words[-1].lower() in TRAILING_VERBS:
        trailing = TRAILING_VERBS[words.pop().lower()]
        direction = direction or trailing
    leading = name.split()[: max(len(name.split()) - len(words), 0)]  # "use a deeper": what was stripped
    adjective = next((w.lower() for w in reversed(leading) if w.lower() in _DIMENSIONS), "")
    return _dimension(" ".join(words), adjective), direction


# "make X deeper": the comparative at the end says which way X moves.
_MAKE = frozenset({"make", "made", "making"})
# Comparatives that name the dimension of a model they change: "a deeper model" is more layers.
_DIMENSIONS = {"deeper": "depth", "shallower": "depth", "wider": "width", "narrower": "width"}
_COMPARATIVE_OF_VERB = {"deepen": "deeper", "widen": "wider", "narrow": "narrower"}
_WHOLE_MODEL = frozenset({"model", "network", "net", "transformer", "architecture", "arch", "backbone", "it"})


def _made_comparative(name: str) -> tuple[str, str] | None:
    words = name.split()
    if len(words) < 2 or words[0].lower() not in _MAKE:
        return None
    comparative = words[-1].lower()
    direction = VERBS.get(comparative) if comparative not in _MAKE else None
    if direction not in ("increase", "decrease"):
        return None
    rest, _ = _strip_leading_verbs(" ".join(words[1:-1]))
    return _dimension(" ".join(rest) or "it", comparative), direction


def _dimension(name: str, adjective: str) -> str:
    """The model's depth or width where a comparative of it qualifies the whole model ("deeper model",
    "wider ResNet-20": a model named by its kind, its size in layers aside)."""
    return _DIMENSIONS[adjective] if adjective in _DIMENSIONS and is_whole_model(name) else name


def is_whole_model(name: str) -> bool:
    """Whether `name` names the whole model: a word for it ("network") or a model named by its kind,
    its size in layers aside ("ResNet-20", "LSTM")."""
    return name.lower() in _WHOLE_MODEL or choice_parameter(re.sub(r"[-_ ]?\d+$", "", name)) == "model"


def leading_verb(clause: str) -> str | None:
    """The direction a clause's leading verbs set ("add X": add). A direction written after a name
    ("outlier removal") is that name's alone, so only this one carries over to the next item."""
    return _strip_leading_verbs(clause)[1]


# Words between a verb and what it acts on that are no part of the name ("lower only the map load
# factor", "slightly higher lr").
_LEADING_FILLERS = frozenset(
    {"the", "a", "an", "all", "to", "from", "by", "in", "only", "just", "slightly", "marginally", "much", "somewhat"}
)


def _strip_leading_verbs(name: str) -> tuple[list[str], str | None]:
    words = name.split()
    direction = None
    while words:
        word = words[0].lower().strip(",")
        pair = f"{word} {words[1].lower()}" if len(words) > 2 else ""
        if pair in TWO_WORD_VERBS:
            direction = direction or TWO_WORD_VERBS[pair]
            del words[:2]
            continue
        multiplier = re.fullmatch(r"(\d+(?:\.\d+)?)[x×]", word)
        if verb := _verb(word):
            direction = _more_specific(direction, verb)
        elif multiplier:
            direction = direction or ("increase" if float(multiplier.group(1)) > 1 else "decrease")
        elif word in _LEADING_FILLERS or word in NARRATIVE:
            pass
        else:
            break
        words.pop(0)
    while words and (words[-1].lower() in {"from", "to", "by", "=", ":", "of"} or words[-1].lower() in NARRATIVE):
        words.pop()
    return words, direction


def _more_specific(direction: str | None, word: str) -> str:
    """The direction of a leading verb and the word after it: the first, unless it only says to use
    or set something and the word says which way ("use more trees", "try a larger batch"), or it only
    says a thing was tried and the word says what was done ("tried removing the bounds checks")."""
    if direction in (None, "enable", "set") and word in ("increase", "decrease"):
        return word
    if direction == "set" and word in ("add", "remove", "replace", "enable", "disable"):
        return word
    return direction or word


def _verb(word: str) -> str | None:
    """The direction a leading verb gives, in any of its forms: "eliminating" as "eliminate". Only a
    verb that says which way reads so as a gerund: "testing whether", "trying" say no change."""
    if word in VERBS:
        return VERBS[word]
    if len(word) > 5 and word.endswith("ing"):
        stem = word[:-3]
        for base in (stem + "e", stem, stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None):
            if base and VERBS.get(base, "set") != "set":
                return VERBS[base]
    return None


# A step reads one phrasing of a clause: the changes it says (an empty list when it says none), or
# None when the clause is not written that way and the next step should try.
Step = Callable[[str], "list[Change] | None"]


def parse_clause(clause: str) -> list[Change]:
    """The changes one clause says, read by the first step (in `STEPS` order) that recognises its phrasing."""
    clause = clause.strip(" .,:;\t")
    if not clause:
        return []
    for step in STEPS:
        found = step(clause)
        if found is not None:
            return found
    return []


def _one(made: Change | None) -> list[Change]:
    return [made] if made else []


def scoped_component(clause: str) -> list[Change] | None:
    """ "VE on all layers": a component and where it is applied (its value)."""
    scope = SCOPE.match(clause)
    if not scope:
        return None
    name, verb = strip_verbs(scope.group("name"))
    return _one(make_change(name, None, scope.group("v"), verb or "add"))


def formula_inside_name(clause: str) -> list[Change] | None:
    """A formula between the words of a name: "MLP one-based ell**(-1/4) input scale"."""
    inside = MID_FORMULA.match(clause)
    if not (inside and re.search(r"[A-Za-z]", inside.group("v")) and re.search(r"[\d(]", inside.group("v"))):
        return None
    pre, verb = strip_verbs(inside.group("pre"))  # "add RSI(14) filter" adds a filter
    return _one(
        make_change(f"{pre} {inside.group('post')}", None, inside.group("v"), verb if verb in ("add", "enable") else "set")
    )


# A name called with its arguments: "SwiGLU(640)", "Partial RoPE(16/64)".
_CALLED = re.compile(r"(?P<name>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})\((?P<args>[^()]+)\)")


def called_name(clause: str) -> list[Change] | None:
    """ "SwiGLU(640)": a known choice with its settings is that choice; "Partial RoPE(16/64)": any
    other name called with arguments is set to them."""
    called = _CALLED.fullmatch(clause)
    if not called:
        return None
    name, verb = strip_verbs(called.group("name"))
    if not name:
        return None
    choice = value_parameter(name.split()[-1])
    if choice and len(name.split()) == 1:
        return _one(make_change(choice, None, f"{name}({called.group('args')})", "replace"))
    keywords = list(ASSIGN.finditer(called.group("args")))
    if keywords:
        # "LR(class_weight=balanced, C=0.05)": the settings of a component, named as its code names them
        return [made for found in keywords if (made := make_change(found.group("name"), None, found.group("a"), "set"))]
    return _one(make_change(name, None, called.group("args"), _default_direction(verb, called.group("args"))))


_BY_MEANS = re.compile(r"^.*?\bby\s+(?=[a-z]+ing\b)", re.I)


# A part of the model held at a number format: "keep tok_emb.weight in fp16 passthrough", "run attention
# in bf16", "use fp16 for the lm head", "quantize MLP weights to int6". The part's dtype changes, not
# the part, and not the whole model's dtype.
_PART = r"(?:(?:all|only|the)\s+)*(?P<part>[A-Za-z][\w.]*(?:,?\s+[A-Za-z][\w.]*){0,3}?)(?:\s+tensors?)?"
_DTYPE_WORD = r"(?P<dt>[A-Za-z]+\d+)"
_PART_IN_DTYPE = (
    re.compile(
        rf"(?:(?:keep|run|store|cast|compute|hold|leave|put|save|move|convert|quantize|quantise)\s+)?{_PART}\s+(?:in|as|at|to)\s+{_DTYPE_WORD}"
        r"(?:\s+(?:passthrough|precision|format|storage))?",
        re.I,
    ),
    re.compile(rf"(?:use\s+)?{_DTYPE_WORD}\s+(?:for|on)\s+{_PART}", re.I),
    re.compile(rf"(?:use\s+)?{_DTYPE_WORD}\s+{_PART}", re.I),  # "bf16 attention", "int5 MLP"
)
# Words that say how precise a format is, not what is held at it.
_HOW_MUCH = frozenset({"half", "full", "mixed", "single", "double", "reduced", "low", "lower", "high", "higher"})
# Words for the whole run: "FP8 training", "bf16 inference" set the run's dtype.
_RUN_WORDS = frozenset({"training", "inference", "everything", "model"})
# Words after a format that say it is one, not a part held at it ("fp16 passthrough", "int8 precision").
_FORMAT_WORDS = frozenset({"passthrough", "precision", "format", "dtype", "mode", "everywhere", "throughout"})


def precision_of_a_part(clause: str) -> list[Change] | None:
    """A part of the model held at a number format: the part's dtype set to it."""
    for pattern in _PART_IN_DTYPE:
        found = pattern.fullmatch(clause)
        if found is None or value_parameter(found.group("dt")) != "dtype":
            continue
        part, _ = strip_verbs(found.group("part"))  # "switching out_accum to BF16"
        # the part ends where a joining word starts what goes with it ("FP8 training via torchao ...")
        part = re.split(r"\s+(?:via|with|using|by|from|of|on|at|in|to|for)\s+", part, maxsplit=1, flags=re.I)[0]
        # "FP16 tied embedding passthrough" holds the tied embedding; "float16 half precision" and
        # "fp16 passthrough" say the format twice and hold no part
        words = [w for w in part.split() if w.lower() not in _FORMAT_WORDS]
        part = "" if all(w.lower() in _HOW_MUCH for w in words) else " ".join(words)
        if value_parameter(part) is not None or category_of_parameter(normalise_parameter(part)) == "precision":
            return None  # "fp16 for bf16", "int6 quant": a choice for another, a format's own setting
        if not part or part.lower() in VERBS or part.lower() in GENERIC or part.lower() in _RUN_WORDS:
            return _one(make_change("dtype", None, found.group("dt"), "replace"))  # "train in bf16": the run's
        parts = re.split(r"\s*,\s*|\s+and\s+", part)  # "blocks.8.weight and blocks.3.weight in fp16"
        # named as code (`attention_dtype`) so the part keeps its own dtype, not the run's
        named = [re.sub(r"\s+", "_", p) + "_dtype" for p in parts if p]
        return [c for name in named for c in _one(make_change(name, None, found.group("dt"), "replace"))]
    return None


def from_to(clause: str) -> list[Change] | None:
    """NAME A arrow B, "NAME from A to B", "NAME A to B" (unless the clause is a list of NAME=VALUE)."""
    if ASSIGN.search(clause):
        return None
    arrow = ARROW_CHANGE.match(clause) or TO_CHANGE.match(clause)
    if not arrow:
        return None
    # "more full-attention layers by changing WINDOW_PATTERN from SSSL to SSL": the means is the change
    name, verb = strip_verbs(_BY_MEANS.sub("", arrow.group("name"), count=1))
    if not name:
        return []
    old, new = unquoted(arrow.group("a")), unquoted(arrow.group("b"))
    old, new, measured_in = _with_units(old, new, arrow)
    kind = _kind_of_both(old, new)
    if METRIC_WORDS.match(name.replace(" ", "_")) and kind != normalise_parameter(name):
        return None  # a metric's move is a result, not a change ("loss MSE -> Huber" is a choice of loss)
    rest = (arrow.groupdict().get("rest") or "").split()[measured_in:] or [arrow.groupdict().get("unit") or ""]
    if is_whole_model(name):
        # "Widen the model from 32 to 48 embedding dimensions": what the model's size is counted in is
        # what changed; without it the verb says which dimension ("deepen the network from 4 to 6")
        counted = list(itertools.takewhile(lambda w: re.fullmatch(r"[A-Za-z-]+", w), rest))[:3]
        verb_word = arrow.group("name").split()[0].lower()
        name = " ".join(counted) or _DIMENSIONS.get(_COMPARATIVE_OF_VERB.get(verb_word, ""), name)
    if rest and rest[0].lower() in COUNTED_IN and "_" not in name and not name.lower().endswith(rest[0].lower()):
        # a name in words takes its unit; a code name (TOTAL_BATCH_SIZE) is already exact
        name = f"{name} {rest[0]}"
    if kind and not kind.startswith(normalise_parameter(name).rsplit("_", 1)[-1]):
        # "MLP squared_relu->gelu": the MLP's activation, as "MLP activation" says; a name that
        # already says the kind, in full or cut short ("norm", "act"), says it once
        name = f"{name} {kind}"
    return _one(make_change(name, old, new, _default_direction(verb, new)))


# Units of time and of memory (bits too): a value's own, written after it with a space.
_TIME_AND_MEMORY = UNITS | MEASURE_UNITS


def _with_units(old: str, new: str, arrow: re.Match[str]) -> tuple[str, str, int]:
    """The two values with the unit of time or memory written after each ("from 512 MB to 1 GB", "8 MiB
    to 12 MiB", "from 5 to 10 min"), and how many words of the rest that took; a unit belongs to its
    value, and without it 512 MB to 1 GB would read as a decrease."""
    unit = arrow.groupdict().get("unit")
    rest = (arrow.groupdict().get("rest") or "").split()
    after = rest[0] if rest and rest[0].lower() in _TIME_AND_MEMORY and re.fullmatch(r"[\d.]+", new) else None
    if unit and unit.lower() in _TIME_AND_MEMORY:
        old = f"{old} {unit}"
    if after:
        new = f"{new} {after}"
    return old, new, 1 if after else 0


def _kind_of_both(old: str, new: str) -> str | None:
    """The kind two values are choices of ("squared_relu", "gelu": activation), when both are of one kind."""
    kind = known_value_parameter(old)
    return kind if kind is not None and known_value_parameter(new) == kind else None


def verb_name_to_value(clause: str) -> list[Change] | None:
    """ "increase LR to 0.04", "set X = 3", "switch the nonlinearity to GELU", "add WD 0.01 to lm_head"."""
    verb_to = VERB_TO.match(clause) or VERB_TO_THEN_WORDS.match(clause)
    if not verb_to:
        return None
    name, verb = strip_verbs(verb_to.group("name"))
    target = NAME_VALUE.fullmatch(name)
    if verb == "add" and target and not VALUE_RE.match(verb_to.group("b")):
        # "add WD 0.01 to lm_head": the value is the number, the parameter belongs to the target
        return _one(make_change(f"{verb_to.group('b')} {target.group('name')}", None, target.group("v"), "add"))
    if not (verb and name):
        return None
    name, new = counted_in(name, unquoted(verb_to.group("b")))
    if verb in ("increase", "decrease") and parse_number(new) is None and not re.search(r"\d", new or ""):
        new = None
    if verb == "add" and not VALUE_RE.match(new or "") and not choice_parameter(new or ""):
        new = None  # "add label smoothing to the MLP": where it goes, not a value it takes
    direction = _default_direction(verb, new)
    known = choice_parameter(new or "")
    if verb == "replace" and known and not says_which(normalise_parameter(name), known):
        name = known  # "switch the nonlinearity to GELU" changes the activation
    return _one(make_change(name, None, new, direction))


_COUNT_INSTEAD = re.compile(rf"(?:(?P<before>[A-Za-z][\w -]*?)\s+)?(?P<v>{VALUE})(?:\s+(?P<after>[A-Za-z][\w -]*))?")


def instead_of(clause: str) -> list[Change] | None:
    """ "Y instead of X": a replacement, named by the parameter the known values belong to."""
    instead = INSTEAD.match(clause)
    if not instead:
        return None
    new, old = strip_verbs(instead.group("new"))[0], instead.group("old")
    counted = _COUNT_INSTEAD.fullmatch(new)
    if counted and VALUE_RE.fullmatch(old.strip()):
        # "use 8 heads instead of 4", "lr 0.02 instead of 0.04": one setting, from the old value to the new
        name = counted.group("after") or counted.group("before")
        return _one(make_change(name, old.strip(), counted.group("v"), "set")) if name else None
    param = known_value_parameter(new) or known_value_parameter(old) or normalise_parameter(old)
    return _one(make_change(param, old, new, "replace"))


# A setting's path in a configuration or an object: `penalty.lr`, `model.encoder.depth`, `Block.mlp_ratio`.
_DOTTED_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")


def _attributes(names: list[str]) -> list[str]:
    """The settings assigned by their paths, named as the code names them: the last part of a path
    (`penalty.lr=1e-4` sets `lr` of the penalty's configuration, as a Hydra override or an attribute
    does). Where two paths end in the same part (`encoder.depth`, `decoder.depth`), the whole paths
    tell them apart."""
    lasts = [name.rsplit(".", 1)[1] if _DOTTED_PATH.fullmatch(name) else name for name in names]
    return [name if lasts.count(last) > 1 else last for name, last in zip(names, lasts, strict=True)]


def unmoved_settings(text: str) -> frozenset[str]:
    """The parameters a list of moves leaves where they were ("enable_midrange=True->True",
    "lr=0.1->0.10"): written beside the moves that were made, they did not change."""
    moves = [m for m in ASSIGN.finditer(text) if m.group("b")]
    names = _attributes([m.group("name") for m in moves])
    unmoved = set()
    for move, name in zip(moves, names, strict=True):
        if same_value(move.group("a"), move.group("b")):
            made = make_change(name, None, move.group("b"), "set")
            if made is not None:
                unmoved.add(str(made["parameter"]))
    return frozenset(unmoved)


# "lr=eps=5e-2": one value given to two names at once.
_CHAINED = re.compile(r"(?<![\w.])(?P<first>[^\W\d_][\w.]*)\s*=\s*(?P<second>[^\W\d_][\w.]*)\s*=\s*(?P<v>[^\s,;=]+)")


def assignments_and_flags(clause: str) -> list[Change] | None:
    """NAME=VALUE and --flag VALUE anywhere in the clause; the leftover words may add a count or a known choice."""
    clause = _CHAINED.sub(lambda m: f"{m['first']}={m['v']} {m['second']}={m['v']}", clause)
    found = list(ASSIGN.finditer(clause)) + list(FLAG.finditer(clause))
    if not found:
        return None
    changes: list[Change] = []
    leftover = ASSIGN.sub(" ", FLAG.sub(" ", clause)).strip()
    attributes = _attributes([match.group("name") for match in found])
    for match, attribute in zip(found, attributes, strict=True):
        new = match.groupdict().get("b") or match.group("a")
        old = match.group("a") if match.groupdict().get("b") else None
        whole = qualified(attribute, clause[: match.start()])
        if whole != match.group("name") and match.group("name").lower() in PER_COMPONENT:
            # "adam beta2=0.99" tunes Adam, it does not switch to it: the word is part of the name
            leftover = re.sub(rf"(?<![\w-]){re.escape(whole[: -len(match.group('name')) - 1])}\s*$", "", leftover).strip()
        name, new = counted_in(whole, new, _word_after(clause, match.end()))
        changes += _one(make_change(name, old, new, "set"))
    rest, verb = strip_verbs(leftover)
    if len(changes) == 1 and leftover and not rest and verb in ("remove", "decrease") and _a_word(changes[0]["to"]):
        # "remove class_weight=balanced", "drop norm=layernorm": the setting as it was, taken out
        changes[0].update({"from": changes[0]["to"], "to": None, "direction": "remove"})
        leftover = ""
    elif len(changes) == 1 and leftover and not rest and verb in ("increase", "decrease"):
        changes[0]["direction"] = verb  # "lower lr=0.02": the verb says which way, as in "lower lr to 0.02"
        leftover = ""
    lead = LEAD.match(leftover)
    if lead:  # "400-restart linear LR=5e-2": a count written before its noun
        changes += _one(make_change(*_counted(lead), "set"))
    # "label_smoothing=0.1 to the cross-entropy loss": where the setting is applied chooses nothing
    leftover = _WHERE_IT_GOES.sub("", leftover)
    value_param = known_value_parameter(leftover)
    if value_param:  # "SPSA SSIM curriculum T=10": the choice among the leftover words is the value
        words = re.findall(r"[\w²-]+", leftover)
        choices = [w for w in words if value_parameter(w) == value_param]
        changes += _one(make_change(value_param, None, " ".join(choices) or _known_value_phrase(leftover), "replace"))
    return changes


def _a_word(value: object) -> bool:
    """Whether a value is a word that names a choice: no number, no switch ("on", "false")."""
    return isinstance(value, str) and parse_number(value) is None and value.lower() not in SWITCH_VALUES


_WHERE_IT_GOES = re.compile(r"(?:^|\s+)(?:to|into|onto|in|on)\s+(?:the|a|an|each|every|all)\s.*$", re.I)


def _word_after(clause: str, end: int) -> str:
    """The word after a setting, which may be its unit ("warmup=400 steps"); not the name of the
    next setting ("TIME=2h epochs=300")."""
    following = re.match(r"\s+([A-Za-z]+)\b(?!\s*[=:])", clause[end:])
    return following.group(1) if following else ""


# The symbol of a method's own setting (dropout's p, mixup's alpha, top-k's k, focal loss's gamma), set
# before the method it belongs to: "p=0.10 residual-branch dropout", "alpha-0.2 mixup". At most two
# words of when or how much come first ("early", "stronger"); the method's name ends at a word that
# starts what follows it ("with a hard-label tail", "through 65%", "on the added block").
_STARTS_WHAT_FOLLOWS = r"(?:with|at|on|in|through|for|from|to|and|plus|via|after|before|until)\b"
_SYMBOL_BEFORE_OWNER = re.compile(
    r"(?P<lead>(?:[A-Za-z]+\s+){0,2}?)(?P<sym>p|k|alpha|beta|gamma|lambda|tau|sigma|eps|α|β|γ|λ|τ|σ)\s*[=-]\s*(?P<v>\d*\.?\d+)"
    rf"\s+(?P<owner>[A-Za-z][\w-]*(?:\s+(?!{_STARTS_WHAT_FOLLOWS})[A-Za-z][\w-]*){{0,3}})"
    rf"(?:\s+{_STARTS_WHAT_FOLLOWS}.*)?",
    re.I,
)


_WHEN_OR_HOW_MUCH = frozenset(str.split("early late earlier later stronger weaker mild milder heavy heavier light lighter"))


def symbol_before_its_owner(clause: str) -> list[Change] | None:
    """ "p=0.10 residual-branch dropout", "Stronger alpha-0.4 mixup": the symbol's value is a setting
    of the method named after it (residual_branch_dropout_p, mixup_alpha), not of a letter alone."""
    found = _SYMBOL_BEFORE_OWNER.fullmatch(clause.strip())
    if not found or is_whole_model(found.group("owner")):
        return None  # "gamma=0.2 ResNet-26": a setting of the run on that model, not a part of it
    if any(w.lower() not in VERBS and w.lower() not in _WHEN_OR_HOW_MUCH for w in found.group("lead").split()):
        return None  # "Ridge alpha=10 log1p target": the symbol belongs to the name before it
    return _one(make_change(f"{found.group('owner')} {found.group('sym')}", None, found.group("v"), "set"))


_SHAPE = re.compile(rf"{PRODUCT}|{NUMBER_LIST}")


def name_value_pairs(clause: str) -> list[Change] | None:
    """NAME VALUE [unit], NAME VALUE NAME VALUE: pairs that make up most of the clause."""
    # a product or a list of numbers is a value only of a clause that is its name and it ("cutout
    # 16x16"): after a count ("8-layer architecture 100x8") it is the shape the count gave
    pairs = [p for p in PAIRS.findall(clause) if not _SHAPE.fullmatch(p[1]) or f"{p[0]} {p[1]}" == clause.strip()]
    covered = sum(len(" ".join(p).strip()) for p in pairs)
    if not (pairs and covered >= len(clause.replace(" ", "")) * 0.6):
        return None
    changes: list[Change] = []
    for name, value, unit in pairs:
        name, verb = strip_verbs(name)
        first, _, rest = name.partition(" ")
        if rest and names_a_network(first) and not unit:
            # "yolo11l imgsz 640": the network the run trains, then one of its settings ("ridge alpha
            # 10" is the ridge's own alpha)
            changes += _one(make_change("model", None, first, "replace"))
            name = rest
        if not name and not unit:
            continue
        name = (f"{name} {unit}" if name else _count_name(unit)) if unit else name
        changes += _one(make_change(name, None, value, _default_direction(verb, value)))
    return changes


# A setting and its number that open a clause, then words alone: "patience 30 cuda unavailable".
_SETTING_THEN_WORDS = re.compile(rf"(?P<name>[A-Za-z][A-Za-z_-]*)\s+(?P<value>{NUM}[kKmM%]?)\s+(?P<rest>[A-Za-z][^\d=]*)")


def setting_then_remark(clause: str) -> list[Change] | None:
    """A setting the vocabulary places and its number, then words with no number or setting of their
    own ("patience 30 cuda unavailable"): the setting is the change, the words remark on the run."""
    found = _SETTING_THEN_WORDS.fullmatch(clause)
    if not found:
        return None
    name = normalise_parameter(found.group("name"))
    if found.group("name").lower() in NUMBERING_WORDS or (name not in KNOWN_PARAMETERS and category_of_parameter(name) is None):
        return None
    if any(normalise_parameter(w) in KNOWN_PARAMETERS for w in re.findall(r"[A-Za-z][\w-]*", found.group("rest"))):
        return None  # "depth 8 batch" names a second setting: not a remark
    return _one(make_change(found.group("name"), None, found.group("value"), "set"))


# A value before what it sets, after at most a verb: "8192 shared mem", "add 5% warmup", "use 0.1 dropout".
_VALUE_FIRST = re.compile(
    r"(?:(?P<verb>[A-Za-z]+)\s+)?(?P<b>\d+(?:\.\d+)?%?|\.\d+%?)\s+(?P<name>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,2})"
)


# A quantity with its unit before what it sets, after at most a verb and an article: "try 128MiB
# default multipart policy", "use a 5s mtime throttle". The unit makes it an amount of the thing
# named after it, which a bare number before unknown words is not ("swap 77 low-value phrases").
_QUANTITY_FIRST = re.compile(
    r"(?:(?P<verb>[A-Za-z]+)\s+)?(?:an?\s+)?(?P<b>\d+(?:\.\d+)?(?:[KMGT]i?B|[kKMG]B|ms|us|µs|ns|px))"
    r"\s+(?P<name>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,5})"
)


def value_before_name(clause: str) -> list[Change] | None:
    """ "8192 shared mem", "add 5% warmup": a value written before what it sets, after at most a verb
    (not a count, which `counted_noun` reads)."""
    quantity = _QUANTITY_FIRST.fullmatch(clause)
    if quantity and (quantity.group("verb") is None or quantity.group("verb").lower() in VERBS):
        verb = quantity.group("verb")
        direction = _default_direction(VERBS.get(verb.lower()) if verb else None, quantity.group("b"))
        return _one(make_change(quantity.group("name"), None, quantity.group("b"), direction))
    number_first = _VALUE_FIRST.fullmatch(clause)
    if not number_first or LEAD.match(clause):
        return None
    verb, value, name = number_first.group("verb"), number_first.group("b"), number_first.group("name")
    if verb is not None and verb.lower() not in VERBS:
        return None
    if (verb is not None or value.endswith("%")) and category_of_parameter(normalise_parameter(name)) is None:
        return None  # "53% prediction accuracy", "swap 77 low-value phrases": a result or a count, not a setting
    direction = _default_direction(VERBS.get(verb.lower()) if verb else None, value)
    return _one(make_change(name, None, value, direction))


# Names of a setting that is itself a multiple: an MLP's expansion, a ratio, a factor, an unrolling.
_MULTIPLES = frozenset(str.split("expansion ratio factor mult multiplier unroll unrolling"))
_MULTIPLE_FIRST = re.compile(
    r"(?:(?P<verb>[A-Za-z]+)\s+)?(?P<b>\d+(?:\.\d+)?[x×])\s+(?P<name>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3})"
)


def multiple_of_a_multiple(clause: str) -> list[Change] | None:
    """ "8x MLP expansion", "4x inner loop unrolling": a multiple before a setting that is a multiple
    is its value, where before a learning rate ("3x LR") it scales the value of the moment."""
    found = _MULTIPLE_FIRST.fullmatch(clause)
    if not found or found.group("name").split()[-1].lower() not in _MULTIPLES:
        return None
    verb = found.group("verb")
    if verb is not None and verb.lower() not in VERBS:
        return None
    return _one(
        make_change(
            found.group("name"), None, found.group("b"), _default_direction(VERBS.get((verb or "").lower()), found.group("b"))
        )
    )


def counted_noun(clause: str) -> list[Change] | None:
    """ "10 layers", "2-layer", "reduce to 4 heads": a count of a noun, after at most a direction verb."""
    lead = LEAD.match(clause)
    if lead and (lead.group("verb") is None or lead.group("verb").strip().lower() in VERBS):
        verb = VERBS.get((lead.group("verb") or "").strip().lower())
    else:  # "use a 6-layer network", "use deeper 8-layer architecture": verbs and an article first
        words, verb = _strip_leading_verbs(clause)
        lead = LEAD.match(" ".join(words)) if verb else None
        if lead is None or lead.group("verb") is not None:
            return None
    name, old, new = _counted(lead)
    return _one(make_change(name, old, new, _default_direction(verb, new)))


def _counted(lead: re.Match[str]) -> tuple[str, None, str]:
    """The parameter and value of a number before a noun: a count ("400-restart": n_restarts 400), or a
    quantity of the noun after it when the first is a unit ("15-min budget": budget 15min)."""
    unit, following = lead.group("name"), lead.group("next")
    if unit.lower() in UNITS and following:
        return following, None, f"{lead.group('b')}{unit}"
    if unit.lower() in _MEASURES:  # "32-dimensional model": the model's dimension, not a count of dimensionals
        measure = _MEASURES[unit.lower()]
        owner = following if following and "-" not in following and following.lower() not in _LEADING_FILLERS else None
        return (f"{owner} {measure}" if owner else measure), None, lead.group("b")
    return _count_name(unit), None, lead.group("b")


# Adjectives of size after a number: "64-dim", "16-wide" measure what follows them.
_MEASURES = {"dim": "dim", "dims": "dim", "dimensional": "dim", "wide": "width", "deep": "depth"}


_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[_.][A-Za-z0-9]+)+")


# A constant as code names it (WINDOW_PATTERN) and one word after it: the word is its value.
_CONSTANT_AND_WORD = re.compile(r"(?P<name>[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\s+(?P<v>[A-Za-z][\w.-]*)")


def constant_and_word(clause: str) -> list[Change] | None:
    """ "WINDOW_PATTERN SLSL", "MUON_VR off": a code constant set to the word after it, as `=` would."""
    name, verb = strip_verbs(clause)
    found = _CONSTANT_AND_WORD.fullmatch(name)
    if not found or found.group("v").lower() in GENERIC:
        return None
    return _one(make_change(found.group("name"), None, found.group("v"), _default_direction(verb, found.group("v"))))


# A name and a truth value after it, as a flag is written on a command line or in a config dump.
_NAME_AND_TRUTH = re.compile(r"(?P<name>[A-Za-z][\w.-]*(?:\s+[A-Za-z][\w-]*){0,2})\s+(?P<v>true|false)", re.I)


_NOT_A_FLAG = frozenset(str.split("is was are were it this that not still also"))


def name_and_truth(clause: str) -> list[Change] | None:
    """ "rand_augment false", "use_ema True": a flag set as `=` would set it, switched off or on."""
    name, _ = strip_verbs(clause)
    found = _NAME_AND_TRUTH.fullmatch(name)
    if not found or any(w.lower() in _NOT_A_FLAG for w in found.group("name").split()):
        return None  # "is it true": a question, no flag
    value = found.group("v")
    return _one(make_change(found.group("name"), None, value, "enable" if value.lower() == "true" else "disable"))


def identifier_list(clause: str) -> list[Change] | None:
    """ "add kitchen_qual_sf exter_qual_sf": code identifiers side by side are one change each, as a
    list would be; words are one name ("logit softcap"), identifiers are not."""
    name, verb = strip_verbs(clause)
    words = name.split()
    if len(words) < 2 or not all(_IDENTIFIER.fullmatch(w) for w in words):
        return None
    return [c for word in words for c in _one(make_change(word, None, None, verb or "add"))]


# A name of two letters or more glued to a decimal ("trunc0.9"); not a module path ("blocks.0").
_GLUED_DECIMAL = re.compile(r"(?<![\w.-])([A-Za-z]{2,}[A-Za-z_]*?)(\d+\.\d+)(?![\w.])")
_NOT_DONE = re.compile(r"no\s+[\w-]+(?:\s+[\w-]+)?\s+[a-z]+ed", re.I)


# "rerank top-100": after one to three words that name what it is of (a longer phrase is prose).
_LOWER_HYPHENED_COUNT = re.compile(r"(?P<name>(?:[A-Za-z][\w-]*\s+){1,3}[a-z]+)-(?P<v>\d+(?:\.\d+)?[kKmM]?)")


_NUMBERS_MOVE = re.compile(rf"\d{ARROW}[-+]?\.?\d")
_DESTINATION = re.compile(r"\s+(?:out\s+of|to|into|onto|for|from|of|with|by)\s+", re.I)
# In a short phrase "of" still belongs to what is named ("EMA of the weights", "number of heads").
_PLACE = re.compile(r"\s+(?:out\s+of|to|into|onto|for|from|with|by)\s+", re.I)


# A colour as CSS writes it ("#1a2535", "#fff", "#232d3a80") after what it colours: a value, no part of a name.
# Three digits alone are an issue's number ("see issue #123"), not a colour.
_HEX_COLOUR = re.compile(
    r"(?P<name>.*?[A-Za-z].*?)\s+(?P<v>#(?=[0-9]*[A-Fa-f]|[0-9A-Fa-f]{6})(?:[0-9A-Fa-f]{3}){1,2}(?:[0-9A-Fa-f]{2})?)"
)


def colour_value(clause: str) -> list[Change] | None:
    """NAME #colour: "board fill #232d3a" sets the board fill to that colour."""
    found = _HEX_COLOUR.fullmatch(clause.strip())
    if not found:
        return None
    name, verb = strip_verbs(found.group("name"))
    return _one(make_change(name, None, found.group("v"), verb or "set")) if name else None


def valueless_phrase(clause: str) -> list[Change] | None:
    """Verb NAME without a value; a known choice; a glued value ("batch16"); or a short noun phrase
    (an added component). Generic words, long sentences and bundles of settings say no change."""
    if _NOT_DONE.fullmatch(clause) or is_result(clause):
        return []  # "no gates parsed", "no improvement": what the run did not do is a report
    name, verb = strip_verbs(clause)
    if verb == "decrease" and clause.split()[0].lower() in DROPPING_VERBS:
        verb = "remove"  # no value: what is dropped is gone, not lowered
    words = re.findall(r"[\w²*'-]+", name)
    if verb is not None and (_DESTINATION if len(words) > 6 else _PLACE).search(name):
        # "add a direct-mapped hot-price cache to each side book", "add label smoothing to the loss":
        # after a verb, what is changed comes first and where it goes or what it is for after it
        head = (_DESTINATION if len(words) > 6 else _PLACE).split(name, maxsplit=1)[0]
        if 0 < len(re.findall(r"[\w²*'-]+", head)) <= 6:
            name, words = head, re.findall(r"[\w²*'-]+", head)
    parts = [p for w in words for p in w.lower().split("-") if p]
    if not words or len(words) > 6 or all(w in GENERIC or _is_number_word(w) for w in parts):
        return []
    if all(w.lower() in GENERIC or _is_number_word(w) for w in words):
        return []
    if re.search(r"\b(config|configuration|settings|hyperparam\w*|params)\b", name, re.I):
        return []  # a bundle of settings names no single change
    if _NUMBERS_MOVE.search(name):
        return []  # a move the steps before did not read as a change: a measurement's ("F1 0.61->0.63")
    decimals = _GLUED_DECIMAL.findall(name)
    if decimals:  # "trunc0.9", "gc1.0": a name glued to a decimal is a setting, however the phrase goes on
        return [c for glued_name, value in decimals for c in _one(make_change(glued_name, None, value, verb or "set"))]
    glued = GLUED.fullmatch(name) or HYPHENATED.fullmatch(name)
    if glued and (normalise_parameter(glued.group(1)) in KNOWN_PARAMETERS or "-" in glued.group(1)):
        return _one(make_change(glued.group(1), None, glued.group(2), verb or "set"))  # "batch16", "tail-paddings-300"
    trailing = _LOWER_HYPHENED_COUNT.fullmatch(name)
    if trailing:  # "rerank top-100": a plain word hyphened to a number sets it ("GPT-2", "ResNet-50" are names)
        return _one(make_change(trailing.group("name"), None, trailing.group("v"), verb or "set"))
    value_param = known_value_clause(name) or (known_model_phrase(name) if verb in (None, "replace", "set") else None)
    if value_param and verb in (None, "replace", "set", "enable"):
        return _one(make_change(value_param, None, _known_value_phrase(name), "replace"))
    quantity = _quantity_in_name(name.split())
    if quantity is not None:
        named, value = quantity
        return _one(make_change(named, None, value, verb or "set")) if named else []
    if re.search(r"\d", name) and verb is None and not re.search(r"[a-z]\d|\d[a-z]", name, re.I):
        return []
    modifier = re.fullmatch(r"(?P<v>\S*(?:-|\d)\S*)\s+(?P<name>[A-Za-z][\w\s-]*)", name)
    if (
        modifier
        and verb is None
        and re.search(r"[A-Za-z]", modifier.group("v"))
        and not known_value_clause(modifier.group("name"))
    ):
        return _one(
            make_change(modifier.group("name"), None, modifier.group("v"), "replace")
        )  # "Spin-poll GPU wait", "v3 kernel"
    chosen = _choice_of_slot(name) if verb in (None, "replace", "set") else None
    if chosen:
        return _one(make_change(chosen[0], None, chosen[1], "replace"))
    made = _made_by(name) if verb is None else None
    if made and (change := make_change(made[0], None, made[1], "replace")) is not None:
        return [change]
    return _one(make_change(name, None, None, verb or "add"))


# A past participle before what it was done to says how that is made: "reversed layout", "sharpened
# coherence shaping", "mixed bombs". The thing is the setting, the participle the way it is now.
_MADE_BY = re.compile(r"(?P<how>[A-Za-z]{3,}(?<!e)ed)\s+(?P<what>[A-Za-z][\w-]{2,}(?:\s+[A-Za-z][\w-]*){0,2})")


# Participles that say how the run went or that a thing stayed as it was, not how it is made.
_NOT_A_MAKING = frozenset(
    str.split(
        "preserved retained unchanged improved failed passed confirmed fixed "
        "cancelled canceled killed aborted stopped crashed timed"
    )
)


def _made_by(name: str) -> tuple[str, str] | None:
    """(setting, how it is made) for "<participle> <noun phrase>", or None."""
    found = _MADE_BY.fullmatch(name.strip())
    if not found:
        return None
    how = found.group("how").lower()
    if how in VERBS or how in GENERIC or how in _NOT_A_KIND or how in _NOT_A_MAKING or category_of_parameter(how) is not None:
        return None
    first = found.group("what").split()[0].lower()
    if first in _NOT_A_NAME or _PARTICIPLE.search(first):
        return None  # "failed to load model", "cancelled stalled init": what happened, no setting
    return found.group("what"), found.group("how")


# Nouns that name a choice among kinds: what comes before them says which kind ("CLS pooling",
# "approx tree method", "cosine warmdown schedule", "Performer FAVOR+ attention", "rbf kernel"), as
# the values of `tree_method`, `pooling`, `lr_schedule`, `attention` or `kernel` are written in code.
_SLOTS = frozenset(
    str.split(
        "method mode type scheme format schedule pooling strategy style variant policy weighting sampler "
        "backend init initialization initializer activation attention fusion decomposition preprocessing "
        "kernel objective optimizer normalization scaler pattern aggregation tokenizer routing augmentation gating"
    )
)
# Words of degree, size or amount: "small random init" is a small one of the random kind.
_NOT_A_KIND = frozenset(
    str.split(
        "more less fewer better worse larger smaller bigger higher lower no non all every same small large tiny big "
        "huge long short high low wide narrow deep shallow simple extra full partial"
    )
)
# One word of a kind's name: a word, a code name (`cls_mean`), an abbreviation (`SL`), a name with
# a mark of its own (`FAVOR+`, `log-normal`); never a number.
_KIND_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_+.-]*")
# A verb's participle among several words before the noun tells what was done, not which kind
# (a word of the taxonomy is its noun: "cosine annealing").
_PARTICIPLE = re.compile(r"[a-z](?:ed|ing)$", re.I)


def _choice_of_slot(name: str) -> tuple[str, str] | None:
    """(slot, kind) for a phrase of a kind and the slot it fills ("CLS pooling": pooling, CLS), or None.

    The slot is its noun, with the word before it when that word is a plain noun or names a setting
    of its own ("weight init", "token weighting", "LR schedule"), not a name's own mark ("FAVOR+",
    "log-normal"); the kind is the one to three words before it. A
    kind's words place in no category of their own, or in the slot's (a cosine schedule): "embedding
    init" is the initialisation of the embeddings, no kind of initialisation, and "flash attention"
    is a systems switch, no kind of attention."""
    words = name.split()
    if not 2 <= len(words) <= 5 or words[-1].lower() not in _SLOTS:
        return None
    before = words[-2]
    joined = len(words) >= 3 and (
        (before.isalpha() and (before.islower() or len(before) <= 2))  # a noun, or a symbol: "cyclic T schedule"
        or category_of_parameter(before.lower()) is not None
    )
    slot_words = words[-2:] if joined else words[-1:]
    kind_words = words[: len(words) - len(slot_words)]
    if not 1 <= len(kind_words) <= 3:
        return None
    if len(kind_words) > 1 and any(
        _PARTICIPLE.search(word) and category_of_parameter(word.lower()) is None for word in kind_words
    ):
        return None  # "Cancelled stalled multi-GPU initialization", "reverted pre-scale variant": a report
    slot = " ".join(slot_words)
    slot_category = category_of_parameter(normalise_parameter(slot))
    for word in kind_words:
        if _SLOTS & set(words_of(word)):
            return None  # "pooling_mode attention+cls_token": a setting's name before its value
        lowered = word.lower()
        if (
            not _KIND_WORD.fullmatch(word)
            or lowered in GENERIC
            or lowered in _NOT_A_KIND
            or lowered in VERBS
            or (len(word) < 3 and not word.isupper())
        ):
            return None
        own = category_of_parameter(lowered)
        if own is not None and own != slot_category and not value_parameter(word):
            return None
    return slot, " ".join(kind_words)


# A quantity written with its unit or as a multiple: "12h", ">1GB", "500K", "6x", "400s", "15m".
_QUANTITY = re.compile(r"[<>≤≥~]?\d+(?:\.\d+)?(?:h|hr|hrs|min|mins|m|s|sec|secs|ms|k|b|kb|mb|gb|tb|x|×|%)", re.I)


_NEGATIONS = {"not", "no", "never", "without", "didn't", "doesn't", "isn't"}
_NOT_A_NAME = GENERIC | UNITS | {"with", "at", "on", "in", "for", "of", "to", "and", "or", "the", "a", "an", "by", "via", "using"}


def _quantity_in_name(words: list[str]) -> tuple[str, str] | None:
    """A phrase whose words (split at spaces only: "0.7M", "faults>500K" are one word each) hold one
    quantity ("LLM 12h expiry", "RSS hog freeze >1GB idle", "L1 2x loss weight"): the other words as
    the name and the quantity as its value, never a name glued to its value (`llm_12h_expiry`). A
    quantity alone, or beside generic words or units only ("with 400s", "+355M", "71K tok/s"), names
    nothing: the name is "". None when the phrase holds no such quantity."""
    found = [i for i, w in enumerate(words) if _QUANTITY.fullmatch(w)]
    if len(found) != 1 or any(w.lower() in _NEGATIONS for w in words):
        return None  # "topk not a bottleneck": a finding, left to the rules for reports
    value = words[found[0]]
    rest = [w for i, w in enumerate(words) if i != found[0]]
    named = [w for w in rest if len(w) >= 2 and not _is_number_word(w) and w.lower() not in _NOT_A_NAME]
    if not named or all("/" in w for w in named):
        return "", value
    return " ".join(rest), value


def _is_number_word(word: str) -> bool:
    return re.fullmatch(r"[\d.%+-]+", word) is not None


STEPS: tuple[Step, ...] = (
    scoped_component,
    formula_inside_name,
    called_name,
    precision_of_a_part,
    from_to,
    verb_name_to_value,
    instead_of,
    symbol_before_its_owner,
    assignments_and_flags,
    name_value_pairs,
    setting_then_remark,
    multiple_of_a_multiple,
    value_before_name,
    counted_noun,
    constant_and_word,
    name_and_truth,
    identifier_list,
    colour_value,
    valueless_phrase,
)


def _count_name(noun: str) -> str:
    """ "400-restart" and "10 layers" count things: n_restarts, n_layers."""
    noun = noun.lower()
    return f"n {noun if noun.endswith('s') else noun + 's'}"  # words, not a code name: synonyms apply


def _default_direction(verb: str | None, new: object) -> str:
    if verb == "enable" and new is not None:
        return "set"  # "use 12 layers" sets a value; "use flash attention" switches something on
    if verb in ("increase", "decrease", "replace", "add", "remove", "enable", "disable"):
        return verb
    return "set"


def known_value_clause(text: str) -> str | None:
    """The parameter of a clause that only names a known choice ("SwiGLU activation", "Ridge regression")."""
    words = re.findall(r"[\w²-]+", text)
    params = [found for w in words if (found := value_parameter(w))]
    if len(params) == 1 and all(
        value_parameter(w) or w.lower().replace("-", "_") in VALUE_COMPANIONS or _BIT_WIDTH.fullmatch(w) for w in words
    ):
        return params[0]
    return None


# The bit width of a variant of a known choice ("Lion 8-bit optimizer", "AdamW 8bit"): part of the choice.
_BIT_WIDTH = re.compile(r"\d+-?bits?", re.I)


def known_model_phrase(text: str) -> str | None:
    """`model` for a model named in two words or three ("Naive Bayes", "Extra Trees classifier"), or
    None. (A loss so named, "cross entropy", stays the change it was: its words name a measurement too.)"""
    words = re.findall(r"[\w²-]+", text)
    named = [w for w in words if w.lower().replace("-", "_") not in VALUE_COMPANIONS]
    found = VALUE_PARAMETERS.get("_".join(w.lower() for w in named)) if 1 < len(named) <= 3 else None
    return found if found == "model" else None


def _known_value_phrase(text: str) -> str:
    words = text.split()
    return " ".join(w for w in words if w.lower() not in VALUE_COMPANIONS or value_parameter(w)) or text
