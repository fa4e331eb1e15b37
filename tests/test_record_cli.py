"""`nrr record` fills in what a loop leaves out as `nrr convert` would (the metric's direction, the
baseline, the session) and records an experiment once however often it is recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from gitrepo import commit, new_repo

from nrr_spec.cli import main
from nrr_spec.convert.pipeline import ConvertOptions, convert_log
from nrr_spec.knowledge.api import record_experiment
from nrr_spec.knowledge.index import open_index


def _record(records: Path, *args: str) -> Result:
    done = CliRunner().invoke(main, ["record", "--records", str(records), *args])
    assert done.exit_code == 0, done.output
    return done


def _recorded(records: Path, *args: str) -> tuple[dict[str, Any], str]:
    """The record `nrr record --json` wrote, and what it said on standard error."""
    done = _record(records, "--json", *args)
    return json.loads(done.stdout), done.stderr


def _files(records: Path) -> list[str]:
    return sorted(path.name for path in records.glob("*.json"))


# --- the metric's direction, from its name ---


@pytest.mark.parametrize(
    ("metric", "baseline", "value", "direction", "title"),
    [
        ("val_loss", "1.28", "1.30", "lower", "worsened val_loss"),
        ("accuracy", "0.80", "0.78", "higher", "worsened accuracy"),
    ],
)
def test_the_direction_comes_from_the_metrics_name_unless_given(
    tmp_path: Path, metric: str, baseline: str, value: str, direction: str, title: str
) -> None:
    args = ("--change", "depth=6:8", "--outcome", "discard", "--metric", f"{metric}={value}", "--baseline", baseline)
    record, _ = _recorded(tmp_path, *args, "--commit", "a1b2c3d", "--session", "mar8")
    assert record["experiment"]["metric"]["direction"] == direction
    assert record["experiment"]["failure_class"] == "regression"
    assert title in record["title"] and "moved" not in record["title"]
    other = "higher" if direction == "lower" else "lower"
    told, _ = _recorded(tmp_path, *args, "--commit", "b1b2c3d", "--session", "mar8", "--direction", other)
    assert told["experiment"]["metric"]["direction"] == other and told["experiment"]["failure_class"] == "marginal"


def test_a_name_that_says_no_direction_is_named_in_a_note(tmp_path: Path) -> None:
    record, notes = _recorded(
        tmp_path,
        *("--change", "depth=6:8", "--outcome", "discard", "--metric", "objective=1.30", "--baseline", "1.28"),
        *("--session", "mar8"),
    )
    assert "direction" not in record["experiment"]["metric"] and "failure_class" not in record["experiment"]
    assert "cannot tell whether lower or higher objective is better" in notes


# --- the baseline, from the session's best so far ---


def _run(
    records: Path, outcome: str, metric: str, commit: str, session: str = "mar8", change: str = "depth=6:8"
) -> dict[str, Any]:
    record, _ = _recorded(
        records, "--change", change, "--outcome", outcome, "--metric", metric, "--commit", commit, "--session", session
    )
    return record


def test_without_a_baseline_the_sessions_best_kept_value_is_the_baseline(tmp_path: Path) -> None:
    _run(tmp_path, "keep", "val_loss=1.28", "a000001")
    best = _run(tmp_path, "keep", "val_loss=1.25", "a000002")
    _run(tmp_path, "discard", "val_loss=1.20", "a000003")  # better, but not kept: never the baseline
    _run(tmp_path, "keep", "val_loss=1.26", "a000004")  # kept, but not better than the best
    _run(tmp_path, "keep", "val_loss=1.10", "a000005", session="other")  # another session's
    _run(tmp_path, "keep", "val_bpb=1.00", "a000006")  # another metric's
    record, notes = _recorded(
        tmp_path, "--change", "width=256:512", "--outcome", "discard", "--metric", "val_loss=1.30", "--session", "mar8"
    )
    assert record["experiment"]["metric"]["baseline"] == 1.25
    assert record["experiment"]["failure_class"] == "regression"
    assert "no earlier result" not in record["results"]["summary"]
    assert "val_loss 1.25" in notes and best["id"] in notes
    given, notes = _recorded(
        tmp_path,
        *("--change", "width=1:2", "--outcome", "discard", "--metric", "val_loss=1.30"),
        *("--baseline", "1.4", "--session", "mar8"),
    )
    assert given["experiment"]["metric"]["baseline"] == 1.4 and "no baseline given" not in notes
    alone, notes = _recorded(
        tmp_path, *("--change", "width=1:2", "--outcome", "discard", "--metric", "val_loss=1.30"), *("--session", "new")
    )
    assert "baseline" not in alone["experiment"]["metric"] and "no earlier result to compare" in alone["title"]
    assert "no baseline given" not in notes


def test_the_best_is_taken_in_the_metrics_direction(tmp_path: Path) -> None:
    _run(tmp_path, "keep", "accuracy=0.80", "a000001")
    _run(tmp_path, "keep", "accuracy=0.83", "a000002")
    record = _run(tmp_path, "discard", "accuracy=0.82", "a000003")
    assert record["experiment"]["metric"]["baseline"] == 0.83
    assert record["experiment"]["failure_class"] == "regression"


def test_the_baseline_found_is_the_one_convert_walks_to(tmp_path: Path) -> None:
    """A baseline run sets the best whatever it measured: a later kept value is compared with it."""
    rows = [
        ("aaaaaa1", "1.20", "keep", "depth 6 -> 8"),
        ("aaaaaa2", "1.30", "baseline", "baseline"),
        ("aaaaaa3", "1.29", "keep", "width 256 -> 512"),
    ]
    last = ("aaaaaa4", "1.31", "discard", "heads 4 -> 8")
    log = tmp_path / "results.tsv"
    log.write_text("".join("\t".join(row) + "\n" for row in [("commit", "val_loss", "status", "description"), *rows, last]))
    walked = convert_log(log, ConvertOptions(session="mar8")).records[-1]
    records = tmp_path / "records"
    for sha, value, outcome, description in rows:
        _recorded(
            records,
            "--description",
            description,
            "--outcome",
            outcome,
            "--metric",
            f"val_loss={value}",
            "--commit",
            sha,
            "--session",
            "mar8",
        )
    record, _ = _recorded(
        records, "--change", "heads=4:8", "--outcome", "discard", "--metric", "val_loss=1.31", "--session", "mar8"
    )
    assert record["experiment"]["metric"]["baseline"] == walked["experiment"]["metric"]["baseline"] == 1.29
    assert record["experiment"]["failure_class"] == walked["experiment"]["failure_class"]


# --- the session, after the project ---


def test_without_a_session_the_records_folders_project_names_it(tmp_path: Path) -> None:
    records = tmp_path / "nanochat" / "records"
    record, notes = _recorded(
        records, "--change", "depth=6:8", "--outcome", "keep", "--metric", "val_bpb=1.2", "--commit", "a1b2c3d"
    )
    assert record["experiment"]["session"] == "nanochat" and record["id"] == "nanochat-a1b2c3d"
    assert "session 'nanochat'" in notes


def test_without_a_session_the_repository_names_it(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "tinygpt", {"train.py": "DEPTH = 6\n"})
    sha = commit(repo, {"train.py": "DEPTH = 8\n"}, "depth 6 -> 8")
    records = tmp_path / "lab" / "records"
    record, notes = _recorded(records, "--outcome", "keep", "--metric", "val_bpb=1.2", "--commit", sha[:7], "--repo", str(repo))
    assert record["experiment"]["session"] == "tinygpt" and "session 'tinygpt'" in notes and "repository" in notes


def test_without_a_session_or_a_project_the_session_is_session(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "results", {"train.py": "DEPTH = 6\n"})  # a work tree whose name names nothing
    record, notes = _recorded(repo / "records", "--change", "depth=6:8", "--outcome", "keep")
    assert record["experiment"]["session"] == "session" and "name the session" in notes


# --- the same experiment, once ---

SAME = (
    "--change",
    "depth=6:8",
    "--outcome",
    "discard",
    "--metric",
    "val_loss=1.30",
    "--baseline",
    "1.28",
    "--commit",
    "abc1234",
    "--session",
    "loop",
)


def test_recording_the_same_experiment_again_writes_nothing(tmp_path: Path) -> None:
    first = _record(tmp_path, *SAME)
    again = _record(tmp_path, *SAME)
    assert _files(tmp_path) == ["loop-abc1234.json"]
    assert again.stdout.startswith(f"{tmp_path / 'loop-abc1234.json'}: unchanged") and "unchanged" not in first.stdout
    assert "records this experiment already" in again.stderr
    with open_index(tmp_path) as index:
        index.refresh()
        assert index.size() == (1, 1)  # counted once
    # the same commit, anything the loop observed different: another experiment, written as before
    for option, value in (
        ("--metric", "val_loss=1.31"),
        ("--outcome", "crash"),
        ("--change", "depth=6:9"),
        ("--session", "other"),
    ):
        args = list(SAME)
        args[args.index(option) + 1] = value
        assert "unchanged" not in _record(tmp_path, *args).stdout
    assert len(_files(tmp_path)) == 5
    # no commit: nothing tells a repeated call from a second run that ended the same way
    unnamed = ("--change", "depth=6:8", "--outcome", "crash", "--metric", "val_loss", "--session", "loop")
    _record(tmp_path, *unnamed)
    _record(tmp_path, *unnamed)
    assert len(_files(tmp_path)) == 7


def test_a_longer_hash_or_other_words_name_the_same_experiment(tmp_path: Path) -> None:
    first, _ = _recorded(tmp_path, *SAME)
    full = [*SAME[:-4], "--commit", "abc1234def56", "--session", "loop", "--description", "deeper model"]
    again, _ = _recorded(tmp_path, *full)
    assert again == first and _files(tmp_path) == ["loop-abc1234.json"]


def test_a_kept_experiment_recorded_again_is_not_compared_with_itself(tmp_path: Path) -> None:
    _run(tmp_path, "keep", "val_loss=1.28", "a000001")
    kept = ("--change", "depth=6:8", "--outcome", "keep", "--metric", "val_loss=1.25", "--commit", "a000002", "--session", "mar8")
    _record(tmp_path, *kept)
    again = _record(tmp_path, *kept)  # its own record is now the session's best: still the same experiment
    assert "unchanged" in again.stdout and len(_files(tmp_path)) == 2


def test_the_api_records_an_experiment_once(tmp_path: Path) -> None:
    given = {"records_dir": tmp_path, "metric": "val_loss", "value": 1.3, "session": "loop", "commit": "abc1234"}
    first = record_experiment("depth 6 -> 8", "discard", **given)
    again = record_experiment("depth 6 -> 8", "discard", **given)
    assert _files(tmp_path) == ["loop-abc1234.json"]
    assert again["id"] == first["id"] and again["path"] == first["path"]
    assert first["unchanged"] is False and again["unchanged"] is True and "nothing written" in again["notes"][-1]
