"""`nrr record`: a loop writes the record of a finished experiment directly, its change given as data."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..model.vocabulary import ExperimentOutcome, values
from .options import direction_option, records_option

if TYPE_CHECKING:
    from ..changes.git import ExperimentDiff

OUTCOMES = values(ExperimentOutcome)


def parse_change(text: str) -> dict[str, object]:
    """`matrix_lr=0.04:0.05` (from 0.04 to 0.05), `matrix_lr=0.05` (to 0.05), `+rope` / `-softcap` (added, removed)."""
    text = text.strip()
    usage = f"{text!r}: write NAME=FROM:TO, NAME=TO, +NAME or -NAME"
    if text[:1] in "+-" and "=" not in text:
        if not text[1:].strip():
            raise click.BadParameter(usage, param_hint="--change")
        return {"parameter": text[1:].strip(), "direction": "add" if text[0] == "+" else "remove"}
    name, sep, values = text.partition("=")
    if not sep or not name.strip() or not values.strip():
        raise click.BadParameter(usage, param_hint="--change")
    old, colon, new = values.rpartition(":") if ":" in values else ("", "", values)
    if colon and not (old.strip() and new.strip()):  # "lr=0.04:" lost the value it changed to
        raise click.BadParameter(
            f"{text!r}: give a value on both sides of the colon (FROM:TO), or NAME=TO", param_hint="--change"
        )
    return {"parameter": name.strip(), "from": old.strip() if colon else None, "to": new.strip(), "direction": "set"}


def parse_metric(text: str) -> tuple[str, float | None]:
    """`val_bpb=1.2723`; `val_bpb` alone names the metric of a run that measured nothing (a crash)."""
    from ..changes.numbers import parse_number

    name, sep, value = text.partition("=")
    number = parse_number(value) if sep else None
    if not name.strip() or (sep and number is None):
        raise click.BadParameter(f"{text!r}: write NAME=VALUE, e.g. val_bpb=1.2723", param_hint="--metric")
    return name.strip(), number


@click.command()
@click.option(
    "--change",
    "changes",
    multiple=True,
    metavar="NAME=FROM:TO",
    help="What changed, as data: NAME=FROM:TO, NAME=TO, +NAME (added) or -NAME (removed); repeatable.",
)
@click.option("--outcome", required=True, type=click.Choice(OUTCOMES), help="How the experiment ended.")
@click.option(
    "--metric",
    metavar="NAME=VALUE",
    help="The metric the loop optimises and its value, e.g. val_bpb=1.2723 (NAME alone: nothing measured).",
)
@click.option(
    "--baseline",
    type=float,
    help="The best kept value before this experiment (default: the session's best kept value in --records).",
)
@direction_option
@click.option("--description", default="", help="The change in words (default: written from --change).")
@click.option("--commit", help="The experiment's git commit.")
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    help="Git repository of --commit: its diff gives the exact changes, the patch, date and author.",
)
@click.option(
    "--session",
    help="The search this experiment belongs to (part of the record id; default: named after the project, "
    "from --repo's name or the folders of --records).",
)
@click.option("--author", help="Author of the record (default with --repo: the commit's author).")
@records_option()
@click.option("--json", "as_json", is_flag=True, help="Print the written record as JSON.")
def record(
    changes: tuple[str, ...],
    outcome: str,
    metric: str | None,
    baseline: float | None,
    direction: str | None,
    description: str,
    commit: str | None,
    repo: Path | None,
    session: str | None,
    author: str | None,
    records: Path,
    as_json: bool,
) -> None:
    """Write a validated record of a finished experiment (`evidence: declared`) and index it.

    The same experiment recorded again (same session, commit, changes, outcome and metric) is left
    as it is: nothing is written and the command succeeds.

    \b
    nrr record --change matrix_lr=0.04:0.05 --outcome discard --metric val_bpb=1.2723 --commit a1b2c3d
    """
    from ..knowledge.api import record_experiment

    given = [parse_change(c) for c in changes]
    name, value = parse_metric(metric) if metric else (None, None)
    diff: ExperimentDiff | None = None
    url = ""
    work_tree: Path | None = None
    if repo is not None:
        if not commit:
            raise click.UsageError("--repo reads the diff of --commit: give --commit too")
        diff, url, work_tree = _diff(repo, commit)
    if not given and diff is None and not description.strip():
        raise click.UsageError("say what changed: --change NAME=FROM:TO, --description TEXT, or --commit with --repo")
    text = description.strip() or _described(given) or (diff.commit.subject if diff is not None else "")
    try:
        written = record_experiment(
            text,
            outcome,
            records_dir=records,
            metric=name,
            value=value,
            baseline=baseline,
            direction=direction,
            session=session,
            commit=commit,
            changes=given or None,
            author=author,
            diff=diff,
            repository_url=url,
            repository=work_tree,
            source_name="nrr record",
            converter="nrr record",
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if as_json:
        print(json.dumps(written["record"], ensure_ascii=False, indent=2))
    elif written.get("unchanged"):
        print(f"{written['path']}: unchanged: {written['record'].get('title', '')}")
    else:
        print(f"{written['path']}: {written['record']['title']}")
    for note in written.get("notes", []):
        print(f"note: {note}", file=sys.stderr)


def _described(given: list[dict[str, object]]) -> str:
    from ..changes.change import in_words

    return ", ".join(in_words(change) for change in given)


def _diff(repo: Path, commit: str) -> tuple[ExperimentDiff, str, Path]:
    """The commit's diff, the repository's address, and its work tree (its git folder when bare)."""
    from ..changes.git import GitError, Repository
    from ..convert.fromgit import repository_url

    try:
        repository = Repository(repo)
        sha = repository.resolve([commit]).get(commit.lower())
        if sha is None:
            raise click.UsageError(f"--commit {commit}: no such commit in {repo}")
        return repository.diff(sha), repository_url(repository), Path(repository.top or repository.git_dir)
    except GitError as exc:
        raise click.UsageError(f"--repo {repo}: {exc}") from exc
