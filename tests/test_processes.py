"""Whether a process that named a folder is still running decides whether the folder may be removed."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from nrr_spec.processes import alive


def test_this_process_is_alive() -> None:
    assert alive(os.getpid())


@pytest.mark.skipif(os.name != "posix", reason="only POSIX can tell cheaply")
def test_a_process_that_ended_is_not_alive() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: its id names no process now
    assert not alive(child.pid)


@pytest.mark.skipif(os.name != "posix", reason="only POSIX can tell cheaply")
def test_a_process_of_another_user_counts_as_alive() -> None:
    if os.getuid() == 0:
        pytest.skip("root may signal every process")
    assert alive(1)  # init: running, and not ours to signal
