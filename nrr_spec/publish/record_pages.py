"""Every record page and the files beside it, rendered on one process per core."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..processes import die_with_parent
from ..urls import RECORDS
from .collect import Entry
from .pages import RecordRenderer

# Set just before the worker processes fork, so they inherit it instead of receiving it pickled.
_JOB: tuple[Sequence[Entry], RecordRenderer, Path] | None = None


def _put(path: str, text: str) -> None:
    """Write a new file in a folder that exists: the fewest system calls, as a build writes hundreds of thousands."""
    data = text.encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def _render_range(bounds: tuple[int, int]) -> int:
    assert _JOB is not None
    entries, renderer, site = _JOB
    versions = 0
    records = os.path.join(site, RECORDS)
    for entry in entries[bounds[0] : bounds[1]]:
        folder = os.path.join(records, entry.id)
        latest = os.path.join(folder, f"v{entry.record.version}")
        os.makedirs(latest, exist_ok=True)
        rendered = renderer.render(entry)
        _put(os.path.join(folder, "index.html"), rendered.html)
        for name, text in rendered.files.items():
            _put(os.path.join(folder, name), text)
        for number, old in entry.versions.items():
            # An earlier version is published as the latest is: its page, and beside it the record
            # as it was then, which that page's "Record (JSON)" link names.
            earlier = os.path.join(folder, f"v{number}")
            os.makedirs(earlier, exist_ok=True)
            page = renderer.render(entry, old)
            _put(os.path.join(earlier, "index.html"), page.html)
            for name, text in page.files.items():
                _put(os.path.join(earlier, name), text)
            versions += 1
        _put(os.path.join(latest, "index.html"), renderer.alias(entry.record))
    return versions


def _take_ranges(counter: Any, n: int, step: int) -> int:
    """Render ranges of `step` records, taking the next one from the shared counter, until none is left."""
    versions = 0
    while True:
        with counter.get_lock():
            start = counter.value
            counter.value = start + step
        if start >= n:
            return versions
        versions += _render_range((start, min(start + step, n)))


def _renderer_process(counter: Any, n: int, step: int, result: Any, parent: int) -> None:
    die_with_parent(parent)
    result.value = _take_ranges(counter, n, step)


def write_record_pages(entries: Sequence[Entry], renderer: RecordRenderer, site: Path) -> int:
    """The page and downloads of each of `entries`; on one process per core where the platform can fork.

    The build's own process renders too, beside one forked renderer per other core, taking ranges
    of records from a shared counter: a forked process copies each page of the catalogue's memory
    that it reads (reading an object changes its reference count), so fewer forks, less memory.
    """
    global _JOB
    n = len(entries)
    workers = min(os.cpu_count() or 1, max(1, n // 500))
    _JOB = (entries, renderer, site)
    try:
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return _render_range((0, n))
        context = multiprocessing.get_context("fork")
        counter = context.Value("q", 0)
        step = 100
        results = [context.Value("q", 0, lock=False) for _ in range(workers - 1)]
        processes = [
            context.Process(target=_renderer_process, args=(counter, n, step, result, os.getpid()), daemon=True)
            for result in results
        ]
        for process in processes:
            process.start()
        try:
            versions = _take_ranges(counter, n, step)
            for process in processes:
                process.join()
        finally:
            for process in processes:
                if process.is_alive():
                    process.kill()
                    process.join()
        failed = [p.exitcode for p in processes if p.exitcode != 0]
        if failed:
            raise RuntimeError(f"a page renderer failed (exit code {failed[0]}); its error is shown above")
        return versions + sum(result.value for result in results)
    finally:
        _JOB = None
