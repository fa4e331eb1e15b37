"""A build's memory: the garbage collector kept off what the build holds, and memory handed back.

A build holds millions of small objects (10,000 records and their typed parts) that make no
cycles. Python's cyclic collector walks all of them at each full collection: reading 10,000 records
took three times as long with it on. So reading runs with the collector paused, and what was read
is then frozen (out of the collector's reach) until the build ends.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
from collections.abc import Iterator

# What builds that end their process left unfreed (build_site's `process_ends`, cli.process_end).
LEFT_FOR_EXIT: list[object] = []


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the records are read (from their files or the cache
    folder); what was read is then frozen (`unfrozen_at_end` unfreezes it): enabled again with
    millions of new objects counted, the collector at once walked them all, half a second at 10,000."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
        gc.freeze()
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def unfrozen_at_end() -> Iterator[None]:
    """What the build froze is back in the collector's reach when it ends, however it ends."""
    try:
        yield
    finally:
        gc.unfreeze()


def freeze() -> None:
    """Take what exists now out of the collector's reach until the build ends."""
    gc.freeze()


def release_memory() -> None:
    """Hand the memory of what was just let go back to the system, not only to Python's allocator."""
    gc.unfreeze()
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)  # glibc keeps freed memory for reuse unless asked
