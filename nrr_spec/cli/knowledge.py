"""`nrr check | similar | patterns | replay | index | mcp`: the knowledge engine's commands.

Kept light on purpose: `nrr check` imports neither pydantic nor jsonschema, so it answers from a
cold start in a fraction of a second.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from .inputs import INPUT_ERROR, LogFile, records_folder
from .options import (
    direction_option,
    judge_by_metric_option,
    mapping_option,
    metric_option,
    records_option,
    status_map_option,
)

RECORDS_HELP = "Records folder (its index is kept in its hidden .nrr folder)."


_records_option = records_option(RECORDS_HELP)


def _proposal_options(func: Any) -> Any:
    func = click.option(
        "--change",
        "changes",
        multiple=True,
        metavar="PARAM=VALUE",
        help="A change as parameter=value (repeatable), e.g. --change lr=0.05.",
    )(func)
    return click.argument("text", required=False, default="")(func)


def _withheld_option(func: Any) -> Any:
    return click.option(
        "--include-withheld",
        is_flag=True,
        help="Also show restricted and embargoed records (their ids, text and parameters): for the "
        "lab's own trusted use. By default they count in statistics but are never shown.",
    )(func)


def _require_records(records: Path) -> None:
    """A records folder that is not there is a mistake to report (exit 2), never "no evidence: proceed"."""
    records_folder(records)


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def _load_record(path: Path) -> dict[str, Any]:
    from ..io import read_file

    documents, failures = read_file(path)
    if failures:
        raise click.UsageError(f"{failures[0].path}:{failures[0].line}: {failures[0].message}")
    if not documents or not isinstance(documents[0].data, dict):
        raise click.UsageError(f"{path}: no record found in the file")
    data: dict[str, Any] = documents[0].data
    return data


@click.command()
@_proposal_options
@click.option(
    "--record",
    "record_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Check the change a record file describes (its experiment section).",
)
@_records_option
@click.option("--limit", default=5, show_default=True, type=click.IntRange(0, 100), help="Similar experiments to show.")
@click.option("--json", "as_json", is_flag=True, help="Print the advice as JSON.")
@click.option("--fail-on-avoid", is_flag=True, help="Exit with status 1 when the verdict is 'avoid' (for shell loops).")
@click.option("--session", help="The search whose recent history the estimate reads (default: that of the record written last).")
@_withheld_option
def check(
    text: str,
    changes: tuple[str, ...],
    record_file: Path | None,
    records: Path,
    limit: int,
    as_json: bool,
    fail_on_avoid: bool,
    session: str | None,
    include_withheld: bool,
) -> None:
    """Check a proposed change against earlier experiments: verdict, probability, evidence.

    TEXT is the change in words, e.g. "increase the learning rate to 0.05".
    """
    from ..knowledge.api import check_proposal

    record = _load_record(record_file) if record_file else None
    if not text.strip() and not changes and record is None:
        raise click.UsageError(
            'describe the change: nrr check "increase the learning rate to 0.05", or --change lr=0.05, or --record FILE'
        )
    _require_records(records)
    advice = check_proposal(
        text,
        changes=list(changes),
        record=record,
        records_dir=records,
        limit=limit,
        session=session,
        include_withheld=include_withheld,
    )
    if session:
        from .session_warning import session_warning

        warning = session_warning(records, session, include_withheld)
        if warning:
            click.echo(f"warning: {warning}", err=True)
    if as_json:
        _emit_json(advice.as_dict())
    else:
        _show(advice)
    if fail_on_avoid and advice.verdict == "avoid":
        sys.exit(1)


def _show(advice: Any) -> None:
    low, high = advice.interval
    click.echo(f"{advice.verdict}: probability of improvement {advice.probability:.2f} (95% CI {low:.2f}–{high:.2f})")
    click.echo(advice.reason)
    for note in advice.notes:
        if " read as " in note:
            click.echo(note)
    if advice.similar:
        click.echo("most similar earlier experiments:")
        for match in advice.similar:
            click.echo(f"  {match['score']:.2f}  {match['outcome'] or '-':8} {match['description'][:80]}  [{match['id']}]")
    for note in advice.notes:
        if " read as " not in note:
            click.echo(f"note: {note}", err=True)


@click.command()
@_proposal_options
@_records_option
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
@_withheld_option
def similar(text: str, changes: tuple[str, ...], records: Path, limit: int, as_json: bool, include_withheld: bool) -> None:
    """Earlier experiments most like a change: same parameter, direction and nearby values, then words."""
    from ..knowledge.api import similar as find

    if not text.strip() and not changes:
        raise click.UsageError('describe the change: nrr similar "warmdown 0.5 to 0.7", or --change warmdown_ratio=0.7')
    _require_records(records)
    matches = find(text, changes=list(changes), records_dir=records, limit=limit, include_withheld=include_withheld)
    if as_json:
        _emit_json(matches)
        return
    if not matches:
        click.echo("no similar experiments in the records")
    for m in matches:
        click.echo(f"{m['score']:.2f}  {m['outcome'] or '-':8} {m['description'][:90]}  [{m['id']}]")


@click.command()
@_records_option
@click.option("--min-tried", default=3, show_default=True, type=click.IntRange(1), help="Fewest attempts for a pattern.")
@click.option("--level", type=click.Choice(["category", "parameter", "change"]), help="Only groups of this level.")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True, help="Print the patterns as JSON.")
@_withheld_option
def patterns(records: Path, min_tried: int, level: str | None, limit: int, as_json: bool, include_withheld: bool) -> None:
    """Rules the records support, each with counts and a 95% credible interval, clearest evidence first."""
    from ..knowledge.api import patterns as list_patterns

    _require_records(records)
    found = list_patterns(records, min_tried=min_tried, limit=limit, level=level, include_withheld=include_withheld)
    if as_json:
        _emit_json([p.as_dict() for p in found])
        return
    if not found:
        click.echo(f"no patterns: no group has {min_tried} or more attempts in {records}")
    for p in found:
        click.echo(
            f"{p.statement} (estimate {p.estimate:.2f}, 95% CI {p.low:.2f}–{p.high:.2f}; "
            f"all changes {p.base_rate:.2f}): {p.finding}"
        )


@click.command()
@click.argument("log", type=LogFile())
@mapping_option("Mapping file naming the columns of an unusual layout (as for nrr convert).")
@metric_option
@direction_option
@status_map_option
@judge_by_metric_option
@click.option("--session", help="Session name (default: the log's file name).")
@click.option("--rows/--no-rows", default=True, show_default=True, help="Print the per-row predictions (with --json too).")
@click.option("--json", "as_json", is_flag=True, help="Print rows {row, probability, verdict} and the score as JSON.")
def replay(log: Path, mapping_file: Path | None, rows: bool, as_json: bool, **options: Any) -> None:
    """Replay a finished log in order and score the advice the engine would have given.

    Before each experiment only the earlier rows are known. Scores: Brier score against the running
    base rate (keep rate so far), AUC, failures avoided and successes blocked by 'avoid'.
    """
    from ..convert.profiles import PROFILES
    from ..convert.runner import RunSettings
    from ..knowledge.replay import replay_log

    settings = RunSettings.from_cli([log], mapping_file, {**options, "output": "-"}, PROFILES["autoresearch"])
    if settings.problem:
        raise click.UsageError(settings.problem)
    result = replay_log(log, settings.options)
    for message in result.errors:
        click.echo(f"error: {message}", err=True)
    if result.errors:
        sys.exit(INPUT_ERROR)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    s = result.score
    if as_json:
        shown: dict[str, Any] = {"log": str(log)}
        if rows:
            shown["rows"] = [
                {"row": p.row, "probability": round(p.probability, 4), "verdict": p.verdict, "outcome": p.outcome}
                for p in result.predictions
            ]
        _emit_json({**shown, "score": s.as_dict()})
        return
    if rows:
        for p in result.predictions:
            click.echo(
                f"row {p.row if p.row is not None else '-':>5}  {p.probability:.2f}  {p.verdict:8} {p.outcome:8} "
                f"{p.description[:70]}"
            )
    if not s.rows:
        click.echo("nothing to score: the log has no decided rows after the first")
        return
    ratio = f"{s.ratio:.3f}" if s.ratio is not None else "-"
    auc = f"{s.auc:.3f}" if s.auc is not None else "- (needs both kept and not kept rows)"
    failures = s.rows - s.successes
    click.echo(
        f"rows scored {s.rows} (kept {s.successes}); Brier {s.brier:.4f} vs running base rate {s.base_brier:.4f} "
        f"(ratio {ratio}); AUC {auc}"
    )
    click.echo(
        f"'avoid' would have saved {s.failures_avoided} of {failures} failures and blocked "
        f"{s.successes_blocked} of {s.successes} successes; 'caution' on {s.cautioned} rows"
    )
    if s.repeated_failures:
        click.echo(
            f"{s.repeated_failures} rows repeated exactly a change that had failed: "
            f"{s.repeated_failures - s.repeated_failures_kept} failed again; answered 'proceed': {s.repeated_failures_proceed}"
        )


@click.command()
@_records_option
@click.option("--rebuild", is_flag=True, help="Rebuild the index from scratch.")
@click.option("--json", "as_json", is_flag=True, help="Print what was indexed as JSON.")
def index(records: Path, rebuild: bool, as_json: bool) -> None:
    """Build the knowledge index of a records folder (incremental; --rebuild starts over)."""
    from ..knowledge.index import open_index

    records_folder(records)
    with open_index(records) as idx:
        report = idx.refresh(rebuild=rebuild, sweep=True)
        total, decided = idx.size()
        where = str(idx.path) if idx.path else "memory"
        notes = idx.notes + report.notes
    data = {
        "index": where,
        "files": report.files,
        "added": report.added,
        "updated": report.updated,
        "removed": report.removed,
        "records": total,
        "decided": decided,
        "unreadable": report.unreadable,
        "notes": notes,
    }
    if as_json:
        _emit_json(data)
        return
    click.echo(
        f"{where}: {total} records ({decided} with an outcome) from {report.files} files; "
        f"{report.added} added, {report.updated} updated, {report.removed} removed"
    )
    for problem in report.unreadable:
        click.echo(f"unreadable: {problem}", err=True)
    for note in notes:
        click.echo(f"note: {note}", err=True)


@click.command()
@_records_option
@_withheld_option
def mcp(records: Path, include_withheld: bool) -> None:
    """Serve check_proposal, record_experiment, find_similar and list_patterns over MCP (stdio)."""
    try:
        from ..mcp.server import serve
    except ImportError as exc:
        raise click.UsageError(f"the MCP server needs the 'mcp' package ({exc}); pip install 'nrr-spec[mcp]'") from exc
    serve(records, include_withheld=include_withheld)
