"""A log's own recent history: what the experiments just before a proposal did.

On logs nobody tuned to, this carries most of the calibration: searches go through hot and cold
spells (a new idea opens a run of keeps, a tapped-out direction a run of discards), a crash often
means the next run fixes the crash, and a proposal that touches what was just kept or just failed
is a follow-up whose odds differ from a fresh idea.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

RECENT_HALF_LIFE = 6.0  # decided experiments
_RECENT_DECAY = 0.5 ** (1 / RECENT_HALF_LIFE)


@dataclass
class Step:
    """One decided experiment of the log, in order."""

    success: bool
    crash: bool
    parameters: frozenset[str]


@dataclass
class History:
    """The decided experiments of one log so far, oldest first."""

    steps: list[Step] = field(default_factory=list)
    # Decided experiments before the first of `steps` (a history read from the index keeps only the tail).
    earlier_tried: int = 0
    earlier_kept: int = 0

    def add(self, success: bool, crash: bool, parameters: frozenset[str] | set[str]) -> None:
        self.steps.append(Step(success, crash, frozenset(parameters)))

    @property
    def tried(self) -> int:
        return self.earlier_tried + len(self.steps)

    @property
    def kept(self) -> int:
        return self.earlier_kept + sum(1 for s in self.steps if s.success)

    def base_rate(self) -> float:
        """The running keep rate, smoothed as (keeps + 1/2) / (tried + 1): what replay compares with."""
        return (self.kept + 0.5) / (self.tried + 1)

    def recent_rate(self) -> float:
        """Keep rate with recent experiments weighted more (half-life `RECENT_HALF_LIFE`), shrunk
        towards the running rate with the weight of one experiment."""
        weight = kept = 0.0
        factor = 1.0
        for step in reversed(self.steps[-60:]):
            weight += factor
            kept += factor * step.success
            factor *= _RECENT_DECAY
        return (kept + self.base_rate()) / (weight + 1.0)

    def streak(self, success: bool) -> int:
        """How many experiments in a row, just before now, were kept (or not kept)."""
        count = 0
        for step in reversed(self.steps):
            if step.success != success:
                break
            count += 1
        return count

    def crash_before(self) -> bool:
        return bool(self.steps) and self.steps[-1].crash

    def last_parameters(self, success: bool) -> frozenset[str]:
        """What the last kept (or last not kept) experiment changed."""
        for step in reversed(self.steps):
            if step.success == success:
                return step.parameters
        return frozenset()


def logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))
