"""Converter profiles: `nrr convert mlflow` and `nrr convert wandb` on exports shaped like the real ones,
the commands built from the profile table, and the commit column a log's header and cells point to."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.cli.convert import convert
from nrr_spec.convert.columns import detect_layout
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes, convert_log
from nrr_spec.convert.profiles import PROFILES
from nrr_spec.convert.spool import RowSpool

DATA = Path(__file__).resolve().parent / "data"
MLFLOW = DATA / "mlflow-search-runs.csv"  # mlflow.search_runs(...).to_csv(): newest first, with pandas' index column
WANDB = DATA / "wandb-runs-table.csv"  # the W&B runs table's CSV export: newest first, config and summary unprefixed


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _convert(runner: CliRunner, *args: str) -> tuple[list[dict[str, Any]], str]:
    result = runner.invoke(main, ["convert", *args, "--output", "-"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return records, result.stderr


def _by_run(records: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(r for r in records if r["id"].endswith(key))


def test_every_profile_is_a_convert_command() -> None:
    assert set(convert.commands) == set(PROFILES)
    for name, profile in PROFILES.items():
        params = {p.name for p in convert.commands[name].params}
        assert ("repo" in params) == profile.reads_diffs
        mapping = next(p for p in convert.commands[name].params if p.name == "mapping_file")
        assert mapping.required == profile.map_required


def test_mlflow_export_end_to_end(runner: CliRunner) -> None:
    records, summary = _convert(runner, "mlflow", str(MLFLOW))
    assert "7 rows read, 6 records" in summary and "status RUNNING" in summary  # a running run has no result yet
    assert "metrics.val_loss (also measured: metrics.train_loss)" in summary and "newest first" in summary
    # Walked in the order the runs ran (the export lists the newest first).
    assert [r["experiment"]["outcome"] for r in records] == ["baseline", "keep", "discard", "crash", "discard", "crash"]
    baseline, lr_up, bigger_batch, oom, sgd, killed = records
    assert baseline["id"].endswith("3f2a9c01e2f3a4b5c6d7e8f9")  # the run id names the record
    assert lr_up["experiment"]["changes"] == [
        {"parameter": "learning_rate", "from": "0.001", "to": "0.003", "direction": "increase"}
    ]
    # Compared with the best kept run before it (lr_up), whose params it starts from.
    assert bigger_batch["experiment"]["metric"] == {
        "name": "metrics.val_loss",
        "value": 2.395,
        "baseline": 2.388,
        "direction": "lower",
        "delta": 0.007,
    }
    assert bigger_batch["experiment"]["failure_class"] == "regression"
    assert bigger_batch["experiment"]["changes"][0]["parameter"] == "batch_size"
    assert oom["experiment"]["failure_class"] == "crash_infra"  # FAILED, out of memory
    assert sgd["experiment"]["changes"][0] == {"parameter": "optimizer", "from": "adam", "to": "sgd", "direction": "replace"}
    assert killed["experiment"]["outcome"] == "crash"
    assert bigger_batch["experiment"]["other_metrics"] == {"metrics_train_loss": 2.262}  # never pandas' index column
    assert bigger_batch["experiment"]["commit"] == "4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f"
    assert baseline["created"] == "2025-03-01" and baseline["authors"] == [{"name": "alice"}]
    assert baseline["provenance"]["converter"]["name"] == "nrr convert mlflow"


def test_mlflow_export_as_json_lines_with_times_in_milliseconds(runner: CliRunner, tmp_path: Path) -> None:
    # DataFrame.to_json(orient="records", lines=True) writes the start times as Unix milliseconds.
    runs = [
        {"run_id": "5b7d1e22a0b1c2d3e4f5a6b7c8d9e0f1", "experiment_id": "1", "status": "FINISHED", "start_time": 1740827400700,
         "metrics.val_loss": 2.388, "params.learning_rate": "0.003", "tags.mlflow.runName": "swift-jay-2"},
        {"run_id": "3f2a9c01e2f3a4b5c6d7e8f9a0b1c2d3", "experiment_id": "1", "status": "FINISHED", "start_time": 1740823200250,
         "metrics.val_loss": 2.412, "params.learning_rate": "0.001", "tags.mlflow.note.content": "baseline"},
    ]  # fmt: skip
    export = tmp_path / "runs.jsonl"
    export.write_text("".join(json.dumps(r) + "\n" for r in runs), encoding="utf-8")
    records, _ = _convert(runner, "mlflow", str(export))
    assert [r["experiment"]["outcome"] for r in records] == ["baseline", "keep"]
    assert [r["created"] for r in records] == ["2025-03-01", "2025-03-01"]
    assert records[1]["experiment"]["changes"][0]["to"] == "0.003"


def test_mlflow_metric_and_direction_options(runner: CliRunner) -> None:
    records, _ = _convert(runner, "mlflow", str(MLFLOW), "--metric", "train_loss", "--direction", "lower")
    assert {r["experiment"]["metric"]["name"] for r in records} == {"metrics.train_loss"}
    # train_loss 2.262 beats 2.27: judged by the chosen metric, the bigger batch is kept.
    assert _by_run(records, "8c9e0f33b1c2d3e4f5a6b7c8")["experiment"]["outcome"] == "keep"


def test_wandb_runs_table_end_to_end(runner: CliRunner, tmp_path: Path) -> None:
    records, summary = _convert(runner, "wandb", str(WANDB), "--metric", "val_loss")
    assert "9 rows read, 8 records" in summary and "status running" in summary
    outcomes = {r["id"].rsplit("-", 2)[-2] + "-" + r["id"].rsplit("-", 1)[-1]: r["experiment"]["outcome"] for r in records}
    assert outcomes == {
        "fog-1": "baseline",
        "star-2": "keep",
        "leaf-3": "keep",
        "hill-4": "crash",  # failed
        "wave-5": "discard",
        "moon-6": "crash",  # crashed
        "sky-7": "discard",
        "dawn-8": "crash",  # killed
    }
    leaf = _by_run(records, "noble-leaf-3")["experiment"]
    # The config columns are told from the measurements by their values: the change is the setting that differs.
    assert leaf["changes"] == [{"parameter": "learning_rate", "from": "0.001", "to": "0.003", "direction": "increase"}]
    assert leaf["metric"]["direction"] == "lower" and leaf["other_metrics"] == {"train_loss": 0.948, "val_accuracy": 0.684}
    assert _by_run(records, "solar-star-2")["experiment"]["changes"] == []  # same settings, a run name is no change
    solar = _by_run(records, "solar-star-2")
    # a default file name gives way to the project's (session_names): the title names the session as the record does
    assert solar["title"] == f"Kept: run solar-star-2 of {solar['experiment']['session']} (improved val_loss by 0.87%)"
    wave = _by_run(records, "eager-wave-5")["experiment"]
    assert wave["failure_class"] == "regression" and wave["metric"]["baseline"] == 1.198
    assert _by_run(records, "dark-hill-4")["experiment"]["changes"][0]["to"] == "512"
    out = tmp_path / "records"
    written = runner.invoke(main, ["convert", "wandb", str(WANDB), "--metric", "val_loss", "--output", str(out)])
    assert written.exit_code == 0, written.output
    assert runner.invoke(main, ["validate", str(out)]).exit_code == 0


def test_wandb_api_export_as_json_lines(runner: CliRunner, tmp_path: Path) -> None:
    runs = [
        {
            "id": "a1b2c3d4",
            "name": "base",
            "state": "finished",
            "notes": "baseline",
            "config": {"lr": 0.001, "dropout": 0.1},
            "summary": {"val_loss": 1.30},
        },
        {
            "id": "e5f6g7h8",
            "name": "wise-sun-2",
            "state": "finished",
            "config": {"lr": 0.001, "dropout": 0.3},
            "summary": {"val_loss": 1.36},
        },
        {"id": "i9j0k1l2", "name": "calm-sea-3", "state": "crashed", "config": {"lr": 0.01, "dropout": 0.1}, "summary": {}},
    ]
    export = tmp_path / "runs.jsonl"
    export.write_text("".join(json.dumps(r) + "\n" for r in runs), encoding="utf-8")
    records, _ = _convert(runner, "wandb", str(export))
    experiments = [r["experiment"] for r in records]
    assert [e["outcome"] for e in experiments] == ["baseline", "discard", "crash"]
    assert experiments[1]["metric"]["name"] == "summary.val_loss" and experiments[1]["failure_class"] == "regression"
    assert experiments[1]["changes"] == [{"parameter": "dropout", "from": "0.1", "to": "0.3", "direction": "increase"}]
    assert records[2]["id"].endswith("-i9j0k1l2")


def test_wandb_api_export_as_csv_with_dict_cells(runner: CliRunner) -> None:
    # W&B's documented API export: a DataFrame of summary and config dicts and the name, saved with to_csv.
    records, _ = _convert(runner, "wandb", str(DATA / "wandb-api-runs.csv"))
    experiments = {r["id"].rsplit("-", 2)[-2]: r["experiment"] for r in records}
    assert experiments["leaf"]["changes"] == [
        {"parameter": "learning_rate", "from": "0.001", "to": "0.003", "direction": "increase"}
    ]
    assert experiments["leaf"]["metric"]["name"] == "summary.val_loss"  # never W&B's own _runtime or _step
    assert experiments["leaf"]["other_metrics"] == {"summary_train_loss": 0.948}
    assert experiments["wave"]["outcome"] == "discard" and experiments["wave"]["failure_class"] == "regression"
    assert experiments["wave"]["changes"][0]["parameter"] == "batch_size"


def test_mlflow_and_wandb_records_validate(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "records"
    result = runner.invoke(main, ["convert", "mlflow", str(MLFLOW), "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert len(list(out.glob("*.json"))) == 6
    checked = runner.invoke(main, ["validate", str(out)])
    assert checked.exit_code == 0, checked.output


def test_a_map_file_overrides_a_profile_column(runner: CliRunner, tmp_path: Path) -> None:
    mapping = tmp_path / "map.yaml"
    mapping.write_text("description: tags.mlflow.runName\n", encoding="utf-8")
    records, _ = _convert(runner, "mlflow", str(MLFLOW), "--map", str(mapping))
    assert records[0]["experiment"]["description"] == "rare-cat-1"


def test_an_unknown_metric_names_the_columns(runner: CliRunner) -> None:
    result = runner.invoke(main, ["convert", "mlflow", str(MLFLOW), "--metric", "bleu", "--output", "-"])
    assert result.exit_code == 2  # an option to fix, as replay says of the same mistake
    assert "no column named 'bleu'" in result.stderr and "metrics.val_loss" in result.stderr


def test_spool_reads_back_in_reverse_across_batches() -> None:
    from nrr_spec.convert import spool as spool_module
    from nrr_spec.convert.rows import Row

    spool = RowSpool()
    for i in range(1, spool_module.BATCH * 2 + 8):
        spool.add(Row(i, i, None, None, None, f"row {i}", None, None, None))
    spool.finish()
    assert [r.row for r in spool.rows(reverse=True)] == list(range(spool_module.BATCH * 2 + 7, 0, -1))


# The commit column: a header that names a commit and hash-like cells win over a run id or a name.


def test_a_parent_commit_column_wins_over_an_id_column() -> None:
    header = ["id", "timestamp", "parent_commit", "eval_acc", "kept", "note"]
    sample = [
        ["baseline", "2026-06-12T02:10:13", "525e040", "0.1250", "1", "baseline"],
        ["1781230620_1", "2026-06-12T02:19:31", "ef3819a", "0.1250", "0", "add a format bonus"],
        ["1781230772_2", "2026-06-12T02:21:20", "ef3819a", "0.0000", "0", "raise lr"],
    ]
    layout = detect_layout(header, sample)
    assert layout.columns[layout.roles["commit"]] == "parent_commit"


@pytest.mark.parametrize(
    ("header", "cells", "expected"),
    [
        (["commit", "name", "val"], ["a1b2c3d", "run-one", "1.0"], "commit"),  # the usual layout stays
        (["id", "commit", "val"], ["a1b2c3d", "", "1.0"], "commit"),  # no git hashes anywhere it could be: the usual order
        (["iter", "cand_hash", "val"], ["1", "f2cc46a12bc1dbce104df905704d2269", "1.0"], "iter"),  # a content hash is no commit
        (["run_id", "git_commit", "val"], ["0d1e2f3a4b5c6d7e8f90a1b2c3d4e5f6", "4c5d6e7", "1.0"], "git_commit"),
        (["name", "sha", "val"], ["first-run", "0f0e0d0c", "1.0"], "sha"),
        (["exp_id", "val"], ["7", "1.0"], "exp_id"),  # a single candidate keeps its place
    ],
)
def test_commit_column_by_header_and_cells(header: list[str], cells: list[str], expected: str) -> None:
    layout = detect_layout(header, [cells, cells])
    assert layout.columns[layout.roles["commit"]] == expected


def test_a_base_commit_log_is_read_against_its_commits() -> None:
    log = b"id\tparent_commit\tacc\tkept\tnote\nbaseline\t525e040\t0.1\t1\tbaseline\nx_1\t525e040\t0.2\t1\tincrease lr to 0.1\n"
    result = convert_bytes(log, "experiments.tsv", ConvertOptions(use_repo=False))
    assert [r["experiment"]["commit"] for r in result.records] == ["525e040", "525e040"]
    assert result.records[1]["id"].endswith("-525e040-r2")


def test_corpus_auto_rl_log_reads_its_parent_commits() -> None:
    log = (
        Path(__file__).resolve().parents[1]
        / ".."
        / "shared"
        / "corpus"
        / "autoresearch"
        / "logs"
        / "afifi-yusuf__auto-rl__experiments.tsv"
    )
    if not log.is_file():
        pytest.skip("corpus not present")
    result = convert_log(log, ConvertOptions(use_repo=False))
    assert all(r["experiment"].get("commit") for r in result.records)
