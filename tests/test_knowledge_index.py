"""The index and the Python API: incremental updates, bad input, corrupt and busy indexes, concurrent writers."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from records import smallest_record

from nrr_spec.knowledge import index as index_module
from nrr_spec.knowledge.api import check_proposal, patterns, record_experiment, similar
from nrr_spec.knowledge.index import index_path, open_index


def record(
    rid: str,
    description: str,
    outcome: str,
    changes: list[dict[str, Any]],
    category: str,
    session: str = "s1",
    sequence: int = 1,
    failure_class: str | None = None,
) -> dict[str, Any]:
    experiment: dict[str, Any] = {
        "outcome": outcome,
        "change_category": category,
        "changes": changes,
        "description": description,
        "session": session,
        "sequence": sequence,
    }
    if failure_class:
        experiment["failure_class"] = failure_class
    return smallest_record(rid, description, experiment=experiment, provenance={"source": {"file": "log.tsv", "row": sequence}})


def change(parameter: str, direction: str, to: object = None) -> dict[str, Any]:
    return {"parameter": parameter, "from": None, "to": to, "direction": direction}


def write(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / f"{data['id']}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture
def records(tmp_path: Path) -> Path:
    """A session: a few kept changes, warmdown increased six times without success, and distractors."""
    folder = tmp_path / "records"
    folder.mkdir()
    seq = 0

    def add(description: str, outcome: str, changes: list[dict[str, Any]], category: str) -> None:
        nonlocal seq
        seq += 1
        write(folder, record(f"s1-{seq:03d}", description, outcome, changes, category, sequence=seq))

    for i in range(12):
        add(f"depth {8 + i % 3}", "keep" if i % 2 == 0 else "discard", [change("depth", "set", 8 + i % 3)], "architecture")
    for value in (0.6, 0.7, 0.8, 0.85, 0.9, 0.95):
        add(f"warmdown {value - 0.1:.2f} to {value}", "discard", [change("warmdown_ratio", "increase", value)], "lr_schedule")
    add("warmup 0 to 0.05", "keep", [change("warmup_ratio", "increase", 0.05)], "lr_schedule")
    add("learning rate 0.04 to 0.05", "discard", [change("learning_rate", "increase", 0.05)], "learning_rate")
    add("switch to GeLU activation", "discard", [change("activation", "replace", "GeLU")], "architecture")
    return folder


def test_check_answers_from_the_records_with_groups_similar_and_a_reason(records: Path) -> None:
    advice = check_proposal("increase warmdown_ratio to 0.9", records_dir=records)
    data = json.loads(json.dumps(advice.as_dict()))  # JSON-serialisable
    assert data["verdict"] in ("caution", "avoid")
    assert data["evidence"] == 6
    # The earlier attempt at the very same change is named first, with its outcome.
    assert data["reason"].startswith("exact repeat of ") and "(discarded)" in data["reason"].split(";")[0]
    assert data["repeats"][0]["outcome"] == "discard"
    assert "; increasing warmdown_ratio: 0 of 6 improved here (95% CI " in data["reason"]
    assert [g["level"] for g in data["groups"]] == ["all", "category", "change", "similar"]
    assert data["groups"][-1]["tried"] >= 1  # the near-identical attempts (warmdown to 0.85, 0.9, 0.95)
    assert "near-identical earlier experiments improved" in data["reason"]
    assert data["similar"][0]["description"] == "warmdown 0.80 to 0.9"  # the earlier attempt at the same change
    assert 0 <= data["interval"][0] <= data["probability"] <= data["interval"][1] <= 1
    assert index_path(records).is_file()


def test_change_dicts_and_assignments_are_proposals_too(records: Path) -> None:
    by_dict = check_proposal({"parameter": "warmdown_ratio", "direction": "increase", "to": 0.9}, records_dir=records)
    assert by_dict.evidence == 6
    by_assignment = check_proposal(changes=["lr=0.05"], records_dir=records)
    assert by_assignment.proposal["changes"][0]["parameter"] == "learning_rate"


def test_same_change_ranks_first_among_near_misses(records: Path) -> None:
    found = similar("switch to GeLU activation", records_dir=records, limit=3)
    assert [f["description"] for f in found] == ["switch to GeLU activation"]
    again = similar("warmdown 0.8 to 0.85", records_dir=records, limit=3)
    assert again[0]["description"] == "warmdown 0.75 to 0.85"  # same change, though "0.8" is in another's words
    assert again[0]["score"] >= again[1]["score"] > 0
    assert similar("depth 8", records_dir=records, limit=1)[0]["changes"][0]["parameter"] == "depth"


def test_patterns_are_sorted_by_evidence_and_say_what_they_count(records: Path) -> None:
    found = patterns(records, min_tried=3)
    assert found, "the warmdown group has six attempts"
    statements = [p.statement for p in found]
    assert "increasing warmdown_ratio: 0 of 6 improved" in statements
    strength = [max(p.mass_below_base, 1 - p.mass_below_base) for p in found]
    assert strength == sorted(strength, reverse=True)
    assert all(p.tried >= 3 for p in found)


def test_empty_missing_and_unparseable_inputs_give_no_evidence_proceed(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for folder in (empty, tmp_path / "missing"):
        advice = check_proposal("increase the learning rate to 0.05", records_dir=folder)
        assert advice.verdict == "proceed"
        assert advice.reason.startswith("no evidence")
    assert "does not exist" in " ".join(check_proposal("x", records_dir=tmp_path / "missing").notes)
    (tmp_path / "file.json").write_text("{}", encoding="utf-8")
    assert "is a file" in " ".join(check_proposal("x", records_dir=tmp_path / "file.json").notes)
    nonsense = check_proposal("", records_dir=empty)
    assert nonsense.verdict == "proceed" and any("empty proposal" in n for n in nonsense.notes)


def test_unknown_parameter_and_unreadable_files_are_notes(records: Path) -> None:
    (records / "broken.json").write_text("{not json", encoding="utf-8")
    (records / "list.json").write_text("[1, 2]", encoding="utf-8")
    for _ in range(2):  # reported on every check, not only when the file is first seen
        advice = check_proposal("increase frobnication_factor to 3", records_dir=records)
        assert advice.verdict == "proceed"
        assert any("never tried here: frobnication_factor" in n for n in advice.notes)
        assert any("2 record file(s) could not be read" in n and "broken.json" in n for n in advice.notes)


def test_index_is_incremental_and_rebuild_gives_the_same(records: Path) -> None:
    with open_index(records) as idx:
        first = idx.refresh()
        assert (first.added, first.updated, first.removed) == (21, 0, 0)
        assert idx.refresh().changed is False
        target = records / "s1-001.json"
        os.utime(target, ns=(1, 1))  # new stamp, same content: hashed, not re-read
        assert idx.refresh().changed is False
        data = json.loads(target.read_text())
        data["experiment"]["outcome"] = "crash"
        target.write_text(json.dumps(data))
        assert idx.refresh().updated == 1
        (records / "s1-002.json").unlink()
        write(records, record("s2-001", "more heads", "keep", [change("heads", "increase", 8)], "architecture", "s2"))
        report = idx.refresh()
        assert (report.added, report.removed) == (1, 1)
        before = idx.table()
        assert idx.size() == (21, 21)
        idx.refresh(rebuild=True)
        after = idx.table()
    assert after.total.tried == before.total.tried == 21
    assert after.groups.keys() == before.groups.keys()


def test_hand_written_records_and_json_lines_count(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    (folder / "essay.json").write_text(
        json.dumps(
            {
                "id": "label-smoothing-fails",
                "title": "Label smoothing does not help small transformers",
                "summary": "Label smoothing of 0.1 hurt validation perplexity in every seed.",
            }
        ),
        encoding="utf-8",
    )
    lines = [
        record(f"j-{i}", f"dropout {i / 10}", "discard", [change("dropout", "increase", i / 10)], "regularization", "j", i)
        for i in range(1, 4)
    ]
    (folder / "session.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n", encoding="utf-8")
    (folder / "people.yaml").write_text(
        "id: muon-lr-sweep\ntitle: Raising the Muon learning rate\nexperiment:\n  outcome: discard\n"
        "  change_category: learning_rate\n  changes:\n    - {parameter: matrix_lr, direction: increase, to: 0.06}\n",
        encoding="utf-8",
    )
    found = similar("label smoothing", records_dir=folder, limit=2)
    assert found[0]["id"] == "label-smoothing-fails"
    assert similar(changes=["matrix_lr=0.06"], records_dir=folder, limit=1)[0]["id"] == "muon-lr-sweep"
    with open_index(folder) as idx:
        idx.refresh()
        assert idx.size() == (5, 4)  # the essay counts for text, not for the statistics


def test_corrupt_index_is_set_aside_and_rebuilt(records: Path) -> None:
    check_proposal("depth 9", records_dir=records)
    index_file = index_path(records)
    for suffix in ("-wal", "-shm"):
        Path(str(index_file) + suffix).unlink(missing_ok=True)
    index_file.write_bytes(b"this is not a database" * 100)
    advice = check_proposal("increase warmdown_ratio to 0.9", records_dir=records)
    assert advice.evidence == 6
    assert any("set aside and rebuilt" in n for n in advice.notes)
    assert index_file.with_name(index_file.name + ".corrupt").is_file()
    with sqlite3.connect(index_file) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_an_index_another_version_wrote_is_rebuilt_without_leftovers(records: Path) -> None:
    check_proposal("depth 9", records_dir=records)
    index_file = index_path(records)
    with sqlite3.connect(index_file) as conn:
        conn.execute("PRAGMA user_version = 1")
    advice = check_proposal("increase warmdown_ratio to 0.9", records_dir=records)
    assert advice.evidence == 6
    assert any("built by another version of nrr; it was rebuilt" in n for n in advice.notes)
    assert not list(index_file.parent.glob("*.corrupt"))
    again = check_proposal("increase warmdown_ratio to 0.9", records_dir=records)
    assert not any("another version" in n for n in again.notes)


def test_busy_index_answers_from_what_it_holds(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_proposal("depth 9", records_dir=records)
    monkeypatch.setattr(index_module, "BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(index_path(records), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        unchanged = check_proposal("increase warmdown_ratio to 0.9", records_dir=records)
        assert not any("busy" in n for n in unchanged.notes)  # nothing changed: no write lock needed
        write(
            records,
            record(
                "s1-900",
                "warmdown 0.9 to 0.99",
                "discard",
                [change("warmdown_ratio", "increase", 0.99)],
                "lr_schedule",
                sequence=900,
            ),
        )
        advice = check_proposal("increase warmdown_ratio to 0.9", records_dir=records)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert advice.evidence == 6  # the new record waits for the next refresh
    assert any("busy" in n for n in advice.notes)
    assert check_proposal("increase warmdown_ratio to 0.9", records_dir=records).evidence == 7


def test_record_experiment_writes_a_valid_record_that_check_then_sees(records: Path) -> None:
    from nrr_spec.lint.api import validate_record_data

    written = record_experiment(
        "increase warmdown_ratio to 0.99",
        "discard",
        records_dir=records,
        metric="val_bpb",
        value=1.01,
        baseline=1.0,
        direction="lower",
        session="s1",
    )
    data = json.loads(Path(written["path"]).read_text())
    assert data["experiment"]["failure_class"] == "regression"
    assert data["experiment"]["changes"][0]["parameter"] == "warmdown_ratio"
    errors = [d for d in validate_record_data(data) if d.severity == "error"]
    assert errors == []
    assert check_proposal("increase warmdown_ratio to 0.9", records_dir=records).evidence == 7


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"description": "x", "outcome": "won"}, "outcome must be one of"),
        ({"description": " ", "outcome": "keep"}, "description is empty"),
        ({"description": "x", "outcome": "discard", "direction": "up"}, "direction must be"),
        ({"description": "x", "outcome": "crash", "failure_class": "oops"}, "failure_class must be"),
    ],
)
def test_record_experiment_rejects_bad_input_clearly(tmp_path: Path, kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        record_experiment(records_dir=tmp_path, **kwargs)


WRITER = """
import sys
from nrr_spec.knowledge.api import record_experiment
for i in range(5):
    record_experiment(f"increase depth to {i}", "discard", records_dir=sys.argv[1], session="w" + sys.argv[2])
"""


def test_concurrent_writers_lose_nothing_and_leave_a_sound_index(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(n)], stderr=subprocess.PIPE, text=True) for n in range(4)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    assert len(list(folder.glob("*.json"))) == 20
    with open_index(folder) as idx:
        idx.refresh()
        assert idx.size() == (20, 20)
        assert idx.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert idx.conn.execute("SELECT COUNT(DISTINCT path) FROM items").fetchone()[0] == 20


def test_word_counts_follow_records_that_come_change_and_go(records: Path) -> None:
    def counted(folder: Path) -> tuple[dict[str, int], dict[str, int]]:
        with open_index(folder) as index:
            index.refresh()
            kept = {t: n for t, n in index.conn.execute("SELECT term, n FROM term_counts WHERE n > 0")}
            actual = {t: n for t, n in index.conn.execute("SELECT term, COUNT(*) FROM terms GROUP BY term")}
        return kept, actual

    kept, actual = counted(records)
    assert kept == actual and actual
    files = sorted(records.glob("*.json"))
    files[0].unlink()
    files[1].write_text(files[1].read_text(encoding="utf-8").replace("warmdown", "cooldown schedule"), encoding="utf-8")
    kept, actual = counted(records)
    assert kept == actual


def test_rows_are_named_and_typed(records: Path) -> None:
    with open_index(records) as idx:
        idx.refresh()
        (item,) = [row[0] for row in idx.conn.execute("SELECT id FROM items WHERE ref = 's1-019'")]
        row = idx.rows([item])[item]
        assert (row.ref, row.outcome, row.failure_class, row.session, row.sequence) == ("s1-019", "keep", None, "s1", 19)
        assert json.loads(row.changes)[0]["parameter"] == "warmup_ratio" and row.visible is True and row.ntok > 0
        assert idx.session_steps("s1", 2)[:2] == (21, 7) and len(idx.session_steps("s1", 2)[2]) == 2
        assert idx.next_sequence("s1") == 22 and idx.latest_session() == "s1"
