"""Checking many files on several processes.

Parsing YAML and running the rules is CPU work in Python, so large collections are split into
contiguous chunks checked by worker processes; results come back in file order and the
collection rules then run once, in the calling process, over everything.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .diagnostics import CheckedDocument, Diagnostic
from .engine import DocumentFindings, check_file

# Below this many files, starting worker processes costs more than it saves.
MIN_FILES_PER_JOB = 500

Checked = tuple[list[DocumentFindings | Diagnostic], list[CheckedDocument]]


def jobs_for(files: int, jobs: int) -> int:
    """How many processes to use: `jobs` (0 = one per CPU), fewer when there are few files."""
    wanted = jobs if jobs > 0 else (os.cpu_count() or 1)
    return max(1, min(wanted, files // MIN_FILES_PER_JOB))


def check_files(paths: list[Path], today: dt.date, jobs: int) -> Iterator[Checked]:
    """check_file for every path, in order; on `jobs` processes when that pays."""
    workers = jobs_for(len(paths), jobs)
    if workers == 1:
        for path in paths:
            yield check_file(path, today)
        return
    size = max(1, -(-len(paths) // (workers * 4)))  # a few chunks per worker evens out slow files
    chunks = [paths[i : i + size] for i in range(0, len(paths), size)]
    # spawn, not fork: the parent may hold threads (and native validators) that fork would copy mid-state.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for results in pool.map(_check_chunk, chunks, [today] * len(chunks)):
            yield from results


def _check_chunk(paths: list[Path], today: dt.date) -> list[Checked]:
    return [check_file(path, today) for path in paths]
