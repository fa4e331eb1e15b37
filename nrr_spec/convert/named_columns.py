"""A setting a row's description names in its own words and the log keeps in a column under the
code's name: `cps_sweep: 13.0` in a row whose `chars_per_sec` cell holds 13.0.

A description's name is a column's when, in the rows that set it, the change's new value is the
column's value (in nearly all of them), and the names agree in their words: the same words, the
column's initials (`cps`), each of its words cut short (`max_dur` for `max_duration`), or all the
name's words among the column's (`muon_lr` beside `start_lr_muon`). Only a column whose values
repeat as a setting's do is such a name: a measurement that lands on the value a description names
(`2222 steps` beside the `num_steps` a time budget allowed) is how the run came out, not what it set.
A name two columns fit is neither's, and a description's name longer than the column's
(`MAX_DOC_LEN` beside `doc_len`) says more than the column does and is not read as it.

The column is the loop's own record of the setting, written from its code, so:

- an abbreviation of the column's name takes that name (one setting keeps one name across the log);
  a name as plain as the column's stays as the description writes it;
- a kept row's cell is where the kept line of experiments stands: the value the next change of the
  setting starts from (`cps_sweep: 11.1` after a kept 25 is a decrease from 25).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Mapping

from ..changes.categories import Parsed, renamed
from ..changes.numbers import parse_number
from .columns import norm_name, repeats_like_a_setting
from .reader import SAMPLE_ROWS, LogText

_AMBIGUOUS = ""
_DIFFER = 5  # a column is a name's while fewer than one in five of the rows that set the name disagree


def setting_like_columns(log: LogText, metric: int | None) -> frozenset[str]:
    """The names (as rows key their measurements) of the numeric columns whose values repeat as a
    setting's do, the metric's aside."""
    layout = log.layout
    sample = [raw.cells for raw in itertools.islice(log.rows(), SAMPLE_ROWS)]
    return frozenset(
        norm_name(layout.columns[i]) or f"column_{i + 1}"
        for i in layout.numeric
        if i != metric and repeats_like_a_setting([row[i].strip() for row in sample if i < len(row)])
    )


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", name.lower()) if w]


def agreement(parameter: str, column: str) -> str | None:
    """How a description's name for a setting and a column's name are one name in other words:
    "same", "short" (the column's initials, or each of its words cut short), "among" (all the
    name's words among the column's), or None."""
    said, kept = _words(parameter), _words(column)
    if not said or not kept:
        return None
    if said == kept:
        return "same"
    if len(said) == 1 and len(kept) >= 2 and said[0] == "".join(w[0] for w in kept):
        return "short"
    if len(said) == len(kept) and all(k.startswith(s) for s, k in zip(said, kept, strict=True)):
        return "short"
    return "among" if set(said) < set(kept) else None


class NamedColumns:
    """The columns the log's descriptions name, found row by row while the log is surveyed.

    A column is a description name's only where the rows agree: each row whose description sets the
    name to a number holds that number in the column, or nearly every one does. A column that holds
    another value where a description sets the name (the configuration before the change, say) is
    not the setting the description names."""

    def __init__(self, settings: frozenset[str]) -> None:
        self.settings = settings
        self._agree: Counter[tuple[str, str]] = Counter()
        self._differ: Counter[tuple[str, str]] = Counter()
        self._fitting: dict[str, tuple[str, ...]] = {}  # a name -> the columns whose names agree with it

    def add(self, changes: Iterable[Mapping[str, object]], measured: Mapping[str, float]) -> None:
        if not self.settings:
            return
        for change in changes:
            parameter, value = str(change.get("parameter") or ""), parse_number(change.get("to"))
            if value is None:
                continue
            if parameter not in self._fitting:  # once a name: a wide log has hundreds of columns
                self._fitting[parameter] = tuple(c for c in self.settings if agreement(parameter, c))
            for column in self._fitting[parameter]:
                if column in measured:
                    counts = self._agree if measured[column] == value else self._differ
                    counts[parameter, column] += 1

    def columns(self) -> dict[str, str]:
        """Description name -> the column it names, for the names one column fits."""
        found: dict[str, str] = {}
        for (said, column), agree in self._agree.items():
            if self._differ[said, column] * _DIFFER > agree:
                continue
            found[said] = _AMBIGUOUS if said in found else column
        return {said: column for said, column in found.items() if column != _AMBIGUOUS}


def renames(columns: Mapping[str, str]) -> dict[str, str]:
    """The description names to write as their column's: the abbreviations of it (`cps` for
    `chars_per_sec`). A name whose words are among the column's (`muon_lr` beside `start_lr_muon`)
    is as plain as the column's, and stays as the description writes it."""
    return {said: column for said, column in columns.items() if agreement(said, column) == "short"}


def named_as_columns(parsed: Parsed, written: Mapping[str, str]) -> Parsed:
    """A row's parsed description with each abbreviation of a column's name written as the column's
    (`written`: the log's `renames`)."""
    return renamed(parsed, written.get) if written else parsed


def kept_column_settings(
    measured: Mapping[str, float], columns: Mapping[str, str], written: Mapping[str, str], state: Mapping[str, object]
) -> dict[str, str]:
    """The values a kept row's named columns hold where the configuration of the moment (`state`)
    holds another, under the name the changes use: where the kept line of experiments stands, so
    that the next `cps_sweep: 11.1` is a decrease from the kept 25. A value the state already holds
    keeps its own spelling (`0.80`). `written` is the log's `renames`."""
    out = {}
    for said, column in columns.items():
        name = column if said in written else said
        value = measured.get(column)
        if value is not None and parse_number(state.get(name)) != value:
            out[name] = str(int(value)) if value.is_integer() else repr(value)
    return out
