"""Run a conversion from command-line settings: convert, write, summarise; returns the exit code."""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from ..io import RECORDS_DIR
from .classify import Thresholds
from .mapping import MappingError, load_mapping, parse_status_map
from .options import ConvertOptions, ConvertResult, Records
from .output import FolderWriter, WriteReport, write_jsonl
from .pipeline import iter_log
from .profiles import Profile


@dataclass
class RunSettings:
    paths: list[Path]
    output: str = RECORDS_DIR
    options: ConvertOptions = field(default_factory=ConvertOptions)
    progress: bool | None = None
    capture_env: bool = False  # fill each record's reproducibility appendix from this machine and folder
    env_folder: Path = Path(".")
    problem: str | None = None  # a usage problem found while reading the settings

    @classmethod
    def from_cli(cls, paths: list[Path], mapping_file: Path | None, cli: dict[str, Any], profile: Profile) -> RunSettings:
        """Settings from the options of `nrr convert <profile>` (or `nrr replay`), with the profile's defaults."""
        settings = cls(
            paths=paths,
            output=cli.get("output") or RECORDS_DIR,
            progress=cli.get("progress"),
            capture_env=bool(cli.get("capture_env")),
        )
        try:
            mapping = load_mapping(mapping_file) if mapping_file else None
            status_map = parse_status_map(cli.get("status_map") or ())
        except MappingError as exc:
            settings.problem = str(exc)
            return settings
        defaults = Thresholds()
        thresholds = Thresholds(
            regression=cli["regression_threshold"] if cli.get("regression_threshold") is not None else defaults.regression,
            marginal=cli["marginal_threshold"] if cli.get("marginal_threshold") is not None else defaults.marginal,
        )
        settings.options = ConvertOptions(
            metric=cli.get("metric"),
            direction=cli.get("direction"),
            status_map=status_map or None,
            session=cli.get("session"),
            author=cli.get("author"),
            mapping=mapping,
            thresholds=thresholds,
            judge_by_metric=bool(cli.get("judge_by_metric"))
            or bool((mapping or {}).get("judge_by_metric", profile.judge_by_metric)),
            profile=profile,
            repo=cli.get("repo"),
            use_repo=not cli.get("no_repo"),
        )
        return settings


def run(settings: RunSettings, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> int:
    """Convert every log, write the records, print a summary on stderr. 0 ok, 1 a log failed, 2 usage."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    if settings.problem:
        print(f"error: {settings.problem}", file=err)
        return 2
    options = settings.options
    if settings.capture_env:
        from ..envcapture import capture_environment

        # Once per run: every record of every log gets the same description of the machine.
        options = replace(options, reproducibility=capture_environment(settings.env_folder))
    # A log's identity, the tag in its records' ids, is its path relative to where the records go.
    options = replace(options, anchor=Path.cwd() if settings.output == "-" else Path(settings.output))
    results: list[tuple[Path, ConvertResult]] = []
    show = settings.progress if settings.progress is not None else err.isatty()
    writer = None if settings.output == "-" else FolderWriter(settings.output)
    given: set[str] = set()
    try:
        for path in settings.paths:
            if os.path.realpath(path) in given:
                print(f"note: {path}: given twice; converted once.", file=err)
                continue
            given.add(os.path.realpath(path))
            result, records = _convert_one(path, options, show, err)
            results.append((path, result))
            if writer is None:
                write_jsonl(records, out)  # streamed: a long log never sits in memory as records
                out.flush()
            else:
                for record in records:
                    writer.add(record)
    except BaseException:
        if writer is not None:
            writer.abandon()
        raise
    report = writer.finish() if writer is not None else WriteReport()
    for note in report.notes:
        print(f"note: {note}", file=err)
    _summary(results, settings.output, report, err)
    if any(res.input_error for _, res in results):
        return 2  # an option to fix (the exit-code convention, `cli.inputs`)
    return 1 if report.problems or report.conflicts or any(res.errors for _, res in results) else 0


def _convert_one(path: Path, options: ConvertOptions, show: bool, err: IO[str]) -> tuple[ConvertResult, Records]:
    if not show:
        return iter_log(path, options)
    from rich.console import Console
    from rich.progress import Progress

    progress = Progress(console=Console(file=err), transient=True)
    task = progress.add_task(f"reading {path.name}", total=None)

    def tick(done: int, total: int) -> None:
        if total:  # the second pass, which makes the records, knows how many there are
            progress.update(task, completed=done, total=total, description=f"converting {path.name}")
        else:
            progress.update(task, completed=done)

    progress.start()  # the first pass reads the whole log before the first record: show it too
    try:
        result, records = iter_log(path, replace(options, on_row=tick))
    except BaseException:
        progress.stop()
        raise

    def shown() -> Records:
        try:
            yield from records
        finally:
            progress.stop()

    return result, shown()


def _summary(results: list[tuple[Path, ConvertResult]], output: str, report: WriteReport, err: IO[str]) -> None:
    rows = sum(r.rows_read for _, r in results)
    records = sum(sum(r.outcomes.values()) for _, r in results)
    outcomes: Counter[str] = Counter()
    failures: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    metrics: Counter[str] = Counter()
    for _, result in results:
        if result.metric:
            metrics[result.metric] += 1
        counts = result.counts()
        outcomes.update(counts["outcome"])
        failures.update(counts["failure_class"])
        for skip in result.skipped:
            print(f"{skip}", file=err)
            reasons[_kind_of(skip.reason)] += 1
        for message in result.errors:
            print(f"error: {message}", file=err)
        for note in result.notes:
            print(f"note: {note}", file=err)
    for message in report.problems + report.conflicts:
        print(f"error: {message}", file=err)
    skipped = sum(reasons.values())
    # Records go to stdout as they are made; to a folder only what the files line counts was written.
    made = f"{records} records to stdout" if output == "-" else f"{records} records made"
    print(f"{len(results)} log(s): {rows} rows read, {made}, {skipped} skipped", file=err)
    if report.conflicts:
        print(
            f"  files: none written: {len(report.conflicts)} record(s) would replace a record from another source. "
            "Convert into another folder (--output), or move the old records away if the log was replaced on purpose.",
            file=err,
        )
    elif output != "-":
        print(f"  files in {output}: {_files_line(report, records)}", file=err)
    if len(metrics) == 1:
        print(f"  judged by {next(iter(metrics))} (--metric and --direction choose others)", file=err)
    elif metrics:
        print("  judged by " + "; ".join(f"{m} ({n} log(s))" for m, n in metrics.most_common()), file=err)
    if outcomes:
        print("  outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())), file=err)
    if failures:
        print("  failure classes: " + ", ".join(f"{k} {v}" for k, v in sorted(failures.items())), file=err)
    for reason, count in reasons.most_common():
        print(f"  skipped {count}: {reason}", file=err)


def _files_line(report: WriteReport, records: int) -> str:
    """What became of each record made, so the counts add up to the records: written, unchanged,
    kept in YAML, or not written (the errors above say why)."""
    line = f"{report.written} written, {report.unchanged} unchanged"
    if report.kept_in_yaml:
        line += f", {report.kept_in_yaml} kept in YAML (not refreshed)"
    missing = records - report.written - report.unchanged - report.kept_in_yaml
    if missing > 0:
        line += f", {missing} not written (see the errors above)"
    return line


def _kind_of(reason: str) -> str:
    """A skip reason without the cell it quotes, so the summary counts the rows of one kind once:
    'a number (0.812) where the status should be' and 'a number (0.826) ...' are one line."""
    return _QUOTED_CELL.sub("(…)", reason)


_QUOTED_CELL = re.compile(r"\((?:[^()]|\([^()]*\))*\)")
