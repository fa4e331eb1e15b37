"""`nrr validate`: parse options, hand them to the runner, exit with its code."""

from __future__ import annotations

import sys

import click


def _codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(code.strip() for value in values for code in value.split(",") if code.strip())


@click.command("validate")
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "-f",
    "format_",
    default="text",
    show_default=True,
    type=click.Choice(["text", "json", "sarif", "github", "junit"]),
    help="Report format.",
)
@click.option(
    "--output", "--out", "-o", type=click.Path(dir_okay=False), help="Write the report to FILE instead of standard output."
)
@click.option("--strict/--no-strict", default=None, help="Warnings fail the run too (exit 1).")
@click.option("--fix", is_flag=True, help="Apply the fixes that cannot change meaning, and report each change.")
@click.option("--select", multiple=True, metavar="CODES", help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rule codes or prefixes (comma-separated).")
@click.option(
    "--config", type=click.Path(dir_okay=False), help="Configuration file (default: nearest .nrr.toml or pyproject.toml)."
)
@click.option("--isolated", is_flag=True, help="Ignore configuration files.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: when writing to a terminal).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes for large collections (0: one per CPU; used from 500 files per process).",
)
@click.option(
    "--against",
    multiple=True,
    type=click.Path(),
    metavar="PATH",
    help="Also read the records here for the collection rules (duplicate ids, links), without reporting them.",
)
def validate(
    paths: tuple[str, ...],
    format_: str,
    output: str | None,
    strict: bool | None,
    fix: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config: str | None,
    isolated: bool,
    color: bool | None,
    jobs: int,
    against: tuple[str, ...],
) -> None:
    """Validate records (files, folders, globs, or - for standard input).

    Exit codes: 0 clean, 1 errors found (or warnings with --strict), 2 usage error or nothing to validate.
    """
    from ..io import read_bounded
    from ..lint.api import FileContent
    from ..lint.runner import ValidateOptions, run

    if not paths:
        raise click.UsageError("give at least one file, folder or glob to validate (or - for standard input)")
    stdin: FileContent | None = None
    if "-" in paths:  # the command reads standard input; the validator takes the bytes
        stdin = FileContent("<stdin>", read_bounded(sys.stdin.buffer))
    options = ValidateOptions(
        paths, format_, output, strict, fix, _codes(select), _codes(ignore), config, isolated, color, jobs, against, stdin
    )
    raise SystemExit(run(options))
