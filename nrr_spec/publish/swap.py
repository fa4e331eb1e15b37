"""The output folder is replaced only by a whole new site, and only if nrr built what is there."""

from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ..processes import alive
from .collect import BuildRefused

MARKER = ".nrr-site"  # written into every built site: only such a folder may be replaced


def check_target(out: Path, inputs: Sequence[str | os.PathLike[str]]) -> None:
    for raw in inputs:
        source = Path(raw).resolve()
        if source == out or out in source.parents or source in out.parents:
            raise BuildRefused(f"the output folder {out} overlaps the input {source}; choose another --out")
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise BuildRefused(
            f"{out} exists and is not a catalogue built by nrr; refusing to replace it. Choose a new or empty folder for --out."
        )


def clean_stale(out: Path) -> None:
    """Remove what builds that were killed left beside the output (their process is gone)."""
    for sibling in out.parent.glob(f".{out.name}.*-*"):
        kind, _, pid = sibling.name.rpartition("-")
        if kind.endswith((".build", ".old")) and pid.isdigit() and not alive(int(pid)):
            _remove_settled(sibling)


def _remove_settled(folder: Path, tries: int = 20) -> None:
    """Remove a killed build's folder. Its page renderers die with it, but the signal reaches them a
    moment later: a page one of them writes meanwhile makes a removal fail, so it is tried again."""
    for _ in range(tries):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.05)


TEMP_KINDS = ("search", "mkdocs")  # the build's working folders in the system's temporary folder
_OLD_UNNAMED_AGE = 24 * 3600  # folders named before they carried a process id: removed once a day old


def temp_prefix(kind: str) -> str:
    """The prefix of a build's temporary folder: its process id lets a later build tell it was killed."""
    return f"nrr-{kind}-{os.getpid()}-"


def clean_stale_temp(folder: str | os.PathLike[str] | None = None) -> list[Path]:
    """Remove the temporary folders of builds that were killed (their process is gone); the removed ones."""
    root = Path(folder or tempfile.gettempdir())
    removed = []
    for kind in TEMP_KINDS:
        for path in root.glob(f"nrr-{kind}-*"):
            parts = path.name.split("-")
            pid = parts[2] if len(parts) > 3 else ""
            try:
                if not path.is_dir() or path.is_symlink():
                    continue
                stale = not alive(int(pid)) if pid.isdigit() else time.time() - path.stat().st_mtime > _OLD_UNNAMED_AGE
            except OSError:
                continue
            if stale and path.stat().st_uid == os.getuid():  # never another user's folder
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0  # type: ignore[no-any-return]


def swap_in(new: Path, out: Path) -> None:
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
