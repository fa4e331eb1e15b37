"""The records of one session already in the records folder, found through the index and read whole.

The index names which files hold a session's records with a given outcome; the values a record
carries (its metric's value, its commit) are read from the file itself, so that nothing the index
does not store has to be guessed from what it does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..io import read_file
from .index import Index


@dataclass(frozen=True)
class Earlier:
    """One record of the session as it stands in its file."""

    path: Path
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return str(self.data.get("id") or self.path.name)

    @property
    def experiment(self) -> dict[str, Any]:
        section = self.data.get("experiment")
        return section if isinstance(section, dict) else {}


def session_records(index: Index, session: str, outcomes: Iterable[str]) -> Iterator[Earlier]:
    """The session's records with one of `outcomes`, in the order they ran (sequence, then the
    order they were indexed); none when the index cannot be read."""
    try:
        rows = index.session_files(session, sorted(set(outcomes)))
    except sqlite3.Error:
        return
    documents: dict[str, list[dict[str, Any]]] = {}
    for name, ref in rows:
        if name not in documents:
            documents[name] = _documents(index.records / name)
        for data in documents[name]:
            experiment = data.get("experiment")
            # A JSON Lines file holds several records: the index names the one it means by its id.
            if str(data.get("id") or name) == ref and isinstance(experiment, dict) and experiment.get("session") == session:
                yield Earlier(index.records / name, data)
                break


def _documents(path: Path) -> list[dict[str, Any]]:
    documents, _ = read_file(path)  # a file that cannot be read now has nothing to say
    return [d.data for d in documents if isinstance(d.data, dict)]
