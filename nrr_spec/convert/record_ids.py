"""Record ids: what names a log, a session and a row, so that converting a log again gives the same ids.

An id is `<session>-<log tag>-<row key>`, derived from the log alone (its path, the session's name,
the row's commit hash or tracker run id, its row number), never from a counter or the clock.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from functools import lru_cache

_COMMIT = re.compile(r"^[0-9a-f]{7,40}(?:-dirty)?$")


def slug(text: str, limit: int = 48) -> str:
    """Lower-case slug of at most `limit` characters (ids stay within the 81 the standard allows, with
    the log's tag, a 12-character commit and a row number); long text keeps its head and a short hash."""
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "log"
    if len(base) > limit:
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:6]
        base = f"{base[: limit - 7].rstrip('-')}-{digest}"
    return base if len(base) >= 3 else f"session-{base}"


@lru_cache(maxsize=1024)
def session_slug(session: str) -> str:
    """The session as a record id names it: cut to leave room in the id for the rest."""
    return slug(session)


SESSION_NAME_LIMIT = 80  # as long as a session page's folder name (publish.sessions)


@lru_cache(maxsize=1024)
def session_name(session: str) -> str:
    """The session as records and its page name it: the same slug, not cut to fit an id
    (`owner__repo__branch-exp-H100-mar8__results` stays whole, where an id keeps its first 41
    characters and a hash)."""
    return slug(session, SESSION_NAME_LIMIT)


def log_identity(path: str | os.PathLike[str], anchor: str | os.PathLike[str] | None = None) -> str:
    """What names a log across conversions: its path relative to `anchor` (the records folder; the
    current folder when None), with symbolic links resolved and `/` between parts.

    The path, not the content: a log a running loop appends to stays the same log. Relative, not
    absolute: a project moved or checked out elsewhere as a whole keeps its ids.
    """
    target = os.path.realpath(os.fspath(path))
    base = os.path.realpath(os.fspath(anchor)) if anchor is not None else os.getcwd()
    try:
        relative = os.path.relpath(target, base)
    except ValueError:  # another drive on Windows: nothing relative to say
        relative = target
    return relative.replace(os.sep, "/")


def source_tag(identity: str) -> str:
    """Eight hex digits of the log's identity: two logs of one name in two folders get two tags."""
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:8]


def commit_key(commit: str | None) -> str | None:
    """The part of a commit hash that goes into a record id, or None when the cell is not a commit hash."""
    if commit and _COMMIT.match(commit.lower()):
        return commit.lower()[:12]
    return None


def run_key(run: str | None) -> str | None:
    """The part of a tracker's run id that goes into a record id (`3f2a9c01...` -> `3f2a9c01...`, at most 24 characters)."""
    if not run:
        return None
    key = re.sub(r"[^a-z0-9]+", "-", run.lower()).strip("-")[:24].strip("-")
    return key or None


def row_key(commit: str | None, run: str | None) -> str | None:
    """What names a row in its record's id: the tracker's run id where there is one, else the commit hash."""
    return run_key(run) if run else commit_key(commit)


def record_id(prefix: str, row: int, commit: str | None, seen: Counter[str], repeated: set[int] | None = None) -> str:
    """`<prefix>-<commit>` for a commit hash seen first here; `<prefix>-r<row>` otherwise.

    `prefix` is `<session>-<log tag>` (see `source_tag`). Derived from the log alone (never a
    counter or the clock), so appending rows keeps old ids. `repeated`, when given, holds the
    hashes of every commit key that may occur more than once in the log; only those are counted
    in `seen`.
    """
    return keyed_id(prefix, row, commit_key(commit), seen, repeated)


def keyed_id(prefix: str, row: int, key: str | None, seen: Counter[str], repeated: set[int] | None = None) -> str:
    """`record_id` for a row's key (`row_key`)."""
    if key is None:
        return f"{prefix}-r{row}"
    if repeated is not None and hash(key) not in repeated:
        return f"{prefix}-{key}"
    seen[key] += 1
    if seen[key] == 1:
        return f"{prefix}-{key}"
    return f"{prefix}-{key}-r{row}"
