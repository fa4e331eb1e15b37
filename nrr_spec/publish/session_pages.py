"""A page per automated session (sessions/<slug>/) and the list of sessions (sessions/)."""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path

from ..model.vocabulary import DECIDED_OUTCOMES, KEPT_OUTCOMES, ExperimentOutcome
from ..urls import SESSIONS
from .collect import Catalogue
from .fragments import Fragments
from .pages import environment
from .plots import session_plots, unmeasured
from .sessions import Session, configuration, findings, gather_sessions, point
from .shell import Frame


def _percent_change(start: float, end: float) -> float | None:
    return (end - start) / abs(start) * 100 if start else None


def outcome_counts(session: Session) -> list[str]:
    """How the session's experiments ended, in parts that add up to its experiments: the baseline
    and the undecided rows are named when there are any, rather than left out of the sum."""
    counts = [
        f"{session.count(ExperimentOutcome.keep)} kept",
        f"{session.count(ExperimentOutcome.discard)} discarded",
        f"{session.count(ExperimentOutcome.crash)} crashed",
    ]
    baselines = session.count(ExperimentOutcome.baseline)
    if baselines:
        counts.append(f"{baselines} baseline{'' if baselines == 1 else 's'}")
    undecided = session.count(ExperimentOutcome.other)
    if undecided:
        counts.append(f"{undecided} neither kept nor discarded")
    return counts


def session_summary(session: Session) -> str:
    """One paragraph: what ran, how it ended, and what it did to the metric."""
    metric, direction = session.metric
    parts = [f"{len(session.rows)} experiments: {', '.join(outcome_counts(session))}."]
    start, end = session.kept_span()
    if metric and start is not None and end is not None:
        change = _percent_change(start, end)
        moved = f" ({abs(change):.2g}% {'lower' if end < start else 'higher'})" if change else ""
        parts.append(
            f"The kept {metric} went from {start:.6g} to {end:.6g}{moved}" + (f", {direction} is better." if direction else ".")
        )
    negative = len(session.negative)
    parts.append(f"{negative} of its failures {'is' if negative == 1 else 'are'} published as negative results.")
    return " ".join(parts)


def plot_key(session: Session) -> str:
    """What the session's chart draws, in words: only the marks it has."""
    marks = []
    if session.count(ExperimentOutcome.keep, ExperimentOutcome.baseline):
        marks.append("the kept result as a step line")
    if session.count(ExperimentOutcome.discard):
        marks.append("failures as dots coloured by failure class")
    if session.count(ExperimentOutcome.other):
        marks.append("experiments neither kept nor discarded as open circles")
    points = [point(e, n) for n, e in enumerate(session.rows, 1) if e.record.experiment]
    if any(unmeasured(p) for p in points if p.outcome not in KEPT_OUTCOMES):
        # A discarded run can have no result too (nothing logged, or 0 for nothing): named as what it is.
        only_crashes = all(p.outcome == ExperimentOutcome.crash for p in points if unmeasured(p))
        marks.append(f"{'crashes' if only_crashes else 'runs with no result'} as crosses below the axis")
    return ", ".join(marks) or "each result as a dot"


def render_session(session: Session, frame: Frame) -> str:
    metric, direction = session.metric
    rows = list(enumerate(session.rows, 1))
    points = [point(entry, n) for n, entry in rows if entry.record.experiment]
    found = findings(session.rows)
    decided = [e for e in session.rows if e.record.experiment and str(e.record.experiment.outcome) in DECIDED_OUTCOMES]
    base_rate = (0.5 + session.count(ExperimentOutcome.keep)) / (1.0 + len(decided))
    first, last = session.dates
    authors = sorted({a.name for e in session.rows for a in e.record.authors})
    summary = session_summary(session)
    caption = f"{metric} of each experiment in the order it ran: {plot_key(session)}." if metric else ""
    body = (
        environment()
        .get_template("session.html")
        .render(
            s=session,
            root="../../",
            rows=rows,
            plot=session_plots(points, metric, direction) if metric else "",
            caption=caption,
            config=configuration(session),
            findings=found,
            base_rate=base_rate,
            negative=session.negative,
            first=first,
            last=last,
            authors=authors,
            summary=summary,
        )
    )
    return frame.render(f"Session {session.name}", body, description=summary)


def session_key(session: Session, digests: dict[str, str]) -> str:
    """Digest of everything a session's page is made from: its rows' entries, in order, and which have
    pages of their own ("" when a row has no digest)."""
    digest = hashlib.blake2b(session.name.encode("utf-8"), digest_size=16)
    for entry in session.rows:
        known = digests.get(entry.id)
        if known is None:
            return ""
        digest.update(f"\0{known}:{int(entry.id in session.published)}".encode())
    return digest.hexdigest()


def write_session_pages(
    catalogue: Catalogue,
    frames: dict[str, Frame],
    site: Path,
    pieces: Fragments | None = None,
    digests: dict[str, str] | None = None,
) -> list[Session]:
    """Write every session's page and the list of sessions; returns the sessions, most recent first.

    With `pieces` and the entry `digests` (of published and context entries), a session whose
    rows are unchanged since an earlier build is not drawn again (its statistics took seconds)."""
    sessions = gather_sessions(catalogue)
    pieces = pieces or Fragments()
    for session in sessions:
        folder = site / SESSIONS / session.slug
        folder.mkdir(parents=True, exist_ok=True)
        key = session_key(session, digests or {})
        html = pieces.get("session", key, partial(render_session, session, frames["record"]))
        (folder / "index.html").write_text(html, encoding="utf-8")
    if sessions:
        body = environment().get_template("sessions.html").render(sessions=sessions, outcome_counts=outcome_counts)
        (site / SESSIONS / "index.html").write_text(frames["browse"].render("Sessions", body), encoding="utf-8")
    return sessions
