"""The index sweep on a thread of its own, for a process that answers request after request.

A sweep stamps every record file (`index_sync`): about 0.85 s at 100,000 per-file records. A
short-lived `nrr check` pays it when the last sweep is older than `sweep_seconds()`; a long-lived
process (the MCP server) would pay it on whichever request comes after the interval. There a
`BackgroundSweep` sweeps on its own thread when a sweep is due, and the requests call the API with
`sweep_if_due=False`: they still stamp the folders and the watched files, so an added, removed or
recently written record is seen at once, and they answer from the index as it stands while a sweep
runs.

The thread opens its own index (a SQLite connection is used by the thread that opened it), and
writes under the same write lock as any other writer, which compares again under it: a sweep and
a request never index the same file twice.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

from .index import index_path, open_index
from .index_sync import RefreshReport, sweep_seconds
from .index_walk import stamp_of

log = logging.getLogger(__name__)


class BackgroundSweep:
    """Sweeps the index of `records` whenever the last sweep (by anyone) is `interval` seconds old.

    Use `start()` and `stop()`, or `with BackgroundSweep(folder):`.
    """

    def __init__(self, records: Path, interval: float | None = None) -> None:
        self.records = records
        self.interval = sweep_seconds() if interval is None else interval
        if self.interval <= 0:
            raise ValueError("a sweep interval of 0 sweeps on every check: the requests sweep, not a thread")
        self.sweeps = 0  # sweeps finished, for whoever waits on one
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last = 0.0  # when this thread's last sweep ended (time.time())

    def __enter__(self) -> BackgroundSweep:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="nrr-index-sweep", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the thread to end, and wait for a sweep in progress to finish (up to `timeout`)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def sweep(self) -> RefreshReport | None:
        """Sweep now, on the calling thread (None: the records folder does not exist)."""
        if not self.records.is_dir():
            return None
        with open_index(self.records) as index:
            return index.refresh(sweep=True)

    def due_in(self) -> float:
        """Seconds until the next sweep is due: `interval` after the later of the last sweep any
        process recorded and this thread's own (the record is a file, which a read-only folder
        cannot hold)."""
        marker = stamp_of(index_path(self.records).parent / "swept")
        last = max(self._last, marker.mtime_ns / 1e9 if marker else 0.0)
        return max(0.0, last + self.interval - time.time())

    def _run(self) -> None:
        while not self._stop.wait(self.due_in()):
            try:
                self.sweep()
            except Exception:  # the thread outlives any one failed sweep; the requests go on
                log.warning(
                    "the background sweep of %s failed; it is tried again after the interval", self.records, exc_info=True
                )
            self._last = time.time()
            self.sweeps += 1
