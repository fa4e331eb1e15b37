"""Whether an experiment about to be recorded is in the records folder already.

A loop that runs `nrr record` again after a retry, or a person who re-runs its command, records the
same experiment twice; a second record would count it twice in every statistic. An experiment is
the same when its session, commit, changes, outcome and metric (name and value) are: those are what
the loop observed. What is worked out from them (the baseline, the failure class, the words) and
what only describes them may differ between two calls and still name one experiment.

Without a commit nothing tells a second run of the same change that ended the same way from a
second call for one run, so such an experiment is never taken for one recorded before.
"""

from __future__ import annotations

from typing import Any

from ..convert.record_ids import commit_key
from .index import Index
from .session_records import Earlier, session_records

IDENTITY = "session, commit, changes, outcome and metric"
"""What makes two records one experiment, in words for the caller."""


def recorded_before(index: Index, record: dict[str, Any]) -> Earlier | None:
    """The record in the folder of the same experiment as `record` (None: there is none, or
    `record` names no commit)."""
    experiment = record["experiment"]
    commit = experiment.get("commit")
    if not isinstance(commit, str) or not commit.strip():
        return None
    for earlier in session_records(index, str(experiment["session"]), [str(experiment["outcome"])]):
        if _same_commit(earlier.experiment.get("commit"), commit) and _observed(earlier.experiment) == _observed(experiment):
            return earlier
    return None


def _observed(experiment: dict[str, Any]) -> tuple[object, ...]:
    """What the loop observed besides its session, commit and outcome: the changes and the metric."""
    changes = experiment.get("changes")
    made = sorted(
        tuple(str(change.get(key)) if change.get(key) is not None else "" for key in ("parameter", "from", "to", "direction"))
        for change in (changes if isinstance(changes, list) else [])
        if isinstance(change, dict)
    )
    metric = experiment.get("metric")
    measured = (metric.get("name"), metric.get("value")) if isinstance(metric, dict) else (None, None)
    return tuple(made), measured


def _same_commit(earlier: object, commit: str) -> bool:
    """One commit, however abbreviated (`a1b2c3d` is `a1b2c3d4e5f6`); a `-dirty` one is not its clean commit."""
    if not isinstance(earlier, str):
        return False
    a, b = earlier.strip().lower(), commit.strip().lower()
    if a == b:
        return True
    if commit_key(a) is None or commit_key(b) is None or a.endswith("-dirty") != b.endswith("-dirty"):
        return False
    short, long = sorted((a.removesuffix("-dirty"), b.removesuffix("-dirty")), key=len)
    return long.startswith(short)
