"""Cell values as loops write them: crash sentinels and status synonyms (numbers: `nrr_spec.changes.numbers`)."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..model.vocabulary import ExperimentOutcome

SENTINELS = {-999.0, -9999.0, 999999.0, -1e9}
# Beyond these, a loop writes a failed run's score as a huge round number (1e30, float32's maximum):
# a placeholder, not a measurement.
_HUGE = 1e10
_FLOAT32_MAX = 3.4028234663852886e38


def is_placeholder(value: float) -> bool:
    """Whether a metric value is a loop's stand-in for no result (-999, 1e30), not a measurement."""
    if value in SENTINELS or abs(value) >= _FLOAT32_MAX:
        return True
    if abs(value) < _HUGE:
        return False
    exponent = round(math.log10(abs(value)))
    return abs(value) == float(10**exponent)


# Status words, any case. Prefix rules below catch variants such as discard_wallclock.
STATUS_SYNONYMS: dict[str, str] = {}
for _outcome, _words in {
    ExperimentOutcome.keep.value: "keep kept keeper improved improvement pass passed accept accepted better best new_best "
    "merged committed adopted yes y true 1 win confirmed landed promote promoted positive champion new_champion",
    ExperimentOutcome.discard.value: "discard discarded revert reverted rejected reject worse no n false 0 drop dropped "
    "rollback rolled_back regressed regression regress lose loss no_improvement no_gain no_gains not_kept not_improved "
    "tabled kill negative",
    ExperimentOutcome.crash.value: "crash crashed fail failed failure error errored oom killed timeout timed_out invalid "
    "abort aborted exception incorrect wrong mismatch",  # a kernel whose output is wrong measured nothing
    ExperimentOutcome.baseline.value: "baseline base reference ref control",
    ExperimentOutcome.other.value: "ok same neutral partial pending run running done diag tentative repair support skip "
    "skipped unknown - n/a na",
}.items():
    for _word in _words.split():
        STATUS_SYNONYMS[_word] = _outcome

# The same words in Chinese, Japanese and Korean, which loops also write. With no spaces between
# words, a status is often followed by a remark ("回滚(交易<10)": rolled back, fewer than 10 trades),
# so each is read as a beginning too (`_PREFIXES`).
_CJK_STATUSES = {
    ExperimentOutcome.keep.value: "保留 采用 采纳 接受 通过 改进 最佳 採用 採択 承認 改善 유지 채택 승인 개선",
    ExperimentOutcome.discard.value: "回滚 回退 丢弃 舍弃 放弃 拒绝 撤销 还原 破棄 却下 棄却 差し戻し 폐기 기각 거부 롤백 되돌림",
    ExperimentOutcome.crash.value: "崩溃 失败 错误 超时 クラッシュ 失敗 エラー 타임아웃 실패 오류 충돌",
    ExperimentOutcome.baseline.value: "基线 基准 ベースライン 基準 베이스라인 기준",
}
for _outcome, _words in _CJK_STATUSES.items():
    for _word in _words.split():
        STATUS_SYNONYMS[_word] = _outcome

_PREFIXES = (  # (a status word's beginning, the outcome it stands for)
    ("discard", ExperimentOutcome.discard.value),
    ("revert", ExperimentOutcome.discard.value),
    ("reject", ExperimentOutcome.discard.value),
    ("keep", ExperimentOutcome.keep.value),
    ("crash", ExperimentOutcome.crash.value),
    ("fail", ExperimentOutcome.crash.value),
    ("oom", ExperimentOutcome.crash.value),
    ("error", ExperimentOutcome.crash.value),  # compile_error, build_error, runtime_error
    ("baseline", ExperimentOutcome.baseline.value),
    *((word, outcome) for outcome, words in _CJK_STATUSES.items() for word in words.split()),
)


# Marks a loop or a person writes for a status: a check mark keeps, a cross discards, an explosion
# or fire crashes. Words beside a mark decide where they are a status themselves ("❌ crash").
STATUS_MARKS: dict[str, str] = {}
for _outcome, _marks in {
    ExperimentOutcome.keep.value: "✅ ✔ ✓ ☑ 👍 🎉 🏆",
    ExperimentOutcome.discard.value: "❌ ❎ ✗ ✘ ✖ 👎 🚫 ↩",
    ExperimentOutcome.crash.value: "💥 🔥 💀 ☠ 🐛",
}.items():
    for _mark in _marks.split():
        STATUS_MARKS[_mark] = _outcome
_VARIATION_SELECTORS = re.compile("[\ufe0e\ufe0f]")


def normalise_status(cell: str | None, overrides: dict[str, str] | None = None) -> str | None:
    """The outcome a status cell stands for, or None when the word is not a status."""
    if cell is None:
        return None
    if overrides:
        for key, value in overrides.items():
            if key.strip().lower() == cell.strip().lower():
                return value
    return _status_word(cell)


@lru_cache(maxsize=4096)
def _status_word(cell: str) -> str | None:
    marks = [STATUS_MARKS[char] for char in cell if char in STATUS_MARKS]
    if marks:
        words = "".join(char for char in _VARIATION_SELECTORS.sub("", cell) if char not in STATUS_MARKS).strip()
        return (_status_word(words) if words else None) or marks[0]
    word = re.sub(r"[\s-]+", "_", cell.strip().lower()) if cell.strip() != "-" else "-"
    if word in STATUS_SYNONYMS:
        return STATUS_SYNONYMS[word]
    for prefix, outcome in _PREFIXES:
        if word.startswith(prefix) or word.rsplit("_", 1)[-1].startswith(prefix):
            return outcome  # the first word or the last: "startup_failure", "compile_error", "auto_reverted"
    # A status word with a remark after it: "KEPT (rule b: probe +3.2 pt)", "kept-provisional",
    # "accepted_offline_arena_inconclusive", "reverted vs exp001". Words of one or two letters
    # ("no", "y", "ok") are too common in remarks to decide alone.
    pair = _LEADING_PAIR.match(cell.strip().lower())
    if pair and (paired := STATUS_SYNONYMS.get(f"{pair.group(1)}_{pair.group(2)}")):
        return paired  # "NEW CHAMPION (size/speed)", "new best (by 0.2%)"
    lead = _LEADING_WORD.match(cell.strip().lower())
    if lead and len(lead.group(0)) > 2 and lead.group(0) != word:
        return STATUS_SYNONYMS.get(lead.group(0)) or _verdict(word)
    return _verdict(word)


# A status written as a sentence that judges the run against what it was compared with
# ("family_beats_baseline_within_latency_budget", "candidate_loses_to_control"): keep when it only
# says the run won, discard when it says it lost, tied or fell short in any way ("beats_baseline_but_too_slow").
# Only a sentence with a verb of comparison judges: "no gain but kept" says two things and decides nothing.
_WON = frozenset({"beats", "beat", "wins", "won", "outperforms", "improves"})
_LOST = frozenset({"loses", "lost", "ties", "tied", "underperforms", "regresses"})
_FELL_SHORT = _LOST | frozenset({"not", "but", "too", "worse", "slower"})


def _verdict(word: str) -> str | None:
    """The outcome a status sentence's verb of comparison gives, or None when it has none."""
    words = set(word.split("_"))
    if len(words) < 3 or not words & (_WON | _LOST):
        return None
    return ExperimentOutcome.discard.value if words & _FELL_SHORT else ExperimentOutcome.keep.value


_LEADING_WORD = re.compile(r"[^\W_]+")
# Two status words and a remark set off after them; "no gain but kept" says two things and decides nothing.
_LEADING_PAIR = re.compile(r"([^\W_]+)[\s_-]+([^\W_]+)\s*(?:$|[(:;,—–]|-\s)")
