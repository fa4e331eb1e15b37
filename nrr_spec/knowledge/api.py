"""The knowledge engine's Python API: check a proposal, find similar experiments, list patterns, record one.

    from nrr_spec import check_proposal
    advice = check_proposal("increase the learning rate to 0.05", records_dir="records")
    advice.verdict, advice.probability, advice.interval, advice.reason

Every call brings the index beside `records_dir` up to date first (cheap when nothing changed);
with `sweep_if_due=False` it leaves the periodic stamping of every file to a background thread
(`background_sweep`, as the MCP server runs) and answers from the index as it stands meanwhile.
Bad input never raises from `check_proposal`, `similar` or `patterns`: an empty or missing folder,
an unreadable index or a proposal the parser cannot read give "no evidence: proceed" or an
estimate from broader groups, with a note saying so.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from ..io import RECORDS_DIR
from ..store import RecordsFolder
from .advice import Advice
from .features import Proposal, parse_proposal
from .held_categories import placed
from .history import History
from .index import Index, open_index
from .live import live_probability
from .recent import current_session, history_of
from .resolve import at_configuration, resolve
from .search import find_repeats
from .stats import LEVELS, Counts, Posterior, Table, change_key, estimate_strength

DEFAULT_RECORDS = RECORDS_DIR
NEIGHBOURS = 50  # similar experiments fetched to find the near-identical ones behind the estimate
Query = str | dict[str, Any] | list[dict[str, Any]] | None


def _proposal(query: Query, changes: list[str] | None = None, record: dict[str, Any] | None = None) -> Proposal:
    """A proposal from text, a record dict, one change dict or a list of change dicts."""
    if isinstance(query, dict) and ("experiment" in query or "title" in query):
        record, query = query, None
    elif isinstance(query, dict):
        query = [query]
    if isinstance(query, list):
        from ..changes.categories import category_of_changes

        record = {"experiment": {"changes": query, "change_category": category_of_changes(query)}}
        query = None
    from .proposal_view import proposal_view

    # A proposal is read as replay reads a row: through its proposal view.
    return parse_proposal(proposal_view(query) if query else "", changes, record)


def _open(records_dir: str | os.PathLike[str], refresh: bool = True, sweep_if_due: bool = True) -> tuple[Index, list[str]]:
    folder = RecordsFolder(Path(records_dir))
    notes: list[str] = []
    problem = folder.problem()
    if problem:
        notes.append(f"{problem}; no evidence")
    index = open_index(folder.root)
    notes += index.notes
    if refresh:
        report = index.refresh(sweep_if_due=sweep_if_due)
        notes += report.notes
        if report.unreadable:
            notes.append(f"{len(report.unreadable)} record file(s) could not be read, e.g. {report.unreadable[0]}")
    return index, notes


def _table(index: Index, notes: list[str]) -> Table:
    try:
        return index.table()
    except sqlite3.Error as exc:
        notes.append(f"the index could not be read ({exc}); no evidence")
        return Table()


def check_proposal(
    query: Query = None,
    *,
    changes: list[str] | None = None,
    record: dict[str, Any] | None = None,
    records_dir: str | os.PathLike[str] = DEFAULT_RECORDS,
    limit: int = 5,
    refresh: bool = True,
    session: str | None = None,
    include_withheld: bool = False,
    sweep_if_due: bool = True,
) -> Advice:
    """Advice on a proposed change: verdict, probability of improvement with a 95% interval, exact
    repeats, the groups and the most similar earlier experiments behind it, and a one-line reason.

    The probability is the calibrated model's (`calibrated`, features in `signals`); the recent
    history it reads is that of `session` (default: the session of the record written last). On a
    folder that holds one loop's log it is the probability replay gives the proposal as the log's
    next row, the model updated within the log (`live`).
    Withheld records count in the statistics but are never shown (`withheld`) unless
    `include_withheld`."""
    from .verdict import advise, mentioned_in

    proposal = _proposal(query, changes, record)
    index, notes = _open(records_dir, refresh, sweep_if_due)
    with index:
        table = _table(index, notes)
        try:
            live_session = current_session(index, session)
            proposal, resolved = _resolve(index, proposal, include_withheld, live_session)
            notes += resolved
            proposal, moment = _at_moment(index, proposal, live_session, include_withheld)
            notes += moment
            unknown = _unknown(index, proposal)
            proposal = _placed(index, proposal, unknown, include_withheld)
            matches = _similar(index, proposal, max(limit, NEIGHBOURS), include_withheld=True)
            repeats, contained = find_repeats(index, proposal.changes)
            history = history_of(index, live_session)
            live = live_probability(index, Path(records_dir), live_session, proposal, record)
        except sqlite3.Error as exc:
            notes.append(f"similar experiments unavailable: the index could not be read ({exc})")
            matches, repeats, contained, unknown, history, live = [], [], [], [], History(), None
    if not proposal.text and not proposal.changes:
        notes.append("empty proposal: describe the change, e.g. 'increase the learning rate to 0.05'")
    elif not proposal.understood:
        notes.append("the proposal names no parameter the parser knows; the estimate rests on broader groups")
    shown = [m for m in matches if m.visible or include_withheld]
    named = {p for p in unknown if mentioned_in(p, shown)}
    if set(unknown) - named and table.total.tried:
        notes.append(f"never tried here: {', '.join(p for p in unknown if p not in named)}")
    source = record if record is not None else query
    if isinstance(source, dict) and source.get("id"):  # a record already in the folder is not its own neighbour
        matches = [m for m in matches if m.ref != str(source["id"])]
        repeats = [r for r in repeats if r.ref != str(source["id"])]
        contained = [r for r in contained if r.ref != str(source["id"])]
    return advise(table, proposal, matches, repeats, history, notes, limit, include_withheld, live, contained)


def _at_moment(index: Index, proposal: Proposal, session: str | None, include_withheld: bool) -> tuple[Proposal, list[str]]:
    """The proposal read against the configuration of the moment of `session` (see `resolve.at_configuration`)."""
    if not proposal.changes:
        return proposal, []
    reading = at_configuration(proposal.changes, lambda p: index.value_now(p, session, include_withheld), proposal.text)
    return replace(proposal, changes=reading.changes), reading.notes


def _placed(index: Index, proposal: Proposal, unknown: list[str], include_withheld: bool) -> Proposal:
    """The proposal with the category the records give its parameters, when their names place it
    nowhere (see `held_categories`); a proposal whose parameters all are the records' own (none
    `unknown`) is understood, in this lab's terms, whatever a generic vocabulary knows of them."""
    if proposal.changes and not unknown and not proposal.understood:
        proposal = replace(proposal, understood=True)
    return placed(proposal, lambda parameters: index.category_votes(parameters, include_withheld))


def _resolve(index: Index, proposal: Proposal, include_withheld: bool, session: str | None = None) -> tuple[Proposal, list[str]]:
    if not proposal.changes:
        return proposal, []
    held = index.held_parameters(include_withheld)
    resolution = resolve(proposal.text, proposal.changes, held, lambda p: index.value_now(p, session, include_withheld))
    if not resolution.notes:
        return proposal, []
    return replace(proposal, changes=resolution.changes), resolution.notes


def _similar(index: Index, proposal: Proposal, limit: int, include_withheld: bool = False) -> list[Any]:
    from .search import find_similar

    return find_similar(index, proposal, limit, include_withheld=include_withheld)


def _unknown(index: Index, proposal: Proposal) -> list[str]:
    names = sorted({c.parameter for c in proposal.changes})
    return sorted(set(names) - index.known_parameters(names)) if names else []


def similar(
    query: Query = None,
    *,
    changes: list[str] | None = None,
    records_dir: str | os.PathLike[str] = DEFAULT_RECORDS,
    limit: int = 10,
    include_withheld: bool = False,
    sweep_if_due: bool = True,
) -> list[dict[str, Any]]:
    """Earlier experiments most like the proposal, best first, each with its score and outcome;
    withheld records are left out unless `include_withheld`."""
    proposal = _proposal(query, changes)
    index, _ = _open(records_dir, sweep_if_due=sweep_if_due)
    with index:
        try:
            proposal, _ = _resolve(index, proposal, include_withheld)
            return [m.as_dict() for m in _similar(index, proposal, limit, include_withheld)]
        except sqlite3.Error:
            return []


@dataclass
class Pattern:
    """A rule the records support, with its counts and uncertainty."""

    level: str  # category, parameter, change
    key: str
    statement: str
    tried: int
    improved: int
    crashes: int
    estimate: float  # keep rate shrunk towards all changes
    low: float
    high: float
    base_rate: float
    mass_below_base: float  # posterior probability that this group does worse than a typical change
    finding: str  # "rarely improves", "improves more often than most", "no clear difference"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def patterns(
    records_dir: str | os.PathLike[str] = DEFAULT_RECORDS,
    min_tried: int = 3,
    limit: int | None = None,
    level: str | None = None,
    include_withheld: bool = False,
    sweep_if_due: bool = True,
) -> list[Pattern]:
    """Groups with at least `min_tried` attempts, the clearest evidence first (posterior mass on one
    side of the overall keep rate, then number of attempts). A parameter that only withheld records
    changed is never named (its experiments still count in the broader groups) unless `include_withheld`."""
    index, _ = _open(records_dir, sweep_if_due=sweep_if_due)
    with index:
        try:
            table = index.table()
            held = index.held_parameters(include_withheld)
        except sqlite3.Error:
            return []
    # Patterns summarise everything the records hold, so they use raw counts, not age-weighted ones.
    raw = {key: _raw(c) for key, c in table.groups.items() if (not level or key[0] == level) and _shown(key, held)}
    total = _raw(table.total)
    base = (0.5 + total.k) / (1.0 + total.idea_n)
    strengths = {lvl: estimate_strength(c for (lv, _), c in raw.items() if lv == lvl) for lvl in LEVELS}
    out = []
    for (lvl, key), counts in raw.items():
        if counts.tried - counts.lost < min_tried:
            continue
        m = min(strengths[lvl], 1.0 + total.idea_n)
        post = Posterior(lvl, key, m * base + counts.k, m * (1 - base) + counts.idea_n - counts.k, counts)
        low, high = post.interval()
        below = post.mass_below(base)
        finding = (
            "rarely improves" if below >= 0.95 else "improves more often than most" if below <= 0.05 else "no clear difference"
        )
        out.append(
            Pattern(
                lvl,
                key,
                _statement(lvl, key, counts),
                counts.tried - counts.lost,
                counts.kept,
                counts.crashed,
                round(post.mean, 4),
                round(low, 4),
                round(high, 4),
                round(base, 4),
                round(below, 4),
                finding,
            )
        )
    out.sort(key=lambda p: (-max(p.mass_below_base, 1 - p.mass_below_base), -p.tried, p.level, p.key))
    return out[:limit] if limit else out


def _shown(key: tuple[str, str], held: dict[str, tuple[int, int]]) -> bool:
    level, name = key
    return level == "category" or name.partition("|")[0] in held


def _raw(c: Counts) -> Counts:
    return Counts(float(c.tried), float(c.kept), float(c.crashed), float(c.lost), c.tried, c.kept, c.crashed, c.lost)


def _statement(level: str, key: str, counts: Counts) -> str:
    from .advice import VERB

    if level == "change":
        parameter, _, direction = key.partition("|")
        what = f"{VERB.get(direction, direction)} {parameter}"
    elif level == "parameter":
        what = f"changing {parameter}" if (parameter := key) else key
    else:
        what = f"{key} changes"
    crashed = counts.crashed - counts.lost
    crashes = f" ({crashed} crashed)" if crashed else ""
    return f"{what}: {counts.kept} of {counts.tried - counts.lost} improved{crashes}"


def record_experiment(
    description: str,
    outcome: str,
    *,
    records_dir: str | os.PathLike[str] = DEFAULT_RECORDS,
    metric: str | None = None,
    value: float | None = None,
    baseline: float | None = None,
    direction: str | None = None,
    failure_class: str | None = None,
    session: str | None = None,
    commit: str | None = None,
    changes: list[dict[str, Any]] | None = None,
    sweep_if_due: bool = True,
    **origin: Any,
) -> dict[str, Any]:
    """Write a record of a finished experiment into `records_dir` and index it.

    `origin` (author, diff, repository_url, source_name, converter) says where the record comes from
    when that is not an agent's call: `nrr record` passes its git diff and its own name.

    Returns `{"id", "path", "record"}`. Raises ValueError with a readable message on bad input.
    """
    from .recording import Finished, Origin, write_record

    finished = Finished(description, outcome, metric, value, baseline, direction, failure_class, session, commit, changes)
    finished.check()
    folder = Path(records_dir)
    index, _ = _open(folder, sweep_if_due=sweep_if_due)
    with index:
        return write_record(index, folder, finished, Origin(**origin))


__all__ = ["Advice", "Pattern", "change_key", "check_proposal", "patterns", "record_experiment", "similar"]
