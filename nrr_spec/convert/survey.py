"""What only the whole log tells, gathered row by row in a first pass before any record is written.

- the spread of the metric's values (the scale of failure classes where the baseline is near zero);
- the direction the kept values move in, when neither the user nor the metric's name says it;
- the standing settings (written with the same value in many rows: the loop's configuration, not
  what a row changed) and the dominant change category (rows whose words the vocabulary does not
  know take it: a trading loop's "require tape agreement" is a strategy change like the rest);
- which commits appear more than once (their later rows get ids with the row number);
- the names the log spells out, which its abbreviations stand for (`changes.abbreviations`).

Memory grows with the distinct (parameter, value) settings the log writes; nothing is kept per
row. The metric's values wait in a temporary file, from which the spread's percentiles are
selected exactly in a few passes; the commits seen are a fixed bitmap of their hashes.
"""

from __future__ import annotations

import math
import tempfile
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..changes.abbreviations import Expansions
from ..changes.categories import category_of_parameter
from ..changes.described_work import count_described_work
from ..changes.domain import log_domain
from ..changes.kinds import Kinds
from ..changes.scopes import Scopes
from ..changes.spellings import CodeSpellings
from ..changes.text import parse_stateless
from ..model.vocabulary import UNSPECIFIC_CATEGORIES, VALUE_DIRECTIONS, ExperimentOutcome
from .direction import direction_from_counts
from .no_result import Zeros
from .records import date_of, row_key
from .rows import Row, is_baseline_row

MAX_SESSIONS = 10000  # sessions whose first date is kept: memory stays bounded on a log of one-run sessions
_BITS = 1 << 24  # a 2 MB bitmap of commit hashes seen: a repeat of one is confirmed exactly in the second pass


@dataclass
class Survey:
    rows: int = 0
    values: Values = field(default_factory=lambda: Values())
    zeros: Zeros = field(default_factory=Zeros)  # whether a 0 in the metric column means no result (`no_result`)
    any_value: bool = False
    settings: Counter[tuple[str, str]] = field(default_factory=Counter)
    # how often each description is written, word for word (the first `_DESCRIPTIONS_COUNTED` kinds)
    descriptions: Counter[str] = field(default_factory=Counter)
    categories: Counter[str] = field(default_factory=Counter)
    parameter_categories: Counter[str] = field(default_factory=Counter)  # the taxonomy's category of each change
    described: Counter[str] = field(default_factory=Counter)  # the kinds of work the descriptions' words name
    kept_last: float | None = None
    kept_down: int = 0
    kept_up: int = 0
    kept_negative: int = 0  # kept values below and above zero: which way a column of differences improves
    kept_positive: int = 0
    seen_commits: bytearray = field(default_factory=lambda: bytearray(_BITS // 8))
    repeated_commits: set[int] = field(default_factory=set)  # hashes of commit keys seen before (maybe falsely)
    last_time: str | None = None
    times_up: int = 0  # consecutive rows whose start times rise, and fall
    times_down: int = 0
    expansions: Expansions = field(default_factory=Expansions)  # names the log spells out, for its abbreviations
    spellings: CodeSpellings = field(default_factory=CodeSpellings)  # the code names of the log's counts
    kinds: Kinds = field(default_factory=Kinds)  # what the log calls its code names ("log_mileage feature")
    scopes: Scopes = field(default_factory=Scopes)  # labels that name the part of a system a row changes
    session_dates: dict[str, str] = field(default_factory=dict)  # each session's first date ("" for no session cell)

    def add(self, row: Row) -> None:
        self.rows += 1
        if row.value is not None:
            self.values.append(row.value)
            self.zeros.add(row.value)
            self.any_value = True
        if row.outcome == ExperimentOutcome.keep and row.value is not None and not is_baseline_row(row):
            if self.kept_last is not None:
                self.kept_down += row.value < self.kept_last
                self.kept_up += row.value > self.kept_last
            self.kept_last = row.value
            self.kept_negative += row.value < 0
            self.kept_positive += row.value > 0
        row.parsed = parse_stateless(row.description)
        said = " ".join(row.description.split())
        if said and (said in self.descriptions or len(self.descriptions) < _DESCRIPTIONS_COUNTED):
            self.descriptions[said] += 1
        changes, category = row.parsed
        self.expansions.add_text(row.description)
        self.spellings.add_text(row.description)
        self.kinds.add_text(row.description)
        self.scopes.add_text(row.description)
        count_described_work(row.description, self.described)
        for change in changes:
            self.expansions.add_name(str(change["parameter"]))
        # Each setting once a row: the loop's configuration is written in many rows, not many times in one.
        self.settings.update(
            {(str(c["parameter"]), str(c["to"])) for c in changes if c["to"] is not None and c["direction"] in VALUE_DIRECTIONS}
        )
        if category not in UNSPECIFIC_CATEGORIES:
            self.categories[category] += 1
        self.parameter_categories.update(filter(None, (category_of_parameter(str(c["parameter"])) for c in changes)))
        if row.time:
            self._dated(row.session or "", row.time)
            if self.last_time is not None:
                self.times_up += row.time > self.last_time
                self.times_down += row.time < self.last_time
            self.last_time = row.time
        key = row_key(row.commit, row.run or row.name)
        if key is not None:
            bit = hash(key) % _BITS
            if self.seen_commits[bit >> 3] & (1 << (bit & 7)):
                self.repeated_commits.add(hash(key))
            self.seen_commits[bit >> 3] |= 1 << (bit & 7)

    def _dated(self, session: str, time: str) -> None:
        date = date_of(time)
        known = self.session_dates.get(session)
        if date and (date < known if known else len(self.session_dates) < MAX_SESSIONS):
            self.session_dates[session] = date

    def done(self) -> None:
        """The first pass is over: the bitmap is no longer needed."""
        self.seen_commits = bytearray()
        self.scopes.done()

    def spread(self, without_zeros: bool = False) -> float | None:
        """The 10th to the 90th percentile of the metric's values (exactly the sorted values' entries);
        `without_zeros`, of the values other than 0 where all of those have one sign (0s that stand for
        no result sort before them all, or after)."""
        n, first = self.values.count, 0
        if without_zeros:
            n -= self.zeros.zeros
            first = self.zeros.zeros if self.zeros.positive else 0
        if n < 5:
            self.values.close()
            return None
        try:
            return self.values.select(first + int(n * 0.9)) - self.values.select(first + int(n * 0.1))
        finally:
            self.values.close()

    def newest_first(self) -> bool:
        """Runs listed newest first, as `mlflow.search_runs` and a tracker's table list them (ISO times compare as text)."""
        return self.times_down > self.times_up

    def kept_moves(self, differences: bool = False) -> tuple[int, int]:
        """How often a kept value went down and up: its steps from the kept value before it, or its
        sign where each value is already a difference."""
        if differences:
            return self.kept_negative, self.kept_positive
        return self.kept_down, self.kept_up

    def direction(self, differences: bool = False) -> str | None:
        """Which way is better, from the kept values' moves."""
        return direction_from_counts(*self.kept_moves(differences))

    def standing(self, share: float = 0.1, minimum: int = 5) -> frozenset[tuple[str, str]]:
        floor = max(minimum, share * self.rows)
        return frozenset(pair for pair, count in self.settings.items() if count >= floor)

    def domain(self, metric: str | None, measured: Sequence[str] = ()) -> str | None:
        """The kind of work the log records (`changes.domain.log_domain`)."""
        return log_domain(metric, self.parameter_categories, measured, self.described)

    def labels(self, share: float = 0.5, minimum: int = 5) -> frozenset[str]:
        """Descriptions written word for word on at least half the rows (and five): the loop's mode
        or recipe (`continuous`, `new-experiment`), the same on runs that changed different things,
        so they say what none of them changed."""
        floor = max(minimum, share * self.rows)
        return frozenset(said for said, count in self.descriptions.items() if count >= floor)

    def dominant(self) -> str | None:
        if not self.categories:
            return None
        top, count = self.categories.most_common(1)[0]
        return top if count >= 3 and count >= 0.5 * sum(self.categories.values()) else None


_DESCRIPTIONS_COUNTED = 10_000  # distinct descriptions counted: a label on half the rows is among the first


class Values:
    """Floats written to a temporary file in chunks, and exact order statistics of them in bounded memory."""

    CHUNK = 16384
    BUCKETS = 4096
    SMALL = 65536  # values few enough to sort in memory

    def __init__(self) -> None:
        self._file: Any = None
        self._chunk = array("d")
        self.count = 0
        self.low, self.high = math.inf, -math.inf
        self.passes = 0  # narrowing passes over the values so far

    def append(self, value: float) -> None:
        self._chunk.append(value)
        self.count += 1
        self.low, self.high = min(self.low, value), max(self.high, value)
        if len(self._chunk) >= self.CHUNK:
            self._write()

    def extend(self, values: list[float]) -> None:
        for value in values:
            self.append(value)

    def __len__(self) -> int:
        return self.count

    def _write(self) -> None:
        if self._file is None:
            self._file = tempfile.SpooledTemporaryFile(max_size=1 << 20)  # noqa: SIM115 (closed by close())
        self._file.write(self._chunk.tobytes())
        self._chunk = array("d")

    def _chunks(self) -> Iterator[array[float]]:
        if self._file is not None:
            self._file.seek(0)
            while data := self._file.read(self.CHUNK * 8):
                chunk = array("d")
                chunk.frombytes(data)
                yield chunk
        yield self._chunk

    def select(self, k: int) -> float:
        """The value at index `k` (from 0) of the values sorted, found by narrowing a range of them."""
        low, high, below, inside = self.low, self.high, 0, self.count
        buckets = self.BUCKETS
        while low < high and inside > self.SMALL:
            # Scaled first, so that no difference of two finite floats overflows.
            origin, step = low / buckets, (high / buckets - low / buckets) / buckets
            if not step > 0:
                break  # a range too narrow to divide: what is in it is sorted below
            counts = [0] * buckets
            lows = [math.inf] * buckets
            highs = [-math.inf] * buckets
            last = buckets - 1
            self.passes += 1
            for chunk in self._chunks():
                for value in chunk:
                    if low <= value <= high:
                        j = min(int((value / buckets - origin) / step), last)  # never decreasing in value
                        counts[j] += 1
                        if value < lows[j]:
                            lows[j] = value
                        if value > highs[j]:
                            highs[j] = value
            for j, count in enumerate(counts):
                if below + count > k:
                    low, high, inside = lows[j], highs[j], count
                    break
                below += count
        if low == high:
            return low
        found = sorted(value for chunk in self._chunks() for value in chunk if low <= value <= high)
        return found[k - below]

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None
