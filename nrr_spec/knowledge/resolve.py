"""Read a proposal's parameter names in the terms the records folder already uses.

A person types "LR", "learning rate", "model width"; a lab's records say `matrix_lr`, `n_embd`,
`logit_softcap`. Each proposed parameter is read with the change language's resolver
(`nrr_spec.changes.resolve`) against the parameters the records hold — only those of records that
may be shown (see `withheld`) — before any generic synonym list, and the answer says how the word
was read ("'LR' read as matrix_lr (also possible: embedding_lr, scalar_lr)").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model.vocabulary import ChangeEvidence
from .features import Change, numeric

_GIVEN = frozenset({ChangeEvidence.diff.value, ChangeEvidence.declared.value})


@dataclass
class Resolution:
    changes: list[Change]
    notes: list[str] = field(default_factory=list)


def _spelled(text: str, parameter: str) -> str:
    """The words of the proposal that named `parameter` ("LR", "model width"), else the name."""
    from ..changes import normalise_parameter

    tokens = re.findall(r"[A-Za-z][\w-]*", text)
    for size in (1, 2, 3):
        for i in range(len(tokens) - size + 1):
            words = " ".join(tokens[i : i + size])
            if normalise_parameter(words) == parameter:
                return words
    return parameter


def resolve(
    text: str, changes: list[Change], held: dict[str, tuple[int, int]], value_now: Callable[[str], str | None] | None = None
) -> Resolution:
    """The proposal's changes with each parameter read as a held one where that is possible; where
    several are, `value_now` (the configuration of the moment) says which one the proposal's value
    suits ("increase LR to 0.05": the learning rate that is 0.04 now, not the one at 0.9)."""
    from ..changes.resolve import resolve_parameter, value_fit

    counts = {name: tried for name, (tried, _) in held.items()}
    if value_now is not None:
        value_now = functools.lru_cache(maxsize=None)(value_now)  # one look-up a name, however often it is compared
    out: list[Change] = []
    notes: list[str] = []
    for change in changes:
        if not counts or change.parameter in counts:
            out.append(change)
            continue
        target = numeric(change.to)
        fit = None
        if value_now is not None and target is not None:
            fit = lambda name, c=change, t=target: value_fit(c.direction, t, numeric(value_now(name)))  # noqa: E731
        written = _spelled(text, change.parameter)
        reading = resolve_parameter(written, counts, fit)
        if reading.parameter not in counts or reading.parameter == change.parameter:
            out.append(change)
            continue
        explained = reading.explain()
        now = value_now(reading.parameter) if value_now is not None and fit is not None else None
        if now is not None and resolve_parameter(written, counts).parameter != reading.parameter:
            explained += f"; its value now, {now}, is the nearest to {change.to}"
        notes.append(explained)
        out.append(Change(reading.parameter, change.direction, change.to, change.value, change.evidence))
    return Resolution(out, notes)


def at_configuration(changes: list[Change], value_now: Callable[[str], str | None], text: str = "") -> Resolution:
    """The proposal's changes read against the configuration of the moment (`value_now` gives a
    parameter's current value, see `changes.state`): "use 12 layers" where there are 10 is an increase
    from 10, "lr 3x" and "double the width" reach that multiple of the current value. Changes given
    as data keep their reading; a value the configuration already holds is said to change nothing."""
    from ..changes.text import with_state

    out: list[Change] = []
    notes: list[str] = []
    factor = _factor_word(text) if len(changes) == 1 else None
    for change in changes:
        now = None
        if change.start is None and change.evidence not in _GIVEN and (change.to is not None or factor is not None):
            now = value_now(change.parameter)
        if now is None:
            out.append(change)
            continue
        if change.to is None and (not numeric(now) or not _agrees(factor, change.direction)):
            out.append(change)
            continue
        if numeric(change.to) is not None and numeric(change.to) == numeric(now):
            notes.append(f"{change.parameter} is already {now} now: the proposal would change nothing")
        written: dict[str, object] = {
            "parameter": change.parameter,
            "from": None,
            "to": change.to if change.to is not None else f"{factor:g}x",
            "direction": change.direction,
        }
        (read,), _ = with_state(((written,), ""), {change.parameter: now})
        to = None if read["to"] is None else str(read["to"])
        direction = str(read["direction"])
        out.append(Change(change.parameter, direction, to, numeric(to), change.evidence, now))
        if (direction, to) != (change.direction, change.to):
            notes.append(f"{change.parameter} is {now} now: read as {direction} from {now} to {to}")
    return Resolution(out, notes)


# Words that multiply the value of the moment; with the value known they name the value reached.
_FACTORS = {
    **dict.fromkeys(("double", "doubled", "doubling", "twice"), 2.0),
    **dict.fromkeys(("triple", "tripled", "tripling"), 3.0),
    **dict.fromkeys(("quadruple", "quadrupled"), 4.0),
    **dict.fromkeys(("halve", "halved", "halving"), 0.5),
}


def _factor_word(text: str) -> float | None:
    found = {_FACTORS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in _FACTORS}
    return found.pop() if len(found) == 1 else None


def _agrees(factor: float | None, direction: str) -> bool:
    return factor is not None and direction == ("increase" if factor > 1 else "decrease")
