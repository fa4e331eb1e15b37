"""Rows whose commit a loop reset away: they ran after the last commit before them in the log, in
the same loop, so that commit dates them and names their author; the summary says so."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from gitrepo import commit, git

from nrr_spec.cli import main

TRAIN = "DEPTH = 8\nMATRIX_LR = 0.04\n"
GRACE = ("Grace Hopper", "grace@example.org")


def _log(folder: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    log = folder / "results.tsv"
    lines = ["commit\tval_bpb\tmemory_gb\tstatus\tdescription"] + ["\t".join((c, v, "44.0", s, d)) for c, v, s, d in rows]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return log


def _repository(tmp_path: Path) -> Path:
    folder = tmp_path / "loop"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    return folder


def _converted(log: Path, folder: Path, *options: str) -> Result:
    result = CliRunner().invoke(
        main, ["convert", "autoresearch", str(log), "--repo", str(folder), "-o", "-", "--no-progress", *options]
    )
    assert result.exit_code == 0, result.output
    return result


def test_a_reset_discard_takes_the_date_and_author_of_the_commit_before_it(tmp_path: Path) -> None:
    folder = _repository(tmp_path)
    base = commit(folder, {"train.py": TRAIN}, "baseline", author=GRACE)
    kept = commit(folder, {"train.py": TRAIN.replace("0.04", "0.05")}, "raise lr", author=GRACE)
    log = _log(
        folder,
        [
            ("1a2b3c4", "1.010", "discard", "DEPTH 8 -> 6"),  # before any commit the repository holds
            (base, "1.000", "keep", "baseline"),
            ("5d6e7f8", "1.020", "discard", "DEPTH 8 -> 10"),  # reset: not in the repository
            (kept, "0.990", "keep", "MATRIX_LR 0.04 -> 0.05"),
            ("9a8b7c6", "1.030", "discard", "DEPTH 8 -> 12"),
        ],
    )
    result = _converted(log, folder)
    rows = {r["provenance"]["source"]["row"]: r for r in map(json.loads, result.stdout.splitlines())}
    grace = [{"name": "Grace Hopper"}]
    assert [rows[n].get("created") for n in (2, 3, 4, 5)] == ["2026-03-08"] * 4
    assert [rows[n].get("authors") for n in (3, 5)] == [grace, grace]
    assert "created" not in rows[1] and "authors" not in rows[1]  # nothing before it says when it ran
    assert "2 row(s) whose commit is not in the repository" in result.stderr


def test_rows_on_a_shared_commit_are_not_called_missing_from_the_repository(tmp_path: Path) -> None:
    folder = _repository(tmp_path)
    base = commit(folder, {"train.py": TRAIN}, "baseline", author=GRACE)
    shared = commit(folder, {"train.py": TRAIN.replace("0.04", "0.05")}, "raise lr", author=GRACE)
    log = _log(
        folder,
        [
            (base, "1.000", "keep", "baseline"),
            (shared, "1.020", "discard", "DEPTH 8 -> 10"),  # two other runs on one commit: its diff is neither's
            (shared, "1.030", "discard", "warmup 0.1 -> 0.2"),
        ],
    )
    result = _converted(log, folder)
    assert "not in the repository" not in result.stderr
    assert "2 row(s) on a commit other rows name too" in result.stderr


def test_a_date_or_author_the_log_gives_is_kept(tmp_path: Path) -> None:
    folder = _repository(tmp_path)
    base = commit(folder, {"train.py": TRAIN}, "baseline", author=GRACE)
    log = _log(folder, [(base, "1.000", "keep", "baseline"), ("5d6e7f8", "1.020", "discard", "DEPTH 8 -> 10")])
    result = _converted(log, folder, "--author", "Ada Lovelace")
    discarded = json.loads(result.stdout.splitlines()[1])
    assert discarded["authors"] == [{"name": "Ada Lovelace"}] and discarded["created"] == "2026-03-08"


def _started_from_upstream(tmp_path: Path, upstream_when: str) -> tuple[dict[int, dict], str]:
    """A loop that started from an upstream commit: its first try was reset away, its first kept
    change is the log's first commit in the repository (made on 2026-03-08)."""
    folder = _repository(tmp_path)
    commit(folder, {"train.py": TRAIN}, "upstream", author=GRACE, when=upstream_when)
    kept = commit(folder, {"train.py": TRAIN.replace("0.04", "0.05")}, "raise lr")
    log = _log(folder, [("1a2b3c4", "1.010", "discard", "DEPTH 8 -> 6"), (kept, "0.990", "keep", "MATRIX_LR 0.04 -> 0.05")])
    result = _converted(log, folder)
    return {r["provenance"]["source"]["row"]: r for r in map(json.loads, result.stdout.splitlines())}, result.stderr


def test_rows_before_the_first_commit_take_its_day_when_the_start_is_of_the_same_day(tmp_path: Path) -> None:
    rows, summary = _started_from_upstream(tmp_path, "2026-03-08T08:00:00+00:00")
    assert rows[1]["created"] == "2026-03-08"
    assert "authors" not in rows[1]  # the commit it started from is another's (Grace's), its own is gone
    assert "1 row(s) before the log's first commit in the repository are dated 2026-03-08" in summary


def test_rows_before_the_first_commit_stay_undated_when_the_start_is_of_another_day(tmp_path: Path) -> None:
    rows, summary = _started_from_upstream(tmp_path, "2025-11-02T08:00:00+00:00")  # an upstream commit of months before
    assert "created" not in rows[1] and rows[2]["created"] == "2026-03-08"
    assert "before the log's first commit" not in summary
