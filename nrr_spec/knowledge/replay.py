"""Re-run a finished log in order and score the advice the engine would have given.

Before each decided experiment (keep, discard, crash) the engine sees only the earlier rows of the
same log, gives a probability of improvement and a verdict; then the row's outcome is learnt.
Baseline rows and rows without a decision are neither predicted nor learnt from.

The score compares the engine with the running base rate on the same rows: the keep rate of the
earlier decided rows, smoothed as (keeps + 0.5) / (tried + 1) so that the first rows do not score
a certain 0 or 1 (the raw rate is reported as well). A row is predicted only once one decided row
precedes it, so both predictors have something to go on.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

from .advice import NEAR, estimate
from .features import Proposal, item_from_record
from .memory import Memory
from .stats import Table


@dataclass
class Prediction:
    row: int | None
    probability: float
    verdict: str
    base_rate: float  # smoothed running keep rate
    raw_rate: float  # raw running keep rate
    outcome: str
    improved: bool
    description: str = ""


@dataclass
class Score:
    rows: int = 0
    successes: int = 0
    brier: float = 0.0
    base_brier: float = 0.0
    raw_base_brier: float = 0.0
    auc: float | None = None
    base_auc: float | None = None  # of the running base rate: what ranking by "when" alone achieves
    failures_avoided: int = 0
    successes_blocked: int = 0
    cautioned: int = 0

    @property
    def ratio(self) -> float | None:
        return self.brier / self.base_brier if self.base_brier > 0 else None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = self.ratio
        return data


@dataclass
class ReplayResult:
    log: str
    predictions: list[Prediction] = field(default_factory=list)
    score: Score = field(default_factory=Score)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def replay_records(records: list[dict[str, Any]], prior: Table | None = None) -> list[Prediction]:
    """Predictions for the decided rows of one log, each from the rows before it (and `prior`)."""
    table = prior if prior is not None else Table()
    memory = Memory()
    keeps = tried = 0
    out: list[Prediction] = []
    for record in records:
        item = item_from_record(record)
        if item is None or not item.decided:
            continue
        improved = item.outcome == "keep"
        if tried:
            proposal = Proposal(item.text, item.changes, item.category, True)
            est = estimate(table, proposal, interval=False, neighbours=memory.neighbours(proposal, NEAR))
            out.append(Prediction(item.row, est.probability, est.verdict, (keeps + 0.5) / (tried + 1), keeps / tried,
                                  str(item.outcome), improved, item.text))
        table.add(item.observation())
        memory.add(item)
        tried += 1
        keeps += improved
    return out


def auc(pairs: list[tuple[float, bool]]) -> float | None:
    """Area under the ROC curve (Mann-Whitney, ties count half); None without both classes."""
    ranked = sorted(pairs, key=lambda p: p[0])
    positives = sum(1 for _, y in pairs if y)
    negatives = len(pairs) - positives
    if not positives or not negatives:
        return None
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mid = (i + j + 1) / 2  # average 1-based rank of the tie block
        rank_sum += mid * sum(1 for _, y in ranked[i:j] if y)
        i = j
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def score(predictions: list[Prediction]) -> Score:
    """Brier scores of the engine and of the running base rate on the same rows, AUC, avoided and blocked."""
    result = Score(rows=len(predictions))
    if not predictions:
        return result
    for p in predictions:
        y = 1.0 if p.improved else 0.0
        result.successes += p.improved
        result.brier += (p.probability - y) ** 2
        result.base_brier += (p.base_rate - y) ** 2
        result.raw_base_brier += (p.raw_rate - y) ** 2
        if p.verdict == "avoid":
            result.failures_avoided += not p.improved
            result.successes_blocked += p.improved
        elif p.verdict == "caution":
            result.cautioned += 1
    n = len(predictions)
    result.brier /= n
    result.base_brier /= n
    result.raw_base_brier /= n
    result.auc = auc([(p.probability, p.improved) for p in predictions])
    result.base_auc = auc([(p.base_rate, p.improved) for p in predictions])
    return result


def replay_log(path: str | os.PathLike[str], options: Any = None, prior: Table | None = None) -> ReplayResult:
    """Convert a log with the converter (its reading options in `options`) and replay it."""
    from ..convert.autoresearch import convert_log

    converted = convert_log(path, options)
    result = ReplayResult(str(path), errors=list(converted.errors), notes=list(converted.notes))
    if converted.errors:
        return result
    result.predictions = replay_records(converted.records, prior)
    result.score = score(result.predictions)
    if not result.predictions:
        result.notes.append(f"{path}: no rows with a keep/discard/crash outcome after the first; nothing to score")
    return result
