"""Write the record of a finished experiment (from the API or the MCP server) and index it."""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checked_write import MAX_TEXT_CHARS, checked_json, cut_text, write_new_file
from ..model.vocabulary import Direction, ExperimentOutcome, FailureClass, values
from .earlier_best import earlier_best
from .index import Index, Written
from .index_walk import Stamp, stamp_of
from .session_default import default_session


def _next_sequence(index: Index, session: str) -> int:
    try:
        return index.next_sequence(session)
    except sqlite3.Error:
        return 1


@dataclass(frozen=True)
class Finished:
    """A finished experiment as a loop or a person reports it: what it changed and how it ended."""

    description: str
    outcome: str
    metric: str | None = None
    value: float | None = None
    baseline: float | None = None
    direction: str | None = None  # of the metric: lower or higher is better
    failure_class: str | None = None
    session: str | None = None
    commit: str | None = None
    changes: list[dict[str, Any]] | None = None  # declared changes, as `nrr record --change` gives them

    def check(self) -> None:
        """ValueError naming the first argument that cannot be recorded, and what it may be."""
        outcomes, classes, directions = values(ExperimentOutcome), values(FailureClass), values(Direction)
        if self.outcome not in outcomes:
            raise ValueError(f"outcome must be one of {', '.join(outcomes)}, not {self.outcome!r}")
        if self.failure_class is not None and self.failure_class not in classes:
            raise ValueError(f"failure_class must be one of {', '.join(classes)}, not {self.failure_class!r}")
        if self.direction is not None and self.direction not in directions:
            raise ValueError(f"direction must be {' or '.join(map(repr, directions))}, not {self.direction!r}")
        if not self.description or not self.description.strip():
            raise ValueError("description is empty: say what the experiment changed")
        for name, number in (("value", self.value), ("baseline", self.baseline)):
            if number is not None and not math.isfinite(number):
                raise ValueError(f"{name} must be a finite number, not {number}: leave it out when there is no measurement")
            if number is not None and not self.metric:
                raise ValueError(f"{name} is given without metric: name the metric it measures, e.g. metric='val_bpb'")


@dataclass(frozen=True)
class Origin:
    """Where a record comes from when it is not an agent's call: `nrr record` gives its git diff and its own name."""

    source_name: str = "nrr record"
    converter: str = "nrr knowledge record_experiment"
    author: str | None = None
    diff: Any = None
    repository_url: str = ""
    repository: Path | None = None  # the work tree of the experiment's commit: it names a session nobody named


def write_record(index: Index, folder: Path, finished: Finished, origin: Origin | None = None) -> dict[str, Any]:
    """Check, build, write and index one record; returns `{"id", "path", "record", "notes", "unchanged"}`.

    What the caller leaves out is filled in as `nrr convert` fills it in: the direction from the
    metric's name, the baseline from the session's best kept value in the folder, the session from
    the project (`session_default`); the notes say so. An experiment the folder holds already
    (`same_experiment`) is not written again: `unchanged` is True and the earlier record is returned.

    ValueError (RecordRefused among them) when the record would not validate: nothing is written.
    """
    from ..convert.direction import direction_from_name
    from ..convert.pipeline import ConvertOptions
    from ..convert.record_ids import session_name as record_session_name
    from ..convert.records import Walk, make_record, session_slug
    from ..convert.rows import Row
    from .same_experiment import IDENTITY, recorded_before

    finished.check()
    origin = origin or Origin()
    outcome, metric, failure_class = finished.outcome, finished.metric, finished.failure_class
    notes: list[str] = []
    description, cut = cut_text(finished.description.strip())
    if cut:
        notes.append(f"description cut to its first {MAX_TEXT_CHARS:,} characters ({cut:,} more were given)")
    session = finished.session
    if not session:
        chosen = default_session(folder, origin.repository)
        session = chosen.name
        notes.append(chosen.note())
    session_name = record_session_name(session)
    direction = finished.direction or direction_from_name(metric)
    baseline, compared = _baseline(index, finished, session_name, direction)
    if metric and direction is None and finished.value is not None and baseline is not None:
        notes.append(f"cannot tell whether lower or higher {metric} is better; give its direction to compute the failure class")
    sequence = _next_sequence(index, session_name)
    row = Row(
        row=sequence,
        line=0,
        commit=finished.commit,
        status_raw=None,
        outcome=outcome,
        description=description,
        value=finished.value,
        unit=None,
        session=session_name,
    )
    walk = Walk(metric, direction, best=baseline)
    changes = finished.changes
    given = None if changes is None else [dict(c) for c in changes if isinstance(c, dict)]
    record = make_record(
        row,
        {"file": origin.source_name, "row": sequence},
        ConvertOptions(converter=origin.converter, author=origin.author),
        session_name,
        walk,
        declared=given,
        id_session=session_slug(session),
    )
    experiment = record["experiment"]
    if failure_class is not None and outcome in (ExperimentOutcome.discard, ExperimentOutcome.crash):
        experiment["failure_class"] = failure_class  # the caller knows why it failed better than the numbers
    if metric and "metric" not in experiment:
        experiment["metric"] = {"name": metric}
    if origin.diff is not None:
        from ..convert.fromgit import add_git_sections

        add_git_sections(record, origin.diff, origin.diff.base, origin.repository_url, bool(origin.author))
    earlier = recorded_before(index, record)
    if earlier is not None:
        notes.append(f"{earlier.path} records this experiment already (same {IDENTITY}): nothing written")
        return {"id": earlier.id, "path": str(earlier.path), "record": earlier.data, "notes": notes, "unchanged": True}
    notes += compared
    before = stamp_of(folder)
    path = _write_new(folder, str(record["id"]), record)
    # The refresh that opened the index swept if a sweep was due: this one only takes in the new file.
    report = index.refresh(written=_written(index, path, before), sweep_if_due=False)
    return {"id": record["id"], "path": str(path), "record": record, "notes": notes + report.notes, "unchanged": False}


def _baseline(index: Index, finished: Finished, session: str, direction: str | None) -> tuple[float | None, list[str]]:
    """The baseline given, else the session's best so far in the folder, with a note saying where it came from."""
    if finished.baseline is not None or not finished.metric or finished.outcome == ExperimentOutcome.baseline:
        return finished.baseline, []  # a baseline run is compared with nothing
    best = earlier_best(index, session, finished.metric, direction)
    if best is None:
        return None, []
    return best.value, [best.note(finished.metric, session)]


def _written(index: Index, path: Path, folder_before: Stamp | None) -> Written | None:
    """The file just written, named as the index names it (None: outside the indexed folder)."""
    try:
        name = path.relative_to(index.records).as_posix()
    except ValueError:
        return None
    return Written(name, folder_before)


def _write_new(folder: Path, base_id: str, record: dict[str, Any]) -> Path:
    """Write `record` under the first free id `<base_id>[-<n>]`, checked first (RecordRefused: nothing
    written); a file that turns up meanwhile is never replaced."""
    folder.mkdir(parents=True, exist_ok=True)
    suffix = 1
    while True:
        record["id"] = base_id if suffix == 1 else f"{base_id}-{suffix}"
        path = folder / f"{record['id']}.json"
        if not path.exists():
            text = checked_json(record)
            try:
                # Linked, not renamed, into place: the link fails if another writer took the name first.
                write_new_file(path, text)
                return path
            except FileExistsError:
                pass
        suffix += 1
