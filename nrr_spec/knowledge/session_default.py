"""The session an experiment is recorded in when its caller names none: the project it belongs to.

`nrr convert` names a session that its log leaves unnamed after the project the log sits in
(`convert.session_names`). A recorded experiment has no log; what names its project is the git
repository its commit is in, when the caller gives it (`nrr record --repo`), else the folders the
records folder sits in: `nanochat/records/` holds nanochat's records. The repository comes first
because one records folder often collects the records of several projects, while a repository is
the code the experiment ran. Folder names that name nothing (`records`, `results`, a raw id) are
passed over, as convert passes them over, and the search never leaves the records folder's git
work tree.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..changes.git import GitError, Repository
from ..convert.session_names import MAX_FOLDERS, names_nothing

FALLBACK = "session"
"""The session of an experiment whose project nothing names."""

# Words of a records folder's usual names (`records`, `nrr-records`): they name no project either.
_RECORDS_WORDS = frozenset({"records", "record", "nrr"})


@dataclass(frozen=True)
class DefaultSession:
    """The session chosen, and what named it (None: nothing did)."""

    name: str
    after: str | None

    def note(self) -> str:
        """Which session was used, and why, for the caller to read."""
        if self.after is None:
            return (
                f"no session given, and neither a repository nor the folders around the records folder name a "
                f"project: recorded in session '{self.name}'; name the session to keep a loop's runs together"
            )
        return f"no session given: recorded in session '{self.name}', named after {self.after}"


def default_session(records: Path, repository: Path | None = None) -> DefaultSession:
    """The session named after the project: `repository`'s name, else the first folder at or above
    `records` whose name names something."""
    if repository is not None:
        name = Path(os.path.abspath(repository)).name.removesuffix(".git")
        if _names_something(name):
            return DefaultSession(name, f"{name}, the repository of the commit")
    records_folder = folder = Path(os.path.realpath(records))  # as git names the work tree's top, links resolved
    top = _work_tree(folder)
    for _ in range(MAX_FOLDERS if top is None else len(folder.parts)):
        if _names_something(folder.name):
            where = "the records folder" if folder == records_folder else "the folder the records folder is in"
            return DefaultSession(folder.name, f"{folder.name}, {where}")
        if folder == top or folder.parent == folder:
            break
        folder = folder.parent
    return DefaultSession(FALLBACK, None)


def _names_something(name: str) -> bool:
    words = [w for w in re.split(r"[^a-z0-9]+", name.lower()) if w]
    return bool(name) and not names_nothing(name) and not all(w in _RECORDS_WORDS for w in words)


def _work_tree(folder: Path) -> Path | None:
    """The top of the git work tree `folder` is in (it need not exist yet), or None."""
    existing = next((p for p in (folder, *folder.parents) if p.is_dir()), None)
    if existing is None:
        return None
    try:
        top = Repository(existing).top
    except (GitError, OSError):
        return None
    return Path(top) if top else None
