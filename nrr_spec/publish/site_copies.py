"""The copies of a site a rebuild works with: linked, synced from a scratch folder, swapped, and what
they no longer hold moved aside to be deleted after the build (incremental.py says why)."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

# Records and search bundles are updated one by one; everything else is synced from a scratch folder.
OWNED = ("records", "pagefind")


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
