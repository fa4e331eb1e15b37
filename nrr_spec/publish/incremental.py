"""Rebuilds that redo only what changed, and give the same bytes as a clean build.

The cache folder (beside the output, `.<out>.cache/`, or `--cache DIR`) keeps a second copy of
the site, one build behind, and a manifest per copy: the build key (a digest of everything every
page depends on besides the records: this package's code, the templates, the theme, the site
configuration, the versions of mkdocs, its theme, Pagefind and the libraries that render pages),
a digest per record of everything its page is made from, and a digest per search shard.

A rebuild updates that spare copy in place and swaps it with the output in one step (it becomes
the new spare): each record page whose digest changed is written again, its folder cleared first;
each search shard whose digest changed is indexed again; the pages that depend on the whole
catalogue (browse, dashboards, facet index, feed, dumps, narrative pages...) are rendered whole
into a scratch folder and moved over the copies that differ, and what the new build does not
have is removed. Nothing in the spare copy is ever changed in place, only replaced, so it may
share files with the output through hard links: that is how the first spare copy is made.

When the key changed, or no copy has a manifest that can be trusted, the build is clean.

The digests are made in page_digests.py; the copies are linked, synced and swapped by site_copies.py.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import resources
from .config import SiteConfig
from .read_memo import ReadMemo, checker_key, feed_versions
from .site_copies import discard, empty_trash, link_copy

# Libraries whose output ends up in pages: a new version may change any page.
RENDERERS = (
    "mkdocs",
    "mkdocs-material",
    "pagefind",
    "jinja2",
    "markupsafe",
    "markdown-it-py",
    "markdown",
    "pymdown-extensions",
    "pydantic",
    "pydantic-core",
    "pyyaml",
)
FORMAT = 2  # 2: record page digests built on entry digests without frames (page_digests.py)


def default_cache_dir(out: Path) -> Path:
    return out.parent / f".{out.name}.cache"


def _hash_tree(digest: Any, root: Path) -> None:
    if not root.is_dir():
        digest.update(b"\0missing\0")
        return
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode() + b"\0")
        digest.update(hashlib.blake2b(path.read_bytes(), digest_size=16).digest())


def build_key(config: SiteConfig, search: bool) -> str:
    """Digest of every input of the pages other than the records themselves."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"format {FORMAT}\0python {sys.version_info[:2]}\0search {search}\0".encode())
    package = Path(__file__).resolve().parent.parent
    for root in (package, resources.site_templates_dir(), resources.theme_dir()):
        _hash_tree(digest, root)
    feed_versions(digest, RENDERERS)
    settings = {f.name: getattr(config, f.name) for f in dataclasses.fields(config)}
    digest.update(repr(sorted((k, str(v)) for k, v in settings.items())).encode())
    logo = config.logo_path()
    if logo is not None and logo.is_file():
        digest.update(logo.read_bytes())
    return digest.hexdigest()


@dataclass
class Manifest:
    """What one copy of the site was built from."""

    key: str
    records: dict[str, str] = field(default_factory=dict)  # id -> entry digest
    shards: list[str] = field(default_factory=list)  # digest per search shard, in bundle order


def _identity(tree: Path, marker: str) -> str | None:
    """Which copy this is: its folder and its marker file (rewritten, as a new file, by every build)."""
    try:
        root = tree.stat()
        mark = (tree / marker).stat()
    except OSError:
        return None
    return f"{root.st_dev}-{root.st_ino}-{mark.st_ino}-{mark.st_mtime_ns}-{mark.st_size}"


class BuildCache:
    """The cache folder of one output folder."""

    def __init__(self, folder: Path, out: Path, marker: str) -> None:
        self.folder = folder
        self.out = out
        self.marker = marker
        self.spare = folder / "site"
        self.manifests = folder / "manifests"
        self._checker = ""

    def check_inputs(self, inputs: Iterable[str | os.PathLike[str]]) -> None:
        from .collect import BuildRefused

        for raw in inputs:
            source = Path(raw).resolve()
            if source == self.folder or self.folder in source.parents or source in self.folder.parents:
                raise BuildRefused(f"the cache folder {self.folder} overlaps the input {source}; choose another --cache")

    def usable(self) -> bool:
        """The spare copy can be swapped with the output only on the same file system."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            return self.folder.stat().st_dev == self.out.parent.stat().st_dev
        except OSError:
            return False

    def _path(self, tree: Path) -> Path | None:
        identity = _identity(tree, self.marker)
        return self.manifests / f"{identity}.json" if identity else None

    def load(self, tree: Path) -> Manifest | None:
        path = self._path(tree)
        if path is None:
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return Manifest(data["key"], dict(data["records"]), list(data["shards"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def forget(self, tree: Path) -> None:
        """Before a copy is changed: its manifest no longer says what it holds."""
        path = self._path(tree)
        if path is not None:
            path.unlink(missing_ok=True)

    def save(self, tree: Path, manifest: Manifest) -> None:
        path = self._path(tree)
        if path is None:
            return
        self.manifests.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(dataclasses.asdict(manifest)), encoding="utf-8")
        os.replace(temporary, path)

    def prune(self) -> None:
        """Keep only the manifests of the output and the spare copy."""
        keep = {p.name for p in (self._path(self.out), self._path(self.spare)) if p is not None}
        if self.manifests.is_dir():
            for path in self.manifests.iterdir():
                if path.name not in keep:
                    path.unlink(missing_ok=True)

    def work_tree(self, key: str) -> tuple[Path, Manifest] | None:
        """A copy of the site to update in place, and what it was built from; None for a clean build."""
        if not self.usable():
            return None
        spare = self.load(self.spare)
        if spare is not None and spare.key == key:
            self.forget(self.spare)
            return self.spare, spare
        live = self.load(self.out)
        if live is None or live.key != key:
            return None
        discard(self.spare, self.trash)
        link_copy(self.out, self.spare)
        return self.spare, live

    def live_manifest(self, key: str) -> Manifest | None:
        """What the output was built from, when the spare copy is a build behind it: what changed in
        that build is linked from the output, not made again (rebuild_plan.link_pages_from_output, link_bundles_from_output)."""
        live = self.load(self.out)
        return live if live is not None and live.key == key else None

    def read_memo(self) -> ReadMemo:
        """What earlier builds read and checked (empty when the cache has none, or the code changed)."""
        self._checker = checker_key()
        return ReadMemo.load(self.folder / "records", self._checker)

    def save_read_memo(self, memo: ReadMemo) -> None:
        if self.usable():
            memo.save(self.folder / "records", self._checker)
            (self.folder / "records.pickle").unlink(missing_ok=True)  # the single file earlier versions wrote

    @property
    def trash(self) -> Path:
        return self.folder / f"trash-{os.getpid()}"

    def scratch(self) -> Path:
        """A new folder for the pages rendered whole; what builds that were killed left is removed."""
        from ..processes import alive

        for stale in self.folder.glob("scratch-*"):
            pid = stale.name.rpartition("-")[2]
            if pid.isdigit() and not alive(int(pid)):
                shutil.rmtree(stale, ignore_errors=True)
        path = self.folder / f"scratch-{os.getpid()}"
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True)
        return path


def prepare_spare(out: Path, cache: str | os.PathLike[str] | bool) -> None:
    """Make the cache's spare copy of the site `out` now (hard links), if it has none: the first
    rebuild then only updates it. For `nrr serve`, while it waits for the first edit (at 10,000
    records, linking the copy took 2-4 s of that edit's rebuild)."""
    from .swap import MARKER

    if cache is False:
        return
    target = out.resolve()
    store = BuildCache(default_cache_dir(target) if cache is True else Path(cache).resolve(), target, MARKER)
    live = store.load(target)
    if live is None or not store.usable() or store.load(store.spare) is not None:
        return
    discard(store.spare, store.trash)
    link_copy(target, store.spare)
    store.save(store.spare, live)
    empty_trash(store.folder)
