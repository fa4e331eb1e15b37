"""How the `nrr` program ends: at once, when its command is done and its output is flushed.

When a Python program ends, every object it holds is freed one by one before the process goes.
A build of 10,000 records holds millions of them, and freeing them took a tenth of a rebuild. Run
as the `nrr` program (its own command line, `LazyGroup.main` with no arguments), a command may
leave what it read for the operating system to reclaim, and the program ends with `os._exit` once
its output is flushed, as mypy does. Run inside another program (tests, click's CliRunner, an
application calling `main([...])`), commands free what they hold and return as usual.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

# Whether the process ends when the command does: set by LazyGroup.main for the `nrr` program only.
ends_with_command = False


def watched() -> bool:
    """Whether a profiler, tracer or coverage tool watches this process: it writes what it saw
    when the interpreter ends normally, so the program must not end at once."""
    if sys.gettrace() is not None or sys.getprofile() is not None:
        return True
    monitoring = getattr(sys, "monitoring", None)  # Python 3.12+: coverage and profilers register here
    return monitoring is not None and any(monitoring.get_tool(tool) is not None for tool in range(6))


def hard_exit(code: object) -> NoReturn:
    """End the process with `code` (as SystemExit reads it) without freeing what it holds."""
    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # SystemExit("message"): the message goes to standard error and the status is 1
        with contextlib.suppress(OSError, ValueError):
            print(code, file=sys.stderr)
        status = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):  # a closed pipe or stream: nothing to flush into
            stream.flush()
    os._exit(status & 0xFF if status >= 0 else 1)
