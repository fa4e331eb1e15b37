"""Sessions: the experiments of one automated run (one log), gathered for the session's page."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field

from ..model.vocabulary import CHANGE_GERUND, CRASH_CLASSES, DECIDED_OUTCOMES, KEPT_OUTCOMES, ExperimentOutcome, FailureClass
from . import text
from .collect import Catalogue, Entry, is_negative_result
from .plots import Point

_SLUG = re.compile(r"[^a-z0-9]+")


def session_slug(name: str) -> str:
    """The session's folder under sessions/: its name in lower-case letters, digits and hyphens.

    Names that differ only in punctuation or case would share a slug; a short hash of the name
    keeps them apart whenever the slug is not the name itself.
    """
    slug = _SLUG.sub("-", name.lower()).strip("-")[:80] or "session"
    return slug if slug == name else f"{slug}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"  # noqa: S324 - a name, not a secret


@dataclass
class Session:
    """One session's experiments in the order they ran; `published` are the ids with a page of their own."""

    name: str
    rows: list[Entry]
    published: set[str] = field(default_factory=set)

    @property
    def slug(self) -> str:
        return session_slug(self.name)

    def count(self, *outcomes: str) -> int:
        return sum(1 for e in self.rows if e.record.experiment and str(e.record.experiment.outcome) in outcomes)

    @property
    def negative(self) -> list[Entry]:
        return [e for e in self.rows if e.id in self.published and is_negative_result(e.record)]

    @property
    def metric(self) -> tuple[str, str | None]:
        for entry in self.rows:
            metric = entry.record.experiment.metric if entry.record.experiment else None
            if metric is not None:
                return metric.name, str(metric.direction) if metric.direction else None
        return "", None

    @property
    def source(self) -> str | None:
        provenance = self.rows[0].record.provenance
        return provenance.source.file if provenance else None

    @property
    def dates(self) -> tuple[dt.date | None, dt.date | None]:
        days = [e.first_date for e in self.rows if e.first_date]
        return (min(days), max(days)) if days else (None, None)

    def kept_span(self) -> tuple[float | None, float | None]:
        """The first kept (or baseline) value and the last: where the session started and ended."""
        values = [
            e.record.experiment.metric.value
            for e in self.rows
            if e.record.experiment
            and str(e.record.experiment.outcome) in KEPT_OUTCOMES
            and e.record.experiment.metric
            and e.record.experiment.metric.value is not None
        ]
        return (values[0], values[-1]) if values else (None, None)


def _position(entry: Entry) -> tuple[int, str]:
    experiment = entry.record.experiment
    row = entry.record.provenance.source.row if entry.record.provenance else None
    return (experiment.sequence if experiment and experiment.sequence else row or 10**9, entry.id)


def gather_sessions(catalogue: Catalogue) -> list[Session]:
    """Every session named by a public experiment, published as a record or only as context; the most recent first.

    Grouped once per catalogue: the front page, the dashboards and the session pages all ask."""
    known: list[Session] | None = getattr(catalogue, "_sessions", None)
    if known is None:
        known = _group_sessions(catalogue)
        setattr(catalogue, "_sessions", known)  # noqa: B010 - a cache beside the dataclass's fields, not one of them
    return list(known)


def _group_sessions(catalogue: Catalogue) -> list[Session]:
    grouped: dict[str, list[Entry]] = {}
    for entry in [*catalogue.entries, *catalogue.context]:
        experiment = entry.record.experiment
        if experiment is not None and experiment.session:
            grouped.setdefault(experiment.session, []).append(entry)
    published = {entry.id for entry in catalogue.entries}
    sessions = [Session(name, sorted(rows, key=_position), {e.id for e in rows} & published) for name, rows in grouped.items()]
    sessions.sort(key=lambda s: s.name)
    sessions.sort(key=lambda s: s.dates[1] or dt.date.min, reverse=True)
    return sessions


def configuration(session: Session) -> list[tuple[str, str | None, str | None]]:
    """(parameter, value at the start, value at the end) for each parameter the session changed;
    None where the log never gave the value (a parameter first set by an 'add').

    The start is the first "from" seen for a parameter; the end is what the last kept change set
    it to (a discarded change leaves the configuration as it was).
    """
    start: dict[str, str] = {}
    end: dict[str, str] = {}
    for entry in session.rows:
        experiment = entry.record.experiment
        if experiment is None:
            continue
        for change in experiment.changes:
            if change.from_ is not None and change.parameter not in start:
                start[change.parameter] = text.plain(change.from_)
            if experiment.outcome == ExperimentOutcome.keep and change.to is not None:
                end[change.parameter] = text.plain(change.to)
    names = [name for name in dict.fromkeys([*start, *end])]
    return [(name, start.get(name), end.get(name, start.get(name))) for name in names]


def point(entry: Entry, x: int) -> Point:
    experiment = entry.record.experiment
    assert experiment is not None
    # A run that logged 0 for 'no result' is drawn with the runs that have none, not as a 100% gain.
    value = experiment.metric.value if experiment.metric and not experiment.logged_no_result() else None
    return Point(
        x,
        value,
        str(experiment.outcome),
        str(experiment.failure_class) if experiment.failure_class else None,
        f"{x}: {entry.record.title}",
    )


@dataclass
class Finding:
    """What one kind of change did in the experiments given: counts, and the keep rate with its uncertainty."""

    what: str
    level: str  # category or change
    tried: int
    improved: int
    crashed: int
    estimate: float
    low: float
    high: float
    verdict: str


def findings(rows: list[Entry], min_tried: int = 2) -> list[Finding]:
    """The knowledge engine's model over `rows`: each category's and each (parameter, direction)'s keep
    rate, shrunk towards the rate of all changes (Beta-Binomial, prior strength estimated from the
    spread of the groups), with a 95% credible interval; the most-tried first.

    Infrastructure crashes say nothing about the idea and are left out, as `nrr patterns` does.
    """
    from ..knowledge.stats import Counts, Posterior, estimate_strength, group_keys

    total = Counts()
    groups: dict[tuple[str, str], Counts] = {}
    for entry in rows:
        experiment = entry.record.experiment
        if experiment is None or str(experiment.outcome) not in DECIDED_OUTCOMES:
            continue
        infra = str(experiment.failure_class) == FailureClass.crash_infra
        crash = str(experiment.outcome) == ExperimentOutcome.crash or str(experiment.failure_class) in CRASH_CLASSES
        success = str(experiment.outcome) == ExperimentOutcome.keep
        total.add(success, crash, infra)
        changes = [(c.parameter, str(c.direction)) for c in experiment.changes]
        for group in group_keys(str(experiment.change_category or "other"), changes):
            if group[0] != "parameter":
                groups.setdefault(group, Counts()).add(success, crash, infra)
    if total.idea_n == 0:
        return []
    base = (0.5 + total.k) / (1.0 + total.idea_n)
    strength = {level: estimate_strength(c for (lv, _), c in groups.items() if lv == level) for level in ("category", "change")}
    out = []
    for (level, key), counts in groups.items():
        n = counts.idea_n
        if n < min_tried:
            continue
        m = min(strength[level], 1.0 + total.idea_n)
        posterior = Posterior(level, key, m * base + counts.k, m * (1 - base) + n - counts.k, counts)
        low, high = posterior.interval()
        below = posterior.mass_below(base)
        verdict = (
            "rarely improves" if below >= 0.95 else "improves more often than most" if below <= 0.05 else "no clear difference"
        )
        if level == "change":
            parameter, _, direction = key.partition("|")
            what = f"{CHANGE_GERUND.get(direction, direction)} {parameter}"
        else:
            what = f"{key.replace('_', ' ')} changes"
        out.append(Finding(what, level, int(n), counts.kept, counts.crashed - counts.lost, posterior.mean, low, high, verdict))
    out.sort(key=lambda f: (f.level != "category", -f.tried, f.what))
    return out
