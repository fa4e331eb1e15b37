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

from dataclasses import dataclass

from .calibrated import sigmoid
from .signals import WARM_UP

# Prior precisions the held-out protocol chooses among; None leaves the model as fitted.
PRIORS: tuple[float | None, ...] = (None, 3.0, 10.0, 30.0)


@dataclass
class InLogOffset:
    """The running offset of one log; `prior` None keeps it at 0 (no updating)."""

    prior: float | None
    offset: float = 0.0
    precision: float = 0.0
    # Rows learnt before the offset applies. A log's scored rows start at its second decided row (the
    # first has no history to be scored from), so the row after `WARM_UP - 1` learnt ones has
    # `WARM_UP` decided rows before it: where `signals.features` starts reading the log's outcomes.
    warm_up: int = WARM_UP - 1
    learnt: int = 0

    def __post_init__(self) -> None:
        self.precision = self.prior or 0.0

    def probability(self, log_odds: float) -> float:
        """The probability of improvement for a row the fitted model gives `log_odds`."""
        return sigmoid(log_odds + (self.offset if self.learnt >= self.warm_up else 0.0))

    def learn(self, log_odds: float, improved: bool) -> None:
        """Take in one decided experiment the fitted model gave `log_odds`."""
        self.learnt += 1
        if self.prior is None:
            return
        p = sigmoid(log_odds + self.offset)
        self.precision += p * (1.0 - p)
        self.offset += ((1.0 if improved else 0.0) - p) / self.precision
