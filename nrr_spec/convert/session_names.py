"""The name a converted session goes by: what a person calls the run, not a tracker's raw id.

A log's session is its session column (`session`, `run_tag`, MLflow's `experiment_id`, W&B's
`Sweep`) or, without one, the log's file name. Either can be a raw id that says nothing to a
reader (`734829347523`, a hash, a UUID, `run-7f3a2b`), and the file name is often the loop's
default (`results.tsv`, `runs.csv`). Such a name gives way to the first folder above the log that
names something (`myproject/results.tsv` is myproject's session; `myproject/logs/` is still
myproject's), never past the top of the log's git work tree, followed by the date the session's
first run started where the log says it. A raw id stays in the record beside the name, as the
log's own column (`log:experiment_id`), and record ids keep being made from it, so that they do
not change.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from ..changes.git import GitError, Repository
from .record_ids import slug

# Ids: a hash, a UUID, a number, or a random-looking token of six or more letters and digits that
# mix more than once (`k3j2h1g9`, a W&B sweep; not `resnet50`); before it maybe a word that only
# says it is a run (`run-7f3a2b`).
_HEX = re.compile(r"[0-9a-f]{6,64}")
_UUID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")
_TOKEN = re.compile(r"[a-z0-9]{6,}")
_MIXES = re.compile(r"[a-z]\d|\d[a-z]")
_RUN_WORDS = frozenset({"run", "runs", "exp", "experiment", "session", "sweep", "trial", "job", "id"})
# Words of a loop's default file or folder names: they name no project.
_DEFAULT_WORDS = frozenset(
    {
        "results",
        "result",
        "runs",
        "run",
        "experiments",
        "experiment",
        "exp",
        "log",
        "logs",
        "export",
        "exports",
        "data",
        "output",
        "outputs",
        "out",
        "metrics",
        "history",
        "table",
        "tables",
        "all",
        "mlflow",
        "wandb",
        "autoresearch",
        "search",
        "tsv",
        "csv",
        "jsonl",
        "tmp",
        "src",
    }
)
# A date and time as exporters stamp a file's name: 2025-03-01T10_00_00.000+01_00, 20250301-101010.
_STAMP = re.compile(r"\d{4}-?\d{2}-?\d{2}(?:[t_ -]?\d{2}[_:.-]?\d{2}(?:[_:.-]?\d{2})?(?:\.\d+)?(?:[+-]\d{2}[_:]?\d{2}|z)?)?")
MAX_FOLDERS = 3  # folders looked at above a log, when no work tree bounds the search


def is_raw_id(name: str) -> bool:
    """Whether a session's name is an id that says nothing to a reader."""
    words = [w for w in re.split(r"[^a-z0-9]+", name.strip().lower()) if w]
    if not words:
        return True
    if _UUID.fullmatch(name.strip().lower()):
        return True
    rest = words[1:] if len(words) > 1 and words[0] in _RUN_WORDS else words
    return all(w.isdigit() or (_HEX.fullmatch(w) and re.search(r"\d", w)) or _random(w) for w in rest)


def _random(word: str) -> bool:
    return bool(_TOKEN.fullmatch(word)) and len(_MIXES.findall(word)) >= 2


def names_nothing(name: str) -> bool:
    """A raw id, or a default name (`results`, `mlflow_runs`, `logs`), with or without the time it
    was saved (`wandb_export_2025-03-01T10_00_00.000+01_00`)."""
    words = [w for w in re.split(r"[^a-z0-9]+", _STAMP.sub(" ", name.lower())) if w]
    return is_raw_id(name) or all(w in _DEFAULT_WORDS or w.isdigit() for w in words)


def place_name(path: str | os.PathLike[str] | None, top: str | os.PathLike[str] | None = None) -> str | None:
    """The first folder above a log whose name names something (up to the work tree's top, when
    the log is in one), or None."""
    if path is None:
        return None
    # Links resolved, as git names the work tree's top: the same log read through a link to its
    # folder is the same project's, and keeps its session.
    folder = Path(os.path.realpath(os.fspath(path))).parent
    stop = Path(os.path.realpath(os.fspath(top))) if top is not None else None
    for _ in range(MAX_FOLDERS if stop is None else len(folder.parts)):
        name = folder.name.removesuffix(".git")
        if name and not names_nothing(name):
            return name
        if folder == stop or folder.parent == folder:
            return None
        folder = folder.parent
    return None


def log_place(path: str | os.PathLike[str] | None, repo: str | os.PathLike[str] | None) -> str | None:
    """What names the project a log belongs to: a folder above it, else the repository given (`--repo`)."""
    if path is None and repo is None:
        return None
    top = None
    if path is not None:
        try:
            top = Repository(Path(path).resolve().parent).top
        except (GitError, OSError):
            top = None
    found = place_name(path, top)
    if found is None and repo is not None:
        name = Path(os.path.abspath(os.fspath(repo))).name.removesuffix(".git")
        found = name if name and not names_nothing(name) else None
    return found


class SessionNames:
    """The readable name of each session of one log, given what the first pass saw; the place (`log_place`)
    is looked for only when a name needs it."""

    def __init__(self, stem: str, place: Callable[[], str | None], dates: dict[str, str]) -> None:
        self.stem, self.dates = stem, dates
        self._place = place
        self._named: dict[str | None, str] = {}
        self._used: set[str] = set()

    @cached_property
    def place(self) -> str | None:
        return self._place()

    @cached_property
    def file_word(self) -> str:
        """The log's file name without the time an exporter stamped on it (`wandb_export_2025-03-01T10_00` -> wandb_export)."""
        return _STAMP.sub("", self.stem.lower()).strip("_-. ") or self.stem

    def name(self, raw: str | None) -> str:
        """The session's name: the raw cell or the file's stem where it names something, else the place and date."""
        if raw in self._named:
            return self._named[raw]
        given = raw or self.stem
        if not names_nothing(given) or self.place is None:
            named = given
        else:
            # The place with the log's own name: two logs of one project ("results.tsv", "runs.tsv")
            # stay two sessions, whose experiments never share one history or one page.
            date = self.dates.get(raw or "")
            named = "-".join(part for part in (self.place, self.file_word, date) if part)
            if slug(named) in self._used:  # two raw ids of one place and day stay two sessions
                named = f"{named}-{slug(raw or self.stem)[:8]}"
        self._named[raw] = named
        self._used.add(slug(named))
        return named

    def renamings(self) -> list[tuple[str, str, bool]]:
        """(what the log calls a session, the name it was given, whether that holds a date) for each
        session named anew."""
        return [
            (raw or self.stem, named, bool(self.dates.get(raw or "")))
            for raw, named in self._named.items()
            if named != (raw or self.stem)
        ]
