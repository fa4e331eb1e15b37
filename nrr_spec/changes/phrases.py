"""The words and patterns the description parser reads: verbs, value shapes, context and rationale markers."""

from __future__ import annotations

import re

from .domain import SPLITS
from .names import PARAMETER_SYNONYMS

KNOWN_PARAMETERS = set(PARAMETER_SYNONYMS.values()) | {"depth", "width", "heads", "seq_len"}

NUM = r"[-+]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?"
# A tuple of numbers is one value ("(0.9, 0.95)", Python's one-element "(3,)"), and so is a range
# ("6-8", "100..500").
TUPLE = rf"\(\s*{NUM}(?:(?:\s*,\s*{NUM})+|\s*,)\s*\)"
RANGE_END = r"(?:\.\.\.?|–|-)\d+(?:\.\d+)?(?![\d.])"
VALUE = rf"(?:{TUPLE}|~?{NUM}(?:(?:\^|\*\*)\d+)?(?:{RANGE_END})?(?:/{NUM})*[a-zA-Z%×²]*)"
# A product said as one value where a value is set or moved ("bigram=65536x128", "2x8 -> 4x4"):
# elsewhere "5x5" may be part of a name ("5x5 tap heatmap").
PRODUCT = r"\d+(?:[x×]\d+)+(?![\w.])"
WORD_VALUE = r"[\w.\-/²*]+(?:\s[\w.\-/²*]+)?"
ARROW = r"\s*(?:->|→|=>|⇒|-->)\s*"

UP = {
    "increase",
    "increased",
    "increasing",
    "raise",
    "raised",
    "raising",
    "bump",
    "bumped",
    "boost",
    "grow",
    "double",
    "doubled",
    "triple",
    "quadruple",
    "lengthen",
    "lengthened",
    "extend",
    "extended",
    "boosted",
    "widened",
    "deepened",
    "widen",
    "deepen",
    "higher",
    "more",
    "larger",
    "bigger",
    "longer",
    "wider",
    "deeper",
    "up",
    "scale",
    "scaled",
}
DOWN = {
    "decrease",
    "decreased",
    "decreasing",
    "reduce",
    "reduced",
    "reducing",
    "lower",
    "lowered",
    "lowering",
    "cut",
    "halve",
    "halved",
    "halving",
    "quarter",
    "eighth",
    "shrink",
    "shorten",
    "shortened",
    # what a text or a structure is made smaller by: "Condense harness runtime notes", "compress the KV cache"
    "condense",
    "condensed",
    "compress",
    "compressed",
    "shrunk",
    "narrowed",
    "narrow",
    "narrower",
    "smaller",
    "less",
    "fewer",
    "shorter",
    "shallower",
    "tiny",
    "down",
    "trim",
    "drop",
}
# Verbs that say a setting changed without saying which way ("tighten the threshold" may raise or lower it).
SET = {
    "set",
    "change",
    "changed",
    "changing",
    "adjusting",
    "tuning",
    "modifying",
    "reorder",
    "reordered",
    "reordering",
    "tune",
    "tuned",
    "fine-tune",
    "adjust",
    "adjusted",
    "try",
    "tried",
    "test",
    "retune",
    "retuned",
    "sweep",
    "tweak",
    "tweaked",
    "nudge",
    "nudged",
    "modify",
    "modified",
    "tighten",
    "tightened",
    "loosen",
    "loosened",
    "relax",
    "relaxed",
    "strengthen",
    "strengthened",
    "weaken",
    "weakened",
    # a stronger penalty may be a larger weight or a smaller C: the name, not the way
    "stronger",
    "weaker",
    "go",  # "go to 18 layers"
    # reworking something names it without a way to go ("fix advantage clamping", "refine the prompt");
    # not "fixed" or "improved", which describe ("fixed batch") or report ("improved +0.3%")
    "fix",
    "improve",
    "refine",
    "refined",
    "rework",
    "reworked",
    "rewrite",
    "rewrote",
    "revise",
    "revised",
    "update",
    "updated",
    "simplify",
    "simplified",
    "optimize",
    "optimized",
    "optimise",
    "optimised",
}
REPLACE = {"switch", "switched", "replace", "replaced", "swap", "swapped", "replacing", "convert", "migrate", "move"}
ADD = {"add", "added", "adding", "introduce", "require", "insert", "include", "implement"}
REMOVE = {"remove", "removed", "removing", "delete", "drop", "eliminate", "no", "without", "strip", "skip"}
# Bringing back what an earlier change took out ("restore the terminal RMSNorm") switches it on again; with
# a value ("restore lr from 0.02 to 0.01") it sets it, as "use 12 layers" does.
RESTORE = {
    "restore",
    "restored",
    "restoring",
    "reinstate",
    "reinstated",
    "re-enable",
    "re-enabled",
    "reenable",
    "reintroduce",
    "reintroduced",
    "re-introduce",
    "re-add",
    "re-added",
    "readd",
}
ENABLE = {"enable", "enabled", "use", "using", "turn on", "activate", "on", *RESTORE}
DISABLE = {"disable", "disabled", "turn off", "deactivate", "off"}
VERBS: dict[str, str] = {}
for _direction, _words in (
    ("increase", UP),
    ("decrease", DOWN),
    ("set", SET),
    ("replace", REPLACE),
    ("add", ADD),
    ("remove", REMOVE),
    ("enable", ENABLE),
    ("disable", DISABLE),
):
    for _word in _words:
        VERBS.setdefault(_word, _direction)
# Direction words that may follow the name they act on ("LR increase", "softcap removal").
# Nouns that also name things ("SIMD reduction", "loop swap") are left out.
TRAILING_VERBS = {
    "increase": "increase",
    "increased": "increase",
    "decrease": "decrease",
    "decreased": "decrease",
    "doubled": "increase",
    "halved": "decrease",
    "removal": "remove",
    "removed": "remove",
    "added": "add",
    "enabled": "enable",
    "disabled": "disable",
    "off": "disable",  # "dropout off", "flash attention off"
    "on": "enable",
}
# Values that switch a feature off or on ("fa=off", "USE_EMA=true").
SWITCH_VALUES = {
    **dict.fromkeys(("off", "false", "disabled", "disable"), "disable"),
    **dict.fromkeys(("on", "true", "enabled", "enable"), "enable"),
}
# Verbs of two words ("turn off X"), read before the one-word ones.
TWO_WORD_VERBS = {
    "turn off": "disable",
    "switch off": "disable",
    "turn on": "enable",
    "switch on": "enable",
    "bring back": "enable",
    "add back": "enable",
    "put back": "enable",
}
# Verbs that drop the thing they name when no value follows ("drop the bias"; "drop LR to 0.01" lowers it).
DROPPING_VERBS = {"drop", "dropped", "dropping"}
# Words that describe a run, not a change: a clause made only of these yields nothing.
GENERIC = {
    "baseline",
    "iteration",
    "experiment",
    "run",
    "rerun",
    "re-run",
    "train",
    "retrain",
    "repeat",
    "retry",
    "attempt",
    "config",
    "default",
    "auto",
    "research",
    "autoresearch",
    "best",
    "final",
    "test",
    "same",
    "original",
    "initial",
    "unmodified",
    "reference",
    "control",
    "sanity",
    "check",
    "fix",
    "bugfix",
    "refactor",
    "cleanup",
    "revert",
    "commit",
    "version",
    "new",
    "old",
    "confirm",
    "confirmed",
    "replicate",
    "seed",
    "the",
    "a",
    "an",
    "of",
    "and",
    "with",
    "v1",
    "v2",
    "v3",
}


def any_word(alternatives: str, *, whole_text: bool = False) -> re.Pattern[str]:
    """Any one of `alternatives` (words separated by `|`, each a regular expression) in any case: as a
    word of a text, or with `whole_text` as the whole text."""
    start, end = ("^", "$") if whole_text else (r"\b", r"\b")
    return re.compile(rf"{start}(?:{alternatives}){end}", re.I)


# A measurement, also on a named split ("training loss 4.86", "test_accuracy 0.91").
METRIC_WORDS = any_word(
    rf"(?:(?:{'|'.join(sorted(SPLITS))})_)?(?:"
    r"val_?bpb|bpb|val_?loss|loss|train_?loss|score|sharpe|subgroup|acc(uracy)?|wer|fid|rmse|mae|mmc|corr|tok/?s|"
    r"tok_s|ppl|perplexity|auc|psnr|reward|speedup|throughput|latency|tg|pp|geomean|median|mean|win_?rate|wr|pf|yield|"
    r"f1|iou|miou|dice|bleu|rouge|mse|mape|r2|ndcg|mrr|nll|bpc|cer|ssim|lpips|recall|top[15]|pnl|sortino|drawdown|elo|"
    r"correlation|pearson|spearman|"
    r"baseline|best)"  # the bar a run was measured against ("no improvement (baseline=0.5757)")
    # the metric itself ("primary metric improved"), not a setting that names one (eval_metric=auc, and
    # LightGBM's metric=auc)
    r"|(?:primary|main)_metric"
    # a measurement on a split of a log's own naming ("myval_f1", "oof_auc"); not a loss, whose
    # name is often a setting's (aux_loss, z_loss)
    r"|[a-z][a-z0-9]*_(?:f1|auc|acc|accuracy|bpb|rmse|mape|sharpe|ppl|perplexity|wer|bleu|iou|miou|r2)",
    whole_text=True,
)
# "smaller batch = more optimizer steps": a comparison after "=" is what the change leads to, no value.
_CONSEQUENCE = r"(?:more|less|fewer|better|worse|faster|slower|higher|lower|larger|smaller|bigger|cheaper)\b"
# "over" a count is a span ("SWA over 150 steps"), not what is replaced ("GELU over ReLU").
_OVER_A_SPAN = r"over(?=\s+(?:the\s+)?(?:last\s+|first\s+)?\d)"
CONTEXT = re.compile(
    rf"(?<!\bturn)(?<!\bswitch)\s+(?:=(?=\s+{_CONSEQUENCE})|at|in|keep|keeps|keeping|{_OVER_A_SPAN}|on(?!\s+(?:all|every|each)\b)|for|given|while|during|after|before|vs\.?|versus|than|because|since|so|but|"
    r"beats?|which|that)\s+",
    re.I,
)
# How, where or when a change is made ("k_const correction via 2n halvings", "scan within a level",
# "fuse ReLU into the MLP", "skip the build when hill climbing"): not part of its name, and no
# context for the clauses after it ("X via Y + Z" still changes Z).
MANNER = re.compile(r"\s+(?:via|across|through|within|inside|around|into|onto|when|whenever|if|unless)\s+", re.I)
# "VE on all layers": where a component is applied is its value, not context.
SCOPE = re.compile(r"^(?P<name>.+?)\s+on\s+(?P<v>(?:all|every|each)\s+[A-Za-z][\w-]*)$", re.I)
# More settings after a semicolon ("lookback=142; purge=4"): name=value pairs and nothing else.
# A setting's value: a word or number, or a list in brackets (its commas and spaces are the list's),
# moved or not ("entry_window=[0, 60]->[0, 295]").
_SETTING_VALUE = r"(?:\[[^\[\]=;]*\](?:\s*(?:->|→)\s*\[[^\[\]=;]*\])?|[^\s=;]+)"
SETTINGS_AFTER_SEMICOLON = re.compile(
    rf"^[A-Za-z_][\w.]*\s*=\s*{_SETTING_VALUE}(?:\s*[,;]?\s+[A-Za-z_][\w.]*\s*=\s*{_SETTING_VALUE})*$"
)
# Verbs that say what a change is for ("to converge faster", "to match the paper"): plain English
# purposes, beside the direction verbs. "to attention weights" (where it goes) is not one.
PURPOSE_VERBS = frozenset(
    re.findall(
        r"\S+",
        "address allow assess avoid balance boost bring capture check compare compensate confirm converge counter "
        "encourage evaluate examine exploit explore fit fix force free get give handle help improve inspect "
        "investigate isolate keep learn let limit make match measure mitigate offset prevent probe push recover "
        "regularize regularise restore "
        "save see smooth speed squeeze stabilise stabilize test trade try verify favor favour prefer minimize "
        "minimise maximize maximise",
    )
)
# What a change is for: " to" + a verb ("to converge faster", "in order to fit memory");
# `text.before_purpose` says when it follows the change.
PURPOSE = re.compile(rf"\s+(?:in\s+order\s+|so\s+as\s+)?to\s+(?=(?:{'|'.join(sorted(PURPOSE_VERBS | set(VERBS)))})\b)", re.I)
# A value at the end of what precedes, with a unit word after it ("to 3e-4", "to 500 steps").
VALUE_AT_END = re.compile(r"(?:^|[\s=:>→])[-+~]?\.?\d\S*(?:\s+[A-Za-z]+)?$")
# What a change is expected to do ("... will allow the MLP to ...", "should help"): a forecast, not a change.
MODAL = re.compile(r"\s+(?:will|would|should|could|might|can|may)\s+", re.I)
RATIONALE = re.compile(r"\s+[—–]\s*|\s*[—–]\s+|\s+-{1,2}\s+|\s+\|\s*|;\s+|\.\s+(?=[A-Z(\d])|\s+←")
# A run's tag before its change: "[gpu0]", "exp12:", "Required run 2:", "Iteration 3:", "R33 ", and
# an experiment's number glued to its word with no colon after it ("Exp8 frame skip 3->4"), which
# names no setting ("iter 500" may).
_RUN_WORD = r"(?:agent|gpu|worker|exp|experiment|iter|iteration|trial|run)"
# A place in a series of runs tags them too, before a setting ("STATE-SIZE LADDER deck rung 1 (iter 5):
# n_heads 2->1"); before words alone it may close the change ("reverse-LCV attempt 1: wastes budget").
_SERIES_WORD = r"(?:rung|stage|phase|round|attempt|variant|ablation)"
# Words that number a run, a series' place or a plan's part ("STEP 2 fuse ...", "Run 004"): with their
# number they label what follows and set nothing.
NUMBERING_WORDS = frozenset(re.findall(r"[a-z]+", _RUN_WORD + _SERIES_WORD)) | {"step", "part", "version"}
TAG = re.compile(
    rf"^\s*(?:\[[^\]]*\]\s*|(?:[A-Za-z-]+ ){{0,2}}{_RUN_WORD}[\s_-]?\d+[a-z]?\s*[:)]\s*"
    rf"|(?:[A-Za-z-]+ ){{0,4}}{_SERIES_WORD}[\s_-]?\d+[a-z]?(?:\s+\([^()]{{0,30}}\))?\s*:\s*(?=.*(?:->|→|=))"
    r"|r\d+[a-z]?\s+|exp[_-]?\d+[a-z]?\s+(?=\S)"
    # a hypothesis's number ("HYP-4.1", "hypothesis 2:") and a run's number written with its zeros ("Run 004")
    rf"|(?:hyp|hypothesis)[\s_-]?\d+(?:\.\d+)*[a-z]?\s*[:)]?\s+(?=\S)|{_RUN_WORD}[\s_-]?0\d+[a-z]?\s+(?=\S)"
    # a Conventional Commits type and scope ("perf(webrtc): ", "feat!: "): what kind of commit, not a setting
    r"|(?:feat|fix|perf|refactor|chore|test|tests|docs|build|ci|style)(?:\([^()]{0,40}\))?!?:\s+(?=\S))+",
    re.I,
)
PREFIX = re.compile(r"^\s*([A-Za-z][\w/ .'-]{0,30}?):\s+(?=\S)")
# Clause boundaries, never inside parentheses (a tuple's commas). ", and" ends a list ("X, Y, and Z"):
# the "and" joins, it is no part of the last item. A plus joins two changes after a
# called name when another or a capital follows ("Donchian(58/30)+Keltner(50,2.0x)"), not a formula's terms ("log(x)+y").
# "without" starts a clause of its own ("depth 12 without value embeddings"), except before a verb that
# says how the change was made ("fuse the kernels without changing arithmetic", "... without hurting loss").
_MANNER = (
    r"(?:chang|alter|affect|modify|touch|hurt|break|los|sacrific|compromis|increas|reduc|add|degrad|impact|regress"
    r"|rais|lower|slow|cost)\w*ing\b"
)
SPLIT = re.compile(
    r"(?:\s*,\s+and\s+|\s*,\s+|\s+\+\s*|(?<=[A-Za-z0-9])\+(?=[A-Za-z])|(?<=\))\+(?=(?-i:[A-Z])|[A-Za-z][\w-]*\()|\s+&\s+|\s+and\s+|\s+plus\s+|\s+with\s+|\s+(?=without\s+(?!"
    + _MANNER
    + r"))|\s*,(?=[A-Za-z]))"
    r"(?![^()]*\))(?![^\[\]]*\])",
    re.I,
)
TUPLE_RE = re.compile(TUPLE)
# A list of whole numbers is a setting's value ("hidden=[128,64]": layer sizes); a list of decimals
# is more often a report (per-fold scores), and is left to the words around it.
_SIZES = r"\[\s*\d+(?:\s*,\s*\d+)*\s*\]"
# A word a setting is set to ("adamw", "max-autotune", "True"): a hyphen joins its parts, and one
# before ">" starts an arrow ("True->False").
_WORD_SETTING = r"[A-Za-z][\w./]*(?:-(?!>)[\w./]*)*"
ASSIGN = re.compile(
    rf"(?<![\w.-])(?P<name>[^\W\d_][\w.]*(?:-[^\W\d_][\w.]*)*)\s*(?:=|:=)\s*(?P<a>{_SIZES}|{PRODUCT}|{VALUE}|(?!{_CONSEQUENCE}){_WORD_SETTING})"
    rf"(?:{ARROW}(?P<b>{_SIZES}|{PRODUCT}|{VALUE}|{_WORD_SETTING}))?"
)
FLAG = re.compile(rf"--(?P<name>[a-z][\w-]*)(?:\s+|=)(?P<a>{VALUE}|[A-Za-z][\w./-]*)")
# A count is a number before a plural noun ("10 layers", "8 heads", "3 seeds") or joined to a singular
# one by a hyphen after a whole number ("2-layer", "400-restart"): English grammar, not a list of nouns.
COUNT_NOUN = r"[A-Za-z]{2,}(?<![sS])[sS]"
VALUE_RE = re.compile(VALUE)
# A value in quotes may hold spaces: prompt 'telephone pole' -> 'utility pole'.
QUOTED = r"'[^'\n]{1,80}'|\"[^\"\n]{1,80}\"|‘[^’\n]{1,80}’|“[^”\n]{1,80}”"


def unquoted(value: str) -> str:
    """A value without the quotes it was written in ('utility pole' -> utility pole)."""
    if len(value) >= 2 and value[0] + value[-1] in ("''", '""', "‘’", "“”"):
        return value[1:-1].strip()
    return value


ARROW_CHANGE = re.compile(
    rf"^(?P<name>.*?)\s*(?:from\s+)?(?P<a>{QUOTED}|{PRODUCT}|{VALUE}|[\w().,\-/]+?){ARROW}(?P<b>{QUOTED}|{PRODUCT}|{VALUE}|{WORD_VALUE})\s*(?P<rest>.*)$"
)
# "from 8 documents to 4", "from four children to five": what the first value counts may stand between it and "to".
_UNIT_WORD = r"(?!(?:and|or|then|with|from|but|not|no)\b)[A-Za-z]{2,}"
TO_CHANGE = re.compile(
    rf"^(?P<name>.*?)\s+(?:from\s+)?(?P<a>{QUOTED}|{PRODUCT}|{VALUE})(?:\s+(?P<unit>{_UNIT_WORD}))?\s+to\s+(?P<b>{QUOTED}|{PRODUCT}|{VALUE})\s*(?P<rest>.*)$",
    re.I,
)
VERB_TO = re.compile(rf"^(?P<name>.+?)\s+(?:to|=|into|with|by)\s+(?P<b>{QUOTED}|{VALUE}|{WORD_VALUE})$", re.I)
VERB_TO_THEN_WORDS = re.compile(rf"^(?P<name>.+?)\s+(?:to|=)\s+(?P<b>{VALUE})\s+[a-z].*$", re.I)
NAME_VALUE = re.compile(rf"(?P<name>.+?)\s+(?P<v>{VALUE})")
INSTEAD = re.compile(
    rf"^(?P<new>.+?)\s+(?:instead of|rather than|(?!{_OVER_A_SPAN})over|in place of|replacing)\s+(?P<old>.+)$", re.I
)
# Numbers joined by dashes, three or more, are one value: a stage's widths ("width 32-64-128"). It and a
# product ("cutout 16x16") are the value only of a clause that is a name and it (`name_value_pairs`).
NUMBER_LIST = r"\d+(?:-\d+){2,}(?![\w.])"
PAIRS = re.compile(
    rf"(?<![\w.²])([A-Za-z][\w.'-]*(?:\s+[A-Za-z][\w.'-]*){{0,3}}?)\s+({PRODUCT}|{NUMBER_LIST}|{VALUE})(?:\s+({COUNT_NOUN})(?!\s+{NUM}))?(?=\s|$)"
)
# A formula's term: a name or number, or one parenthesised group ("t/(t+n+3)", "(n+1)^5").
_TERM = r"(?:[\w.]+|\([^()]*\))"
_CALL = r"\((?:[^()]|\([^()]*\))*\)"  # a call's arguments, with one level of nesting
# NAME followed by a formula (a call of a function written in lower case, as maths is: `min(t/(n+5), 1)`;
# `RoPE(16/64)` is a component called with its settings), or operators between terms), then at most
# a parenthesised remark.
FORMULA = re.compile(
    rf"^(?P<name>[A-Za-z][A-Za-z_ -]{{1,40}}?)\s+(?P<v>[a-z_][a-z0-9_]*{_CALL}|{_TERM}(?:[*+/^]{_TERM})+)\s*(?:\([^()]*\))?$"
)
MID_FORMULA = re.compile(
    rf"^(?P<pre>[A-Za-z][\w -]*?)\s+(?P<v>(?:[A-Za-z_]\w*)?(?:\*\*)?{_CALL}(?:[*/^][\w.]+)*|[\w.]+(?:[*/^][\w.()-]+)+)"
    r"\s+(?P<post>[A-Za-z][\w\s-]*)$"
)
GLUED = re.compile(r"([A-Za-z_]+?)[-_]?(\d+(?:\.\d+)?[kKmM]?)")  # "batch16"
HYPHENATED = re.compile(r"([A-Za-z][A-Za-z-]*?)-(\d+(?:\.\d+)?)")  # "tail-paddings-300"
LEAD = re.compile(
    rf"^(?P<verb>\w+\s+)?(?P<b>\d+(?=-[A-Za-z])|{NUM}[kKmM]?(?=\s+{COUNT_NOUN}\b))[\s-]+(?P<name>[A-Za-z]{{3,}})\b"
    r"(?:\s+(?P<next>[A-Za-z][\w-]*))?"
)
# Units of measure: "15-min budget" is a budget of 15 minutes, not 15 of something called a min.
UNITS = frozenset(
    re.findall(r"\w+", "ms msec sec secs second seconds min mins minute minutes hour hours day days kb mb gb tb bytes bits")
)
# What a length of training or a schedule is counted in: after a value, part of the parameter's name
# ("warmup 100 -> 400 steps" is warmup_steps, never a warmup ratio).
COUNTED_IN = frozenset(re.findall(r"\w+", "steps step iters iterations epochs tokens samples batches updates"))
# Words that start a clause giving the setting an experiment ran under, not a change ("keeping WD 0.1"),
# or what happened before it ("after the OOM, lr 0.02").
CONTEXT_START = re.compile(r"^(?:keeping|holding|at|given|while|after|since|because|following)(?:\s|$)", re.I)
# Words that tell the story of the runs ("code 137 then retried warmup 0.1", "so lr 0.05 again"): they
# order events and name no setting, so they are never part of a parameter's name.
NARRATIVE = frozenset(
    re.findall(r"\S+", "then so again also now finally retried retry retrying reran rerun re-ran re-run redo redid instead back")
)


# Words that may stand beside a known value without making the clause about something else.
VALUE_COMPANIONS = {
    "activation",
    "optimizer",
    "model",
    "regression",
    "norm",
    "normalization",
    "loss",
    "schedule",
    "mlp",
    "lr",
    "decay",
    "use",
    "the",
    "a",
    "with",
    "instead",
    "classifier",
    "regressor",
    "ensemble",
    "precision",
    "dtype",
}

# A plural family named before a list of members: the members' names get the family's suffix.
FAMILIES = {"learning_rate": "lr", "weight_decay": "weight_decay", "init": "init", "dropout": "dropout"}

# "基线" (or "基准") is the word for it in Chinese, "ベースライン" or "基準" in Japanese and "베이스라인" in
# Korean, the other languages loops write their logs in (the status words of `convert.values` too).
# "Initial: chunk_size=512, top_k=5", "original config", "default settings": the configuration as it
# came, said first; "original config + SWA" is a change made to it.
BASELINE = re.compile(
    r"^\s*(?:(?:\S+\s+){0,3}?(?:(?:re-?)?baseline\b|基线|基准|ベースライン|基準|베이스라인)"
    r"|(?:initial|original|default)(?:\s*:|\s+(?:config(?:uration)?|setup|settings|state|defaults|parameters)\b)"
    # the configuration as it stands, run again to measure it: "current config unchanged", "config as is"
    r"|(?:(?:current|existing|starting)\s+)?(?:config(?:uration)?|setup|settings|code)\s+(?:unchanged|as[\s-]is)\b"
    r"|base\s*$)"  # "base", the whole description: the run everything after is measured against
    r"(?!\s+(?:\([^()]*\)\s*)?(?:\+|with\s+\w+\s*=))",
    re.I,
)

# A run made to set the bar the next ones are judged by: "Establish zero-regularization reference:
# ...", "Replicate label-smooth-02 on current dataset to establish clean baseline".
ESTABLISHES_BASELINE = re.compile(
    r"(?:^|\bto\s+)(?:re-?)?establish(?:es|ed|ing)?\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}?(?:baseline|reference)\b", re.I
)

# Which repeat of a run a row is: "run 7", "rep 3", "run #2".
_REPEAT_NUMBER = r"(?:run|rep)\s*#?\d+"
# A row that says it repeats a run: "SWA run 7 — unlucky seed", "KV8+rope32 rerun", "replicate".
REPEATED = re.compile(rf"\b{_REPEAT_NUMBER}\s*(?:$|[—–:;,(]|-\s)|\bre-?runs?\b|\brepeat(?:ed)?\b|\breplicat\w*", re.I)
# The repeat's number after what it repeats ("EMA run 2", "exp37 run7:", "SWA rerun 3"), group 1
# being the words before it; at the start, "Run 009 depth-4" numbers the run itself and is a tag.
# Only one such mark, where the change's words end: "combine run4 and run9" names runs.
REPEAT_MARK = re.compile(
    rf"^(?!.*\b{_REPEAT_NUMBER}\b.*\b{_REPEAT_NUMBER}\b)(.*?\w)\s+(?:re-?)?{_REPEAT_NUMBER}\b(?=\s*(?:$|[—–:;,(]|-\s))",
    re.I,
)

# A run that measures the code as it is, and says so: "Verification rerun (no code changes)",
# "Re-run without changes", "consistency re-run of unchanged code", "rerun of the current kept
# path", "confirmation rerun of Run 022" (a run named by its number, measured again). A rerun
# alone says nothing of what ran: it is as often a variant's second measurement.
REMEASURE = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:re-?runs?|verification|confirmation|noise[- ]check|re-?measure\w*|re-?verif\w*)\b"
    r"(?=.*\b(?:no\s+(?:code\s+)?changes?|without\s+(?:any\s+)?(?:code\s+)?changes?|unchanged\s+(?:code|config\w*|settings)"
    r"|same\s+code)\b|\s+(?:of\s+)?(?:the\s+)?current\s+(?:kept|best)\b"
    r"|\s+re-?run\s+of\s+(?:run|exp\w*|trial|iter\w*)\s*#?\d+\b"
    # "Confirmation run: byteindex tokenizer consistently 3,400-3,600us", "Final verification run.":
    # a run that confirms says so
    r"|\s+run\s*(?:[:.]|$)"
    # "focused rerun on new config": the configuration just kept, measured again
    r"|\s+on\s+(?:the\s+)?(?:new|current|kept|best|latest)\s+(?:config\w*|settings|code|best)\b)",
    re.I,
)

# A run of a configuration the log had before, and nothing new: "reverted to KNN", "rolled back to
# exp12". What it measures was measured already, so it re-baselines, as a rerun does; "revert to X
# with Y" tries Y.
REVERTED = re.compile(
    r"^\s*(?:revert(?:s|ed|ing)?|roll(?:s|ed|ing)?[\s-]*back|(?:go|goes|went|going)\s+back)\s+to\s+"
    r"(?!.*(?:[+;&=]|\bwith\b|\band\b|\bplus\b))",
    re.I,
)

AGAINST_BASELINE = re.compile(r"\b(vs|than|over|from|against|above|below|beat)\s+(the\s+)?(\w+\s+)?baseline", re.I)
