"""The proposal view of a description: what the experimenter could have written before the run.

Autoresearch descriptions are usually written after the run and mix the change with its result
("increase LR to 0.05 (worse)", "--top-k 120: NEW BEST mmc 0.00315 (+10.8% vs k=60)",
"2-layer model finished within 478.9s"). Replay must predict each row without its outcome, and
the engine compares a proposal with earlier rows in the same terms, so everything that reports a
result is cut before the text is parsed or compared:

1. only the first sentence, and only what comes before a result separator (" - ", " — ", "; ",
   " | ", ": " followed by a report, "=>");
2. parenthesised remarks that hold an outcome word, a signed percentage or a comparison;
3. everything from the first outcome word on (worse, better, best, improved, regression, OOM,
   crash, failed, timeout, killed, hurt, helped, neutral, marginal, noise, diverged, NaN, passed,
   finished, completed, exceeded, reverted, "no gain", "did not", "still", "vs", ...) or a word
   only a report uses (terrible, unable, stayed, remained, "close but");
4. measurements: a metric with its values (`val_bpb 1.29->1.28`, `sharpe=0.69`), signed
   percentages (`+0.3%`), durations and sizes (`478.9s`, `21.2GB`).

A change's own numbers stay: `MATRIX_LR 0.04->0.05`, `warmdown 0.5 to 0.7`, `depth=12`, and so do
a size or duration it sets (`timeout to 30s`, `use a 128MiB multipart policy`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..changes.outcomes import OUTCOME_WORDS, whole_words

# The outcome words the converter reads, and words only a report uses: how a run went ("(terrible)",
# "stayed above target", "remained above", "Unable to load ...", "bought a new ..."). Those end the
# view here and not in the converter, where "stayed"/"remained" may name what a change kept.
_OUTCOME = whole_words(rf"{OUTCOME_WORDS}|terrible|awful|unable|stayed|remained|bought|overshoot\w*|close\s+but")

# A remark in parentheses or brackets that reports: an outcome word, a signed percentage, a comparison.
_REMARK = re.compile(r"\s*[(\[]([^()\[\]]*)[)\]]")
_SIGNED_PERCENT = re.compile(r"(?<![\w.])[-+±]\s?\d+(?:\.\d+)?\s?%")
_MEASURE = re.compile(
    r"(?<![\w.])\d+(?:\.\d+)?\s?(?:ms|s|sec|secs|seconds|min|mins|minutes|h|hours|gb|gib|mb|mib|kb|tok/s|it/s|steps/s)(?![\w/])",
    re.I,
)
# What a change's own size or duration follows: "timeout to 30s", "chunk=64MiB", "use a 128MiB
# policy", "from 16MiB to 32MiB". After anything else it was measured ("peak 21.2GB", "in 478.9s").
_SETS = re.compile(r"(?:(?<![\w-])(?:to|from|use|set|try|a|an)|=|->|→)\s*$", re.I)
_SENTENCE = re.compile(r"(?<=[a-z0-9%)\]])[.!?]\s+(?=[A-Z(\d])|\n")
_SEPARATOR = re.compile(r"\s+[—–]\s*|\s*[—–]\s+|\s+-{1,2}\s+|\s+\|\s*|;\s*|\s*=>\s*|\s*⇒\s*|\s+←|!")
_COLON_REPORT = re.compile(r":\s+(?=.*\d)")
_SPACES = re.compile(r"\s+")
# A joining word the cut left at the end ("reduced overhead but [stayed above target]").
_TRAILING = " ,.:;-–—("
_DANGLING = re.compile(r"(?:\s+|^)(?:but|and|while|yet|so|which|though|although)$", re.I)


def _remark(match: re.Match[str]) -> str:
    inner = match.group(1)
    if _OUTCOME.search(inner) or _SIGNED_PERCENT.search(inner) or _MEASURE.search(inner) or "→" in inner or "->" in inner:
        return ""
    return match.group(0)


@lru_cache(maxsize=16384)
def proposal_view(text: str | None) -> str:
    """The description with outcome words, results and comparisons removed (see the module doc)."""
    if not text:
        return ""
    view = _SPACES.sub(" ", str(text)[:2000]).strip()
    view = _SENTENCE.split(view, maxsplit=1)[0]
    view = _SEPARATOR.split(view, maxsplit=1)[0]
    head, colon, rest = view.partition(": ")
    if colon and (_OUTCOME.search(rest) or _SIGNED_PERCENT.search(rest)) and len(head.split()) >= 2:
        view = head  # "--top-k 120 on merged pool: NEW BEST ..." - a change, then its report
    view = _REMARK.sub(_remark, view)
    found = _OUTCOME.search(view)
    if found:
        view = view[: found.start()]
    view = _SIGNED_PERCENT.sub(" ", view)
    view = _MEASURE.sub(lambda m: m.group(0) if _SETS.search(view, 0, m.start()) else " ", view)
    view = re.sub(r"\s*[(\[][^)\]]*$", "", view)  # a remark cut open by the steps above
    view = _SPACES.sub(" ", view).strip().rstrip(_TRAILING)
    return _DANGLING.sub("", view).rstrip(_TRAILING)
