"""What only the whole log tells, gathered row by row in a first pass before any record is written.

- the spread of the metric's values (the scale of failure classes where the baseline is near zero);
- the direction the kept values move in, when neither the user nor the metric's name says it;
- the standing settings (written with the same value in many rows: the loop's configuration, not
  what a row changed) and the dominant change category (rows whose words the vocabulary does not
  know take it: a trading loop's "require tape agreement" is a strategy change like the rest);
- which commits appear more than once (their later rows get ids with the row number).

Memory grows with the distinct (parameter, value) settings the log writes, and by 8 bytes a row for
the metric's values (the spread is an exact percentile); nothing else is kept per row.
"""

from __future__ import annotations

import heapq
from array import array
from collections import Counter
from dataclasses import dataclass, field

from .describe import parse_stateless
from .direction import direction_from_counts
from .records import commit_key
from .rows import Row, is_baseline_row

_BITS = 1 << 24  # a 2 MB bitmap of commit hashes seen: a repeat of one is confirmed exactly in the second pass


@dataclass
class Survey:
    rows: int = 0
    values: array[float] = field(default_factory=lambda: array("d"))
    any_value: bool = False
    settings: Counter[tuple[str, str]] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    kept_last: float | None = None
    kept_down: int = 0
    kept_up: int = 0
    seen_commits: bytearray = field(default_factory=lambda: bytearray(_BITS // 8))
    repeated_commits: set[int] = field(default_factory=set)  # hashes of commit keys seen before (maybe falsely)

    def add(self, row: Row) -> None:
        self.rows += 1
        if row.value is not None:
            self.values.append(row.value)
            self.any_value = True
        if row.outcome == "keep" and row.value is not None and not is_baseline_row(row):
            if self.kept_last is not None:
                self.kept_down += row.value < self.kept_last
                self.kept_up += row.value > self.kept_last
            self.kept_last = row.value
        row.parsed = parse_stateless(row.description)
        changes, category = row.parsed
        # Each setting once a row: the loop's configuration is written in many rows, not many times in one.
        self.settings.update({(str(c["parameter"]), str(c["to"])) for c in changes
                              if c["to"] is not None and c["direction"] in ("set", "increase", "decrease")})
        if category not in ("other", "baseline", "multiple"):
            self.categories[category] += 1
        key = commit_key(row.commit)
        if key is not None:
            bit = hash(key) % _BITS
            if self.seen_commits[bit >> 3] & (1 << (bit & 7)):
                self.repeated_commits.add(hash(key))
            self.seen_commits[bit >> 3] |= 1 << (bit & 7)

    def done(self) -> None:
        """The first pass is over: the bitmap is no longer needed."""
        self.seen_commits = bytearray()

    def spread(self) -> float | None:
        """The 10th to the 90th percentile of the metric's values (the same as indexing the sorted values)."""
        n = len(self.values)
        if n < 5:
            return None
        low, high = int(n * 0.1), int(n * 0.9)
        return heapq.nlargest(n - high, self.values)[-1] - heapq.nsmallest(low + 1, self.values)[-1]

    def direction(self) -> str | None:
        return direction_from_counts(self.kept_down, self.kept_up)

    def standing(self, share: float = 0.1, minimum: int = 5) -> frozenset[tuple[str, str]]:
        floor = max(minimum, share * self.rows)
        return frozenset(pair for pair, count in self.settings.items() if count >= floor)

    def dominant(self) -> str | None:
        if not self.categories:
            return None
        top, count = self.categories.most_common(1)[0]
        return top if count >= 3 and count >= 0.5 * sum(self.categories.values()) else None

