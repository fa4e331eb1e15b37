"""`nrr build`: records in, a complete static catalogue out, swapped in only when it is whole."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import json
import math
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..schema import CURRENT_VERSION, load_schema
from .collect import Catalogue, collect
from .config import SiteConfig
from .dashboards import charts
from .facets import write_index
from .feeds import atom_feed, sitemap, write_dumps
from .pages import RecordRenderer, front_page_context, render_browse, render_dashboards, render_narrative
from .record_pages import write_record_pages
from .search import SearchJob, Shard, shard_paths, write_shards
from .session_pages import write_session_pages
from .shell import Frame, build_narrative
from .swap import MARKER, check_target, clean_stale, clean_stale_temp, swap_in, temp_prefix

NARRATIVE = ("index.md", "about.md", "cite.md", "contribute.md")
NAV: list[dict[str, Any]] = [
    {"Home": "index.md"},
    {"Catalogue": "browse/index.md"},
    {"Dashboards": "dashboards/index.md"},
    {"About": [{"About": "about.md"}, {"How to cite": "cite.md"}, {"How to contribute": "contribute.md"},
               {"Field reference": "reference.md"}]},
]


@dataclass
class BuildResult:
    """What a build produced; timings in seconds by step, sizes in bytes."""

    out: Path
    records: int
    withheld: int
    versions: int
    warnings: int
    skipped: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)


def _field_reference() -> str:
    try:
        from ..reference import render_field_reference
    except ImportError:
        return "# Field reference\n\nSee the published JSON Schema of the standard.\n"
    return render_field_reference(load_schema())


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def build_site(
    paths: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    config: SiteConfig | None = None,
    *,
    today: dt.date | None = None,
    skip_invalid: bool = False,
    search: bool = True,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Build the catalogue of the records under `paths` into `out`.

    Raises BuildRefused (with the list of problems) when the input cannot be published; on any
    failure or interruption the previous site at `out` is left as it was.
    """
    config = config or SiteConfig()
    say = progress or (lambda _: None)
    today = today or dt.date.today()
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = round(now - clock, 3)
        clock = now

    target = Path(out).resolve()
    check_target(target, paths)
    with _collector_paused():
        catalogue = collect(paths, today=today, skip_invalid=skip_invalid, include_kept=config.include_kept)
    lap("read and validate")
    say(f"{len(catalogue)} public record(s); {catalogue.withheld} withheld")
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    clean_stale_temp()
    staging = target.parent / f".{target.name}.build-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    # The catalogue lives until the end of the build: kept out of the garbage collector's reach, a
    # full collection looks only at what was made since (it walked every record, and at 100,000
    # records took more time than the work it interrupted), and forked renderers share its memory
    # instead of copying each object the collector would touch.
    gc.freeze()
    try:
        with tempfile.TemporaryDirectory(prefix=temp_prefix("search")) as work:
            result, pending = _build_into(catalogue, staging, config, today, Path(work) if search else None, lap, say)
            if pending:
                # A catalogue of several shards is large: its records are let go before Pagefind
                # starts, so the two never hold memory at the same time (at 100,000 records, the
                # records take about 2 GB, and each Pagefind about 1 GB).
                del catalogue
                _release_memory()
                _run_search(pending)
                lap("search index (Pagefind)")
        result.timings = timings
        if search:
            result.sizes["search"] = sum(p.stat().st_size for p in (staging / "pagefind").rglob("*") if p.is_file())
        _write(staging / MARKER, json.dumps({"generator": f"nrr-spec {__version__}", "records": result.records}) + "\n")
        swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        gc.unfreeze()
    result.out = target
    return result


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the records are read: they make no cycles, and each full
    collection walked every record read so far (reading 10,000 took three times as long)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _release_memory() -> None:
    """Hand the memory of what was just let go back to the system, not only to Python's allocator."""
    gc.unfreeze()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)  # glibc keeps freed memory for reuse unless asked


# Pagefind processes indexing shards at once: each needs about 1 GB, and two keep a build of
# 100,000 records under 4 GB while using both cores of a small CI machine.
SEARCH_LANES = 2


def _run_search(shards: list[Shard]) -> None:
    job = SearchJob(shards, parallel=min(SEARCH_LANES, os.cpu_count() or 1))
    try:
        job.wait()
    finally:
        job.cancel()


def _build_into(
    catalogue: Catalogue, site: Path, config: SiteConfig, today: dt.date, search_work: Path | None,
    lap: Callable[[str], None], say: Callable[[str], None],
) -> tuple[BuildResult, list[Shard]]:
    """Write the site; return what it holds and the search shards still to index (none if done)."""
    context = {**front_page_context(catalogue), "config": config.for_markdown(), "schema_version": CURRENT_VERSION}
    pages = {name: render_narrative(name, **context) for name in NARRATIVE}
    pages["reference.md"] = _field_reference()
    with tempfile.TemporaryDirectory(prefix=temp_prefix("mkdocs")) as work:
        frames = build_narrative(config, pages, NAV, Path(work), site)
    lap("narrative pages (mkdocs)")

    shards: list[Shard] = []
    job = None
    if search_work is not None and catalogue.entries:
        shards = write_shards(catalogue.entries, len(catalogue), site, search_work)
        lap("search input")
        if len(shards) == 1:
            # Pagefind indexes in its own process while this one writes the site: its work is
            # mostly one thread and the file system, so the two share two cores well (at 10,000
            # records, 12.9 s in all against 14.5 s with Pagefind started after the record pages).
            job = SearchJob(shards)
    try:
        sizes = _write_rest(catalogue, site, config, frames, today, len(shards), lap)
        versions = write_record_pages(catalogue, RecordRenderer(config, frames), site)
        lap("record pages")
        say(f"wrote {len(catalogue)} record page(s) and {versions} earlier version(s)")
        if job is not None:
            job.wait()
            lap("search index (Pagefind, waited for)")
    finally:
        if job is not None:
            job.cancel()
    result = BuildResult(site, len(catalogue), catalogue.withheld, versions, catalogue.warnings,
                         list(catalogue.skipped), sizes=sizes)
    return result, [] if job is not None else shards


def _write_rest(
    catalogue: Catalogue, site: Path, config: SiteConfig, frames: dict[str, Frame], today: dt.date, shards: int,
    lap: Callable[[str], None],
) -> dict[str, int]:
    """Browse pages, dashboards, facet index, feed, dumps and sitemap."""

    size = config.page_size
    total = len(catalogue)
    count = max(1, math.ceil(total / size))
    for page in range(1, count + 1):
        chunk = catalogue.entries[(page - 1) * size : page * size]
        frame = frames["browse"] if page == 1 else frames["record"]
        html = render_browse(chunk, frame, page=page, pages=count, total=total, page_size=size)
        _write(site / "browse" / ("" if page == 1 else str(page)) / "index.html", html)
    _write(site / "dashboards" / "index.html", render_dashboards(charts(catalogue), frames["dashboards"], total))
    write_session_pages(catalogue, frames, site)
    sizes = write_index(catalogue, site / "search", search_bundles=shard_paths(shards)[1:] if shards else [])
    lap("browse pages, dashboards, facet index")

    _write(site / "feed.xml", atom_feed(catalogue, config, today))
    write_dumps(catalogue, config, site)
    # A sitemap needs absolute addresses; without a base URL it is written empty (the theme's
    # script still asks for it, and a missing file would be an error in every reader's console).
    urls: list[tuple[str, dt.date | None]] = []
    if config.site_url:
        fixed = ("", "browse/", "dashboards/", "about/", "cite/", "contribute/", "reference/")
        urls += [(path, None) for path in fixed]
        urls += [(f"browse/{n}/", None) for n in range(2, count + 1)]
        urls += [(f"records/{e.id}/", e.date) for e in catalogue.entries]
    _write(site / "sitemap.xml", sitemap(urls, config.site_url or ""))
    lap("feed, sitemap, dumps")
    return sizes

