"""The features the calibrated model reads: computed the same way in replay and in `nrr check`.

Each feature is a number known before the experiment runs. They fall in four families:

- the log's own history (`history`): the running keep rate, a recency-weighted keep rate, keep and
  discard streaks, a crash just before, how far into the search we are, whether it is past its
  warm-up (`WARM_UP`), whether it has kept every experiment so far or none;
- the change's track record: the hierarchical Beta-Binomial estimate for its parameter and
  direction (`stats`, `advice.estimate`) against a typical change here, how many direct attempts
  stand behind it, the outcomes of similar earlier experiments, exact repeats;
- its relation to the last experiments: does it touch what the last kept or the last failed
  experiment touched;
- how it is put: how many things it joins ("X + Y", "X, Y and Z"; `parts_joined`).

Rates enter as log-odds relative to the running keep rate, so one coefficient means the same in
a log that keeps half its experiments and one that keeps a tenth.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .history import History, logit

# The log's own history: the same for every proposal made at one moment, so it sets the level of
# the answer but cannot rank two proposals against each other.
# Whether every decided experiment so far was kept, or none was, counts from the first one, warm-up
# or not: loops that log only what they kept (or only what failed) are common, and without these two
# terms their first rows were scored at a typical log's level until the warm-up ended. Of the shape of
# the proposal only `joined` is a feature (a proposal that combines several things); understood or
# not, a new parameter, how many changes were parsed, their directions and the length of its text
# are not: their weights, fitted on the corpus, did not carry to logs outside it, and the length
# ranks rows only where the proposal view cut a report from the description (it reads the future).
# All are measured in the knowledge guide ("Logs outside the corpus", "Combined proposals").
HISTORY: tuple[str, ...] = (
    "recent",
    "keep_streak",
    "fail_streak",
    "crash_before",
    "position",
    "warm",
    "all_kept",
    "none_kept",
)
FEATURES: tuple[str, ...] = (
    "bias",
    *HISTORY,
    "idea",
    "direct",
    "similar",
    "repeat_failed",
    "repeat_kept",
    "touches_last_kept",
    "touches_last_failed",
    "kept_before",
    "closest_kept",
    "joined",
)
# The category of a change is not a feature: with every coefficient penalised in units of its
# feature's spread (`calibrated.fit_scaled`), its indicators, each rare, took large weights from the
# few logs that use them, and both halves of the corpus left them out when choosing on their own
# logs. Leave-one-log-out without them: Brier ratio 0.876 rather than 0.887, log-loss 0.3938 rather
# than 0.3992, mean per-log AUC 0.552 rather than 0.558.
# A log's own outcomes count from its WARM_UP-th decided experiment on: before, the terms read from
# them are 0 and `warm` is 0 (so the model fits the level of a log's first rows apart), and the
# in-log offset is learnt but not applied (`in_log`). The running rate of a handful of experiments
# is mostly chance, and read within one short log it ranks the next rows worse than chance (the
# hot-hand bias of short sequences: a keep raises it and leaves fewer keeps to come). Measured
# leave-one-log-out in the knowledge guide ("Warming up").
WARM_UP = 8
_PROPOSAL_PART = tuple(name != "bias" and name not in HISTORY for name in FEATURES)


def proposal_log_odds(weights: Sequence[float], x: Sequence[float]) -> float:
    """The part of the model's log-odds that depends on the proposal itself (neither the intercept
    nor the log's history): what orders two proposals made at the same moment."""
    return sum(w * v for w, v, own in zip(weights, x, _PROPOSAL_PART, strict=True) if own)


@dataclass
class Evidence:
    """What the engine found about a proposal before the model weighs it."""

    idea: float  # shrunk keep rate of the change (all -> category -> parameter/direction)
    typical: float  # keep rate of a typical other change here
    direct: int  # earlier attempts at this parameter (and direction)
    similar: list[tuple[float, bool]]  # (similarity, kept) of similar earlier experiments
    repeats: list[bool]  # kept? for each earlier exact repeat
    parameters: frozenset[str]
    kept_before: bool = False  # one of the proposal's parameters was changed in a kept experiment
    closest_kept: float = 0.0  # similarity of the most similar kept earlier experiment
    joined: int = 0  # how many joins the proposal's text makes (`parts_joined`)


# What joins the parts of a proposal that does several things at once: "Ridge alpha=10 + outlier
# removal + Neighborhood target enc", "warmup 0.1, wd 0.05 and depth 10". Counted in the text, not
# in the parsed changes: the count of parsed changes did not carry across logs (it also counts
# settings the parser reads and misses parts it does not).
_JOINS = re.compile(r"\+|,|;| and ")


def parts_joined(text: str) -> int:
    """How many joins the proposal's text makes: a combined proposal is kept more often than a
    single one in the logs measured, on rows whose description holds no result as on the others
    (knowledge guide, "Combined proposals")."""
    return len(_JOINS.findall(text))


def similar_rate(similar: list[tuple[float, bool]], prior: float, strength: float = 2.0) -> float:
    """Keep rate of similar earlier experiments, each counted by its similarity, shrunk to `prior`."""
    weight = sum(s for s, _ in similar)
    kept = sum(s for s, k in similar if k)
    return (kept + strength * prior) / (weight + strength)


def features(history: History, evidence: Evidence) -> list[float]:
    """The feature vector, in the order of `FEATURES`."""
    base = history.base_rate()
    base_logit = logit(base)
    warm = history.tried >= WARM_UP
    failed_repeats = sum(1 for kept in evidence.repeats if not kept)
    kept_repeats = len(evidence.repeats) - failed_repeats
    # The running rate itself is not a feature: measured leave-one-log-out it ranked the rows of
    # one log worse (mean per-log AUC 0.578 with it, 0.597 without) and calibrated no better (Brier
    # ratio 0.900 against 0.893); the recent rate relative to it, streaks and position carry the level.
    own_outcomes = [
        logit(history.recent_rate()) - base_logit,
        math.log1p(history.streak(True)),
        math.log1p(history.streak(False)),
        1.0 if history.crash_before() else 0.0,
    ]
    return [
        1.0,
        *(own_outcomes if warm else [0.0] * len(own_outcomes)),
        math.log1p(history.tried),
        1.0 if warm else 0.0,
        1.0 if history.tried and history.kept == history.tried else 0.0,
        1.0 if history.tried and history.kept == 0 else 0.0,
        logit(evidence.idea) - logit(evidence.typical),
        math.log1p(evidence.direct),
        logit(similar_rate(evidence.similar, base)) - base_logit,
        math.log1p(failed_repeats),
        math.log1p(kept_repeats),
        1.0 if evidence.parameters & history.last_parameters(True) else 0.0,
        1.0 if evidence.parameters & history.last_parameters(False) else 0.0,
        1.0 if evidence.kept_before else 0.0,
        evidence.closest_kept,
        math.log1p(evidence.joined),
    ]
