"""Words that report how an experiment ended, never what it changed.

Logs are mostly written after the run, so a description often carries its result ("interaction
features hurt Spearman", "Huber loss BROKE model"). The change language reads a change's name only
up to the first word of its result, and the knowledge engine's proposal view cuts every word of
the wider outcome vocabulary before it compares a row with a proposal.
"""

from __future__ import annotations

import re

# Verbs and verdicts that only a result can say: a change's name ends before them ("eval batch 8
# completes in 491.9s" sets the eval batch, not a "completes"). Nouns a method may be named by
# ("regression", "best", "score", "accuracy") are left to the wider list below.
RESULT_WORDS = (
    r"(?:no|not|none)\s+(?:better|worse)|worse|worst|better|improved|improves|regressed|oom|out[\s-]of[\s-]memory|crashed|crashes|failed|fails|"
    r"hurts?|hurting|helped|helps|diverged|diverges|broke|broken|won|wins|lost|loses|beats?|exceeded|collapsed|"
    r"overfits|overfitted|underfits|underfitted|"
    r"collapses|unchanged|no\s+gains?|no\s+effect|no\s+change|no\s+improvement|did\s+not|didn'?t|does\s+not|"
    r"doesn'?t|still|vs\.?|versus|compared|finished|finishes|completes|completed|took|lasted|caused|causes|remained|"
    r"stayed|produced|yielded|gave|gives|new\s+best|marginal(?:ly)?\s+(?:gain|gains|better|worse|improvement)|slightly|marginally|"
    r"too\s+[a-z]+|"
    # shouted, a verdict that is no setting's name ("MUON_MOMENTUM=0.99 REGRESSION, artifact >16MB"),
    # where "logistic regression" names a model
    r"(?-i:REGRESSION|DISASTER|CATASTROPHIC|NEUTRAL|PLATEAU)|"
    # a measurement placed against the bar: "validity below baseline", "score above the previous best"
    r"(?:below|above|under)\s+(?:the\s+)?(?:baseline|previous(?:\s+best)?|best|target|threshold|control)(?![\w-])|"
    # a speed measured against another run: "is 2.9x slower than baseline", "10% faster"
    r"(?:(?:is|was|are|were)\s+)?[~+-]?\d[\d.,]*\s*(?:x|×|%)\s+(?:slower|faster)(?=\s+than\b|\s*[,.;:)]|\s*$)"
)
# Everything a result may be written with: verdicts, comparisons and the names of measurements.
OUTCOME_WORDS = (
    r"worse|worst|better|best|improv\w*|regress\w*|oom|out[\s-]of[\s-]memory|crash\w*|fail\w*|error\w*|timeout|timed[\s-]out|"
    r"killed|hurts?|hurting|helped|helps|neutral|marginal\w*|noise|noisy|diverg\w*|nan|unstable|instability|passed|"
    r"finished|completed?|exceed\w*|revert\w*|rejected|discard\w*|kept|keeper|won|wins|lost|loses|no\s+gains?|"
    r"succeed\w*|success\w*|successful|perfect|slightly|significantly|dramatically|collaps\w*|broke|broken|"
    r"identical|unchanged|didn'?t|did\s+not|does\s+not|doesn'?t|no\s+effect|"
    r"no\s+change|no\s+difference|no\s+result|still|vs\.?|versus|compared|than|beats?|beat|matches|matched|huge|jump|"
    r"too\s+\w+|slower|(?:val|train|test)_\w+|\w*bpb|val_?loss|sharpe|mmc|corr|accuracy|fid|wer|ppl|perplexity|score|speedup|throughput|results?|metrics?"
)


def whole_words(alternatives: str) -> re.Pattern[str]:
    """The alternatives as whole words, case-insensitive (a hyphen joins words: "regression-to-mean")."""
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.I)


OUTCOME = whole_words(OUTCOME_WORDS)  # any word of a result
_RESULT = whole_words(RESULT_WORDS)
# Words that put a result before the change, as what happened to an earlier run.
_LEAD_IN = whole_words(r"after|the|a|an|then|so|since|because|following|on")
_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


# A loop's verdict written before the change, then a separator: "discard — lr 0.1 -> 0.2",
# "KEPT | depth 8", "reverted: warmup 100". Without a separator the word may be the change's verb;
# after a failure ("FAIL - the drivers listed are wrong") comes its reason, not the change.
STATUS_LEAD_IN = re.compile(
    r"^\s*(?:keep|kept|discard(?:ed)?|revert(?:ed)?|reject(?:ed)?|accept(?:ed)?|"
    r"improved|worse|(?:new\s+)?best)\b\s*(?:[—–:|]|-{1,2}(?=\s))\s*",
    re.I,
)


def is_result(text: str) -> bool:
    """Whether `text` is nothing but a word of a result ("improved", "worse", "no gain"): it names no change."""
    return _RESULT.fullmatch(text.strip()) is not None


# A loop's verdict shouted before the change, with or without a run's tag and marks after it:
# "exp36 KEEP 🎯🎯 cap 0.50→0.60", "DISCARD lr 0.1". Written in capitals it is a verdict, never
# the verb "keep" ("keep lr at 0.1" says what stayed).
SHOUTED_VERDICT = re.compile(
    r"^\s*(?:(?:exp|iter|run|trial)[_-]?\d+[a-z]?\s+)?(?-i:KEEP|KEPT|DISCARD(?:ED)?|REVERT(?:ED)?|REJECT(?:ED)?|"
    r"CRASH(?:ED)?|(?:NEW\s+)?BEST)(?=\s)[\s\W]*?(?=[\w(-])",
    re.I,
)


def holds_result(text: str) -> bool:
    """Whether `text` says how a run ended ("WD=0.2 better", "0.1 was worse"): a remark of that kind
    compares with another run, and the settings in it are that run's, not the change."""
    return _RESULT.search(text) is not None


def before_result(text: str) -> str:
    """`text` up to the first result word outside parentheses; all of it when the result word comes
    first (then it names nothing) or there is none."""
    blanked = _PARENTHESES.sub(lambda m: " " * len(m.group(0)), text)
    found = _RESULT.search(blanked)
    if found is None or not re.search(r"\w", _LEAD_IN.sub(" ", text[: found.start()])):
        return text  # "after the OOM, lr 0.02": the result is an earlier run's, the change follows it
    return text[: found.start()].rstrip(" ,:;-")
