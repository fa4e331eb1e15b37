"""The group counts kept up to date record by record equal those a full rebuild sums from the folder.

Records are written through `record_experiment`, and between them files are added, edited and
deleted by hand; the index is refreshed after each step, as the next check would. Then the groups,
the item weights, the number of items and the visible parameters are compared with those of
`nrr index --rebuild` on the same folder: counts exactly, weighted sums to rounding.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from records import smallest_record
from test_knowledge_index import change

from nrr_spec.io import atomic_write
from nrr_spec.knowledge import index_stats
from nrr_spec.knowledge.api import record_experiment
from nrr_spec.knowledge.index import Index, open_index

SESSIONS = ["alpha", "beta", "gamma", None]
PARAMETERS = ["depth", "matrix_lr", "weight_decay"]
DIRECTIONS = ["increase", "decrease", "set"]

changes_strategy = st.lists(
    st.tuples(st.sampled_from(PARAMETERS), st.sampled_from(DIRECTIONS), st.integers(1, 9)), min_size=0, max_size=2
)
spec = st.fixed_dictionaries(
    {
        "session": st.sampled_from(SESSIONS),
        "sequence": st.integers(1, 5),  # ties in a session are common in hand-written records
        "outcome": st.sampled_from(["keep", "discard", "crash", "baseline"]),
        "failure_class": st.sampled_from([None, "crash_infra", "regression"]),
        "category": st.sampled_from(["architecture", "optimizer"]),
        "changes": changes_strategy,
        "disclosure": st.sampled_from(["public", "public", "restricted", "embargoed"]),
        "embargo_days": st.sampled_from([-30, 0, 30]),  # ended, ends today, not yet
    }
)
step = st.one_of(
    st.tuples(st.just("record"), spec),
    st.tuples(st.just("add"), st.lists(spec, min_size=1, max_size=3)),
    st.tuples(st.just("edit"), st.integers(0, 10**6), st.lists(spec, min_size=1, max_size=3)),
    st.tuples(st.just("delete"), st.integers(0, 10**6)),
)


def _record(rid: str, s: dict[str, Any]) -> dict[str, Any]:
    experiment: dict[str, Any] = {
        "outcome": s["outcome"],
        "change_category": s["category"],
        "changes": [change(p, d, v) for p, d, v in s["changes"]],
        "description": " ".join(f"{d} {p} to {v}" for p, d, v in s["changes"]) or "a change",
        "sequence": s["sequence"],
    }
    if s["session"] is not None:
        experiment["session"] = s["session"]
    if s["failure_class"]:
        experiment["failure_class"] = s["failure_class"]
    return smallest_record(
        rid,
        experiment["description"],
        experiment=experiment,
        dual_use=_dual_use(s),
        provenance={"source": {"file": "log.tsv", "row": s["sequence"]}},
    )


def _dual_use(s: dict[str, Any]) -> dict[str, Any]:
    if s["disclosure"] != "embargoed":
        return {"disclosure": s["disclosure"]}
    until = dt.date.today() + dt.timedelta(days=s.get("embargo_days", 0))
    return {"disclosure": "embargoed", "embargo_until": until.isoformat()}


def _write(folder: Path, name: str, specs: list[dict[str, Any]]) -> None:
    """One record a `.json` file, several a JSON Lines file."""
    stem = name.rsplit(".", 1)[0]
    records = [_record(f"{stem}-{i}", s) for i, s in enumerate(specs)]
    text = json.dumps(records[0]) if name.endswith(".json") else "\n".join(map(json.dumps, records)) + "\n"
    atomic_write(folder / name, text)


def _hand_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("hand-*"))


def _snapshot(idx: Index) -> dict[str, Any]:
    conn = idx.conn
    groups = {(row[0], row[1]): [x or 0 for x in row[2:]] for row in conn.execute("SELECT * FROM groups")}
    return {
        "groups": groups,
        "weights": conn.execute("SELECT path, w_all, w_group FROM items WHERE decided ORDER BY path, id").fetchall(),
        "items": conn.execute("SELECT n FROM totals WHERE name = 'items'").fetchone()[0],
        "visible": sorted(conn.execute("SELECT * FROM visible_parameters")),
    }


def _close(a: object, b: object) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]
    return a == b


def _assert_same(kept: dict[str, Any], rebuilt: dict[str, Any]) -> None:
    assert kept["items"] == rebuilt["items"]
    assert kept["visible"] == rebuilt["visible"]
    assert kept["groups"].keys() == rebuilt["groups"].keys()
    for key, numbers in rebuilt["groups"].items():
        assert all(_close(a, b) for a, b in zip(kept["groups"][key], numbers, strict=True)), (key, kept["groups"][key], numbers)
    assert len(kept["weights"]) == len(rebuilt["weights"])
    for a, b in zip(kept["weights"], rebuilt["weights"], strict=True):
        assert a[0] == b[0] and _close(a[1], b[1]) and _close(a[2], b[2]), (a, b)


def _run(folder: Path, start: list[dict[str, Any]], steps: list[tuple[Any, ...]]) -> None:
    _write(folder, "hand-start.jsonl", start)
    for i, s in enumerate(start[:4]):
        _write(folder, f"hand-first-{i}.json", [s])
    with open_index(folder) as idx:
        idx.refresh()
    for n, (kind, *args) in enumerate(steps):
        if kind == "record":
            (s,) = args
            given = [{"parameter": p, "direction": d, "to": str(v)} for p, d, v in s["changes"]]
            record_experiment(
                "a change", s["outcome"], records_dir=folder, session=s["session"], changes=given or None
            )  # its own refresh is the incremental update under test
            continue
        files = _hand_files(folder)
        if kind == "add":
            _write(folder, f"hand-{n}.jsonl" if len(args[0]) > 1 else f"hand-{n}.json", args[0])
        elif kind == "edit" and files:
            target = files[args[0] % len(files)]
            _write(folder, target.name, args[1] if target.suffix == ".jsonl" else args[1][:1])
        elif kind == "delete" and files:
            files[args[0] % len(files)].unlink()
        with open_index(folder) as idx:
            idx.refresh()
    with open_index(folder) as idx:
        idx.refresh(sweep=True)
        kept = _snapshot(idx)
        assert idx.decided() == idx.size()[1]  # the group counts' total, read where checks read it
        idx.refresh(rebuild=True)  # what `nrr index --rebuild` does
        rebuilt = _snapshot(idx)
    _assert_same(kept, rebuilt)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(start=st.lists(spec, min_size=6, max_size=12), steps=st.lists(step, min_size=1, max_size=8))
def test_groups_kept_record_by_record_equal_a_rebuild(start: list[dict[str, Any]], steps: list[tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        # Every update goes the incremental way here, however much of the folder it touches.
        patch.setattr(index_stats, "FULL_SHARE", math.inf)
        folder = Path(tmp) / "records"
        folder.mkdir()
        _run(folder, start, steps)


def test_a_recorded_experiment_updates_only_its_groups(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    for i in range(40):
        s = {
            "session": SESSIONS[i % 3],
            "sequence": i,
            "outcome": "keep" if i % 4 == 0 else "discard",
            "failure_class": None,
            "category": "architecture",
            "changes": [("depth", "increase", i)],
            "disclosure": "public",
        }
        _write(folder, f"hand-{i}.json", [s])
    with open_index(folder) as idx:
        idx.refresh()
    summed: list[int] = []
    monkeypatch.setattr(index_stats, "regroup", lambda conn: summed.append(1))
    written = record_experiment("increase matrix_lr to 0.05", "discard", records_dir=folder, session="alpha")
    assert summed == []  # not summed again from every item
    with open_index(folder) as idx:
        table = idx.table()
        assert idx.size() == (41, 41) and idx.decided() == 41
        assert table.groups[("change", "matrix_lr|increase")].tried == 1
        assert written["record"]["experiment"]["changes"][0]["parameter"] == "matrix_lr"


@pytest.mark.parametrize("ends", [0, 30])
def test_visible_parameters_are_counted_again_only_when_an_embargo_ended(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, ends: int
) -> None:
    monkeypatch.setattr(index_stats, "FULL_SHARE", math.inf)  # a folder this small would be summed whole
    folder = tmp_path / "records"
    folder.mkdir()
    public = {"session": "alpha", "sequence": 1, "outcome": "keep", "failure_class": None, "category": "optimizer"}
    _write(folder, "hand-0.json", [{**public, "changes": [("depth", "set", 1)], "disclosure": "public"}])
    hidden = {**public, "sequence": 2, "changes": [("matrix_lr", "set", 1)], "disclosure": "embargoed", "embargo_days": ends}
    _write(folder, "hand-1.json", [hidden])
    with open_index(folder) as idx:
        idx.refresh()
        # As if the counts were taken three days ago, before the embargo ending today (ends == 0) ended;
        # emptied, so that counts carried over show as such.
        idx.conn.execute("DELETE FROM visible_parameters")
        idx.conn.execute("UPDATE totals SET n = n - 3 WHERE name = 'visible_day'")
    record_experiment("increase depth to 2", "discard", records_dir=folder, session="alpha")
    with open_index(folder) as idx:
        held = idx.held_parameters()
        if ends == 0:  # counted again from every item
            assert held == {"depth": (2, 1), "matrix_lr": (1, 1)}
        else:  # no embargo ended in between: the new record's counts are added to those held
            assert held == {"depth": (1, 0)}
        day = idx.conn.execute("SELECT n FROM totals WHERE name = 'visible_day'").fetchone()[0]
        assert day == dt.date.today().toordinal()
