"""A converted row as a record dict: id, generated text, `experiment` and `provenance`."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from ..changes.abbreviations import Expansions, spelled_out
from ..changes.categories import categorise as categorise_changes
from ..changes.categories import category_of_parameter
from ..changes.change import in_words
from ..changes.domain import ML
from ..changes.exit_status import exit_status_in
from ..changes.kinds import Kinds, with_kinds
from ..changes.names import normalise_parameter
from ..changes.normal_form import make_change
from ..changes.outcomes import holds_result
from ..changes.phrases import REPEATED
from ..changes.scopes import Scopes
from ..changes.slugs import slug_settings
from ..changes.spellings import CodeSpellings, spelled_as_code
from ..changes.state import restates
from ..changes.text import categorise, parse_stateless, stated_settings, with_state
from ..model.vocabulary import (
    ChangeCategory,
    ChangeEvidence,
    Direction,
    ExperimentOutcome,
    Kind,
    Status,
    values,
)
from ..schema import CURRENT_VERSION
from ..version import __version__
from .classify import crash_cause, failure_class, lesson, relative_gain
from .columns import norm_name
from .fromgit import add_git_sections, merged_changes
from .named_columns import named_as_columns
from .record_ids import commit_key, keyed_id, log_identity, record_id, row_key, session_slug, slug, source_tag
from .session_names import is_raw_id
from .setting_columns import RecentConfigs, nearest_earlier
from .settings_cells import changes_from_settings
from .titles import finding_title

if TYPE_CHECKING:
    from .gitlink import GitLink
    from .options import ConvertOptions
    from .profiles import Profile
    from .reader import LogText
    from .rows import Row
    from .session_names import SessionNames

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|[T ])")


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _compact(data: dict[str, Any], keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k in keep or (v is not None and v != {} and v != [])}


def _changes_from_columns(row: Row, state: dict[str, object]) -> list[dict[str, object]]:
    if not row.param:
        return []
    parameter = normalise_parameter(row.param)
    old = row.old if row.old is not None else (str(state[parameter]) if parameter in state else None)
    made = make_change(row.param, old, row.new, "set")
    return [made] if made else []


def _changes_declared_in_the_row(row: Row, state: dict[str, object]) -> list[dict[str, object]]:
    """The changes a row states as data (`"exact_change": {"MATRIX_LR": {"from": 0.04, "to": 0.03}}`)."""
    if not row.declared:
        return []
    out: list[dict[str, object]] = []
    for name, given in row.declared.items():
        try:
            out += declared_changes([{"parameter": name, "from": given.get("from"), "to": given.get("to")}], state)[0]
        except ValueError:
            continue  # a key that names no setting (`"changes": {"?": 1}`): the description may say
    return out


def _compared_config(row: Row, walk: Walk) -> dict[str, str]:
    """The configuration a row's config columns are compared with: the last kept run's, or in a
    sweep the nearest earlier run's (`setting_columns.nearest_earlier`)."""
    if walk.earlier_configs is None or not row.config:
        return walk.config_state
    return nearest_earlier(row.config, walk.earlier_configs, walk.config_state, walk.partial_config)


def _changes_from_config(row: Row, config_state: dict[str, str]) -> list[dict[str, object]]:
    if not config_state:
        return []
    moved = [name for name, value in row.config.items() if config_state.get(name) != value]
    out = []
    for name in moved:
        if _settings_of_a_moved_choice(name, moved):
            continue
        before = config_state.get(name)
        short = name.split(".")[-1]  # "params.learning_rate" -> learning_rate
        made = make_change(short, _tidy(before), _tidy(row.config[name]), "set" if before is not None else "add")
        if made:
            out.append(made)
    return out


def _names_a_measurement(change: dict[str, object], row: Row, metric: str | None) -> bool:
    """Whether a bare name (in a description that reports a result) is one of the row's own
    measurements (`validity` in "validity below baseline", beside a `validity` column) or names
    measurements as such ("all control metrics below baseline")."""
    if change["to"] is not None:
        return False
    name = str(change["parameter"])
    return name in row.other_metrics or (metric is not None and name == norm_name(metric)) or bool(_MEASUREMENTS.search(name))


_MEASUREMENTS = re.compile(r"(^|_)(metrics|results|measurements)$")


def _without(
    changes: list[dict[str, object]], dropped: list[dict[str, object]], description: str
) -> tuple[list[dict[str, object]], str]:
    kept = [c for c in changes if c not in dropped]
    return kept, categorise(kept, description) if kept else ChangeCategory.other.value


def _settings_of_a_moved_choice(name: str, moved: list[str]) -> bool:
    """Whether a setting belongs to a choice the same row changed: with `backbone` moved from xgboost
    to lightgbm, `backbone_config.num_leaves` is the new backbone's own setting, not a change."""
    return any(name != other and name.startswith((f"{other}_", f"{other}.")) and "." in name[len(other) :] for other in moved)


def _kept_as_is(change: dict[str, object], walk: Walk) -> bool:
    """Whether a change only restates the kept configuration: a value it already holds, or a part
    that kept runs added ("+ SWA" once SWA was kept). A value the log states on many rows is its
    standing configuration once an earlier row has written it: the first row to write it may be the
    change that made it the value later rows restate ("max_len 48 -> 64")."""
    if change["to"] is None and change["direction"] in ("add", "enable"):
        return str(change["parameter"]) in walk.present
    pair = (str(change["parameter"]), str(change["to"]))
    return restates(change, walk.state) or (pair in walk.standing and pair in walk.written)


def _tidy(value: str | None) -> str | None:
    """A number a program wrote with binary noise (0.00015000000000000001), as its 15 significant digits."""
    if value is None or len(value) < 17 or not re.fullmatch(r"-?\d+\.\d+(?:e-?\d+)?", value):
        return value
    return f"{float(value):.15g}"


@dataclass
class Walk:
    """What the walk through a log carries from row to row."""

    metric: str | None
    direction: str | None
    direction_given: bool = False  # the user named it (--direction, a mapping): no segment's own overrides it
    spread: float | None = None
    best: float | None = None
    state: dict[str, object] = field(default_factory=dict)  # parameter -> value after the last keep
    config_state: dict[str, str] = field(default_factory=dict)  # configuration columns after the last keep
    earlier_configs: RecentConfigs | None = None  # the recent distinct configurations (`setting_columns`)
    partial_config: bool = False  # the config columns hold only the settings their names name
    settings_state: dict[str, str] = field(default_factory=dict)  # settings columns after the last keep
    commits: Counter[str] = field(default_factory=Counter)  # ids given so far, of the commits in `repeated`
    repeated: set[int] | None = None  # hashes of the commit keys that may occur more than once
    standing: frozenset[tuple[str, str]] = frozenset()  # (parameter, value) pairs written in most rows: context
    written: set[tuple[str, str]] = field(default_factory=set)  # (parameter, value) pairs earlier rows' records hold
    present: set[str] = field(default_factory=set)  # parts kept runs added (SWA, a reranker) and none removed since
    dominant: str | None = None  # the log's most common change category
    domain: str | None = None  # the kind of work the log records (changes.domain): ml, systems, strategy
    git_commits: bool = False  # the commit column holds git commits (not a tracker's run ids)
    tag: str = ""  # the log's `source_tag`, between the session and the row key in every id
    git: GitLink | None = None  # the log's rows linked to their commits' diffs (`--repo`)
    git_url: str = ""  # the repository's address, for reproducibility.code
    newest_first: bool = False  # the log lists its runs newest first: they are walked in the order they ran
    unknown_authors: Counter[str] = field(default_factory=Counter)  # machine identities not written as authors
    expansions: Expansions | None = None  # what the log's abbreviations stand for (`changes.abbreviations`)
    spellings: CodeSpellings | None = None  # the code names of the log's counts (`changes.spellings`)
    column_names: dict[str, str] = field(default_factory=dict)  # description names the log's columns keep (`named_columns`)
    column_renames: dict[str, str] = field(default_factory=dict)  # of those, the abbreviations written as the column's
    labels: frozenset[str] = frozenset()  # descriptions written on most rows, which name no change (`Survey.labels`)
    unread_statuses: frozenset[str] = frozenset()  # status words no list knows, judged by words and metric
    metric_decides: bool = True  # rows without a decision are judged against the best so far (`StatusWords.metric_decides`)
    status_column: bool = False  # some row has a status cell
    described_next: frozenset[int] = frozenset()  # bare rows the next row writes again with a description (`logged_twice`)
    differences: bool = False  # the metric is each run's difference from the best of the moment (`delta`): its baseline stays 0
    zeros_missing: bool = False  # a 0 in the metric column stands for no result (`no_result`)
    kinds: Kinds | None = None  # the kinds the log gives its code names (`changes.kinds`)
    scopes: Scopes | None = None  # labels naming the part of a system a row changes (`changes.scopes`)
    names: SessionNames | None = None  # the readable name of each session (`session_names`)
    segment_unmeasured: bool = False  # a segment has begun and none of its runs has measured the starting point yet
    # The date and author of the last row read from git: a later row whose commit is gone (a loop's
    # reset discards) ran after it, in the same loop.
    last_commit_date: str | None = None
    last_commit_authors: list[dict[str, str]] | None = None
    undecided: int = 0  # runs of a log that decides nothing, left `other` where the metric would have judged them
    dated_by_earlier: int = 0  # rows dated that way
    dated_by_earlier_shared: int = 0  # rows dated that way whose commit is present, but shared and not read as theirs
    # The day the rows before the log's first commit in the repository ran on, when it is certain:
    # after the commit the loop started from and before that first commit, both of one day.
    start_day: str | None = None
    dated_by_start: int = 0  # rows dated that way

    def facing(self, row: Row) -> str | None:
        """Which way is better for `row`: its segment's where its log's config lines differ (`segments`),
        unless the user said."""
        return self.direction if self.direction_given else row.direction or self.direction


GIT_COMMIT_COLUMNS = frozenset({"commit", "git_commit", "commit_hash", "commit_sha", "sha", "hash", "git_sha", "revision"})


def holds_git_commits(log: LogText, profile: Profile) -> bool:
    """Whether a log's commit column names the row's own git commit: a loop's `commit`, or the column
    the profile declares (MLflow's `tags.mlflow.source.git.commit`); never a run id that looks like
    one, and only in a kind of log whose commits are git commits."""
    from .columns import leaf_name, norm_name

    index = log.layout.index("commit")
    if index is None or not profile.git_commits:
        return False
    column = log.layout.columns[index]
    named = GIT_COMMIT_COLUMNS & {norm_name(column), leaf_name(column)}
    return log.layout.guessed or bool(named) or column == profile.mapping.get("commit")


def build_record(
    row: Row, log: LogText, opts: ConvertOptions, session: str, walk: Walk, id_session: str | None = None
) -> dict[str, Any]:
    """The record of one row, compared with the walk's baseline and configuration of the moment."""
    source = {"file": log.name, "row": row.row, "line": row.line, "format": log.format, "checksum": log.checksum}
    return make_record(row, source, opts, session, walk, id_session=id_session)


def make_record(
    row: Row,
    source: dict[str, Any],
    opts: ConvertOptions,
    session: str,
    walk: Walk,
    declared: list[dict[str, object]] | None = None,
    id_session: str | None = None,
) -> dict[str, Any]:
    """The one record factory: a converted row, an experiment recorded by an agent (MCP) or by
    `nrr record` all become records here, with the same outcome words, failure classes, ids and titles.

    `declared` changes, given as data, replace what the description would say (`evidence: declared`).
    `id_session` is the session's name in the record's id where that is not `session` (a raw id a
    readable name replaced: ids stay what they were).
    """
    state, best, direction = walk.state, walk.best, walk.facing(row)
    metric = row.metric_name or walk.metric
    outcome = row.outcome or "other"
    if declared is not None:
        changes, category = declared_changes(declared, state)
    else:
        parsed = spelled_as_code(spelled_out(_parsed(row, walk.scopes, walk.labels), walk.expansions), walk.spellings)
        parsed = named_as_columns(parsed, walk.column_renames)
        changes, category = with_state(with_kinds(parsed, walk.kinds), state)
    measured = [c for c in changes if _names_a_measurement(c, row, metric)] if holds_result(row.description) else []
    if measured:  # "validity below baseline": how a measurement came out, not a change
        changes, category = _without(changes, measured, row.description)
    fresh = [c for c in changes if not _kept_as_is(c, walk)]
    if changes and not fresh and REPEATED.search(row.description):
        # "SWA + LR2=4e-4 run 7": the kept configuration measured again, which changes nothing
        changes, category = [], ChangeCategory.other.value
    elif fresh and len(fresh) < len(changes):
        changes, category = fresh, categorise(fresh, row.description)
    column_changes = (
        _changes_declared_in_the_row(row, state)
        or _changes_from_columns(row, state)
        or _changes_from_config(row, _compared_config(row, walk))
        or changes_from_settings(row.settings, walk.settings_state)
    )
    if column_changes:  # dedicated columns win over the text
        changes = column_changes
        category = categorise(changes, row.description)
    diff = walk.git.diffs.get(row.row) if walk.git is not None else None
    if walk.git is not None and not column_changes and declared is None:
        changes, exact_category = merged_changes(diff, changes)
        category = exact_category if exact_category not in (None, ChangeCategory.other) else category
    if walk.domain not in (None, ML) and ChangeCategory.baseline not in (outcome, category) and row.description.strip():
        # a crashed baseline run is still the baseline's: its description says so
        category = categorise_changes(changes, walk.domain) if changes else walk.domain
    if outcome == ExperimentOutcome.baseline:
        changes, category = [], ChangeCategory.baseline.value
    elif category == ChangeCategory.other and walk.dominant and changes:
        category = walk.dominant
    value = _finite(row.value)
    baseline = _finite(best) if outcome != ExperimentOutcome.baseline else None
    delta = value - baseline if value is not None and baseline is not None else None
    gain = None
    if value is not None and baseline is not None and direction:
        gain = relative_gain(value, baseline, direction, walk.spread, opts.thresholds)
    reason_column, stated_reason = _stated(row.notes, _REASON)  # a `rollback_reason`: why the loop gave the run up
    text = " ".join(f"{row.status_raw or ''} {row.description} {' '.join(row.remarks)} {stated_reason or ''}".split())
    fclass = failure_class(outcome, gain, text, opts.thresholds)
    what = _what(changes, row.description)
    reason = None
    if outcome == ExperimentOutcome.crash:
        reason = (
            _reason(row.description)
            or next((_reason(f"({r})") for r in row.remarks if _reason(f"({r})")), None)
            or crash_cause(row.description)
            or exit_status_in(row.description, crashed=True)
            or _brief(stated_reason)
        )
    summary = lesson(outcome, fclass, what, metric, value, baseline, gain, reason, opts.thresholds, row.logged_zero)
    experiment = _compact(
        {
            "outcome": outcome,
            "change_category": category or "other",
            "changes": changes,
            "failure_class": fclass,
            "metric": _compact(
                {
                    "name": metric,
                    "value": value,
                    "baseline": baseline,
                    "direction": direction,
                    "unit": row.unit,
                    "delta": _finite(round(delta, 12)) if delta is not None else None,
                }
            )
            if metric
            else None,
            "description": row.description or None,
            "status_raw": row.status_raw or None,
            "session": session,
            "sequence": row.row,
            "commit": row.commit,
            "lesson": summary,
            "other_metrics": {k: v for k, v in row.other_metrics.items() if math.isfinite(v)} or None,
        },
        keep=("changes",),
    )  # a fixed name: present, if empty, on every converted record
    record: dict[str, Any] = {
        "schema_version": CURRENT_VERSION,
        "id": keyed_id(
            f"{id_session or session}-{walk.tag}" if walk.tag else id_session or session,
            row.row,
            row_key(row.commit, row.run or row.name),
            walk.commits,
            walk.repeated,
        ),
        "title": finding_title(
            experiment,
            row.description,
            # a run's name where it has one a reader can say ("rare-cat-1"), not a tracker's raw id
            f"run {row.name} of {session}" if row.name and not is_raw_id(row.name) else f"experiment {row.row} of {session}",
            logged_zero=row.logged_zero,
        ),
        "kind": Kind.automated_experiment.value,
        "status": Status.draft.value,
        "problem": {"statement": _problem(session, metric, direction)},
        "results": {"summary": summary},
    }
    column, hypothesis = _stated(row.notes, _HYPOTHESIS)
    placed = set()  # the columns of words a section of the record now holds
    if hypothesis and len(hypothesis.split()) >= _STATEMENT_WORDS:
        record["hypothesis"] = {"statement": hypothesis}
        placed.add(column)
    if stated_reason and outcome in (ExperimentOutcome.discard, ExperimentOutcome.crash):
        record["interpretation"] = {"explanation": stated_reason}  # why it failed, in the loop's words
        placed.add(reason_column)
    if notes := {name: value for name, value in row.notes.items() if name not in placed}:
        # the log's other columns of words, so that converting loses none of them
        record["extensions"] = {f"log:{name}": value for name, value in notes.items()}
    if opts.author or row.user:
        record["authors"] = [{"name": opts.author or row.user}]
    if row.time and (date := date_of(row.time)):
        record["created"] = date
    if opts.reproducibility:
        record["reproducibility"] = reproducibility_for(opts.reproducibility, row.commit if walk.git_commits else None)
    if walk.git is not None and (diff is not None or row.row in walk.git.bases):
        unknown = add_git_sections(record, diff, walk.git.bases.get(row.row), walk.git_url, bool(opts.author))
        if unknown:
            walk.unknown_authors[unknown] += 1
    if walk.git is not None:
        _date_from_earlier_commit(record, diff is not None, walk, row.row in walk.git.present_rows)
    record["experiment"] = experiment
    record["provenance"] = {
        "source": _compact(source),
        "converter": {"name": opts.converter_name, "version": __version__},
    }
    return record


def _date_from_earlier_commit(record: dict[str, Any], from_git: bool, walk: Walk, present: bool = False) -> None:
    """A row read from its commit sets the date and author of the rows after it that were not read
    from theirs (a commit that is gone, or one other rows share whose diff is not told theirs); such
    a row takes them, unless the log gave its own (a time column, --author)."""
    if from_git:
        walk.last_commit_date = record.get("created") or walk.last_commit_date
        walk.last_commit_authors = record.get("authors") or walk.last_commit_authors
        return
    if walk.last_commit_date and "created" not in record:
        record["created"] = walk.last_commit_date
        if present:
            walk.dated_by_earlier_shared += 1
        else:
            walk.dated_by_earlier += 1
        if walk.last_commit_authors and "authors" not in record:
            record["authors"] = [dict(author) for author in walk.last_commit_authors]
    elif walk.last_commit_date is None and walk.start_day and "created" not in record:
        record["created"] = walk.start_day  # no author: the commit it started from may be another's
        walk.dated_by_start += 1


def date_of(time: str) -> str | None:
    """The UTC date of a run's start: ISO text (`2025-03-01 10:00:00+00:00`) or Unix time in seconds
    or milliseconds (MLflow's `start_time` in JSON: 1740823200250)."""
    if _DATE.match(time):
        return time[:10]
    if time.isdigit() and 9 <= len(time) <= 13:
        seconds = int(time) / (1000 if len(time) > 11 else 1)
        return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
    return None


def declared_changes(given: list[dict[str, object]], state: dict[str, object]) -> tuple[list[dict[str, object]], str]:
    """Changes given as data (`{parameter, from, to, direction}`), in the record's terms: the parameter
    normalised, the direction from the numbers where both values are known, `from` from the state."""
    out = []
    for change in given:
        name = str(change.get("parameter") or "").strip()
        if not name:
            continue
        new = None if change.get("to") is None else str(change["to"])
        old = None if change.get("from") is None else str(change["from"])
        parameter = normalise_parameter(name)
        if old is None and new is not None and parameter in state:
            old = str(state[parameter])
        made = make_change(name, old, new, str(change.get("direction") or "set"))
        if made is None:
            raise ValueError(f"change {name!r} names no parameter; give the name of the setting that changed")
        made["evidence"] = ChangeEvidence.declared.value
        out.append(made)
    return out, categorise(out)


def reproducibility_for(captured: dict[str, Any], commit: str | None) -> dict[str, Any]:
    """The machine's section for one row: a fresh copy, with the row's own commit as the code's.

    The folder's HEAD is the code after the loop; a discarded experiment's code is the commit its
    row names. A `-dirty` commit is neither, so the code then has its repository only.
    """
    section = _copied(captured)
    code = section.get("code")
    if isinstance(code, dict) and commit and commit_key(commit) is not None:
        if commit.lower().endswith("-dirty"):
            code.pop("commit", None)
        else:
            code["commit"] = commit.lower()
    return section


def _copied(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _copied(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_copied(value) for value in data]
    return data


def _problem(session: str, metric: str | None, direction: str | None) -> str:
    goal = f"{direction if direction in values(Direction) else 'better'} {metric}" if metric else "a better result"
    return f"Automated research session {session} searches, one change at a time, for {goal}."


def _what(changes: list[dict[str, object]], description: str) -> str:
    if changes:
        return ", ".join(in_words(change) for change in changes[:3])
    short = re.sub(r"\s+", " ", description).strip()
    return f"'{short[:80]}'" if short else "this experiment"


# Columns of words beside the description that say what a record has a place for: the hypothesis
# (an agent's `asi.hypothesis`, a `hypothesis` column beside a `description`) and why a run failed
# (`rollback_reason`, `failure_reason`). Matched on the last part of a nested name.
_HYPOTHESIS = re.compile(r"hypothesis")
_STATEMENT_WORDS = 3  # a hypothesis column's label ("baseline", "no_change") is no statement: it stays the log's
_REASON = re.compile(r"(\w+_)?reason")


def _stated(notes: dict[str, str], name: re.Pattern[str]) -> tuple[str | None, str | None]:
    """The first column of words whose name is `name` and what it says, if any."""
    for column, text in notes.items():
        if name.fullmatch(norm_name(re.split(r"[./]", column)[-1])) and text.strip():
            return column, text.strip()
    return None, None


_BRIEF = 120  # characters of a stated reason the lesson quotes; the record keeps all of it


def _brief(text: str | None) -> str | None:
    if text is None or len(text) <= _BRIEF:
        return text
    return text[:_BRIEF].rsplit(" ", 1)[0].rstrip(",;:") + " ..."


def _reason(description: str) -> str | None:
    match = re.search(r"\(([^()]{2,80})\)\s*$", description) or re.search(r"\|\s*(.{2,80})", description)
    return match.group(1).strip() if match else None


# The ids are named here too: callers that build records find the names they put in them in one place.
__all__ = [
    "build_record",
    "category_of_parameter",
    "log_identity",
    "record_id",
    "reproducibility_for",
    "session_slug",
    "slug",
    "source_tag",
]


def baseline_settings(row: Row, walk: Walk) -> list[dict[str, object]]:
    """The settings a baseline row's description states, named as the log's other rows name them:
    where the kept line of experiments starts, so that a later "increase LR to 0.05" starts from the
    baseline's LR=0.04 and a later row that only restates DEPTH=8 does not change it."""
    parsed = (stated_settings(row.description), "other")
    changes, _ = named_as_columns(spelled_as_code(spelled_out(parsed, walk.expansions), walk.spellings), walk.column_renames)
    return [dict(c) for c in changes]


def _parsed(row: Row, scopes: Scopes | None, labels: frozenset[str] = frozenset()) -> tuple[tuple[dict[str, object], ...], str]:
    """The row's description parsed; after a label that names a part of the system ("Game winner:
    threshold optimization"), only what follows the label: the label is never the change. A
    description the log writes word for word on most of its rows (`Survey.labels`) names no change."""
    rest = scopes.rest(row.description) if scopes is not None else None
    if rest is not None:
        return parse_stateless(rest)
    if labels and " ".join(row.description.split()) in labels:
        parsed: tuple[tuple[dict[str, object], ...], str] = ((), "other")
    else:
        parsed = row.parsed or parse_stateless(row.description)
    slug = None if parsed[0] else described_by_name(row.commit or row.run or row.name)
    return parse_stateless(slug) if slug else parsed


# A run named for what it tries ("exp17_self_attention", "exp02_wider_deeper_gelu_bias"): words
# joined by underscores after a run's tag. A tracker's generated name ("rare-cat-1") is joined by
# hyphens and says nothing of the change.
_RUN_TAG = re.compile(r"^(?:exp|run|iter|trial|e|r)?\d+[a-z]?_", re.I)
_SLUG = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+")


def described_by_name(name: str | None) -> str | None:
    """The words of a run's name when it names what the run tried, for a row whose description
    names no change (a note such as "no improvement (baseline=0.5757)"); None otherwise."""
    if not name:
        return None
    rest = _RUN_TAG.sub("", name.strip())
    if rest.lower().startswith("baseline"):
        return None
    if slug_settings(rest):
        return rest  # "learning_rate_0.01", "num_leaves_63": the slug's numbers are its settings' values
    if not _SLUG.fullmatch(rest):
        return None
    words = rest.split("_")
    if sum(len(w) >= 3 and w.isalpha() for w in words) < 2 or rest.lower().startswith("baseline"):
        return None
    return " ".join(words)
