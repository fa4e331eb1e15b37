"""Processes a run of nrr starts or leaves traces of.

Folders named after the process that writes them (a conversion's staging folder, a build's
working folders) are removed by a later run only once that process is gone; workers and indexers
a build starts die with it, so a killed build leaves nothing writing into its folders.
"""

from __future__ import annotations

import contextlib
import os
import signal


def alive(pid: int) -> bool:
    """Whether process `pid` may still be running: True where that cannot be told (not POSIX) or the
    process belongs to another user, so a folder named after it is left alone."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # os.kill(pid, 0) would end the process on Windows, not test it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def die_with_parent(parent: int | None = None) -> None:
    """In a child process: be killed when the process that started it dies (Linux; elsewhere nothing).

    `parent` is the starting process's id, read before the fork: a parent killed between the fork and
    this call sends no signal, so a child whose parent has changed already ends here."""
    import ctypes  # only the processes a build starts pay for it

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if parent is not None and os.getppid() != parent:
        os._exit(1)
