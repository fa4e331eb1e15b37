"""The MCP server sweeps the index on a thread of its own: a request that comes when a sweep is due
answers from the index as it stands, and the sweep lands beside it (tried with the official client)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import pytest
from mcp import Client
from test_knowledge_sweep import _edit_oldest_in_place, records  # noqa: F401 - `records` is a fixture

from nrr_spec.knowledge.background_sweep import BackgroundSweep
from nrr_spec.knowledge.index import index_path, open_index
from nrr_spec.knowledge.index_sync import SWEEP_SECONDS
from nrr_spec.mcp.server import build_server

WAIT = 60  # seconds to wait for the other thread before the test fails (never a timing assertion)


def _make_sweep_due(folder: Path) -> None:
    late = time.time_ns() - int((SWEEP_SECONDS + 1) * 1e9)
    os.utime(index_path(folder).parent / "swept", ns=(late, late))


def _held_outcome(folder: Path, ref: str) -> str:
    """What the index holds for `ref`, read without bringing it up to date."""
    with open_index(folder) as index:
        return str(index.conn.execute("SELECT outcome FROM items WHERE ref = ?", (ref,)).fetchone()[0])


class HeldSweep:
    """Holds every background sweep at its start until released, and says when one has finished."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.started, self.release, self.finished = threading.Event(), threading.Event(), threading.Event()
        real = BackgroundSweep.sweep

        def held(sweeper: BackgroundSweep) -> Any:
            self.started.set()
            self.release.wait(WAIT)
            try:
                return real(sweeper)
            finally:
                self.finished.set()

        monkeypatch.setattr(BackgroundSweep, "sweep", held)


async def _requests_during_a_sweep(folder: Path, sweep: HeldSweep) -> dict[str, Any]:
    out: dict[str, Any] = {}
    async with Client(build_server(folder)) as client:
        out["sweep started"] = await anyio.to_thread.run_sync(sweep.started.wait, WAIT)
        with anyio.fail_after(WAIT):
            advice = await client.call_tool("check_proposal", {"description": "depth 4"})
            recorded = await client.call_tool("record_experiment", {"description": "depth 12", "outcome": "keep"})
        out["advice"], out["recorded"] = advice.structured_content, recorded.structured_content
        out["during"] = _held_outcome(folder, "s1-001")
        out["sweep finished early"] = sweep.finished.is_set()
        sweep.release.set()
        out["sweep finished"] = await anyio.to_thread.run_sync(sweep.finished.wait, WAIT)
        out["after"] = _held_outcome(folder, "s1-001")
    return out


def test_a_due_sweep_runs_beside_the_requests_never_on_their_path(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: F811 - the fixture
    sweep = HeldSweep(monkeypatch)
    _edit_oldest_in_place(records)  # only a sweep sees it
    _make_sweep_due(records)
    out = anyio.run(_requests_during_a_sweep, records, sweep)
    assert out["sweep started"] and not out["sweep finished early"]
    assert out["advice"]["verdict"] in {"proceed", "caution", "avoid"}
    assert Path(out["recorded"]["path"]).is_file()  # a write is indexed at once, sweep or no sweep
    assert out["during"] == "discard"  # the requests answered from the index as it stood: neither swept
    assert out["sweep finished"] and out["after"] == "keeper!"  # the background sweep saw the edit


def test_requests_without_sweep_if_due_leave_a_due_sweep_alone(records: Path) -> None:  # noqa: F811 - the fixture
    _edit_oldest_in_place(records)
    _make_sweep_due(records)
    with open_index(records) as index:
        report = index.refresh(sweep_if_due=False)
    assert not report.swept and _held_outcome(records, "s1-001") == "discard"
    with open_index(records) as index:
        assert index.refresh().swept
    assert _held_outcome(records, "s1-001") == "keeper!"


def test_an_empty_index_is_built_on_the_request_even_without_sweep_if_due(tmp_path: Path, records: Path) -> None:  # noqa: F811 - the fixture
    index_path(records).unlink()
    with open_index(records) as index:
        report = index.refresh(sweep_if_due=False)
    assert report.swept and report.files == 10


def test_the_thread_sweeps_when_due_then_waits_for_the_interval(records: Path) -> None:  # noqa: F811 - the fixture
    _edit_oldest_in_place(records)
    _make_sweep_due(records)
    with BackgroundSweep(records, interval=SWEEP_SECONDS) as sweeper:
        deadline = time.monotonic() + WAIT
        while sweeper.sweeps == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert sweeper.sweeps == 1
        assert sweeper.due_in() > SWEEP_SECONDS / 2  # the next one is about an interval away
    assert _held_outcome(records, "s1-001") == "keeper!"
    with pytest.raises(ValueError, match="every check"):
        BackgroundSweep(records, interval=0)


def test_a_missing_records_folder_is_not_created_by_the_thread(tmp_path: Path) -> None:
    missing = tmp_path / "none"
    assert BackgroundSweep(missing, interval=SWEEP_SECONDS).sweep() is None
    assert not missing.exists()
