"""What a rebuild takes from the copy of the site it updates and from the output: which record pages
and search bundles to make again, and which it can link or reuse as they are (incremental.py)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from .build_state import BuildState, LastBuild
from .collect import Entry
from .facets import entry_facets, row_meta
from .fragments import Fragments
from .incremental import Manifest
from .search import shard_paths
from .site_copies import clear_bundle, discard, link_bundle, link_copy


@dataclass
class Plan:
    """Where record pages and search bundles go, and what that copy already holds (None: nothing)."""

    tree: Path
    base: Manifest | None
    key: str
    trash: Path | None = None  # where what a rebuild replaces goes, deleted after the build
    dumps: dict[int, bytes] = field(default_factory=dict)  # records' JSON already made, by id() of the record
    live: Manifest | None = None  # what the output holds, when `tree` is a build behind it
    out: Path | None = None  # the output
    cache: Path | None = None  # the cache folder
    search_later: bool = False  # keep the output's search bundles where records changed (see build_site)
    search_pending: bool = False  # some were kept: the search index lags the pages
    state: BuildState | None = None  # what the caller keeps between builds
    last: LastBuild | None = None  # what this build was made from, for the caller's state
    manifest: Manifest = field(default_factory=lambda: Manifest(""))

    @property
    def trash_folder(self) -> Path:
        """Where what this build replaces goes: the cache's trash, else one beside the copy."""
        return self.trash or self.tree.parent / f"trash-{os.getpid()}"


def link_pages_from_output(plan: Plan, digests: dict[str, str], changed: list[Entry]) -> list[Entry]:
    """Of the record pages to make again, those the output already holds as they must be (made by
    the build before, which the copy being updated missed) are linked from it; returns the others."""
    live, out = plan.live, plan.out
    if live is None or out is None:
        return changed
    records = plan.tree / "records"
    rest = []
    for entry in changed:
        folder = out / "records" / entry.id
        if live.records.get(entry.id) == digests[entry.id] and folder.is_dir():
            link_copy(folder, records / entry.id)
        else:
            rest.append(entry)
    return rest


def link_bundles_from_output(plan: Plan, todo: set[int]) -> set[int]:
    """Of the search bundles to index again, those the output already holds as they must be are
    linked from it; returns the numbers of the others."""
    live, out = plan.live, plan.out
    if live is None or out is None:
        return todo
    paths = shard_paths(len(plan.manifest.shards))
    left = set()
    # Search later: where the output has as many shards, the shards to index again keep the
    # output's bundles for now, and the manifest says so, so the next build indexes them.
    later = plan.search_later and len(live.shards) == len(plan.manifest.shards)
    for n in sorted(todo):
        bundle = out / paths[n]
        if n < len(live.shards) and bundle.is_dir() and (later or live.shards[n] == plan.manifest.shards[n]):
            link_bundle(bundle, plan.tree / paths[n], n == 0)
            if live.shards[n] != plan.manifest.shards[n]:
                plan.manifest.shards[n] = live.shards[n]
                plan.search_pending = True
        else:
            left.add(n)
    return left


def rows_from(pieces: Fragments, entries: list[Entry], digests: dict[str, str]) -> None:
    """Each entry's list row and facet values, from an earlier build where its digest is unchanged."""
    if not pieces.enabled:
        return
    for entry in entries:
        key = digests.get(entry.id, "")
        setattr(entry, "_row_meta", pieces.get("row", key, partial(row_meta, entry)))  # noqa: B010 - kept beside the fields
        setattr(entry, "_facets", pieces.get("facets", key, partial(entry_facets, entry)))  # noqa: B010


def remove_records(tree: Path, removed: list[str], changed: list[Entry], trash: Path) -> None:
    """Folders of records gone, and of records about to be written again (so no old file stays)."""
    for record_id in [*removed, *(e.id for e in changed)]:
        discard(tree / "records" / record_id, trash)


def bundles_to_index(tree: Path, before: list[str], now: list[str], trash: Path) -> set[int]:
    """Numbers of the shards to index again; their bundles, and those of shards gone, are cleared."""
    paths = shard_paths(max(len(before), len(now), 1))
    todo = {n for n, digest in enumerate(now) if n >= len(before) or before[n] != digest}
    if not now:
        discard(tree / "pagefind", trash)
        return todo
    for n in sorted(todo | set(range(len(now), len(before))), reverse=True):
        clear_bundle(tree / paths[n], n == 0, trash)
    return todo
