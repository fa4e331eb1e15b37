"""`nrr build` and `nrr serve`: options in, the publisher does the work, an exit code out."""

from __future__ import annotations

import datetime as dt
import errno
import functools
import shlex
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from ..os_errors import os_problem
from ..publish import BuildRefused, ConfigError, build_site, load_site_config
from ..publish.build_state import BuildState
from ..publish.config import SiteConfig
from ..urls import base_url_problem
from . import process_end
from .inputs import INPUT_ERROR, InputError, require_record_files
from .options import records_arguments, records_or_default


def _config(config_path: str | None, base_url: str | None, title: str | None, include_kept: bool = False) -> SiteConfig:
    try:
        config = load_site_config(config_path)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    if include_kept:
        config.include_kept = True
    if base_url:
        if problem := base_url_problem(base_url):
            raise click.BadParameter(problem, param_hint="--base-url")
        config.base_url = base_url
    if title:
        if any(ch in title for ch in '<>"`'):
            raise click.BadParameter('must be plain text, without < > " or `', param_hint="--title")
        config.title = title
    return config


@dataclass(frozen=True)
class SiteChoices:
    """What the options `nrr build` and `nrr serve` share say about the build."""

    config: SiteConfig
    skip_invalid: bool = False
    search: bool = True
    today: dt.date | None = None
    cache: str | bool = True


def run_build(
    records: tuple[str, ...],
    out: str,
    choices: SiteChoices,
    *,
    quiet: bool,
    state: BuildState | None = None,
    search_later: bool = False,
    command: str = "nrr build",
    process_ends: bool = False,
    serve_hint: str | None = None,
) -> int:
    """Build once and report; 0 when the site was written, 1 when the input was refused; with
    `search_later` (build_site), 2 when the site was written and its search index lags. With
    `process_ends`, what the build read is left for the process's end (cli.process_end).
    `serve_hint` is the command that serves the site, said after a build that is not `quiet`."""
    from ..publish.search import SearchIndexError
    from ..publish.shell import ThemeError

    say = (lambda _: None) if quiet else (lambda message: click.echo(message, err=True))
    try:
        result = build_site(
            list(records),
            out,
            choices.config,
            today=choices.today,
            skip_invalid=choices.skip_invalid,
            search=choices.search,
            progress=say,
            cache=choices.cache,
            state=state,
            search_later=search_later,
            process_ends=process_ends,
        )
    except BuildRefused as exc:
        for problem in exc.problems:
            click.echo(problem, err=True)
        click.echo(f"{command}: refused: {exc.summary}", err=True)
        return 1
    except (SearchIndexError, ThemeError) as exc:
        click.echo(f"{command}: {exc}", err=True)
        return 1
    except OSError as exc:  # the site is built beside the output and swapped in whole: nothing was replaced
        problem = os_problem(exc, f"write the site to {out}", name_file=exc.errno not in (errno.ENOSPC, errno.EDQUOT))
        click.echo(f"{command}: {problem}; {out} was left as it was", err=True)
        return 1
    for problem in result.skipped:
        click.echo(f"skipped: {problem}", err=True)
    if not choices.config.site_url and not quiet:
        click.echo(
            "warning: no base URL (base_url in nrr-site.toml, or --base-url): citations name no address, "
            "pages have no canonical link, and the sitemap lists no page, as it needs absolute addresses",
            err=True,
        )
    total = sum(result.timings.values())
    click.echo(
        f"Built {result.records} record page(s) ({result.versions} earlier version(s); {result.withheld} withheld, "
        f"not published) in {total:.1f} s into {out}"
    )
    if not quiet:
        steps = "; ".join(f"{step} {seconds:.2f} s" for step, seconds in result.timings.items())
        click.echo(f"Time by step: {steps}", err=True)
    if serve_hint and not quiet:
        click.echo(f"Open {Path(out) / 'index.html'}; search and filters need a web server: {serve_hint}")
    return 2 if result.search_pending else 0


# Options of `nrr build` not repeated in the `nrr serve` it suggests: serving is for the search.
_NOT_FOR_SERVE = frozenset({"no_search"})


def _serve_hint(ctx: click.Context) -> str:
    """The `nrr serve` that serves what this `nrr build` built: the same records, and each option
    given that `nrr serve` takes too (--out, --base-url, --config, ...), written as given, so a
    relative path stays relative and the hint rebuilds into the same folder."""
    words = ["nrr", "serve", *ctx.params["records"]]
    taken = {param.name for param in serve.params}
    for param in ctx.command.params:
        name = param.name
        if not isinstance(param, click.Option) or name not in taken or name in _NOT_FOR_SERVE:
            continue
        if ctx.get_parameter_source(name) in (None, ParameterSource.DEFAULT):
            continue
        value = ctx.params[name]
        if param.is_flag:
            words += [param.opts[0]] if value else []
        elif isinstance(value, dt.datetime):
            words += [param.opts[0], value.strftime("%Y-%m-%d")]
        elif value is not None:
            words += [param.opts[0], str(value)]
    return shlex.join(words)


def _require_input(records: tuple[str, ...], command: str) -> None:
    """Paths that are not there, or hold no record file, are input to fix (exit 2), refused before
    the build starts; records that do not validate are refused by the build (exit 1)."""
    try:
        require_record_files(records)
    except InputError as exc:
        click.echo(f"{command}: refused: {exc.message}", err=True)
        raise SystemExit(INPUT_ERROR) from None


_records = records_arguments()
_options = [
    click.option("--config", "config_path", type=click.Path(dir_okay=False), help="nrr-site.toml or pyproject.toml to read."),
    click.option("--base-url", help="Address the site is served from (overrides the configuration)."),
    click.option("--title", help="Site title (overrides the configuration)."),
    click.option("--skip-invalid", is_flag=True, help="Publish the valid records and list the others, instead of refusing."),
    click.option("--no-search", "no_search", is_flag=True, help="Skip the Pagefind full-text index."),
    click.option(
        "--include-kept",
        is_flag=True,
        help="Also publish kept, baseline and undecided experiments as records (by default they appear "
        "only on their session's page, never as negative results).",
    ),
    click.option("--today", type=click.DateTime(["%Y-%m-%d"]), help="Date that decides whether embargoes have ended."),
    click.option(
        "--cache",
        "cache_dir",
        type=click.Path(file_okay=False),
        help="Build cache folder, on the same file system as --out (default: .OUT.cache beside it): "
        "a rebuild writes only what changed.",
    ),
    click.option("--no-cache", is_flag=True, help="Build from scratch and keep no cache (a site's worth of disk less)."),
]


def _cache(cache_dir: str | None, no_cache: bool) -> str | bool:
    if cache_dir and no_cache:
        raise click.UsageError("--cache and --no-cache cannot be used together")
    return False if no_cache else (cache_dir or True)


def _with_options(func):  # type: ignore[no-untyped-def]
    """The shared options, handed to the command as one `choices` (a SiteChoices)."""

    @functools.wraps(func)
    def command(
        *,
        config_path: str | None,
        base_url: str | None,
        title: str | None,
        skip_invalid: bool,
        no_search: bool,
        include_kept: bool,
        today: dt.datetime | None,
        cache_dir: str | None,
        no_cache: bool,
        **rest: Any,
    ) -> None:
        config = _config(config_path, base_url, title, include_kept)
        cache = _cache(cache_dir, no_cache)
        func(choices=SiteChoices(config, skip_invalid, not no_search, today.date() if today else None, cache), **rest)

    for option in reversed(_options):
        command = option(command)
    return command


@click.command()
@_records
@click.option(
    "--out", "--output", "-o", default="site-out", show_default=True, type=click.Path(file_okay=False), help="Output folder."
)
@_with_options
@click.option("--quiet", "-q", is_flag=True, help="Print only the result line and problems.")
def build(records: tuple[str, ...], out: str, choices: SiteChoices, quiet: bool) -> None:
    """Build the static catalogue of RECORDS (files or folders; default: records/)."""
    _require_input(records_or_default(records), "nrr build")
    code = run_build(
        records_or_default(records),
        out,
        choices,
        quiet=quiet,
        process_ends=process_end.ends_with_command,
        serve_hint=_serve_hint(click.get_current_context()),
    )
    raise SystemExit(code)


@click.command()
@_records
@click.option(
    "--out", "--output", "-o", default="site-out", show_default=True, type=click.Path(file_okay=False), help="Build folder."
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port on localhost.")
@_with_options
def serve(records: tuple[str, ...], out: str, port: int, choices: SiteChoices) -> None:
    """Build the catalogue of RECORDS, serve it on localhost, and rebuild when a record changes."""
    from ..publish.edit_first import show_edits_first
    from ..publish.incremental import prepare_spare
    from ..publish.serve import PortUnavailable, listen, mount_path, serve_site

    records = records_or_default(records)
    _require_input(records, "nrr serve")
    try:
        # Before the build: with the port in use, another server may be serving --out.
        server = listen(Path(out), port, mount_path(choices.config.site_url))
    except PortUnavailable as exc:
        click.echo(f"nrr serve: {exc}", err=True)
        raise SystemExit(INPUT_ERROR) from None
    state = BuildState()  # what one build read and made, for the next: files unchanged are not read again

    def build_once(search_later: bool) -> int:
        if search_later:  # an edit: its pages first, then the rebuild that brings the rest up to date
            started = time.perf_counter()
            try:
                shown = show_edits_first(state, Path(out), choices.config, choices.cache)
                if shown:
                    click.echo(f"{shown} edited page(s) shown in {time.perf_counter() - started:.2f} s; the rest follows.")
            except OSError as exc:
                click.echo(f"nrr serve: {os_problem(exc, 'show the edited pages first')}; rebuilding", err=True)
        return run_build(records, out, choices, quiet=True, state=state, search_later=search_later, command="nrr serve")

    try:
        if build_once(search_later=False) != 0:
            raise SystemExit(1)
        # Each edit's pages first, with the search index as it was; the index once edits pause.
        serve_site(
            Path(out),
            [Path(r) for r in records],
            build_once,
            server=server,
            idle=lambda: prepare_spare(Path(out), choices.cache),
        )
    finally:
        server.server_close()
