"""Columns of an experiment log that hold a setting of the run, told by their names and their values.

Many loops log each run's hyperparameters beside its scores (`n_layer`, `lr`, `dropout`,
`batch_size`, then `val_loss`). Such a column is a setting, not a measurement, when both say so:

- its name is one the change taxonomy places in a kind of training work a run is configured by
  (architecture, learning rate, regularisation, batch size, ...): `n_embd`, `weight_decay`. Lengths
  of training are left out, since loops log the steps a time budget allowed as often as the steps
  they set, and so is any name that says it measures;
- its values repeat as a setting's do (`repeats_like_a_setting`): few distinct values, or one that
  most runs share, where a measurement rarely lands on one value twice.

Only logs whose rows have no description are read this way: where they have one, it says what
changed. A mapping file's `config:` names the columns instead, when this reading is wrong.

Whatever holds a run's configuration (these columns, or a JSON Lines `config`), a loop's runs are
not each one change from the best so far: a sweep's are neighbours of the runs before them, and a
loop builds on a run it has not kept as often as it retries one. A run's changes are the settings
that differ from the earlier run it differs least from (`nearest_earlier`): the last kept run where
that is as near as any, as in a loop that climbs from its best, else the latest of the nearest.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Reversible
from typing import Any

from .columns import MIN_RUNS, names_a_setting, repeats_like_a_setting
from .reader import SAMPLE_ROWS, LogText


def named_setting_columns(log: LogText, mapping: dict[str, Any]) -> None:
    """Mark the numeric columns that hold a run's settings as its configuration, when no column did."""
    layout = log.layout
    if layout.config or layout.guessed or mapping.get("config") or layout.index("description") is not None:
        return  # where the rows describe their change, the description says what changed
    sample = [raw.cells for raw in itertools.islice(log.rows(), SAMPLE_ROWS)]
    config = [
        i
        for i in layout.numeric
        if i != layout.metric
        and names_a_setting(layout.columns[i])
        and repeats_like_a_setting([row[i].strip() for row in sample if i < len(row)])
    ]
    # Settings written as words (`algo` PPO, `reward_type` sharpe, `net_arch` [128, 64]) beside the
    # numbers: a column of them holds few distinct values, where a note's words differ on every row.
    config += [
        i
        for i in layout.text
        if names_a_setting(layout.columns[i]) and _few_distinct([row[i].strip() for row in sample if i < len(row)])
    ]
    if config:
        layout.config = sorted(config)
        layout.numeric = [i for i in layout.numeric if i not in config]
        layout.text = [i for i in layout.text if i not in config]
        layout.partial_config = True


def _few_distinct(cells: list[str]) -> bool:
    """Whether a column of words repeats as a setting's do: at most half its filled cells distinct."""
    values = [c for c in cells if c]
    return len(values) >= MIN_RUNS and len(set(values)) * 2 <= len(values)


# Distinct configurations a run is compared with, the most recent: the runs a loop builds on are its
# recent ones, and the time each row takes stays bounded (every one of 20,000 distinct configs would
# make a log of that many runs thirteen times slower to convert).
RECENT = 100


class RecentConfigs:
    """The last `RECENT` distinct configurations, oldest first; one seen again becomes the latest."""

    def __init__(self) -> None:
        self._configs: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}

    def add(self, config: dict[str, str]) -> None:
        key = tuple(sorted(config.items()))
        self._configs.pop(key, None)
        self._configs[key] = dict(config)
        if len(self._configs) > RECENT:
            del self._configs[next(iter(self._configs))]

    def __iter__(self) -> Iterator[dict[str, str]]:
        return iter(self._configs.values())

    def __reversed__(self) -> Iterator[dict[str, str]]:
        return reversed(self._configs.values())


def nearest_earlier(
    config: dict[str, str], earlier: Reversible[dict[str, str]], kept: dict[str, str], partial: bool = False
) -> dict[str, str]:
    """The earlier configuration `config` differs least from: the last kept one where it differs no
    more from it than from any other, else the latest of those that differ least.

    A configuration an earlier run had already is read against the kept one where the columns hold
    the whole configuration (a JSON Lines `config`): the repeat makes that run's change again. Where
    they hold only the settings whose names say so (`partial`), the run differs from that one in
    what the columns leave out, and nothing they hold changed."""

    items = list(config.items())

    def distance(other: dict[str, str], limit: int) -> int:
        """How many settings differ, counted up to `limit` (no further is needed to rule `other` out)."""
        moved = 0
        for name, value in items:
            moved += other.get(name) != value
            if moved >= limit:
                break
        return moved

    best = kept
    fewest = distance(kept, len(items) + 1) if kept else len(items) + 1
    nearest = 0 if partial else 1
    for other in reversed(earlier):
        moved = distance(other, fewest)
        if nearest <= moved < fewest:
            best, fewest = other, moved
    return best
