"""Files written beside a records folder first, renamed into it only when all of them may be.

A conversion stages its records in a hidden folder inside the records folder (the same file
system, so a rename is atomic), named after the process that writes it; a process killed before
it finished leaves that folder behind, and the next writer removes it once that process is gone.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from pathlib import Path

from ..processes import alive

PREFIX = ".nrr-convert-"
# Staging folders, and the temporary files of `checked_write.write_new_file`: `.nrr-write-<pid>-…`.
_STAGED = re.compile(r"^\.nrr-(?:convert|write)-(\d+)-")
# What `io.atomic_write` names its temporary file (mkstemp: eight characters from [a-z0-9_]).
_ATOMIC_TMP = re.compile(r"^\..+\.(?:json|ya?ml)\.[a-z0-9_]{8}\.tmp$")
ATOMIC_TMP_AGE = 600  # seconds: older than any write in progress takes


class Staging:
    """A hidden folder of files waiting to be renamed into `folder` together."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=folder))
        self.names: list[str] = []

    def put(self, name: str, text: str) -> None:
        """Stage `text` as the file `name` (created with the user's umask, like any file they write)."""
        with (self.path / name).open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        self.names.append(name)

    def commit(self) -> tuple[int, list[str]]:
        """Rename every staged file into the folder; (files renamed, problems)."""
        done, problems = 0, []
        for name in self.names:
            try:
                os.replace(self.path / name, self.folder / name)
                done += 1
            except OSError as exc:
                problems.append(f"{self.folder / name}: cannot write: {exc.strerror or exc}")
        self.discard()
        return done, problems

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def remove_stale(folder: Path) -> list[str]:
    """Remove what killed writers left in `folder`; the names removed.

    Staged folders and temporary files carry their writer's process id and go once that process
    has gone; the temporary files of `io.atomic_write` carry none and go once they are old enough
    that no write can still be in progress.
    """
    removed: list[str] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        stale = False
        staged = _STAGED.match(entry.name)
        try:
            if staged:
                stale = not alive(int(staged.group(1)))
            elif _ATOMIC_TMP.match(entry.name) and entry.is_file(follow_symlinks=False):
                stale = now - entry.stat(follow_symlinks=False).st_mtime > ATOMIC_TMP_AGE
            if not stale:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            continue  # someone else's, or already gone: not ours to insist on
    return removed
