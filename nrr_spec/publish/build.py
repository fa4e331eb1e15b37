"""`nrr build`: records in, a complete static catalogue out, swapped in only when it is whole."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls as site_urls
from ..schema import CURRENT_VERSION
from ..version import __version__
from . import live_parts, site_pages
from .build_memory import LEFT_FOR_EXIT, collector_paused, freeze, release_memory, unfrozen_at_end
from .build_state import BuildState, LastBuild
from .collect import Catalogue, Entry, collect
from .config import SiteConfig
from .facets import write_index
from .feeds import atom_feed, sitemap, write_dumps
from .fragments import Fragments
from .incremental import BuildCache, Manifest, build_key, default_cache_dir
from .narrative_cache import narrative
from .page_digests import entry_digests, page_digests, shard_digests
from .pages import RecordRenderer, front_page_context
from .rebuild_plan import Plan, bundles_to_index, link_bundles_from_output, link_pages_from_output, remove_records, rows_from
from .record_pages import write_record_pages
from .search import LARGE_FROM, SearchJob, Shard, plan_shards, shard_paths, write_shards
from .shell import Frame, build_narrative
from .site_copies import discard, empty_trash, exchange_keep, sync_tree
from .site_pages import PageJob, Pieces, SitemapEntry, navigation, placeholders, write_page
from .swap import MARKER, check_target, clean_stale, clean_stale_temp, swap_in, temp_prefix


@dataclass
class BuildResult:
    """What a build produced; timings in seconds by step, sizes in bytes."""

    out: Path
    records: int
    withheld: int
    versions: int
    warnings: int
    skipped: list[str] = field(default_factory=list)
    rendered: int = 0  # record pages written by this build (a rebuild writes only those that changed)
    search_indexed: int = 0  # search shards indexed by this build
    search_pending: bool = False  # the search index lags the pages (search_later): build again
    timings: dict[str, float] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)


def build_site(
    paths: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    config: SiteConfig | None = None,
    *,
    today: dt.date | None = None,
    skip_invalid: bool = False,
    search: bool = True,
    progress: Callable[[str], None] | None = None,
    cache: str | os.PathLike[str] | bool = True,
    state: BuildState | None = None,
    search_later: bool = False,
    process_ends: bool = False,
) -> BuildResult:
    """Build the catalogue of the records under `paths` into `out`.

    With `cache` (True: the folder `.<out>.cache` beside `out`; or a folder), a rebuild writes only
    what changed since an earlier build with the same templates, theme and configuration, and
    gives the same bytes as a clean build (incremental.py). With `state` (kept by `nrr serve`
    between its builds of the site), record files unchanged since the last build are not read
    again, and what the last build made is taken from memory, not from the cache folder. With
    `search_later` (for `nrr serve`, which shows an edit first and indexes it next), a rebuild keeps
    the search bundles of the output instead of indexing changed records again; the result says
    `search_pending`, and the next build indexes them. With `process_ends` (the `nrr build` program,
    which ends with the build: cli.process_end), what was read is left for the process's end to
    reclaim instead of being freed object by object when the build returns.

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
    store = saved = None
    memo = state.memo if state is not None else None
    if state is not None:
        state.last = None  # until this build is swapped in
    if cache is not False:
        store = BuildCache(default_cache_dir(target) if cache is True else Path(cache).resolve(), target, MARKER)
        store.check_inputs(paths)
    with collector_paused():
        if memo is None and store is not None:
            memo = store.read_memo()  # what earlier builds read and checked, kept in the cache folder
            saved = memo
        catalogue = collect(paths, today=today, skip_invalid=skip_invalid, include_kept=config.include_kept, memo=memo)
    with unfrozen_at_end():  # what was read, frozen when reading ended (collector_paused)
        lap("read and validate")

        def save_memo() -> None:  # done while Pagefind indexes, the one step a rebuild then waits for
            if saved is not None and saved.changed and store is not None:
                store.save_read_memo(saved)
                lap("what was read kept in the cache")

        say(f"{len(catalogue)} public record(s); {catalogue.withheld} withheld")
        target.parent.mkdir(parents=True, exist_ok=True)
        clean_stale(target)
        clean_stale_temp()
        key = build_key(config, search) if store is not None else ""
        dumps = memo.dumps() if memo is not None else {}
        reused = store.work_tree(key) if store is not None else None
        live = store.live_manifest(key) if store is not None and reused is not None and reused[0] == store.spare else None
        staging = target.parent / f".{target.name}.build-{os.getpid()}"
        if reused is not None:
            tree, base = reused
            site = store.scratch() if store is not None else tree
            lap("copy to update")
        else:
            shutil.rmtree(staging, ignore_errors=True)
            tree = site = staging
            base = None
        # The catalogue lives until the end of the build: kept out of the garbage collector's reach, a
        # full collection looks only at what was made since (it walked every record, and at 100,000
        # records took more time than the work it interrupted), and forked renderers share its memory
        # instead of copying each object the collector would touch.
        freeze()
        try:
            with tempfile.TemporaryDirectory(prefix=temp_prefix("search")) as work:
                plan = Plan(
                    tree,
                    base,
                    key,
                    store.trash if store is not None else None,
                    dumps,
                    live,
                    target,
                    store.folder if store else None,
                    search_later,
                    state=state,
                )
                result, pending = _build_into(
                    catalogue, site, plan, config, today, Path(work) if search else None, lap, say, save_memo
                )
                if pending:
                    # A catalogue of many shards is large: its records are let go before Pagefind
                    # starts, so the two never hold memory at the same time (at 100,000 records, the
                    # records take about 2 GB, and each Pagefind about 1 GB).
                    del catalogue
                    release_memory()
                    _run_search(pending)
                    lap("search index (Pagefind)")
                elif process_ends:
                    LEFT_FOR_EXIT.extend((catalogue, memo))
            if site != tree:
                sync_tree(site, tree)
                if store is not None:
                    discard(site, store.trash)  # what was not moved (a few hundred folders), deleted after the build
                else:
                    shutil.rmtree(site, ignore_errors=True)
                lap("pages moved into the copy")
            result.timings = timings
            (tree / MARKER).unlink(missing_ok=True)  # a new file, never rewritten: the copies may share it
            write_page(tree / MARKER, json.dumps({"generator": f"nrr-spec {__version__}", "records": result.records}) + "\n")
            if store is not None and store.usable():
                store.save(tree, plan.manifest)
            if reused is not None:
                exchange_keep(tree, target)
            elif store is not None:
                exchange_keep(staging, target)
                discard(staging, store.trash)  # the previous site, deleted after the build
            else:
                swap_in(staging, target)
            if store is not None:
                store.prune()
                empty_trash(store.folder)
            if state is not None:
                state.last = plan.last
            lap("swap")
        except BaseException:
            if reused is None:
                shutil.rmtree(staging, ignore_errors=True)
            elif site != tree:
                shutil.rmtree(site, ignore_errors=True)
            raise
    result.out = target
    return result


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
    catalogue: Catalogue,
    site: Path,
    plan: Plan,
    config: SiteConfig,
    today: dt.date,
    search_work: Path | None,
    lap: Callable[[str], None],
    say: Callable[[str], None],
    meanwhile: Callable[[], None],
) -> tuple[BuildResult, list[Shard]]:
    """Write the site: record pages and search bundles into `plan.tree` (only those that changed
    since `plan.base`), the rest into `site`; run `meanwhile` once the pages are written, before
    waiting for the search index. Return what it holds and the search shards still to index (none
    if done)."""
    tree, base = plan.tree, plan.base
    contents = entry_digests(catalogue.entries, plan.key, plan.dumps) if plan.key else {}
    groups = plan_shards(catalogue.entries) if search_work is not None and catalogue.entries else []
    plan.manifest = Manifest(plan.key, {}, shard_digests(groups, contents) if contents else [])
    todo: set[int] | None = None
    if base is not None:
        todo = link_bundles_from_output(plan, bundles_to_index(tree, base.shards, plan.manifest.shards, plan.trash_folder))
    shards = write_shards(groups, tree, search_work, only=todo) if groups and search_work is not None else []
    lap("search input")
    job = None
    try:
        if shards and base is not None:
            # A rebuild indexes the shards that changed while it writes the rest: Pagefind starts
            # first, as the longest step (mkdocs writes elsewhere: into the scratch folder).
            job = SearchJob(shards, parallel=SEARCH_LANES)
        frames, digests, pieces, changed = _narrative(catalogue, site, plan, contents, config, today, lap)
        if shards and job is None and len(catalogue) <= LARGE_FROM:
            # Pagefind indexes in its own process while this one writes the site: its work is
            # mostly one thread and the file system, so the two share two cores well (at 10,000
            # records, 12.9 s in all against 14.5 s with Pagefind started after the record pages).
            # (Not before mkdocs, which empties the folder it writes, here the site's own.)
            job = SearchJob(shards, parallel=1)
        kept_browse = plan.state.browse if plan.state is not None else None
        sizes = _write_rest(
            catalogue, site, config, frames, today, len(groups), lap, Pieces(pieces, digests, plan.dumps), kept_browse
        )
        write_record_pages(changed, RecordRenderer(config, frames), tree)
        lap("record pages")
        pieces.save()
        say(f"wrote {len(changed)} of {len(catalogue)} record page(s)")
        meanwhile()
        if job is not None:
            job.wait()
            lap("search index (Pagefind, waited for)")
    finally:
        if job is not None:
            job.cancel()
    versions = sum(len(entry.versions) for entry in catalogue.entries)
    result = BuildResult(
        site,
        len(catalogue),
        catalogue.withheld,
        versions,
        catalogue.warnings,
        list(catalogue.skipped),
        len(changed),
        len(shards),
        plan.search_pending,
        sizes=sizes,
    )
    return result, [] if job is not None else shards


def _shell(frames: dict[str, Frame]) -> str:
    """What every page's frame holds, as one text: part of each record page's digest."""
    return "".join(frames[name].render("\x00t", "\x00b", "\x00h") for name in sorted(frames))


def _narrative(
    catalogue: Catalogue,
    site: Path,
    plan: Plan,
    contents: dict[str, str],
    config: SiteConfig,
    today: dt.date,
    lap: Callable[[str], None],
) -> tuple[dict[str, Frame], dict[str, str], Fragments, list[Entry]]:
    """The narrative pages (mkdocs) into `site`, and from their frames: the digest of each record's
    page (and of each context row, which session pages show), the pieces earlier builds made, and
    the entries whose pages are to be written."""
    front = {**front_page_context(catalogue), "config": config.for_markdown(), "schema_version": CURRENT_VERSION}
    listed = site_pages.SITE_PAGES
    # The parts that show the catalogue are cut out before mkdocs and filled in after: mkdocs runs
    # again only when the rest of a page changed, never because a record was added.
    pages, live = live_parts.cut({page.docs: page.render_markdown(front) for page in listed if not page.generated})

    def run_mkdocs(markdown: dict[str, str]) -> dict[str, Frame]:
        with tempfile.TemporaryDirectory(prefix=temp_prefix("mkdocs")) as work:
            return build_narrative(config, markdown, navigation(listed), placeholders(listed), Path(work), site)

    frames = narrative(plan.cache, plan.key, pages, site, run_mkdocs)
    live_parts.fill(site, live)
    lap("narrative pages (mkdocs)")

    digests: dict[str, str] = {}
    context: dict[str, str] = {}
    pieces = Fragments()
    if plan.key:
        shell = _shell(frames)
        digests = page_digests(contents, shell)
        context = page_digests(entry_digests(catalogue.context, plan.key, plan.dumps), shell)
        if plan.cache is not None:
            pieces = Fragments(plan.cache / "fragments", plan.key + shell, plan.state.written if plan.state else None)
            (plan.cache / "fragments.pickle").unlink(missing_ok=True)  # the single file earlier versions wrote
        rows_from(pieces, catalogue.entries, digests)
        if plan.state is not None:
            plan.last = LastBuild(catalogue, frames, plan.key, shell, today)
    plan.manifest.records = digests
    base = plan.base
    if base is None:
        return frames, digests | context, pieces, catalogue.entries
    changed = [e for e in catalogue.entries if base.records.get(e.id) != digests[e.id]]
    remove_records(
        plan.tree,
        [i for i in base.records if i not in catalogue.by_id],
        changed,
        plan.trash_folder,
    )
    changed = link_pages_from_output(plan, digests, changed)
    lap("changes found")
    return frames, digests | context, pieces, changed


def _write_rest(
    catalogue: Catalogue,
    site: Path,
    config: SiteConfig,
    frames: dict[str, Frame],
    today: dt.date,
    shards: int,
    lap: Callable[[str], None],
    pieces: Pieces,
    browse: dict[str, str] | None,
) -> dict[str, int]:
    """The narrative pages' sitemap entries, the generated pages, facet index, feed, dumps and sitemap."""
    job = PageJob(catalogue, site, config, frames, pieces, browse)
    urls: list[SitemapEntry] = []
    for page in site_pages.SITE_PAGES:
        written = page.write(job, page) if page.write is not None else [(page.path, None)]
        urls += written if page.sitemap else []
    sizes = write_index(catalogue, site / "search", search_bundles=shard_paths(shards)[1:] if shards else [])
    lap("browse pages, dashboards, facet index")

    write_page(site / "feed.xml", atom_feed(catalogue, config, today))
    write_dumps(catalogue, config, site, pieces.fragments, pieces.digests, pieces.dumped)
    # A sitemap needs absolute addresses; without a base URL it is written empty (the theme's
    # script still asks for it, and a missing file would be an error in every reader's console).
    if config.site_url:
        urls += [(site_urls.record_path(e.id), e.date) for e in catalogue.entries]
    write_page(site / "sitemap.xml", sitemap(urls if config.site_url else [], config.site_url or ""))
    lap("feed, sitemap, dumps")
    return sizes
