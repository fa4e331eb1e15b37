"""`nrr convert NAME FILE...`: one command for each converter profile (`nrr_spec.convert.profiles`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from ..convert.profiles import PROFILES, Profile
from ..io import RECORDS_DIR
from .inputs import LogFile, output_folder
from .options import (
    direction_option,
    judge_by_metric_option,
    mapping_option,
    metric_option,
    status_map_option,
    threshold_option,
)


@click.group(name="convert")
def convert() -> None:
    """Convert experiment logs into negative-result records."""


def _author_help(profile: Profile) -> str:
    if profile.reads_diffs:  # with git, each row's commit names an author too
        return "Author of newly created records (instead of each commit's author or the log's user column)."
    return "Author of newly created records (instead of the log's user column, if it has one)."


def _common(func: Any, profile: Profile) -> Any:
    options = [
        click.option(
            "--output",
            "--out",
            "-o",
            default=RECORDS_DIR,
            show_default=True,
            callback=output_folder,
            help="Folder for one JSON file per record, or '-' for JSON Lines on stdout.",
        ),
        metric_option,
        direction_option,
        status_map_option,
        click.option("--session", help="Session name, in record ids too (default: the log's session column or file name)."),
        click.option("--author", help=_author_help(profile)),
        threshold_option(
            "--regression-threshold",
            "Relative worsening that counts as a regression (default 0.001 = 0.1% of the metric's scale).",
        ),
        threshold_option(
            "--marginal-threshold", "Relative gain above which a discarded experiment is 'marginal' (default 0.001)."
        ),
        judge_by_metric_option,
        click.option(
            "--capture-env",
            "capture_env",
            is_flag=True,
            help="Fill the reproducibility appendix of records that have none from this machine and the "
            "current folder's git repository (never environment variables, tokens or home paths).",
        ),
        click.option(
            "--progress/--no-progress", default=None, help="Progress bar on stderr (default: when stderr is a terminal)."
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _command(profile: Profile) -> click.Command:
    def command(files: tuple[Path, ...], mapping_file: Path | None = None, **options: Any) -> None:
        from ..convert.runner import RunSettings, run

        sys.exit(run(RunSettings.from_cli(list(files), mapping_file, options, profile)))

    command.__doc__ = profile.summary
    decorators: list[Callable[[Any], Any]] = [
        click.argument("files", nargs=-1, required=True, type=LogFile()),
        mapping_option(
            "Mapping file (YAML or JSON): which column is the run id, status, metric, configuration."
            if profile.map_required
            else "Mapping file (YAML or JSON) naming the columns of an unusual layout.",
            required=profile.map_required,
        ),
    ]
    if profile.reads_diffs:
        decorators += [
            click.option(
                "--repo",
                type=click.Path(file_okay=False, path_type=Path),
                help="Git work tree or bare repository the log's commits are in: each row's changes are read from its "
                "diff (default: the work tree holding the log, if any).",
            ),
            click.option(
                "--no-repo", "no_repo", is_flag=True, help="Read the changes from the descriptions only, never from git."
            ),
        ]
    decorated: Any = _common(command, profile)
    for decorator in reversed(decorators):
        decorated = decorator(decorated)
    return click.command(profile.name)(decorated)


for _profile in PROFILES.values():
    convert.add_command(_command(_profile))
