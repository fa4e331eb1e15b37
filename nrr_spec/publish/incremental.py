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
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .. import resources
from .config import SiteConfig
from .read_memo import ReadMemo, checker_key, feed_versions, record_json

# Records and search bundles are updated one by one; everything else is synced from a scratch folder.
OWNED = ("records", "pagefind")
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
FORMAT = 1


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


# Field names of each dataclass fed to a digest, with what is fed before each ("D<name>(", "<field>="):
# dataclasses.fields() is looked up once per class, not once per record (10,000 times a build).
_DATACLASS_PARTS: dict[type, tuple[bytes, tuple[tuple[str, bytes], ...]]] = {}


def _dataclass_parts(kind: type) -> tuple[bytes, tuple[tuple[str, bytes], ...]] | None:
    parts = _DATACLASS_PARTS.get(kind)
    if parts is None and dataclasses.is_dataclass(kind):
        names = tuple((f.name, f.name.encode() + b"=") for f in dataclasses.fields(kind))
        parts = _DATACLASS_PARTS[kind] = (b"D" + kind.__name__.encode() + b"(", names)
    return parts


def _feed(digest: Any, value: Any, dumped: dict[int, bytes]) -> None:
    """Everything `value` holds, unambiguously; records as their JSON (each dumped once per build)."""
    if isinstance(value, BaseModel):
        text = dumped.get(id(value))
        if text is None:
            text = dumped[id(value)] = record_json(value)
        digest.update(b"M%d:" % len(text) + text)
    elif (parts := _dataclass_parts(type(value))) is not None:
        digest.update(parts[0])
        for name, prefix in parts[1]:
            digest.update(prefix)
            _feed(digest, getattr(value, name), dumped)
        digest.update(b")")
    elif isinstance(value, (list, tuple)) and not value:
        digest.update(b"L0[]")
    elif isinstance(value, dict) and not value:
        digest.update(b"M0{}")
    elif isinstance(value, (list, tuple)):
        digest.update(b"L%d[" % len(value))
        for item in value:
            _feed(digest, item, dumped)
        digest.update(b"]")
    elif isinstance(value, dict):
        digest.update(b"M%d{" % len(value))
        for k in sorted(value, key=repr):
            _feed(digest, k, dumped)
            _feed(digest, value[k], dumped)
        digest.update(b"}")
    elif value is None or isinstance(value, (str, int, float, bool, dt.date)):
        text = repr(value).encode()
        digest.update(b"S%d:" % len(text) + text)
    else:  # an unknown kind of value: its repr, which for plain objects differs each build (so: rebuilt)
        text = repr(value).encode()
        digest.update(b"O%d:" % len(text) + text)


def entry_digests(entries: Iterable[Any], salt: str, dumped: dict[int, bytes] | None = None) -> dict[str, str]:
    """Record id -> digest of everything its page is made from: the entry's record, earlier versions,
    linked records and any other field the entry holds; `salt` for what all pages share. `dumped`
    holds the JSON of records already made (by id() of the record), and gains the others'."""
    dumped = {} if dumped is None else dumped
    out: dict[str, str] = {}
    salted = hashlib.blake2b(salt.encode(), digest_size=16)  # the salt (page frames: 100 KB) hashed once
    for entry in entries:
        digest = salted.copy()
        _feed(digest, entry, dumped)
        out[entry.record.id] = digest.hexdigest()
    return out


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
        that build is linked from the output, not made again (incremental.relink)."""
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


def link_copy(source: Path, target: Path) -> None:
    """A copy of the folder `source` whose files are hard links to the originals."""
    os.mkdir(target)
    for folder, dirs, files in os.walk(source):
        here = os.path.join(target, os.path.relpath(folder, source))
        for name in dirs:
            os.mkdir(os.path.join(here, name))
        for name in files:
            os.link(os.path.join(folder, name), os.path.join(here, name))


def link_bundle(source: Path, target: Path, top: bool) -> None:
    """Fill the emptied search bundle folder `target` with hard links to the files of `source` (for
    the first bundle, all but the other bundles it holds)."""
    if not top:
        link_copy(source, target)
        return
    target.mkdir(parents=True, exist_ok=True)
    for child in source.iterdir():
        if child.is_dir() and child.name.startswith("shard-"):
            continue
        if child.is_dir():
            link_copy(child, target / child.name)
        else:
            os.link(child, target / child.name)


def _same(a: str, b: str) -> bool:
    try:
        if os.path.getsize(a) != os.path.getsize(b):
            return False
        with open(a, "rb") as x, open(b, "rb") as y:
            return x.read() == y.read()
    except OSError:
        return False


def _remove(path: str) -> None:
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def sync_tree(scratch: Path, tree: Path, skip: Iterable[str] = OWNED) -> int:
    """Make `tree` hold what `scratch` holds, leaving the top-level entries in `skip` alone; files
    that differ are moved over (never rewritten in place). Returns the number of files moved."""
    skipped = set(skip)
    # First what the new build does not have, while the scratch folder still holds all of it.
    for folder, dirs, files in os.walk(tree, topdown=True):
        rel = os.path.relpath(folder, tree)
        wanted = os.path.join(scratch, rel)
        for name in [*dirs, *files]:
            if rel == "." and name in skipped:
                continue
            source = os.path.join(wanted, name)
            target = os.path.join(folder, name)
            if not os.path.lexists(source) or os.path.isdir(source) != os.path.isdir(target):
                _remove(target)
        dirs[:] = [d for d in dirs if os.path.isdir(os.path.join(folder, d)) and not (rel == "." and d in skipped)]
    moved = 0
    for folder, dirs, files in os.walk(scratch):
        rel = os.path.relpath(folder, scratch)
        if rel == ".":
            dirs[:] = [d for d in dirs if d not in skipped]
            files = [f for f in files if f not in skipped]
        here = os.path.join(tree, rel)
        if not os.path.isdir(here):
            os.mkdir(here)
        for name in files:
            source, target = os.path.join(folder, name), os.path.join(here, name)
            if not _same(source, target):
                os.replace(source, target)
                moved += 1
    return moved


def shard_digests(groups: Iterable[Iterable[Any]], digests: dict[str, str]) -> list[str]:
    """Digest per search shard: its place among all shards and the digests of its records, in order."""
    groups = list(groups)
    out = []
    for number, group in enumerate(groups):
        digest = hashlib.blake2b(f"{number}/{len(groups)}".encode(), digest_size=16)
        for entry in group:
            digest.update(digests[entry.id].encode())
        out.append(digest.hexdigest())
    return out


def clear_bundle(bundle: Path, top: bool, trash: Path) -> None:
    """Empty a search bundle folder before Pagefind writes it again (the first one holds the others);
    what was there goes to `trash`."""
    if not bundle.is_dir():
        return
    if not top:
        discard(bundle, trash)
        return
    for child in bundle.iterdir():
        if not (child.is_dir() and child.name.startswith("shard-")):
            discard(child, trash)


def discard(path: Path, trash: Path) -> None:
    """Move `path` into `trash` (same file system), to be deleted after the build: on ext4 under
    load, deleting a search shard's few thousand files took seconds, more than the rest of a rebuild."""
    if not os.path.lexists(path):
        return
    trash.mkdir(parents=True, exist_ok=True)
    os.rename(path, trash / f"{len(os.listdir(trash))}-{path.name}")


def empty_trash(folder: Path) -> None:
    """Delete the cache's trash folders in a process of its own, which may outlive the build."""
    from ..processes import alive

    own = folder / f"trash-{os.getpid()}"
    if own.is_dir():  # renamed first, so a next build in this process starts a trash of its own
        os.rename(own, folder / f"trash-{os.getpid()}-{time.time_ns()}")
    stale = []
    for path in folder.glob("trash-*"):
        owner = path.name[len("trash-") :]
        if path.is_dir() and not (owner.isdigit() and alive(int(owner))):
            stale.append(str(path))
    if not stale:
        return
    try:
        subprocess.Popen(
            [sys.executable, "-c", "import shutil, sys\nfor p in sys.argv[1:]: shutil.rmtree(p, True)", *stale],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        for name in stale:
            shutil.rmtree(name, ignore_errors=True)


def exchange_keep(tree: Path, out: Path) -> None:
    """Swap the updated copy `tree` with `out`: readers see the old site or the new one, whole; the
    old one is left at `tree`."""
    from .swap import _exchange

    if not out.exists():
        os.replace(tree, out)
        return
    if _exchange(tree, out):
        return
    aside = out.parent / f".{out.name}.old-{os.getpid()}"
    os.replace(out, aside)
    os.replace(tree, out)
    os.replace(aside, tree)


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
