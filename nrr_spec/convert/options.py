"""What a conversion is told (`ConvertOptions`) and what it gives back (`ConvertResult`, `Skip`)."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .classify import Thresholds
from .profiles import AUTORESEARCH, Profile


@dataclass
class ConvertOptions:
    """What a log cannot tell by itself. Every field is optional."""

    metric: str | None = None  # column of the optimised metric
    direction: str | None = None  # "lower" or "higher"
    status_map: dict[str, str] | None = None  # status word -> keep/discard/crash/baseline/other
    session: str | None = None  # session name; default: the log's file name
    author: str | None = None  # added to new records' authors
    # column roles for unusual layouts, or the path of a mapping file (see nrr_spec.convert.mapping)
    mapping: dict[str, Any] | str | os.PathLike[str] | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)
    judge_by_metric: bool = False  # rows without a keep/discard decision are judged against the best so far
    # The kind of log (`nrr_spec.convert.profiles`): its columns, whether its commits are git commits, its defaults.
    profile: Profile = AUTORESEARCH
    converter: str | None = None  # the name in each record's provenance; default: the profile's
    # progress: (rows done, rows in the log), every 1,000 rows; while the log is first read, (rows read, 0)
    on_row: Callable[[int, int], None] | None = None
    # A reproducibility section captured once from this machine (`nrr_spec.envcapture.capture_environment`),
    # given to every record; a row that names its own commit keeps that commit as the code's.
    reproducibility: dict[str, Any] | None = None
    # The folder a log's path is taken relative to for its identity, the tag in its records' ids
    # (`records.log_identity`): the records folder; the current folder when None.
    anchor: str | os.PathLike[str] | None = None
    # The git repository (work tree or bare) whose commits the log's commit cells name; None: the work
    # tree the log sits in, if any. `use_repo=False` reads descriptions only.
    repo: str | os.PathLike[str] | None = None
    use_repo: bool = True

    @property
    def converter_name(self) -> str:
        return self.converter or self.profile.converter


@dataclass
class Skip:
    file: str
    line: int
    row: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: row {self.row} skipped: {self.reason}"


@dataclass
class ConvertResult:
    records: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[Skip] = field(default_factory=list)
    rows_read: int = 0
    errors: list[str] = field(default_factory=list)  # problems with the whole log (unreadable, unknown --metric)
    input_error: bool = False  # one of them is an option the user must fix (a --metric the log has no column for)
    notes: list[str] = field(default_factory=list)  # what an option would complete
    outcomes: Counter[str] = field(default_factory=Counter)  # of the records produced so far
    failure_classes: Counter[str] = field(default_factory=Counter)
    metric: str | None = None  # what the records were judged by: the metric's column, and which way is better

    def counts(self) -> dict[str, Counter[str]]:
        return {
            "outcome": self.outcomes,
            "failure_class": self.failure_classes,
            "skipped": Counter(s.reason for s in self.skipped),
        }


Records = Iterator[dict[str, Any]]
