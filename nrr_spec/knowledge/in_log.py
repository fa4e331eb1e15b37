"""Updating the calibrated model within a log as it runs: a per-log offset learnt online.

The coefficients are fitted across many logs; one log keeps more or fewer of its experiments than
they predict (an easy or a tapped-out search, a strict or a lenient metric). The offset is that
log's own intercept on the log-odds scale, with a normal prior centred on 0 of precision `prior`
(the weight, in experiments, of the belief that this log is like the others), updated after each
decided experiment by one Newton step on the new outcome (an online Laplace approximation; on the corpus
it scores as refitting the intercept on every earlier row does, to three decimals). It is learnt
from the start but applied only once the log is past its warm-up (`signals.WARM_UP`), as the terms
read from the log's outcomes are. It
needs only the model's log-odds for the earlier experiments of the log and their outcomes, so
replay and `nrr check` on a folder that holds one loop's log compute it alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .calibrated import sigmoid
from .signals import WARM_UP

# Prior precisions the held-out protocol chooses among; None leaves the model as fitted.
PRIORS: tuple[float | None, ...] = (None, 3.0, 10.0, 30.0)

# Some loops log only what they keep: every row of such a log is a keep, and a model fitted across
# logs that mostly fail answers its rows at a typical log's level (worse than the running rate by
# five to seven times in Brier score on such logs). So a log that has kept every experiment so far
# is, with a probability that grows with each keep, one of those: the answer mixes the model with a
# log of that kind, which keeps `KEEP_ONLY_RATE` of its rows, in proportion to how well each has
# foretold the log's rows (Bayes' rule over the two kinds of log). The prior share of such logs is the
# share of the fitting logs that kept every decided row (`keep_only_share`). The first discard ends
# the mixture. It applies from the `KEEP_ONLY_FROM`-th row on: from the first row, the mixture leant on
# the few keeps a log starts with and ranked a log's rows worse (mean per-log AUC on the corpus,
# leave-one-log-out, 0.622 -> 0.595); from the third it leaves that ranking as it was (0.621).
KEEP_ONLY_RATE = 0.95
KEEP_ONLY_FROM = 3


def keep_only_share(kept_every_row: int, logs: int) -> float:
    """The prior share of logs that log only what they keep, from the fitting logs (add-one smoothed)."""
    return (kept_every_row + 1) / (logs + 2)


@dataclass
class InLogOffset:
    """The running offset of one log; `prior` None keeps it at 0 (no updating)."""

    prior: float | None
    keep_only: float = 0.0  # the prior share of logs that only log what they keep (0: not mixed in)
    offset: float = 0.0
    precision: float = 0.0
    # Rows learnt before the offset applies. A log's scored rows start at its second decided row (the
    # first has no history to be scored from), so the row after `WARM_UP - 1` learnt ones has
    # `WARM_UP` decided rows before it: where `signals.features` starts reading the log's outcomes.
    warm_up: int = WARM_UP - 1
    learnt: int = 0
    every_kept: bool = True
    keep_only_evidence: float = 0.0  # log-likelihood ratio of the rows so far: a keep-only log against the model

    def __post_init__(self) -> None:
        self.precision = self.prior or 0.0

    def probability(self, log_odds: float) -> float:
        """The probability of improvement for a row the fitted model gives `log_odds`."""
        modelled = self._modelled(log_odds)
        if not (0.0 < self.keep_only < 1.0 and self.every_kept and self.learnt >= KEEP_ONLY_FROM):
            return modelled
        weight = sigmoid(math.log(self.keep_only / (1.0 - self.keep_only)) + self.keep_only_evidence)
        return weight * KEEP_ONLY_RATE + (1.0 - weight) * modelled

    def _modelled(self, log_odds: float) -> float:
        return sigmoid(log_odds + (self.offset if self.learnt >= self.warm_up else 0.0))

    def learn(self, log_odds: float, improved: bool) -> None:
        """Take in one decided experiment the fitted model gave `log_odds`."""
        if improved:
            self.keep_only_evidence += math.log(KEEP_ONLY_RATE) - math.log(max(self._modelled(log_odds), 1e-12))
        else:
            self.every_kept = False
        self.learnt += 1
        if self.prior is None:
            return
        p = sigmoid(log_odds + self.offset)
        self.precision += p * (1.0 - p)
        self.offset += ((1.0 if improved else 0.0) - p) / self.precision
