"""The configuration of the moment: each parameter's value along the kept line of experiments.

A kept (or baseline) experiment's changes set their parameters; discarded and crashed ones leave
the configuration as it was. `nrr check` reads a proposal against it, so "set MATRIX_LR to 0.05"
where the current value is 0.04 is an increase from 0.04.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..model.vocabulary import KEPT_OUTCOMES, VALUE_DIRECTIONS
from .numbers import on_one_scale

KEPT = KEPT_OUTCOMES


def configuration(records: Iterable[Mapping[str, Any]], session: str | None = None) -> dict[str, str]:
    """Parameter -> current value after the kept experiments of `records` (of one `session` when given),
    taken in the order of their sequence numbers."""
    kept = []
    for position, record in enumerate(records):
        experiment = record.get("experiment")
        if not isinstance(experiment, Mapping) or experiment.get("outcome") not in KEPT:
            continue
        if session is not None and experiment.get("session") != session:
            continue
        sequence = experiment.get("sequence")
        kept.append((sequence if isinstance(sequence, int) else position, position, experiment))
    state: dict[str, str] = {}
    for _, _, experiment in sorted(kept, key=lambda item: (item[0], item[1])):
        for change in experiment.get("changes") or []:
            if isinstance(change, Mapping) and change.get("parameter") and change.get("to") is not None:
                state[str(change["parameter"])] = str(change["to"])
    return state


# A choice replaced by the one already held changes nothing, as a value set to the one held does not.
_HOLDS_A_VALUE = VALUE_DIRECTIONS | {"replace"}


def restates(change: Mapping[str, object], state: Mapping[str, object]) -> bool:
    """Whether a change only writes the value the configuration of the moment already holds ("LR=5e-2"
    when it is 5e-2, "yolo11l" when the model is yolo11l): the experiment ran with that setting, it did
    not change it."""
    parameter, new = str(change.get("parameter")), change.get("to")
    if new is None or parameter not in state or change.get("direction") not in _HOLDS_A_VALUE:
        return False
    old = str(state[parameter])
    if old == str(new):
        return True
    a, b = on_one_scale(old, str(new))
    return a is not None and a == b
