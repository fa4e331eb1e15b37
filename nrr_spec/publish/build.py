"""`nrr build`: records in, a complete static catalogue out, swapped in only when it is whole."""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import gc
import json
import math
import multiprocessing
import os
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..schema import load_schema
from .collect import BuildRefused, Catalogue, collect
from .config import SiteConfig
from .dashboards import charts
from .facets import write_index
from .feeds import atom_feed, sitemap, write_dumps
from .pages import RecordRenderer, render_alias, render_browse, render_dashboards, render_narrative
from .search import SearchJob, Shard, shard_paths, write_shards
from .shell import Frame, build_narrative

MARKER = ".nrr-site"  # written into every built site: only such a folder may be replaced
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


def _check_target(out: Path, inputs: Sequence[str | os.PathLike[str]]) -> None:
    for raw in inputs:
        source = Path(raw).resolve()
        if source == out or out in source.parents or source in out.parents:
            raise BuildRefused(f"the output folder {out} overlaps the input {source}; choose another --out")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise BuildRefused(f"{out} exists and is not a catalogue built by nrr; refusing to replace it. "
                           "Choose a new or empty folder for --out.")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean_stale(out: Path) -> None:
    """Remove what builds that were killed left beside the output (their process is gone)."""
    for sibling in out.parent.glob(f".{out.name}.*-*"):
        kind, _, pid = sibling.name.rpartition("-")
        if kind.endswith((".build", ".old")) and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(sibling, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0  # type: ignore[no-any-return]


def _swap_in(new: Path, out: Path) -> None:
    """Replace `out` by `new`: readers see the old site or the new one, whole."""
    if not out.exists():
        os.replace(new, out)
        return
    if _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # now holds the previous site
        return
    old = out.parent / f".{out.name}.old-{os.getpid()}"
    os.replace(out, old)
    os.replace(new, out)
    shutil.rmtree(old, ignore_errors=True)


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
    _check_target(target, paths)
    with _collector_paused():
        catalogue = collect(paths, today=today, skip_invalid=skip_invalid)
    lap("read and validate")
    say(f"{len(catalogue)} public record(s); {catalogue.withheld} withheld")
    target.parent.mkdir(parents=True, exist_ok=True)
    _clean_stale(target)
    staging = target.parent / f".{target.name}.build-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    # The catalogue lives until the end of the build: kept out of the garbage collector's reach, a
    # full collection looks only at what was made since (it walked every record, and at 100,000
    # records took more time than the work it interrupted), and forked renderers share its memory
    # instead of copying each object the collector would touch.
    gc.freeze()
    try:
        with tempfile.TemporaryDirectory(prefix="nrr-search-") as work:
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
        _swap_in(staging, target)
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


# Set just before the worker processes fork, so they inherit it instead of receiving it pickled.
_JOB: tuple[Catalogue, RecordRenderer, Path, SiteConfig] | None = None


def _put(path: str, text: str) -> None:
    """Write a new file in a folder that exists: the fewest system calls, as a build writes hundreds of thousands."""
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _render_range(bounds: tuple[int, int]) -> int:
    assert _JOB is not None
    catalogue, renderer, site, config = _JOB
    versions = 0
    records = os.path.join(site, "records")
    for entry in catalogue.entries[bounds[0] : bounds[1]]:
        folder = os.path.join(records, entry.id)
        latest = os.path.join(folder, f"v{entry.record.version}")
        os.makedirs(latest, exist_ok=True)
        rendered = renderer.render(entry)
        _put(os.path.join(folder, "index.html"), rendered.html)
        for name, text in rendered.files.items():
            _put(os.path.join(folder, name), text)
        for number, old in entry.versions.items():
            os.makedirs(os.path.join(folder, f"v{number}"), exist_ok=True)
            _put(os.path.join(folder, f"v{number}", "index.html"), renderer.render(entry, old).html)
            versions += 1
        _put(os.path.join(latest, "index.html"), render_alias(entry.record, config))
    return versions


def _die_with_parent() -> None:
    """In a forked renderer: a killed build must not leave workers writing into its staging folder."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)


def _take_ranges(counter: Any, n: int, step: int) -> int:
    """Render ranges of `step` records, taking the next one from the shared counter, until none is left."""
    versions = 0
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + step
        if start >= n:
            return versions
        versions += _render_range((start, min(start + step, n)))


def _renderer_process(counter: Any, n: int, step: int, result: Any) -> None:
    _die_with_parent()
    result.value = _take_ranges(counter, n, step)


def write_record_pages(catalogue: Catalogue, renderer: RecordRenderer, site: Path, config: SiteConfig) -> int:
    """Every record page and its downloads; on one process per core where the platform can fork.

    The build's own process renders too, beside one forked renderer per other core, taking ranges
    of records from a shared counter: a forked process copies each page of the catalogue's memory
    that it reads (reading an object changes its reference count), so fewer forks, less memory.
    """
    global _JOB
    n = len(catalogue)
    workers = min(os.cpu_count() or 1, max(1, n // 500))
    _JOB = (catalogue, renderer, site, config)
    try:
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return _render_range((0, n))
        context = multiprocessing.get_context("fork")
        counter = context.Value("q", 0)
        step = 100
        results = [context.Value("q", 0, lock=False) for _ in range(workers - 1)]
        processes = [context.Process(target=_renderer_process, args=(counter, n, step, result), daemon=True)
                     for result in results]
        for process in processes:
            process.start()
        try:
            versions = _take_ranges(counter, n, step)
            for process in processes:
                process.join()
        finally:
            for process in processes:
                if process.is_alive():
                    process.kill()
                    process.join()
        failed = [p.exitcode for p in processes if p.exitcode != 0]
        if failed:
            raise RuntimeError(f"a page renderer failed (exit code {failed[0]}); its error is shown above")
        return versions + sum(result.value for result in results)
    finally:
        _JOB = None


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
    context = {"config": config, "total": len(catalogue), "latest": catalogue.entries[:10],
               "schema_version": load_schema().get("properties", {}).get("schema_version", {}).get("const", "1.0")}
    pages = {name: render_narrative(name, **context) for name in NARRATIVE}
    pages["reference.md"] = _field_reference()
    with tempfile.TemporaryDirectory(prefix="nrr-mkdocs-") as work:
        frames = build_narrative(config, pages, NAV, Path(work), site)
    lap("narrative pages (mkdocs)")

    versions = write_record_pages(catalogue, RecordRenderer(config, frames), site, config)
    lap("record pages")
    say(f"wrote {len(catalogue)} record page(s) and {versions} earlier version(s)")

    shards: list[Shard] = []
    job = None
    if search_work is not None and catalogue.entries:
        shards = write_shards(catalogue.entries, len(catalogue), site, search_work)
        lap("search input")
        if len(shards) == 1:
            # Pagefind indexes in its own process while this one writes the rest of the site. Not
            # beside the record pages: its hundred threads and the page renderers slowed each
            # other down several times over on two cores.
            job = SearchJob(shards)
    try:
        sizes = _write_rest(catalogue, site, config, frames, today, len(shards), lap)
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

