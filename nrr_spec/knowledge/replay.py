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
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from ..model.vocabulary import ChangeEvidence, ExperimentOutcome
from .advice import NEAR, estimate, repeat_verdict
from .calibrated import log_odds, shipped, shipped_keep_only, shipped_prior
from .features import Item, Proposal, item_from_record
from .held_categories import CategoryVotes
from .history import History
from .in_log import InLogOffset
from .memory import Memory
from .proposal_view import proposal_view
from .signals import FEATURES, Evidence, features, parts_joined, proposal_log_odds
from .stats import Table

SIMILAR = 0.5  # similarity from which an earlier experiment's outcome counts in the `similar` feature


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
    proposal_score: float | None = None  # `signals.proposal_log_odds`: the proposal's own part
    repeats_failure: bool = False  # the row repeats exactly an earlier change that failed, and none that was kept
    cut: bool = False  # the proposal view cut something from the row's description (`Step.cut`)


@dataclass
class Score:
    rows: int = 0
    successes: int = 0  # rows whose experiment improved
    brier: float = 0.0  # Brier score of the engine's probability of improvement
    base_brier: float = 0.0  # of the running base rate, smoothed, on the same rows
    raw_base_brier: float = 0.0  # of the raw running keep rate
    auc: float | None = None
    base_auc: float | None = None  # of the running base rate: what ranking by "when" alone achieves
    proposal_auc: float | None = None  # of the proposal's own part of the model, without the log's history
    failures_avoided: int = 0
    successes_blocked: int = 0
    cautioned: int = 0
    # rows that repeat exactly a change that failed before (and none that was kept): how they ended,
    # and how many were answered proceed (none should be)
    repeated_failures: int = 0
    repeated_failures_kept: int = 0
    repeated_failures_proceed: int = 0

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


@dataclass
class Step:
    """What replay knows before one decided row: its features and verdict, then its outcome."""

    row: int | None
    features: list[float]
    verdict: str
    base_rate: float
    raw_rate: float
    outcome: str
    improved: bool
    description: str
    # The proposal view cut something (a result, an outcome word) from the description: replay
    # reports its ranking on such rows and on rows left whole apart, so that a feature that reads
    # the future through what the view leaves (the length of what remains, say) shows as a gap.
    cut: bool = False


def proposal_of(item: Item) -> Proposal:
    """The row as a proposal: its description's proposal view, parsed (see `proposal_view`).

    Changes read from a diff or declared as data were known before the run and are kept; changes
    the converter read from the description are read again from the proposal view, taking only
    the direction the converter gave (from the configuration of the moment) to a change with the
    same parameter and value."""
    from .features import parse_proposal

    view = proposal_view(item.text)
    known = [c for c in item.changes if c.evidence in (ChangeEvidence.diff, ChangeEvidence.declared)]
    if known or (item.changes and not item.text):
        return Proposal(view, item.changes, item.category, True)
    parsed = parse_proposal(view) if view else Proposal("", [], "other", False)
    by_value = {(c.parameter, c.to): c.direction for c in item.changes}
    for change in parsed.changes:
        change.direction = by_value.get((change.parameter, change.to), change.direction)
    return parsed


class Replayer:
    """One log walked in order: what the engine knows before the next row, then the row's outcome.

    Replay feeds every row of a finished log; `nrr check` on a folder holding one loop's log feeds
    that log's records and asks about the proposal as the next row, so both compute the same features."""

    def __init__(self) -> None:
        self.table = Table()
        self.memory = Memory()
        self.history = History()
        self.categories = CategoryVotes()  # the category earlier records give a name the taxonomy does not place

    def features_of(self, proposal: Proposal) -> tuple[list[float], str] | None:
        """The proposal's features and verdict; None before the first decided row (nothing to go on)."""
        if not self.history.tried:
            return None
        proposal = self.categories.placed(proposal)
        evidence, verdict = weigh(self.table, proposal, self.memory)
        return features(self.history, evidence), verdict

    def feed(self, item: Item, scored: bool = True, proposal: Proposal | None = None) -> Step | None:
        """Take in one record: the step it would have been scored as (None when it is not scored,
        or `scored` is False because the caller knows it already), then its outcome. `proposal` is
        the row's `proposal_of` when the caller has it already (parsing is most of a row's cost)."""
        if not item.decided:
            return None
        improved = item.outcome == ExperimentOutcome.keep
        proposal = self.categories.placed(proposal if proposal is not None else proposal_of(item))
        known = self.features_of(proposal) if scored else None
        step = None
        if known is not None:
            x, verdict = known
            history = self.history
            rate = history.kept / history.tried
            cut = proposal.text != " ".join(item.text.split())
            step = Step(item.row, x, verdict, history.base_rate(), rate, str(item.outcome), improved, proposal.text, cut)
        seen = replace(item, text=proposal.text, changes=proposal.changes, category=proposal.category)
        self.categories.add((c.parameter for c in item.changes), item.category)
        self.table.add(seen.observation())
        self.memory.add(seen)
        self.history.add(improved, seen.observation().crash, {c.parameter for c in seen.changes})
        return step


def replay_steps(records: list[dict[str, Any]]) -> list[Step]:
    """Features and verdicts for the decided rows of one log, each from the rows before it only."""
    replayer = Replayer()
    out: list[Step] = []
    for record in records:
        item = item_from_record(record)
        step = replayer.feed(item) if item is not None else None
        if step is not None:
            out.append(step)
    return out


def weigh(table: Table, proposal: Proposal, memory: Memory) -> tuple[Evidence, str]:
    """The evidence about a proposal from what replay has seen, and the verdict it supports."""
    est = estimate(table, proposal, interval=False, neighbours=memory.neighbours(proposal, NEAR))
    repeats = memory.repeats(proposal.changes)
    parameters = frozenset(c.parameter for c in proposal.changes)
    close = memory.neighbours(proposal, 0.2)
    similar = [(n.similarity, n.success) for n in close if n.similarity >= SIMILAR]
    kept_before = any(table.get("parameter", p).kept for p in parameters)
    evidence = Evidence(
        est.idea,
        est.base_rate,
        est.evidence,
        similar,
        repeats,
        parameters,
        kept_before,
        max((n.similarity for n in close if n.success), default=0.0),
        parts_joined(proposal.text),
    )
    return evidence, repeat_verdict(est.verdict, repeats, contained=memory.contained(proposal.changes))


_REPEAT_FAILED, _REPEAT_KEPT = FEATURES.index("repeat_failed"), FEATURES.index("repeat_kept")
SHIPPED = -1.0  # `predictions`' default prior: the one the shipped model was chosen with


def predictions(
    steps: list[Step], weights: Sequence[float] | None = None, prior: float | None = SHIPPED, keep_only: float = SHIPPED
) -> list[Prediction]:
    """The steps' probabilities, in order, under the model with `weights` (default: the shipped
    coefficients) updated within the log by an offset with prior precision `prior` (`in_log`;
    None: not updated; default: the shipped model's) and mixed, while the log keeps every row, with a
    log that keeps only, at the prior share `keep_only` (0: not mixed; default: the shipped model's)."""
    w = weights if weights is not None else shipped()
    offset = InLogOffset(
        shipped_prior() if prior == SHIPPED else prior, shipped_keep_only() if keep_only == SHIPPED else keep_only
    )
    out = []
    for s in steps:
        z = log_odds(w, s.features)
        own = proposal_log_odds(w, s.features)
        out.append(
            Prediction(
                s.row,
                offset.probability(z),
                s.verdict,
                s.base_rate,
                s.raw_rate,
                s.outcome,
                s.improved,
                s.description,
                own,
                s.features[_REPEAT_FAILED] > 0 and s.features[_REPEAT_KEPT] == 0,
                s.cut,
            )
        )
        offset.learn(z, s.improved)
    return out


def replay_records(
    records: list[dict[str, Any]], weights: Sequence[float] | None = None, prior: float | None = SHIPPED
) -> list[Prediction]:
    """Predictions for the decided rows of one log, each from the rows before it."""
    return predictions(replay_steps(records), weights, prior)


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
        if p.repeats_failure:
            result.repeated_failures += 1
            result.repeated_failures_kept += p.improved
            result.repeated_failures_proceed += p.verdict == "proceed"
    n = len(predictions)
    result.brier /= n
    result.base_brier /= n
    result.raw_base_brier /= n
    result.auc = auc([(p.probability, p.improved) for p in predictions])
    result.base_auc = auc([(p.base_rate, p.improved) for p in predictions])
    if all(p.proposal_score is not None for p in predictions):
        result.proposal_auc = auc([(p.proposal_score or 0.0, p.improved) for p in predictions])
    return result


def replay_log(path: str | os.PathLike[str], options: Any = None, weights: Sequence[float] | None = None) -> ReplayResult:
    """Convert a log with the converter (its reading options in `options`) and replay it."""
    from ..convert.pipeline import convert_log

    converted = convert_log(path, options)
    result = ReplayResult(str(path), errors=list(converted.errors), notes=list(converted.notes))
    if converted.errors:
        return result
    result.predictions = replay_records(converted.records, weights)
    result.score = score(result.predictions)
    if not result.predictions:
        result.notes.append(f"{path}: no rows with a keep/discard/crash outcome after the first; nothing to score")
    return result
