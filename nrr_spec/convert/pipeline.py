"""The conversion of a log (an autoresearch `results.tsv` and its many variants, a tracker's runs
export) into negative-result records; what kind of log it is, is the options' profile
(`nrr_spec.convert.profiles`).

    from nrr_spec.convert.pipeline import convert_log, ConvertOptions
    result = convert_log("results.tsv", ConvertOptions(direction="lower"))
    result.records   # JSON-ready record dicts, in log order
    result.skipped   # rows that are not experiments, or whose record would not validate, each with file, line, row and reason

Each experiment is compared with the best kept result before it (the loop's own rule), and the
configuration is carried forward after each keep, so "reduce X to B" reads against the state of
the moment. Bad content never raises: what cannot be mapped is skipped with a reason, and
`rows_read == len(records) + len(skipped)`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..checked_write import MAX_TEXT_CHARS, cut_text, record_problems
from ..model.vocabulary import KEPT_OUTCOMES, Direction, ExperimentOutcome, values
from .columns import norm_name
from .direction import better, direction_from_name, is_difference
from .gitlink import LogRow, attach_repository, in_work_tree, names_commits, start_day
from .keeps_follow import KeepsFollow
from .logged_twice import LoggedTwice
from .named_columns import NamedColumns, kept_column_settings, renames, setting_like_columns
from .no_result import crashed_without_result, logged_as_zero, produced_nothing
from .options import ConvertOptions, ConvertResult, Records, Skip
from .reader import LogSource, LogText, read_log
from .record_ids import session_name
from .records import Walk, baseline_settings, build_record, holds_git_commits, log_identity, session_slug, source_tag
from .rows import infer_outcome, is_baseline_row, split_row
from .session_names import SessionNames, log_place
from .setting_columns import RecentConfigs
from .short_rows import ShortRows, fused_note, header_misfit_note, placed_short_notes
from .spool import RowSpool, SpoolError
from .statuses import StatusWords
from .survey import Survey

MAX_RENAMING_NOTES = 5


def convert_log(path: str | os.PathLike[str], options: ConvertOptions | None = None) -> ConvertResult:
    """Convert one log file; never raises on bad content (an unreadable file is an error in the result)."""
    result, records = iter_log(path, options)
    result.records.extend(records)
    return result


def convert_bytes(raw: bytes, name: str, options: ConvertOptions | None = None) -> ConvertResult:
    """Convert the bytes of a log called `name`."""
    result, records = iter_bytes(raw, name, options)
    result.records.extend(records)
    return result


def iter_log(path: str | os.PathLike[str], options: ConvertOptions | None = None) -> tuple[ConvertResult, Records]:
    """Like `convert_log`, but records come one at a time (for long logs written as JSON Lines).

    The log is read once and never held whole: the first pass splits the rows, parses each
    description and gathers what only the whole log tells (the counts, skips, errors and notes are
    in the result at once); the rows wait in a spool (a temporary file once it is long), and the
    records are made from it in a second pass as they are consumed; outcome counts fill in as they are,
    and so do the skips of rows whose record would not validate (each record is checked before it is
    given out: `checked_write.record_problems`).
    """
    anchor = options.anchor if options is not None else None
    return _iter_source(LogSource(path=path), Path(path).name, options, log_identity(path, anchor))


def iter_bytes(raw: bytes, name: str, options: ConvertOptions | None = None) -> tuple[ConvertResult, Records]:
    """Like `iter_log` for the bytes of a log called `name`; `name` is its identity."""
    return _iter_source(LogSource(raw=raw), name, options, name)


def _iter_source(source: LogSource, name: str, options: ConvertOptions | None, identity: str) -> tuple[ConvertResult, Records]:
    opts, problem = _checked(options or ConvertOptions())
    if problem:
        return ConvertResult(errors=[f"{name}: {problem}"]), iter(())
    profile = opts.profile
    user: dict[str, Any] = opts.mapping if isinstance(opts.mapping, dict) else {}
    given: dict[str, Any] = {
        **profile.mapping,
        **user,
        "status_map": {**profile.mapping.get("status_map", {}), **user.get("status_map", {})},
    }
    mapping: dict[str, Any] = {k: v for k, v in given.items() if isinstance(v, (str, list))}
    if opts.metric:
        mapping["metric"] = opts.metric
    result = ConvertResult()
    status_map = {**given["status_map"], **(opts.status_map or {})} or None
    survey = Survey()
    statuses = StatusWords()
    spool = RowSpool()
    git_rows: list[LogRow] | None = None
    if opts.use_repo and profile.reads_diffs and (opts.repo is not None or in_work_tree(source.path)):
        git_rows = []
    try:
        log = read_log(source, name, mapping)
        if profile.adapt is not None:
            profile.adapt(log, mapping)
        if log.layout.partial_config:
            settings = ", ".join(log.layout.columns[i] for i in log.layout.config)
            result.notes.append(
                f"{name}: no column describes the runs; {settings} read as their settings, each run's changes those "
                "that differ from the earlier run nearest to it (a mapping file's config: names the columns instead)"
            )
        if log.layout.row_index is not None:
            result.notes.append(
                f"{name}: column {log.layout.row_index + 1} has no name and numbers the rows: the row index a table "
                "export writes (pandas' to_csv), left out of the records"
            )
        if log.layout.unnamed:
            columns = ", ".join(str(i + 1) for i in log.layout.unnamed)
            result.notes.append(
                f"{name}: the rows have {len(log.layout.unnamed)} more cell(s) than the header names: read as unnamed "
                f"column(s) {columns}, just before the status; where the missing name belongs further left, the names of "
                "the columns in between are off by as many: check that the metric's values are what its name says"
            )
        if log.changes is not None:
            first = min(log.changes.places)
            added = ", ".join(log.changes.added()) or "no new column"
            result.notes.append(
                f"{name}:{first}: a new header line ({len(log.changes.places)} in all; adds {added}): the rows under "
                "each header are read by its columns"
            )
        if log.segments:
            result.notes.append(log.segments.summary(name))
        if log.segments and (entries := log.segments.entries_note(name)):
            result.notes.append(entries)
        if disagree := log.segments.disagreements():
            result.notes.append(
                f"{name}: its config lines name more than one {' and '.join(disagree)}: each record names its own "
                "segment's, and each segment's runs are compared only with each other"
            )
        metric = _metric_column(log, opts, result)
        if result.errors:  # the metric asked for is not in the log: nothing is judged without it
            spool.close()
            return result, iter(())
        if metric is None and log.layout.index("status") is None and not result.errors:
            spool.close()
            return ConvertResult(errors=[_not_a_log(log)]), iter(())
        # The keeps checked against the measured columns, unless the user named the metric.
        follow = None
        if metric is not None and "metric" not in mapping:
            follow = KeepsFollow(norm_name(log.layout.columns[metric]) or f"column_{metric + 1}")
        header = log.header if log.format != "jsonl" else None  # a JSON Lines log has keys, not cells
        short = ShortRows(header)
        twice = LoggedTwice()
        named = NamedColumns(setting_like_columns(log, metric))
        for raw_row in log.rows():
            result.rows_read += 1
            short.add(raw_row.cells)
            if fused := fused_note(name, raw_row.line, raw_row.row, raw_row.cells, header, log.layout.index("status")):
                result.notes.append(fused)
            if opts.on_row is not None and result.rows_read % 1000 == 0:
                opts.on_row(result.rows_read, 0)
            split = split_row(raw_row, log, status_map, metric)
            if not isinstance(split, str) and split.status_raw and split.status_raw.strip().lower() in profile.unfinished:
                split = f"the run had not finished when exported (status {split.status_raw}): no result to record yet"
            if isinstance(split, str):
                result.skipped.append(Skip(name, raw_row.line, raw_row.row, split))
            else:
                if len(split.description) > MAX_TEXT_CHARS:  # pasted output: the record keeps the head, and says so
                    split.description, cut = cut_text(split.description)
                    result.notes.append(
                        f"{name}:{raw_row.line}: row {raw_row.row}: description cut to its first "
                        f"{MAX_TEXT_CHARS:,} characters ({cut:,} more in the log)"
                    )
                statuses.add(split.status_raw, status_map, split.description)
                survey.add(split)
                if split.parsed is not None:
                    named.add(split.parsed[0], split.other_metrics)
                if follow is not None:
                    follow.add(split)
                spool.add(split)
                twice.add(split)
                if git_rows is not None and split.commit:
                    git_rows.append(LogRow(split.row, split.commit, split.description, split.outcome))
        spool.finish()
        if shortened := short.note(name, log.layout):
            result.notes.append(shortened)
        result.notes.extend(placed_short_notes(name, log.placed_short))
        if misfit := header_misfit_note(name, result, log.layout):
            result.notes.append(misfit)
    except OSError as exc:
        spool.close()
        message = f"{source.path or name}: cannot read: {exc.strerror or exc}. Check the path and its permissions."
        return ConvertResult(errors=[message]), iter(())
    except SpoolError as exc:
        spool.close()
        return ConvertResult(errors=[f"{name}: {exc}. Set TMPDIR to a folder with room."]), iter(())
    survey.done()
    if log.escaped_tabs:
        result.notes.append(
            f"{name}: {len(log.escaped_tabs)} row(s), the first on line {min(log.escaped_tabs)}, separate their cells by the "
            "two characters \\t instead of a tab (written by `echo` without -e): read as tabs; `printf` or `echo -e` "
            "in the loop writes real ones"
        )
    if source.first_legacy_line is not None:
        result.notes.append(
            f"{name}: line {source.first_legacy_line} is not UTF-8: it and any other such line are read as Windows-1252, "
            "the code page Excel saves a CSV in on Windows; save the log as UTF-8 if its accents read wrong"
        )
    metric_name = log.layout.columns[metric] if metric is not None else None
    differences = is_difference(metric_name)
    direction = opts.direction or given.get("direction") or log.direction or log.layout.declared_direction
    if direction is None and metric is not None:
        direction = _named_direction(name, metric_name, survey, differences, result.notes)
    if direction is None and metric is not None:
        direction = survey.direction(differences)
        if direction is None and survey.any_value and not log.segments.directs_every_segment():
            result.notes.append(
                f"{name}: cannot tell whether lower or higher {metric_name} is better; "
                "pass --direction lower|higher to compute failure classes"
            )
    result.metric = _judged_by(log, metric_name, direction)
    if statuses.unknown:
        result.notes.append(statuses.note(name, log.layout.columns[log.layout.index("status") or 0]))
    if statuses.judges_finished():
        result.notes.append(statuses.finished_note(name, log.layout.columns[log.layout.index("status") or 0]))
    if written_twice := twice.note(name):
        result.notes.append(written_twice)
    if follow is not None and (followed := follow.note(name)):
        result.notes.append(followed)
    zeros_missing = not differences and survey.zeros.mean_missing()
    walk = Walk(
        metric_name,
        direction,
        direction_given=bool(opts.direction or given.get("direction")),
        spread=survey.spread(without_zeros=zeros_missing),
        zeros_missing=zeros_missing,
        standing=survey.standing(),
        dominant=survey.dominant(),
        domain=survey.domain(
            # where config lines name several metrics, the one measuring most runs says what the log is about
            log.segments.main_metric() if len(log.segments.metric_names()) > 1 else metric_name,
            [log.layout.columns[i] for i in log.layout.numeric if i != metric],
        ),
        git_commits=holds_git_commits(log, profile),
        repeated=survey.repeated_commits,
        tag=source_tag(identity),
        newest_first=survey.newest_first(),
        expansions=survey.expansions,
        spellings=survey.spellings,
        column_names=(named_columns := named.columns()),
        column_renames=renames(named_columns),
        labels=survey.labels(),
        differences=differences,
        unread_statuses=statuses.judged_by_words(),
        metric_decides=opts.judge_by_metric or statuses.metric_decides(),
        status_column=statuses.filled > 0,
        described_next=frozenset(twice.bare),
        kinds=survey.kinds,
        earlier_configs=RecentConfigs() if log.layout.config and profile.nearest_config else None,
        partial_config=log.layout.partial_config,
        scopes=survey.scopes,
        names=SessionNames(Path(name).stem, lambda: log_place(source.path, opts.repo), survey.session_dates),
    )
    if differences:  # each value is already against the best of the moment, which is zero in its terms
        walk.best = 0.0
    if walk.newest_first:
        result.notes.append(
            f"{name}: the runs are listed newest first (by their start times); each is compared with the runs that ran before it"
        )
    if git_rows is not None and (walk.git_commits or names_commits(log)):
        walk.git, walk.git_url = attach_repository(source.path, opts.repo, git_rows, log, result)
        walk.start_day = start_day(walk.git) if walk.git is not None else None
        for diff in walk.git.diffs.values() if walk.git is not None else ():
            for change in diff.changes:  # the names the code itself gives its counts
                survey.spellings.add_name(str(change["parameter"]))
    return result, _walk(log, spool, walk, opts, result)


def _checked(opts: ConvertOptions) -> tuple[ConvertOptions, str | None]:
    """The options with a mapping file read and checked (the caller's object is left as it was), or a problem in words."""
    from .mapping import OUTCOMES, MappingError, check_mapping, load_mapping

    if opts.direction is not None and opts.direction not in values(Direction):
        return opts, f"direction must be {' or '.join(map(repr, values(Direction)))}, not {opts.direction!r}"
    bad = {k: v for k, v in (opts.status_map or {}).items() if v not in OUTCOMES}
    if bad:
        return opts, f"status_map maps to {sorted(bad.values())}; outcomes are {', '.join(sorted(OUTCOMES))}"
    if opts.mapping is None:
        return opts, None
    try:
        if isinstance(opts.mapping, (str, os.PathLike)):
            mapping = load_mapping(Path(os.fspath(opts.mapping)))
        else:
            mapping = check_mapping(dict(opts.mapping))
    except MappingError as exc:
        return opts, str(exc)
    judge = opts.judge_by_metric or bool(mapping.get("judge_by_metric", False))
    return replace(opts, mapping=mapping, judge_by_metric=judge), None


def _not_a_log(log: LogText) -> str:
    """Why a file with neither a status nor a number in any column is not converted: every row would
    be an undecided record titled with its raw text."""
    columns = ", ".join(c for c in log.layout.columns if c) or "none"
    read = f"columns read: {columns}" if log.header is not None else "no header row"
    return (
        f"{log.name}: no column holds a status (keep, discard, crash) or a number to judge the runs by ({read}); "
        "this does not read as an experiment log, so nothing was converted. If it is one, name its columns "
        "with --map FILE (status, description, metric) or pass --metric COLUMN."
    )


def _metric_column(log: LogText, opts: ConvertOptions, result: ConvertResult) -> int | None:
    if opts.metric:
        # `--metric val_loss` names `val_loss`, or `metrics.val_loss` where the profile's metrics carry a prefix
        names = [opts.metric, *(prefix + opts.metric for prefix in opts.profile.metric_prefixes)]
        for wanted in map(norm_name, names):
            for i, column in enumerate(log.layout.columns):
                if norm_name(column) == wanted:
                    return i
        result.errors.append(
            f"{log.name}: no column named {opts.metric!r}; columns are {', '.join(log.layout.columns) or 'none'}. "
            "Pass one of them to --metric."
        )
        result.input_error = True
        return None
    others = [log.layout.columns[i] for i in log.layout.metric_choices if i != log.layout.metric]
    if others and log.layout.metric is not None:
        result.notes.append(
            f"{log.name}: the metric is {log.layout.columns[log.layout.metric]} (also measured: {', '.join(others)}); "
            "pass --metric to choose another"
        )
    return log.layout.metric


# A name's direction gives way to the kept values only when nearly all of enough of them say the
# opposite: a loop whose metric changes meaning midway (a new evaluation, another split) keeps a few
# values against its name's direction, one whose `score` is a cost keeps them all.
_CONTRARY_MOVES = 6
_CONTRARY_SHARE = 0.9


def _named_direction(name: str, metric_name: str | None, survey: Survey, differences: bool, notes: list[str]) -> str | None:
    """The direction the metric's name gives, unless the log's own keeps clearly went the other way:
    the status column is the loop's own judgement, a name (`score`, `error`) only a convention."""
    named = direction_from_name(metric_name)
    down, up = survey.kept_moves(differences)
    against = up if named == Direction.lower else down
    if named is None or down + up < _CONTRARY_MOVES or against < _CONTRARY_SHARE * (down + up):
        return named
    kept = Direction.higher.value if named == Direction.lower else Direction.lower.value
    notes.append(
        f"{name}: {metric_name} reads as {named}-is-better by its name, but its kept values moved the other way "
        f"{against} of {down + up} times: read as {kept}-is-better; pass --direction to say otherwise"
    )
    return kept


def _judged_by(log: LogText, metric_name: str | None, direction: str | None) -> str | None:
    """The metric a log's runs were compared by, as the summary names it: `val_bpb, lower is better`."""
    names = log.segments.metric_names()
    if len(names) > 1:
        return f"{', '.join(names)} (each segment's own)"
    if metric_name is None:
        return None
    return f"{metric_name}, {direction} is better" if direction else f"{metric_name}, which way is better unknown"


def _walk(log: LogText, spool: RowSpool, walk: Walk, opts: ConvertOptions, result: ConvertResult) -> Iterator[dict[str, Any]]:
    """The second pass: moving baseline and carried-forward configuration, in log order.

    What it keeps from row to row is small (the best kept value, the configuration of the moment),
    so memory does not grow with the log.
    """
    stem = Path(log.name).stem
    for done, row in enumerate(spool.rows(reverse=walk.newest_first), start=1):
        direction = walk.facing(row)
        if opts.on_row is not None and done % 1000 == 0:
            opts.on_row(done, spool.count)
        if row.status_raw is not None and row.status_raw.strip() in walk.unread_statuses:
            row.outcome = None  # a status in words no list knows: judged as a log without status judges
        if row.row in walk.described_next:
            row.outcome = ExperimentOutcome.other.value  # the same run, written again on the next row with its description
        words = " ".join((row.status_raw or "", row.description, *row.remarks))
        nothing = row.value == 0 and produced_nothing(row.other_metrics, words)
        if not walk.differences and logged_as_zero(row.value, row.outcome, direction, walk.best, walk.zeros_missing, nothing):
            row.value, row.logged_zero = None, True  # the loop's 0 for "no result": nothing to compare
        if crashed_without_result(row.outcome, row.value, words):
            row.outcome, row.value, row.logged_zero = ExperimentOutcome.crash.value, None, False  # "(OOM)" with no result
        improved = None
        if row.value is not None and walk.best is not None and direction:
            improved = better(row.value, walk.best, direction)
        elif row.value is not None and walk.best is None:
            improved = True
        leads = undecided = False  # a run the log decides nothing of; leads: later runs' configuration is read against it
        if row.outcome is None or (opts.judge_by_metric and row.outcome == ExperimentOutcome.other and row.value is not None):
            by_metric = infer_outcome(row, improved)
            row.outcome = by_metric if walk.metric_decides else infer_outcome(row, None)  # None: words alone
            leads = row.outcome == ExperimentOutcome.other and by_metric == ExperimentOutcome.keep
            undecided = by_metric != row.outcome
            if row.outcome == ExperimentOutcome.crash and row.value == 0:
                row.value = None  # a crashed run writes 0 where it has no measurement
        if row.value is None and (row.logged_zero or row.outcome == ExperimentOutcome.crash):
            # A run with no result has no measurements: the 0s in its other columns (memory_gb 0.0)
            # are the same placeholder; a value it did log (the memory at an OOM) stays.
            row.other_metrics = {name: value for name, value in row.other_metrics.items() if value != 0}
        if row.opens_segment:  # a new config: its runs are compared with its own starting point
            walk.best, walk.segment_unmeasured = None, True
        if walk.segment_unmeasured and row.value is not None and row.outcome != ExperimentOutcome.crash:
            # the segment's first measured run is its baseline, as the loop itself takes it, when it was kept
            walk.segment_unmeasured = False
            if row.outcome == ExperimentOutcome.keep:
                row.outcome = ExperimentOutcome.baseline.value
        if is_baseline_row(row):
            row.outcome = ExperimentOutcome.baseline.value
        walk.undecided += undecided and row.outcome == ExperimentOutcome.other
        session = opts.session or row.session or stem
        named = session if opts.session or walk.names is None else walk.names.name(row.session)
        session_column = log.layout.index("session")
        if named != session and row.session and session_column is not None:  # the raw id stays, as the log's column
            row.notes[log.layout.columns[session_column]] = row.session
        record = build_record(row, log, opts, session_name(named), walk, session_slug(session))
        problems = record_problems(record)
        if problems:  # what nrr would refuse to read, it never writes: the row is skipped, and says why
            result.skipped.append(Skip(log.name, row.line, row.row, f"its record would not validate: {problems[0]}"))
        else:
            result.outcomes[record["experiment"]["outcome"]] += 1
            if record["experiment"].get("failure_class"):
                result.failure_classes[record["experiment"]["failure_class"]] += 1
        walk.written.update((str(c["parameter"]), str(c["to"])) for c in record["experiment"].get("changes", []))
        if row.outcome == ExperimentOutcome.baseline:
            for change in baseline_settings(row, walk):
                walk.state[str(change["parameter"])] = change["to"]
        if row.outcome in KEPT_OUTCOMES or leads:
            for change in record["experiment"].get("changes", []):
                if change.get("to") is not None:
                    walk.state[str(change["parameter"])] = change["to"]
                elif change.get("direction") in ("add", "enable"):
                    walk.present.add(str(change["parameter"]))
                elif change.get("direction") in ("remove", "disable"):
                    walk.present.discard(str(change["parameter"]))
            walk.config_state.update(row.config)
            walk.settings_state.update(row.settings)
            walk.state.update(kept_column_settings(row.other_metrics, walk.column_names, walk.column_renames, walk.state))
            if (
                row.value is not None
                and not walk.differences
                and (
                    row.outcome == ExperimentOutcome.baseline
                    or walk.best is None
                    or direction is None
                    or better(row.value, walk.best, direction)
                )
            ):
                walk.best = row.value
        if walk.earlier_configs is not None and row.config:
            walk.earlier_configs.add(row.config)
        if not problems:
            yield record
    renamed = walk.names.renamings() if walk.names is not None else []
    for given, named, dated in renamed[:MAX_RENAMING_NOTES]:
        after = "the folder above the log" + (" and the day its first run started" if dated else "")
        result.notes.append(
            f"{log.name}: session '{given}' names no project: its records' session is '{session_name(named)}', "
            f"after {after} (record ids keep '{given}'); pass --session to choose"
        )
    if len(renamed) > MAX_RENAMING_NOTES:
        result.notes.append(f"{log.name}: {len(renamed) - MAX_RENAMING_NOTES} more sessions named the same way")
    if walk.undecided:
        result.notes.append(
            f"{log.name}: {walk.undecided} run(s) have no keep/discard decision: "
            f"{'its status column decides nothing' if walk.status_column else 'the log has no status column'} and "
            "its descriptions do not say often enough what became of a change (new best, reverted) to read it as a "
            "loop that decides; they are recorded as other. --judge-by-metric keeps a run that beats the best so far and "
            "discards the rest"
        )
    if walk.dated_by_earlier:
        result.notes.append(
            f"{log.name}: {walk.dated_by_earlier} row(s) whose commit is not in the repository (reset, or never "
            "committed) are dated, and attributed, by the last commit before them in the log"
        )
    if walk.dated_by_earlier_shared:
        result.notes.append(
            f"{log.name}: {walk.dated_by_earlier_shared} row(s) on a commit other rows name too, whose diff is not "
            "told theirs, are dated, and attributed, by the last commit read before them in the log"
        )
    if walk.dated_by_start:
        result.notes.append(
            f"{log.name}: {walk.dated_by_start} row(s) before the log's first commit in the repository are dated "
            f"{walk.start_day}: the commit the loop started from and that first commit are both of that day"
        )
    if walk.unknown_authors:
        count = sum(walk.unknown_authors.values())
        who = ", ".join(sorted(walk.unknown_authors))
        result.notes.append(
            f"{log.name}: authors could not be read from git for {count} record(s): their commits are by a "
            f"machine's default identity ({who}), not a person; pass --author to name them"
        )


__all__ = ["ConvertOptions", "ConvertResult", "Records", "Skip", "convert_bytes", "convert_log", "iter_bytes", "iter_log"]
