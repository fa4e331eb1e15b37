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

from .as_comparisons import in_factors
from .categories import categorise as _categorise
from .categories import category_of_parameter
from .change import Change
from .checkpoints import in_checkpoints
from .clauses import leading_verb, parse_clause, precision_of_a_part, strip_verbs, unmoved_settings
from .domain import MEMORY
from .exit_status import is_exit_status
from .glued import in_assignments
from .model_shape import in_settings
from .names import normalise_parameter
from .normal_form import as_variant, make_change
from .number_words import in_figures
from .numbers import compare, is_factor, parse_number, same_value
from .outcomes import OUTCOME, SHOUTED_VERDICT, STATUS_LEAD_IN, before_result, holds_result, is_result
from .phrases import (
    ADD,
    AGAINST_BASELINE,
    ARROW,
    ASSIGN,
    BASELINE,
    CONTEXT,
    CONTEXT_START,
    DISABLE,
    ENABLE,
    ESTABLISHES_BASELINE,
    FAMILIES,
    FORMULA,
    INSTEAD,
    KNOWN_PARAMETERS,
    MANNER,
    METRIC_WORDS,
    MODAL,
    NARRATIVE,
    NUM,
    PREFIX,
    PURPOSE,
    PURPOSE_VERBS,
    RATIONALE,
    REMOVE,
    REPEAT_MARK,
    REPLACE,
    SET,
    SETTINGS_AFTER_SEMICOLON,
    SPLIT,
    TAG,
    TUPLE_RE,
    VALUE,
    VALUE_AT_END,
    VERBS,
)
from .qualifiers import owned_by, removes_with_its_settings
from .replacements import replacement
from .slugs import is_slug, slug_settings, switching_phrase

MAX_PARSED = 600  # characters of a description that are parsed
# A value, or a value moving to another, with nothing else: what follows a name and a colon.
_ONE_VALUE = rf"{NUM}(?:[x×/]{NUM})*\s*(?:%|x|[kKmM])?"  # a product too: a batch of 2x8; a pair of levels, 77/23
_LONE_VALUE = re.compile(rf"{_ONE_VALUE}(?:\s*(?:->|→|=>|to)\s*{_ONE_VALUE})?")


def clean_description(text: str) -> str:
    """The part of a description that says what changed: tags, rationale and metric reports cut off."""
    return _before_a_long_lead_in_colon(_lead(text))


def _before_a_long_lead_in_colon(head: str) -> str:
    if ": " in head and not PREFIX.match(head):
        head = head.split(": ", 1)[0]  # a long lead-in before a colon is the change; what follows explains it
    return head.strip()


def _lead(text: str) -> str:
    """`clean_description` before a long lead-in is cut at its colon."""
    text = re.sub(r"\s+", " ", text or "").strip()
    text = STATUS_LEAD_IN.sub("", TAG.sub("", text))  # "discard — lr 0.1 -> 0.2": the verdict comes first
    text = SHOUTED_VERDICT.sub("", text)
    text = REPEAT_MARK.sub(r"\1", text)  # "SWA run 7": which repeat it was, no value of SWA's
    head = before_result(RATIONALE.split(text, maxsplit=1)[0])  # "X hurt Spearman": the change is X
    head = before_purpose(MODAL.split(head, maxsplit=1)[0])
    return ", ".join([head, *_settings_after_semicolons(text)])  # "walkforward; lookback=142; purge=4"


def before_purpose(text: str) -> str:
    """`text` up to what the change is for: a " to" + words after a value ("lr to 3e-4 to converge
    faster") or after an earlier "to X" ("optimizer to adamw to match the paper"). A first "to" +
    words is the change's own ("switch to cosine schedule")."""
    for purpose in PURPOSE.finditer(text):
        before = text[: purpose.start()]
        after = text[purpose.end() :]
        if (
            VALUE_AT_END.search(before)
            or re.search(r"\bto\s+\S", before, re.I)
            or _only_a_purpose(after)
            or _purpose_after_a_name(before, after)
        ):
            return before
    return text


# Words of the change vocabulary that are no verb one does something with: after "to" they are a
# setting's target ("switch fa to off", "batch to more", "lr to double"), never a purpose.
_NOT_AN_ACTION = frozenset(
    re.findall(
        r"\S+",
        "more less fewer higher lower larger bigger smaller deeper shallower wider narrower longer shorter tiny "
        "on off no up down double triple quadruple quarter eighth halve without using",
    )
)


def _purpose_after_a_name(before: str, after: str) -> bool:
    """Whether "to" + a verb and its object follow a change already named in several words ("fuse
    residual projections to cut tape nodes"): what the change is for. Right after a verb ("switch
    to add") or a single word, the words after "to" may be the change's target."""
    words = before.split()
    action = re.match(r"([A-Za-z]+)\s+\S", after)
    return (
        action is not None
        and len(words) >= 2
        and words[-1].lower() not in VERBS
        and action.group(1).lower() not in _NOT_AN_ACTION
        and not action.group(1).lower().endswith(("ed", "ing"))
    )


def _only_a_purpose(after: str) -> bool:
    """Whether the words after a "to" begin with a verb that only says what a change is for ("lower
    the load factor to favor lookups"): no change verb, so no target of the change ("switch to add")."""
    verb = re.match(r"([A-Za-z]+)\s", after)
    return verb is not None and verb.group(1).lower() in PURPOSE_VERBS and verb.group(1).lower() not in VERBS


def _settings_after_semicolons(text: str) -> list[str]:
    """The parts after a first "; " that are only name=value settings: more of the change, not its
    rationale. Only semicolons: after a dash or a bar come results ("— val_bpb=1.2")."""
    first = RATIONALE.search(text)
    if first is None or not first.group(0).startswith(";"):
        return []
    rest = text[first.end() :]
    later = RATIONALE.search(rest)
    while later is not None and later.group(0).startswith(";"):
        later = RATIONALE.search(rest, later.end())
    parts = (rest if later is None else rest[: later.start()]).split("; ")
    stripped = [part.strip() for part in parts]
    settings = [part for part in stripped if SETTINGS_AFTER_SEMICOLON.match(part) or _a_known_amount(part)]
    if _VALUES_MOVE.search(text[: first.start()]):
        # "increase hard_neg_weight 2.0→3.0; top_k=7; LR=1e-5": beside a move of its own, the change
        # restates the settings it ran with; only a setting moved there too is more of it
        settings = [part for part in settings if re.search(ARROW, part)]
    return [part for part in settings if not OUTCOME.fullmatch(part.split("=", 1)[0].strip())]  # "best=trial1"


# A number and what it counts, or a name and its number ("400 trees", "lr 0.05").
_COUNT_OF = re.compile(rf"(?P<value>{NUM}[kKmM]?)\s+(?P<name>[A-Za-z][\w-]*)")


def _a_known_amount(part: str) -> bool:
    """Whether a part after a semicolon is only a setting the vocabulary knows and its number
    ("depth 4; 400 trees"): one more setting of the change, not its rationale ("; 2x slower")."""
    return _names_a_known_setting(_COUNT_OF.fullmatch(part) or _SPACED_SETTING.fullmatch(part))


def _names_a_known_setting(found: re.Match[str] | None) -> bool:
    """Whether a match's `name` group is a setting the vocabulary knows ("lr", "trees", "accum")."""
    return found is not None and normalise_parameter(found.group("name")) in KNOWN_PARAMETERS


_VALUES_MOVE = re.compile(rf"\s*{VALUE}{ARROW}{VALUE}\s*")
_A_NUMBER = re.compile(rf"\s*{NUM}\s*")


def _says_which_way(before: str) -> bool:
    """Whether the clause just before a parenthesis moves a setting one way ("smaller batch", "more
    heads"): a move of values after it is that setting's. After a name alone ("Huber loss
    (11.05->11.03)") a parenthesised move is what the change measured."""
    clause = re.split(r"[,;:.]\s|\s[-—–]\s", before)[-1]
    return len(clause.split()) <= 4 and leading_verb(clause) in ("increase", "decrease")


def _main_and_parentheses(text: str) -> tuple[str, list[str]]:
    inner: list[str] = []

    def keep(match: re.Match[str]) -> str:
        before = text[: match.start()].rstrip()
        if before[-1:].isalpha() and TUPLE_RE.fullmatch(f"({match.group(1)})"):
            return match.group(0)  # "betas (0.9, 0.95)": a tuple after a name is its value, not a remark
        if before[-1:].isalpha() and _VALUES_MOVE.fullmatch(match.group(1)) and _says_which_way(before):
            return f" {match.group(1)}"  # "smaller batch (2^18→2^16)": the old and new values of the move
        if before[-1:].isalpha() and _A_NUMBER.fullmatch(match.group(1)) and _says_which_way(before):
            return f" to {match.group(1).strip()}"  # "lower learning rate (1e-5)": where the move went
        inner.append(match.group(1))
        return " "

    # "sqrt(layer)" is a value, " (worse)" a remark, " (n+1)^5" a formula's first term
    main = re.sub(r"(?:^|\s+)\(([^()]*)\)(?![*/^])", keep, text)
    unclosed = re.search(r"\s*\(([^)]*)$", main)
    if unclosed:
        main = main[: unclosed.start()]
        if _only_assignments(unclosed.group(1)):
            # "halve batch (DEVICE_BATCH_SIZE=4 TOTAL_BATCH_SIZE=2^13; noisier grads hurt)", cut at its
            # rationale: the settings that open the remark are still the change's
            inner.append(unclosed.group(1))
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
        # What changed is said at the start; a cap keeps pathological cells (pasted code, logs) fast.
        changes, category = _parse(text[:MAX_PARSED])
    except (RecursionError, ValueError, OverflowError):
        return (), "other"
    return tuple(changes), category


# Verbs that reach a value: with the value of the moment known, the numbers say which way it went.
# "add" is among them only from nothing ("add dropout 0.1" where dropout is 0 raises it from 0); from a
# value it may count an amount added ("add 2 layers").
_REACHING = frozenset({"increase", "decrease", "set", "enable", "replace"})


def _with_state(change: Change, state: Mapping[str, object] | None) -> Change:
    """The `from` of a change the text gives no start for is the value of the moment; a factor
    ("lr 3x") applied to a number of the moment becomes the value it reaches. Where the value of
    the moment is itself a multiple ("asym=5x"), the new multiple is a value of the same kind
    ("asym=3x" sets 3x), not a factor of it."""
    if not state or change["from"] is not None or change["to"] is None or change["parameter"] not in state:
        return change
    parameter, direction, new = str(change["parameter"]), str(change["direction"]), str(change["to"])
    old = str(state[parameter])
    start = parse_number(old)
    if is_factor(new) and start is not None and not is_factor(old):
        factor = parse_number(new)
        if factor is None or direction not in ("increase", "decrease", "set"):
            return change
        new, direction = f"{start * factor:.6g}", "set"
    elif compare(old, new) and (direction in _REACHING or (direction == "add" and start == 0)):
        direction = "set"  # the numbers say which way it went
    redone = make_change(parameter, old, new, direction)
    return redone if redone is not None else change


# Chinese, Japanese and Korean text writes its punctuation, and often its digits, in full width
# ("，", "（", "：", "２"): read as their ASCII forms, they split clauses and set off remarks as
# ASCII ones do. "、" and "。" are the enumeration comma and the full stop.
# These scripts set no space after a comma, so their separators are read with one.
_FULL_WIDTH: dict[int, int | str] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH |= {ord(mark): f"{ascii_mark} " for mark, ascii_mark in zip("，；：、。", ",;:,.", strict=True)} | {0x3000: " "}


def _parse(text: str) -> tuple[list[Change], str]:
    spaced = re.sub(r"\s+", " ", text.translate(_FULL_WIDTH)).strip()
    raw = in_factors(in_assignments(in_settings(in_figures(in_checkpoints(spaced)))))
    if _is_baseline(raw) or (is_slug(text) and _is_baseline(raw.replace("_", " "))):
        return [], "baseline"
    settings = slug_settings(text)
    if settings is not None:
        changes = [as_variant(c) for c in settings]
        return changes, categorise(changes, raw)
    raw = switching_phrase(raw) or raw
    if counted := _counted_list(raw) or _counted_list(raw[prefix.end() :] if (prefix := PREFIX.match(raw)) else ""):
        return counted, categorise(counted, raw)
    lead = _lead(raw)
    head = _before_a_long_lead_in_colon(lead)
    changes = _settings(_parse_head(head))
    if not changes:
        prefix = PREFIX.match(TAG.sub("", raw))
        if prefix and ":" in raw:
            changes = _settings(_parse_head(prefix.group(1)))
    if not changes and ": " in lead and not PREFIX.match(lead):
        changes = _opened_by_a_colon(lead.split(": ", 1)[1])
    changes = [as_variant(c) for c in _of_family(changes, head)]
    changes = _without_reached_counts(_without_kept_line(_without_unmoved(changes, head)), head)
    return changes, categorise(changes, raw)


# "Added 7 write tools: update_comment, get_comment_reactions, ...", "Added 3 composite tools —
# figma_export_assets (downloads images), figma_extract_tokens, figma_screens_summary": a count of
# things, then the things by name. The names are the changes when there are as many as the count says.
_COUNTED_LIST = re.compile(
    r"^(?P<lead>(?:[A-Za-z]+\s+){0,2}?)(?P<n>\d{1,2})\s+(?:[\w-]+\s+){0,3}?[A-Za-z-]+s\s*(?::|\s[—–]|\s-{1,2})\s+(?P<items>.+)$"
)
_ITEM_END = re.compile(r"(?<=[\w)])\.(?:\s|$)|;\s")


def _counted_list(text: str) -> list[Change]:
    """The things a counted list names, each with the verb before the count (without one, as each
    reads by itself); empty unless the list holds as many names as the count says, each one thing."""
    found = _COUNTED_LIST.match(text)
    if not found:
        return []
    items = _ITEM_END.split(_PARENTHESES.sub("", found["items"]), maxsplit=1)[0]
    names = [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", items) if n.strip()]
    if len(names) != int(found["n"]) or len(names) < 2 or any(len(n.split()) > 4 for n in names):
        return []
    verb = found["lead"].strip()
    if verb and leading_verb(verb) is None:
        return []
    each = [parse_clause(f"{verb} {name}".strip()) for name in names]
    if not all(len(found) == 1 and re.search(r"[a-z]", str(found[0]["parameter"])) for found in each):
        return []
    return _dedupe([found[0] for found in each])


_PARENTHESES = re.compile(r"\s*\([^()]*\)")


def _opened_by_a_colon(rest: str) -> list[Change]:
    """The changes after a long lead-in that names none ("HP-TUNED config from a coordinate descent
    (20 trials): weight_decay 0.01->0.2 + dropout_scale 1.0->0.5", "README improvements for npm
    publish: added LICENSE file, badges"): the lead-in introduces the change and the colon opens it,
    when what follows sets values or starts with a verb of doing. Anything else after such a colon
    explains or reports ("two lines: got_exp", "PRO: provider"), and names nothing."""
    rest = clean_description(rest)
    found = _settings(_parse_head(rest))
    return found if _acts(rest) or (_SETS_A_VALUE.search(rest) and any(c["to"] is not None for c in found)) else []


_SETS_A_VALUE = re.compile(rf"{ARROW}|=")


def _without_unmoved(changes: list[Change], text: str) -> list[Change]:
    """The changes without the settings a list of moves leaves where they were, beside those it moved."""
    unmoved = unmoved_settings(text) if len(changes) > 1 else frozenset()
    moved = [c for c in changes if c["parameter"] not in unmoved]
    return moved or changes


# What a run reached is written like a count beside the settings that led there: "depth=6, dim=320,
# 20.5M params, 2512 steps" (a model's shape has a size; a fixed time budget reaches a number of
# steps). A count of steps or parameters written by itself after a clause's start or a setting's value,
# beside another change, is that change's result; alone ("50M params") or after a verb ("train 2000
# steps") it is the change.
_REACHED_COUNTS = frozenset({"n_steps", "n_params", "n_parameters"})
_REACHED = re.compile(r"(?:^|[,;(]\s*|[\d.]+[kKmMbB]?\s+)(?P<v>\d+(?:\.\d+)?[kKmMbB]?)\s+(?:steps|params|parameters)\b")


def _without_reached_counts(changes: list[Change], text: str) -> list[Change]:
    reached = {m.group("v") for m in _REACHED.finditer(text)}
    kept = [c for c in changes if not (c["parameter"] in _REACHED_COUNTS and c["from"] is None and c["to"] in reached)]
    return kept if kept and len(kept) < len(changes) else changes


# The words a description uses for the kept configuration it builds on: "champion + bf16",
# "recipe + grip shaping", "drop week_cos from champion". They name no change of their own.
_KEPT_LINE = (
    r"(?:champion|recipe|incumbent|best|best_config|best_recipe|best_setup|current_best|previous_best"
    r"|winning_config|same_as_best|best_so_far)"
)
_THE_KEPT_LINE = re.compile(rf"(?:[a-z0-9]+_){{0,2}}{_KEPT_LINE}")
_FROM_THE_KEPT_LINE = re.compile(rf"_from_(?:[a-z0-9]+_){{0,2}}{_KEPT_LINE}$")


def _without_kept_line(changes: list[Change]) -> list[Change]:
    """The changes without the mentions of the kept configuration they are made to ("champion",
    "triton champion", "current best"), and a part removed "from champion" named by itself."""
    out = []
    for change in changes:
        parameter = str(change["parameter"])
        if change["to"] is None and change["from"] is None and _THE_KEPT_LINE.fullmatch(parameter):
            continue
        if (cut := _FROM_THE_KEPT_LINE.sub("", parameter)) != parameter and cut:
            change = {**change, "parameter": cut}
        out.append(change)
    return out


# "clip gradients at 1.0", "cap grad norm at 1.0": a setting that names no value of its own, then
# "at" and a value alone, is set to that value ("lr 0.04 at depth 12" keeps "at" as context).
_AT_VALUE = re.compile(rf"^([^\d=]+?)\s+at\s+({_ONE_VALUE})$", re.I)


# A family of settings named once before the members are set: "LR tuning EMBEDDING=0.35
# MATRIX=0.055", "LRs: matrix=0.02 embedding=0.3", "WD embedding=0.01". The family word has no value
# of its own; a word that has ("LR 0.04, depth=12") is a change, and the settings after it are not its.
_FAMILY_WORD = re.compile(
    r"\b(?:(?P<lr>LRs?|learning[ _]rates?)|(?P<wd>WDs?|weight[ _]decays?))\b(?!\s*[=:]?\s*[-+]?[\d.])", re.I
)


# The groups of weights an optimiser gives rates and decays of their own (a model's dimensions are not).
_PARAMETER_GROUPS = frozenset({"embedding", "embeddings", "unembedding", "matrix", "scalar", "head", "bias", "norm", "gain"})


def _of_family(changes: list[Change], text: str) -> list[Change]:
    """Members of a family named once before them, named as members (`embedding` -> `embedding_lr`)."""
    found = _FAMILY_WORD.search(text)
    if not found or not changes:
        return changes
    after = text[found.end() :]
    suffix = "lr" if found.group("lr") else "weight_decay"
    members = [str(c["parameter"]) for c in changes]
    if not all(
        "_" not in name
        and (category_of_parameter(name) is None or name in _PARAMETER_GROUPS)
        and re.search(rf"\b{re.escape(name)}\s*=", after, re.I)
        for name in members
    ):
        return changes
    return [{**c, "parameter": normalise_parameter(f"{c['parameter']}_{suffix}")} for c in changes]


def _named_value(name: str, rest: str) -> bool:
    """Whether "name: value" sets the name: one word that is no measurement, and only a value after
    the colon ("lr: 0.02"); a label of several words before a number reports a result
    ("S4 exp1b PatchDropout: 215.4"), and so does a metric ("val_bpb: 1.21")."""
    word = name.strip()
    return (
        bool(re.fullmatch(r"[A-Za-z][\w.-]*", word))
        and not METRIC_WORDS.fullmatch(word)
        and bool(_LONE_VALUE.fullmatch(_TRAILING_REMARK.sub("", rest).strip()))
    )


# A remark in parentheses at the end ("lr: 2e-4 -> 1.5e-4 (x0.75)"): said about the value, no part of it.
_TRAILING_REMARK = re.compile(r"\s*\([^()]*\)\s*$")


# A later clause about the change itself ("and it lost locality", "which hurt"): a report, never a change.
_REPORT = re.compile(r"^(?:it|it's|which|they)(?:\s|$)", re.I)
# What a change was like or did, told after it: "lm_head tail was mixed", "SDE denoiser makes it worse".
_TOLD_OF = re.compile(r"\s+(?:was|were|makes|made)\s+", re.I)
# Settings listed as "name: value" or "name: old->new" ("outer_srr: 45->50, p: 50->52").
_COLON_SETTING = rf"[A-Za-z][\w.-]*:\s*{NUM}%?(?:\s*(?:->|→)\s*{NUM}%?)?"
_COLON_SETTINGS = re.compile(rf"{_COLON_SETTING}(?:\s*,\s*{_COLON_SETTING})+")


def _assignments(head: str) -> str:
    """A list of "name: value" settings as assignments ("a: 1->2, b: 3" -> "a=1->2, b=3"); a
    measurement among them ("val_bpb: 1.21") reports a result and is left as written."""
    if not _COLON_SETTINGS.fullmatch(head):
        return head
    items = [item.split(":", 1) for item in re.split(r"\s*,\s*", head)]
    return ", ".join(
        f"{name}: {value.strip()}" if METRIC_WORDS.fullmatch(name) else f"{name}={value.strip()}" for name, value in items
    )


def _settings(changes: list[Change]) -> list[Change]:
    """The changes that are settings: how a run ended ("exit=1", "FAIL") is evidence, not a change."""
    return [
        c
        for c in changes
        if not is_exit_status(str(c["parameter"]), None if c["to"] is None else str(c["to"]))
        and not (c["to"] is None and is_result(str(c["parameter"]).replace("_", " ")))  # "improved +0.0058"
    ]


def _expression_change(name: str, expression: str) -> Change | None:
    """ "confidence penalty min(t/(n+5), 1)" sets the penalty to the expression; a verb alone before
    it ("add log(print_speed)") adds the expression itself."""
    name, verb = strip_verbs(name)
    if not name:
        return make_change(expression, None, None, verb or "set")
    return make_change(name, None, expression, verb if verb in ("add", "enable") else "set")


# "hidden [128,64]", "milestones [30, 60]", "hidden dims [256]": a name (of one or two words) followed
# by a bracketed list of numbers sets it to the list, as "hidden=[128,64]" does.
_NOT_A_NAME = r"(?!(?:from|to|vs|than|of|and|or|at|with|in|into)\s)"
_LIST_SETTING = re.compile(
    rf"(?<![\w=\[])(?:{_NOT_A_NAME}(?P<first>[A-Za-z_][\w.]*)\s+)?{_NOT_A_NAME}(?P<name>[A-Za-z_][\w.]*)"
    r"\s+(?P<list>\[\s*-?\d[\d.eE+-]*(?:\s*,\s*-?\d[\d.eE+-]*)*\s*\])",
    re.I,
)


def _list_setting(found: re.Match[str]) -> str:
    first, name = found.group("first"), found.group("name")
    if first is None or first.lower() in VERBS or first.lower() in NARRATIVE:
        return f"{first + ' ' if first else ''}{name}={found.group('list')}"
    return f"{first}_{name}={found.group('list')}"


# "train for 600 epochs", "run for fewer steps": the verb of running says no change and its "for" no
# purpose; what it runs for is the change.
_RUN_FOR = re.compile(
    r"(^|,\s+|;\s+|\+\s*|\band\s+)(?:train|run|fine-?tune|pre-?train)\s+(?:the\s+model\s+)?for\s+(?=\d|(?:more|fewer|less|twice|half|double)\b)",
    re.I,
)


def _parse_head(head: str) -> list[Change]:
    head = _RUN_FOR.sub(r"\1", _LIST_SETTING.sub(_list_setting, head))
    formula = FORMULA.match(head) if not INSTEAD.match(head) else None  # "SwiGLU instead of relu^2" is a swap
    if formula and re.search(r"[A-Za-z]", formula.group("v")) and re.search(r"[\d(]", formula.group("v")):
        # "confidence penalty min(t/(n+5), 1)", "confidence n*2+3": the value is an expression
        made = _expression_change(formula.group("name"), formula.group("v"))
        if made:
            return [made]
    head = _assignments(head)
    prefix = PREFIX.match(head)
    if prefix and _named_value(prefix.group(1), head[prefix.end() :]):
        head = f"{prefix.group(1)} {head[prefix.end() :].strip()}"  # "lr: 0.02", "dropout: 0.1 -> 0.2"
    elif prefix:
        rest = head[prefix.end() :]
        said_first = [] if _is_tag(prefix.group(1)) else _parse_head(prefix.group(1))
        if any(c["to"] is not None and parse_number(str(c["to"])) is not None for c in said_first) and not (
            _settings_list(rest) and not any(c["parameter"] in KNOWN_PARAMETERS for c in said_first)
        ):
            # "MoE 8 experts top-2: 35.7M params, 305 steps": a setting with its number said first,
            # then what the run came to. A word taken as a value ("B1 follow-up", "S6 exp1") is a
            # label: the change comes after it.
            return said_first
        rest_changes = _parse_head(rest)
        if any(c["to"] is not None for c in rest_changes) or _is_tag(prefix.group(1)):
            return rest_changes
        if rest_changes and _acts(rest) and not _acts(prefix.group(1)):
            return rest_changes  # "cleanup: remove unused X", "totals: add indoor flag": a topic, then what was done
        head = prefix.group(1)
    main, inner = _main_and_parentheses(head)
    main = _shared_head_given_out(main)
    replaced = _with_replacements(main)  # before the split at "with"/"for", which would halve them
    if replaced is not None:
        return _dedupe(replaced + _settings_in_parentheses(head, inner))
    at_value = _AT_VALUE.match(main)
    if at_value and not OUTCOME.search(at_value.group(1)) and len(re.sub(r"\D", "", at_value.group(2))) <= 6:
        main = f"{at_value.group(1)} {at_value.group(2)}"  # not a report ("FAIL at 64%") or an id ("frozen at 2853772")
    held_at = precision_of_a_part(main)  # before "in"/"for" is cut as context: here it says the format
    if held_at:
        return _dedupe(held_at + _settings_in_parentheses(head, inner))
    main, brought = _settings_brought(main)
    main = _TOLD_OF.split(CONTEXT.split(main, maxsplit=1)[0], maxsplit=1)[0]
    changes: list[Change] = []
    verb: str | None = None
    led = False  # whether the last change's direction came from a verb before it (not "VIX removed")
    joins = [""] + [_joiner(m.group(0)) for m in SPLIT.finditer(main)]
    for index, clause in enumerate(SPLIT.split(main)):
        joined = joins[index] if index < len(joins) else ""
        if joined == "," and _list_ends_with_and(joins[index:]):
            joined = "and"  # "lower X, Y and Z": the commas of a list join as its "and" does
        clause = MANNER.split(CONTEXT.split(clause, maxsplit=1)[0], maxsplit=1)[0]
        if index and _REPORT.match(clause):
            continue  # "..., and it regressed clearly": what the change did, told after it
        if CONTEXT_START.match(clause):
            continue  # "..., keeping WD at 0.1": what stayed as it was
        clause_verb = leading_verb(clause)
        # "add X and Y": the verb carries over. Joined by "and" or "+" only (not "with" or a comma,
        # which may bring what goes with the change), a direction carries too: "drop X + Y", whose verb
        # may also lower a value, removes Y as it removed X, and "lower lr and warmup" lowers both. A
        # direction written after its name is that name's alone: "VIX removed + full retrain".
        conjoined = joined in _CONJUNCTIONS
        carried = verb if verb in _CARRIED or not (verb and changes and conjoined and led) else str(changes[-1]["direction"])
        prefixed = clause_verb is None and carried in _CARRIED and not re.search(r"\d|=", _CODE_NAME.sub("", clause))
        if prefixed:
            clause = f"{carried} {clause}"
        led = clause_verb is not None or prefixed
        found = parse_clause(clause)
        if clause_verb is None and conjoined and verb in ("increase", "decrease") and _a_setting_named(found):
            found = [{**found[0], "direction": verb}]
        verb = clause_verb or verb
        owned = owned_by(changes[-1], found) if len(changes) == 1 else None
        changes = owned if owned is not None else changes + found
    if brought:  # "train on X with a=1": the verb of running names no setting beside them
        changes = [c for c in changes if not (c["to"] is None and c["parameter"] in _RUNNING)]
        changes += [c for c in brought if c["parameter"] not in {d["parameter"] for d in changes}]
    assigned = [
        c
        for part in inner
        if not holds_result(part)
        for c in _parse_assignments(_spaced_settings(part) or _counted_settings(part) or part)
    ]
    if not assigned and len(changes) == 1 and changes[0]["to"] is None and str(changes[0]["parameter"]) in FAMILIES:
        # "3x LR increase (matrix 0.001->0.003, scalar 0.01->0.03)": the members of a family of
        # settings, each moved; beside anything else such moves may be results ("PTS 2.29->2.26")
        moves = [part for part in inner if _SPACED_MOVES.fullmatch(part.strip()) and not holds_result(part)]
        assigned = [c for part in moves for c in _parse_assignments(_moves_as_assignments(part))]
    named = [] if assigned else [c for part in inner if not holds_result(part) for c in _settings_by_code_name(part)]
    if named:
        # "ease off the corner braking (curvature_preview 25->18, braking_factor 6.0->4.5)": the words
        # describe the moves the parentheses give by the names the code uses; beside a value the words
        # give ("use Lion optimizer (lr_scale 1.0->0.3)") both are kept
        said = [c for c in changes if c["to"] is not None]
        return _dedupe(said + named)
    if assigned and all(c["to"] is None for c in changes) and len(changes) > 1:
        return _dedupe(changes + assigned)
    if restated := _restated(changes, assigned):
        return _dedupe(restated)
    owned = owned_by(changes[0], assigned) if len(changes) == 1 else None
    if owned is not None:
        changes = owned
    elif removes_with_its_settings(changes, assigned):
        pass  # "remove mixup (alpha=0.2)": the settings it had go with it
    elif assigned and all(c["to"] is None for c in changes) and len(changes) <= 1:
        direction = changes[0]["direction"] if changes else "set"
        family = _family_of(str(changes[0]["parameter"])) if changes else None
        for change in assigned:
            if family and family not in str(change["parameter"]):
                change["parameter"] = f"{change['parameter']}_{family}"  # "lower LRs (matrix=0.02)" -> matrix_lr
            if direction in ("add", "increase", "decrease", "enable"):
                change["direction"] = direction
        changes = assigned
    elif not ASSIGN.search(main) and not any(c["from"] is not None and c["to"] is not None for c in changes):
        # beside a move the text gives ("batch 2x8 -> 4x4 (effective=16)"), settings in
        # parentheses remark on it
        changes += _settings_in_parentheses(head, inner)
    return _dedupe(_started_by_parentheses(_valued_by_parentheses(changes, inner), inner))


def _restated(changes: list[Change], assigned: list[Change]) -> list[Change]:
    """The changes by the names a remark restates them with, value for value and in order
    ("H=2/K=16 (n_heads=2, head_dim=16)", "d=64 (d_model=64)", "lr=0.01 (matrix_lr=0.01)"): the
    clause's names are the writer's shorthand, the remark's the code's. Empty when the remark says
    anything else."""
    if not changes or len(changes) != len(assigned):
        return []
    pairs = list(zip(changes, assigned, strict=True))
    if not all(c["to"] is not None and same_value(str(c["to"]), str(a["to"])) and len(str(a["parameter"])) > 1 for c, a in pairs):
        return []
    return [{**c, "parameter": a["parameter"]} for c, a in pairs]


# A remark in parentheses that is one value, bare or after the one word it is ("dropout (0.1)",
# "gradient clipping (norm 10)", "label smoothing (coefficient 0.1)", "worker TTs (64K)"). Not a signed
# figure ("(-7.0%)", a result) nor one a word of comparison or time places ("(was 5.53)", "(vs 0.8)").
_REMARKED_VALUE = re.compile(r"(?:(?P<word>[a-z]+)(?:\s+|\s*[:=]\s*))?(?P<value>\d+(?:\.\d+)?(?:e-?\d+)?[kmb]?x?)", re.I)
_NOT_THE_VALUE = frozenset(
    str.split(
        "was were from vs versus prev previous baseline base best old before now default orig original "
        "run exp step steps epoch epochs seed seeds id rank top n"
    )
)


# A remark that gives the value before the change: "L2 1e-4 (was 1e-5)", "3 taps (was 1)".
_EARLIER_VALUE = re.compile(r"(?:was|previously|prev|from)\s+(?P<value>\S+)", re.I)


def _started_by_parentheses(changes: list[Change], inner: list[str]) -> list[Change]:
    """The one change a clause sets to a value, with the value it started from that its remark gives;
    the numbers say which way it went."""
    starts = [m.group("value") for part in inner if (m := _EARLIER_VALUE.fullmatch(part.strip()))]
    if len(changes) != 1 or len(starts) != 1 or changes[0]["to"] is None or changes[0]["from"] is not None:
        return changes
    change, old = changes[0], starts[0]
    new = str(change["to"])
    if (parse_number(old) is None and parse_number(new) is not None) or old.endswith("%") != new.endswith("%"):
        return changes  # "(was last-4)" beside a count, "8 tests (was 0%)": no value of the same kind
    moved = compare(old, change["to"])
    direction = moved if moved and change["direction"] in ("set", "increase", "decrease") else change["direction"]
    return [{**change, "from": old, "direction": direction}]


def _valued_by_parentheses(changes: list[Change], inner: list[str]) -> list[Change]:
    """The one change a clause names without a value, given the value its remark in parentheses is."""
    if len(changes) != 1 or changes[0]["to"] is not None or changes[0]["direction"] in ("remove", "disable"):
        return changes
    values = [m for part in inner if (m := _REMARKED_VALUE.fullmatch(part.strip()))]
    if len(values) != 1 or (values[0].group("word") or "").lower() in _NOT_THE_VALUE:
        return changes
    return [{**changes[0], "to": values[0].group("value")}]


# Settings a "with" brings at the end ("train on full-clean data with n_train=4096,max_steps=90"):
# a clause of their own, which a context word before them ("on") must not cut off.
_WITH_SETTINGS = re.compile(r"\s+with\s+(?=[^\W\d_][\w.]*\s*=)(?P<settings>.+)$", re.I)


_REPORTING = re.compile(r"(?:but|because|since|so|than|vs\.?|versus|which|that|beats?)$", re.I)
_RUNNING = frozenset({"train", "run", "retrain", "rerun", "finetune", "fine_tune", "pretrain"})


def _settings_brought(main: str) -> tuple[str, list[Change]]:
    """`main` without a list of settings a "with" brings at its end, and those settings (read only
    where a context word comes before them: otherwise the clauses read them as usual)."""
    found = _WITH_SETTINGS.search(main)
    context = CONTEXT.search(main)
    if not found or not context or context.start() >= found.start() or not _settings_list(found.group("settings")):
        return main, []
    if OUTCOME.search(main[context.start() : found.start()]) or _REPORTING.match(context.group(0).strip()):
        return main, []  # "but eval timed out with batch_size=1": the settings of what happened
    return main[: found.start()], _parse_assignments(found.group("settings"))


# The verbs a sentence that says what was done starts with, in the imperative or the past ("add",
# "removed"): not a comparative ("larger function hurt", "2x slower") or a bare "no"/"on".
_MOVES = frozenset(
    re.findall(
        r"\w+", "increase increased raise raised decrease decreased reduce reduced lower lowered double doubled halve halved"
    )
)
_ACTION_VERBS = (ADD | REMOVE | REPLACE | ENABLE | DISABLE | SET | _MOVES) - {"no", "without", "on", "off"}


def _acts(text: str) -> bool:
    """Whether `text` starts with a verb of doing ("remove unused X", "use Rx-Qx as input")."""
    first = text.split(maxsplit=1)
    return bool(first) and first[0].lower().strip(",") in _ACTION_VERBS


def _a_setting_named(found: list[Change]) -> bool:
    """Whether a clause only names one setting that holds an amount, with no value or choice of its
    own ("wd" after "reduce dropout +", "eval batch" after "double train batch and"), so that a
    direction said before it applies to it too. A part or a technique ("MPS", "label smoothing",
    "hard gates") is added, not moved."""
    if len(found) != 1 or found[0]["to"] is not None or found[0]["direction"] != "add":
        return False
    name = str(found[0]["parameter"])
    return name in KNOWN_PARAMETERS or bool(_AMOUNTS & set(name.split("_")))


# Words of a name that say it holds an amount, which can go up or down.
_AMOUNTS = frozenset(
    re.findall(
        r"\w+",
        "rate ratio size steps dim width depth layers heads threshold max min decay dropout momentum lr batch "
        "window epochs budget length len scale warmup warmdown capacity",
    )
)


# A list of the groups a setting comes in, then the setting once, in the plural: "embedding and matrix
# learning rates", "attention, MLP and residual dropouts". The plural says each group has its own.
_SHARED_HEAD = re.compile(
    r"\b(?P<groups>[A-Za-z][\w-]*(?:\s*,\s*[A-Za-z][\w-]*)*,?\s+(?:and|&)\s+[A-Za-z][\w-]*)\s+"
    r"(?P<head>learning\s+rates|LRs|weight\s+decays|WDs|dropouts|inits|initiali[sz]ations)\b",
    re.I,
)
_GROUP_SEPARATOR = re.compile(r"(\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+)", re.I)


def _shared_head_given_out(text: str) -> str:
    """ "lower embedding and matrix learning rates" as "lower embedding learning rate and matrix
    learning rate": each group named with the setting, so each becomes a change of its own."""

    def given_out(match: re.Match[str]) -> str:
        parts = _GROUP_SEPARATOR.split(match.group("groups"))
        groups = parts[0::2]
        if any(group.lower() in VERBS for group in groups):
            return match.group(0)  # "lower and raise LRs": verbs, no groups
        singular = re.sub(r"s$", "", match.group("head"), flags=re.I)
        return "".join(f"{part} {singular}" if index % 2 == 0 else part for index, part in enumerate(parts))

    return _SHARED_HEAD.sub(given_out, text)


def _joiner(boundary: str) -> str:
    """The word a clause boundary joins with: ", and" ends a list and joins as "and"."""
    joined = boundary.strip().lower()
    return joined[1:].strip() if joined.startswith(",") and len(joined) > 1 else joined


def _list_ends_with_and(joins: list[str]) -> bool:
    """Whether the commas from here on lead to an "and" that ends their list ("X, Y, and Z")."""
    for joined in joins:
        if joined != ",":
            return joined == "and"
    return False


_CARRIED = ("add", "remove", "enable", "disable")  # the verbs that carry over to the next item of a list
_CONJUNCTIONS = frozenset({"and", "+", "&", "plus"})
# A name written as code ("vol_z_15", "pow_mod_2_k"): its digits are part of it, no value.
_CODE_NAME = re.compile(r"\b[A-Za-z]\w*_\w+")


# "... with rerank top_n=20": a "with" that brings settings starts a clause of its own.
_CLAUSES = re.compile(r"\s*[,;]\s+|\s+\+\s+|\s+and\s+|\s+plus\s+|\s+with\s+(?=(?:[A-Za-z_][\w.]*\s+)?[A-Za-z_][\w.]*\s*=)", re.I)


def _with_replacements(main: str) -> list[Change] | None:
    """The changes of a text with a replacement among its clauses ("replace AdamW with Lion, lr 0.05"),
    each other clause read as usual; None when no clause is a replacement."""
    clauses = _CLAUSES.split(main)
    found = [replacement(clause) for clause in clauses]
    if not any(found):
        return None
    return [c for clause, made in zip(clauses, found, strict=True) for c in (made or _parse_head(clause))]


def _settings_in_parentheses(head: str, inner: list[str]) -> list[Change]:
    """ "discounting (α=1.5, γ=2)": settings in parentheses, and nothing else there, are the settings
    of a change named in words. Beside settings written out ("lr=5e-4 (narrower=worse)") they are a
    remark, and after a context clause ("on merged pool (k=60)") they describe that context."""
    out: list[Change] = []
    for part in inner:
        before = head[: head.find(f"({part})")]
        settings = part if _only_assignments(part) else _spaced_settings(part)
        if settings and not CONTEXT.search(before):
            out += _parse_assignments(settings)
    return out


# A known setting and its number, written with a space ("accum 8", "lr 2e-5").
_SPACED_SETTING = re.compile(rf"(?P<name>[A-Za-z][\w-]*)\s+(?P<value>{NUM}[kKmM%]?)")


def _spaced_settings(part: str) -> str | None:
    """ "seq 8192 (accum 8)", "Lion optimizer (lr 2e-5)": settings in parentheses written with a
    space, as `name=value` text, when every item is a setting the vocabulary knows and its number.
    A word it does not know may name a measurement ("(val 1.02)", "(bpb 0.98)"): then None."""
    items = _items(part)
    found = [_SPACED_SETTING.fullmatch(item) for item in items]
    if not found or not all(_names_a_known_setting(m) for m in found):
        return None
    return ", ".join(f"{m.group('name')}={m.group('value')}" for m in found if m)


def _items(part: str) -> list[str]:
    """The items of a list in parentheses, split at its commas and semicolons."""
    return [item for item in re.split(r"\s*[,;]\s*", part.strip()) if item]


def _counted_settings(part: str) -> str | None:
    """ "(embed=256, hidden=512, 6 Layers)": settings in parentheses where some are counts written
    before their noun, as `name=value` text, when every other item is an assignment and every counted
    noun names a setting the taxonomy knows; otherwise None."""
    items = _items(part)
    counted = [_COUNT_OF.fullmatch(item) for item in items]
    if not any(counted) or all(counted):
        return None
    out = []
    for item, count in zip(items, counted, strict=True):
        if count is not None and category_of_parameter(normalise_parameter(count.group("name"))):
            out.append(f"{count.group('name')}={count.group('value')}")
        elif count is None and ASSIGN.fullmatch(item):
            out.append(item)
        else:
            return None
    return ", ".join(out)


def _settings_list(text: str) -> bool:
    """Whether `text` lists settings ("η=0.139, βmax=0.43"): only assignments, none of a measurement.
    After a label with a number of its own ("BlackBoxOptim 50 evals: η=0.139, ..."), they are the
    change, and the label says how they were found."""
    return _only_assignments(text) and not any(METRIC_WORDS.fullmatch(m.group("name")) for m in ASSIGN.finditer(text))


def _only_assignments(text: str) -> bool:
    """Whether `text` is nothing but `name=value` settings, separated by commas or spaces."""
    rest = ASSIGN.sub("", text)
    return rest != text and not re.sub(r"[\s,;]", "", rest)


def _is_tag(prefix: str) -> bool:
    """`Player AST:` or `C/METAL:` label what follows; `Spin-poll GPU wait:` is itself the change."""
    words = prefix.split()
    return (len(words) <= 2 and all(not w.islower() for w in words)) or ("/" in prefix and " " not in prefix)


def _parse_assignments(text: str) -> list[Change]:
    out = []
    for match in ASSIGN.finditer(text):
        old, new = (match.group("a"), match.group("b")) if match.group("b") else (None, match.group("a"))
        made = make_change(match.group("name"), old, new, compare(old, new) or "set")
        if made:
            out.append(made)
    return out


# A list of moves written "name old -> new" ("matrix 0.001->0.003, scalar 0.01->0.03"): each is
# a setting moved, as "matrix=0.001->0.003" writes it.
_SPACED_MOVE = rf"[^\W\d_][\w.-]*\s+{NUM}%?{ARROW}{NUM}%?"
_SPACED_MOVES = re.compile(rf"{_SPACED_MOVE}(?:\s*[,;]\s*{_SPACED_MOVE})*")


# A setting written by its name in code, words joined by underscores ("braking_factor 1.6",
# "stuck_time_threshold 1.5->0.8"); not a measurement of memory ("peak_vram_mb 44000").
_BY_CODE_NAME = re.compile(rf"(?P<name>[^\W\d_][^\W_]*(?:_[^\W_]+)+)\s+(?P<value>{NUM}%?(?:{ARROW}{NUM}%?)?)")


def _settings_by_code_name(part: str) -> list[Change]:
    """The settings of a remark in parentheses that lists only settings by their names in code, each
    moved ("a_b 1->2") or, two or more of them, each with its value ("min_speed 5.3, braking_factor 1.6");
    otherwise none. One name and one number alone may be a result ("(tokens_seen 1.2)")."""
    found = [_BY_CODE_NAME.fullmatch(item) for item in _items(part)]
    if not found or not all(found):
        return []
    matches = [m for m in found if m]
    if any(MEMORY & set(m.group("name").lower().split("_")) for m in matches):
        return []
    if len(matches) == 1 and not re.search(ARROW, matches[0].group("value")):
        return []
    return _parse_assignments(", ".join(f"{m.group('name')}={m.group('value')}" for m in matches))


def _family_of(parameter: str) -> str | None:
    """The family of settings a parameter names, itself or a kind of it ("embedding weight decay
    (wte=0.001 ve=0.003)": each member's weight decay)."""
    return next((word for name, word in FAMILIES.items() if parameter == name or parameter.endswith(f"_{name}")), None)


def _moves_as_assignments(moves: str) -> str:
    """ "matrix 0.001->0.003, scalar 0.01->0.03" (a list `_SPACED_MOVES` matches) as "matrix=0.001->0.003, scalar=0.01->0.03"."""
    return re.sub(rf"([^\W\d_][\w.-]*)\s+(?={NUM})", r"\1=", moves)


def _dedupe(changes: list[Change]) -> list[Change]:
    seen: set[tuple[object, object]] = set()
    out = []
    for change in changes:
        key = (change["parameter"], change["to"])
        if key not in seen:
            seen.add(key)
            out.append(change)
    return out


def _is_baseline(text: str) -> bool:
    """A baseline or re-baseline run, not "better than baseline"."""
    return (bool(BASELINE.match(text)) and not AGAINST_BASELINE.search(text)) or bool(ESTABLISHES_BASELINE.search(text))


@lru_cache(maxsize=16384)
def is_baseline_description(text: str) -> bool:
    """A baseline or re-baseline run's description, or its run's name (`baseline_12L`, `11L_baseline`:
    a name's words joined by underscores)."""
    text = re.sub(r"\s+", " ", text or "").strip()
    return _is_baseline(text) or (" " not in text and "_" in text and _is_baseline(text.replace("_", " ")))


@lru_cache(maxsize=4096)
def stated_settings(text: str) -> tuple[Change, ...]:
    """The settings a baseline's description states ("baseline (DEPTH=8, LR=0.04, XGBoost)": depth 8,
    learning rate 0.04, model XGBoost), each as a change to its value: the configuration the kept line
    starts from, never a change of the baseline's own. Empty for a description that is no baseline."""
    raw = re.sub(r"\s+", " ", text or "").strip()
    found = BASELINE.match(raw)
    if found is None or AGAINST_BASELINE.search(raw):
        return ()
    changes, _ = parse_stateless(raw[found.end() :].strip(" :-—–()[]"))
    return tuple(c for c in changes if c["to"] is not None and c["direction"] in ("set", "increase", "decrease", "replace"))


def categorise(changes: list[Change], text: str = "") -> str:
    """One change category from the changes' parameters (`text` is not read: a category belongs to a parameter)."""
    return _categorise(changes)


# KNOWN_PARAMETERS is part of this module's interface: the knowledge engine reads proposals with it.
__all__ = [
    "KNOWN_PARAMETERS",
    "categorise",
    "clean_description",
    "is_baseline_description",
    "parse_description",
    "parse_stateless",
    "stated_settings",
    "with_state",
]
