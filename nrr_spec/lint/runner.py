"""`nrr validate` as a function: options in, exit code out (0 clean, 1 findings, 2 usage error)."""

from __future__ import annotations

import glob
import io
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..io import atomic_write, discover
from ..os_errors import os_problem
from .api import FileContent, validate
from .config import ConfigError, LintConfig, load_config
from .diagnostics import AppliedFix
from .reporters import REPORTERS, get_reporter

USAGE_ERROR = 2


@dataclass
class ValidateOptions:
    """Everything the command line can say to the validator."""

    paths: tuple[str, ...]
    format: str = "text"
    output: str | None = None
    strict: bool | None = None  # None: as configured
    fix: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: str | None = None
    isolated: bool = False  # ignore configuration files
    color: bool | None = None
    jobs: int = 0  # processes for large collections; 0 = one per CPU
    against: tuple[str, ...] = ()  # records the collection rules see without checking them
    stdin: FileContent | None = None  # what the command line read from standard input, for the path '-'


def run(options: ValidateOptions, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Validate, report, and return the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if options.format not in REPORTERS:
        err.write(f"nrr validate: unknown format {options.format!r}; choose one of {', '.join(REPORTERS)}\n")
        return USAGE_ERROR
    try:
        config = LintConfig() if options.isolated else load_config(options.config)
        config = _merge(config, options)
    except ConfigError as exc:
        err.write(f"nrr validate: {exc}\n")
        return USAGE_ERROR
    paths, problems = expand(options.paths)
    for problem in problems:
        err.write(f"nrr validate: {problem}\n")
    if problems:
        return USAGE_ERROR
    fixes: list[AppliedFix] = []
    if options.fix:
        from .fixes import fix_file

        if "-" in paths:
            err.write("nrr validate: --fix leaves standard input alone; fix files instead\n")
        for path in discover(p for p in paths if p != "-"):
            try:
                fixes.extend(fix_file(path))
            except (OSError, UnicodeDecodeError):
                continue  # the validation pass reports the file as unreadable
        fixes.sort(key=lambda f: (f.file, f.line or 0, f.column or 0))
    missing = [path for path in options.against if not os.path.exists(path)]
    if missing:
        err.write(f"nrr validate: --against {missing[0]}: path not found\n")
        return USAGE_ERROR
    inputs = [options.stdin if path == "-" and options.stdin is not None else path for path in paths]
    report = validate(inputs, config, jobs=options.jobs, against=options.against)
    report.fixes = fixes
    color = (
        options.color if options.color is not None else (options.output is None and out.isatty() and "NO_COLOR" not in os.environ)
    )
    buffer = io.StringIO()
    get_reporter(options.format)(report, buffer, color=color, strict=config.strict)
    if options.output:
        try:
            atomic_write(options.output, buffer.getvalue())
        except OSError as exc:
            err.write(f"nrr validate: {os_problem(exc, 'write the report')}\n")
            return USAGE_ERROR
    else:
        out.write(buffer.getvalue())
    if report.files == 0:
        shown = " ".join(options.paths) or "."
        err.write(
            f"nrr validate: no record files found in {shown} (looked for .json, .yaml, .yml, .jsonl, .ndjson); "
            "nothing was validated\n"
        )
    return report.exit_code(config.strict)


def _merge(config: LintConfig, options: ValidateOptions) -> LintConfig:
    from .config import config_from_table

    overrides = config_from_table({"select": list(options.select), "ignore": list(options.ignore)}, "command line")
    if overrides.select:
        config.select = overrides.select
    config.ignore = config.ignore + overrides.ignore
    if options.strict is not None:
        config.strict = options.strict
    return config


def expand(arguments: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Paths to validate from the command line: files, folders, globs and '-'; plus usage problems."""
    paths: list[str] = []
    problems: list[str] = []
    for argument in arguments:
        if argument == "-" or Path(argument).exists():
            paths.append(argument)
        elif glob.has_magic(argument):
            matches = sorted(glob.glob(argument, recursive=True))
            if matches:
                paths.extend(matches)
            else:
                problems.append(f"no files match {argument!r}")
        else:
            problems.append(f"path not found: {argument}")
    return paths, problems
