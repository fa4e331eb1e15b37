"""pi-autoresearch's `autoresearch.jsonl`: config lines head segments and declare the metric, its
better direction and the session; runs carry `metrics`, `checks_failed` and the agent's `asi` notes.
The lines follow extensions/pi-autoresearch/types.ts (ExperimentResult, ExperimentState)."""

from __future__ import annotations

import json
from typing import Any

from converting import experiments_in

from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes


def _config(name: str, metric: str = "best_val_bpb", direction: str = "lower") -> dict[str, Any]:
    return {"type": "config", "name": name, "metricName": metric, "metricUnit": "", "bestDirection": direction}


def _run(run: int, commit: str, metric: float, status: str, description: str, **extra: Any) -> dict[str, Any]:
    line = {"run": run, "commit": commit, "metric": metric, "metrics": {}, "status": status, "description": description}
    line.update({"timestamp": 1774024187637 + run * 60_000, "segment": 0, "confidence": None, **extra})
    return line


def _log(*lines: dict[str, Any]) -> bytes:
    return "".join(json.dumps(line) + "\n" for line in lines).encode()


def _convert(*lines: dict[str, Any], **options: Any):
    result = convert_bytes(_log(*lines), "autoresearch.jsonl", ConvertOptions(**options))
    return result, experiments_in(result)


def test_config_lines_are_no_rows_and_declare_the_metric_and_its_direction() -> None:
    # `best_val_bpb` says nothing of its direction by name, and the kept values alone are too few to tell.
    result, experiments = _convert(
        _config("Modal sweep val_bpb optimization"),
        _run(1, "e1a5973", 1.5586, "keep", "baseline: 4-job grid from IDEAS.md", metrics={"artifact_mb": 15.1}),
        _run(2, "2ede9a4", 1.5480, "keep", "halve warmup steps", metrics={"artifact_mb": 15.3}, segment=0),
        _run(3, "3ede9a4", 1.5600, "discard", "double the learning rate", segment=0),
    )
    assert not result.skipped and not any("cannot tell" in note for note in result.notes)
    assert (
        "autoresearch.jsonl: read as pi-autoresearch's log: 1 segment(s) under config lines, 1 session(s) "
        "('Modal sweep val_bpb optimization'); the metric best_val_bpb, lower is better, as they declare"
    ) in result.notes
    assert [r["provenance"]["source"]["row"] for r in result.records] == [2, 3, 4]  # lines count from the first
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard"]
    assert {e["metric"]["name"] for e in experiments} == {"best_val_bpb"}
    assert {e["metric"]["direction"] for e in experiments} == {"lower"}
    assert experiments[2]["failure_class"] == "regression"
    # the run's other measurements go by their own names; the segment's number is its config's
    assert experiments[0]["other_metrics"]["artifact_mb"] == 15.1
    assert all("segment" not in e.get("other_metrics", {}) for e in experiments)
    assert all("log:metrics" not in r.get("extensions", {}) for r in result.records)


def test_each_config_starts_a_session_whose_runs_are_compared_only_with_each_other() -> None:
    result, experiments = _convert(
        _config("width sweep"),
        _run(1, "aaaa111", 1.30, "keep", "baseline"),
        _run(2, "bbbb222", 1.25, "keep", "wider MLP"),
        _config("depth sweep on the new data"),
        _run(3, "cccc333", 1.40, "crash", "OOM at depth 24"),
        _run(4, "dddd444", 1.45, "keep", "reshuffled data, first measurement", segment=1),
        _run(5, "eeee555", 1.44, "keep", "depth 12 -> 14", segment=1),
    )
    assert [e["session"] for e in experiments] == ["width-sweep", "width-sweep", *["depth-sweep-on-the-new-data"] * 3]
    # the new segment's first measured run is its baseline: 1.45 is not a regression against 1.25
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "crash", "baseline", "keep"]
    assert experiments[4]["metric"]["baseline"] == 1.45
    assert result.records[0]["id"].startswith("width-sweep-")


def test_checks_failed_is_a_run_that_measured_and_then_failed_its_checks() -> None:
    asi = {
        "hypothesis": "a SQLite LIKE search is enough for keyword recall",
        "rollback_reason": "cargo fmt --check required wrapping the tuple in recall_text",
    }
    result, experiments = _convert(
        _config("memory layer", metric="tests_green", direction="higher"),
        _run(1, "b1d9054", 4, "keep", "baseline: T1-T4 green"),
        _run(2, "b1d9054", 5, "checks_failed", "T5 recall_text passed benchmark but failed fmt check", asi=asi),
    )
    failed, record = experiments[1], result.records[1]
    assert failed["outcome"] == "crash" and failed["metric"]["value"] == 5
    assert "ran (tests_green 5) but failed (cargo fmt --check required" in failed["lesson"]
    assert "did not finish" not in failed["lesson"]
    assert record["hypothesis"] == {"statement": "a SQLite LIKE search is enough for keyword recall"}
    assert record["interpretation"] == {"explanation": asi["rollback_reason"]}  # why it failed
    assert "extensions" not in record  # both notes have their place in the record


def test_config_lines_that_name_several_metrics_give_each_record_its_segment_s() -> None:
    lines = (
        _config("speed", metric="tokens_per_s", direction="higher"),
        _run(1, "aaaa111", 900.0, "keep", "baseline"),
        _run(2, "bbbb222", 950.0, "keep", "fused adam"),
        _config("size", metric="artifact_mb", direction="lower"),
        _run(3, "cccc333", 15.9, "keep", "baseline"),
        _run(4, "dddd444", 16.4, "discard", "int8 embeddings"),
    )
    result, experiments = _convert(*lines)
    assert any("more than one metric (tokens_per_s, artifact_mb) and better direction" in note for note in result.notes)
    assert [e["metric"]["name"] for e in experiments] == ["tokens_per_s"] * 2 + ["artifact_mb"] * 2
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "baseline", "discard"]
    # each segment's own direction: 16.4 MB against 15.9 is a regression, 950 tokens/s against 900 a gain
    assert [e["metric"]["direction"] for e in experiments] == ["higher", "higher", "lower", "lower"]
    assert experiments[3]["failure_class"] == "regression"
    assert not any("cannot tell" in note for note in result.notes)
    # a direction the user gives still wins over every segment's
    _, told = _convert(*lines, direction="higher")
    assert {e["metric"]["direction"] for e in told} == {"higher"}


def test_a_config_line_no_run_follows_declares_nothing() -> None:
    # set up again before any run, or left at the end: the runs were all measured by the other one
    result, experiments = _convert(
        _config("speed", metric="tokens_per_s", direction="higher"),
        _config("speed", metric="total_ms", direction="lower"),
        _run(1, "aaaa111", 90.0, "keep", "baseline"),
        _run(2, "bbbb222", 95.0, "discard", "fused adam"),
        _config("next", metric="tokens_per_s", direction="higher"),
    )
    assert not any("more than one" in note for note in result.notes)
    assert {e["metric"]["name"] for e in experiments} == {"total_ms"}
    assert experiments[1]["failure_class"] == "regression"


def test_a_segment_s_metric_unit_is_its_config_s() -> None:
    config = {**_config("latency", metric="combined", direction="lower"), "metricUnit": "µs"}
    _, experiments = _convert(config, _run(1, "aaaa111", 3818, "keep", "baseline"), _run(2, "bbbb222", 3900, "discard", "x"))
    assert {e["metric"]["unit"] for e in experiments} == {"µs"}


def test_a_user_s_direction_and_metric_win_over_the_config_lines() -> None:
    lines = (
        _config("sweep", metric="val_bpb", direction="lower"),
        _run(1, "aaaa111", 1.30, "keep", "baseline", metrics={"tok_s": 900}),
        _run(2, "bbbb222", 1.31, "discard", "fused adam", metrics={"tok_s": 990}),
    )
    _, experiments = _convert(*lines, metric="tok_s", direction="higher")
    assert experiments[1]["metric"] == {
        "name": "tok_s",
        "value": 990.0,
        "baseline": 900.0,
        "direction": "higher",
        "delta": 90.0,
    }


def test_a_hypothesis_column_beside_the_description_is_the_record_s_hypothesis() -> None:
    log = (
        "commit\tval_bpb\tstatus\tdescription\thypothesis\n"
        "aaaa111\t1.30\tkeep\tbaseline\tbaseline\n"
        "bbbb222\t1.31\tdiscard\tlr 0.04 -> 0.08\ta higher LR converges faster in 5 minutes\n"
    )
    result = convert_bytes(log.encode(), "results.tsv", ConvertOptions())
    first, second = result.records
    assert "hypothesis" not in first and first["extensions"] == {"log:hypothesis": "baseline"}  # a label, no statement
    assert second["hypothesis"] == {"statement": "a higher LR converges faster in 5 minutes"}
    assert "extensions" not in second


def test_the_loop_s_hook_entries_are_no_runs_and_the_summary_counts_them() -> None:
    hook = {"type": "hook", "event": "after", "exitCode": 0, "stdout": "learned: warmup matters"}
    result, experiments = _convert(
        _config("sweep"),
        _run(1, "aaaa111", 1.30, "keep", "baseline"),
        hook,
        _run(2, "bbbb222", 1.31, "discard", "double the learning rate"),
        hook,
    )
    assert [e["outcome"] for e in experiments] == ["baseline", "discard"]
    assert [r["provenance"]["source"]["row"] for r in result.records] == [2, 4]
    assert not result.skipped
    assert any("2 line(s) are the loop's own entries, not runs: hook (2)" in note for note in result.notes)
    assert all(not any(k.startswith("log:event") or k == "log:stdout" for k in r.get("extensions", {})) for r in result.records)


def test_objects_with_a_type_are_rows_in_a_log_without_config_lines() -> None:
    log = b'{"type": "sweep", "status": "keep", "val_loss": 2.5, "note": "baseline"}\n' + (
        b'{"type": "sweep", "status": "discard", "val_loss": 2.6, "note": "dropout 0.1 -> 0.2"}\n'
    )
    result = convert_bytes(log, "runs.jsonl", ConvertOptions())
    assert [e["outcome"] for e in experiments_in(result)] == ["baseline", "discard"]


def test_a_stated_rollback_reason_tells_a_crash_of_the_environment_from_one_of_the_code() -> None:
    _, experiments = _convert(
        _config("sweep"),
        _run(1, "aaaa111", 1.30, "keep", "baseline"),
        _run(2, "bbbb222", 0, "crash", "double model width", asi={"rollback_reason": "CUDA out of memory at width 1536"}),
        _run(3, "cccc333", 0, "crash", "fused adam", asi={"rollback_reason": "AttributeError in the optimizer step"}),
    )
    assert [e["failure_class"] for e in experiments[1:]] == ["crash_infra", "crash_code"]
    assert "did not finish (CUDA out of memory at width 1536)" in experiments[1]["lesson"]


def test_a_config_that_says_its_direction_in_words_is_read() -> None:
    # another loop's config line: no bestDirection, the metric's name and its direction in words
    config = {"type": "config", "metric": "ux_debt (lower is better)", "baseline": 734.05}
    result, experiments = _convert(
        config,
        {"type": "result", "commit": "aaaa111", "score": 230.0, "status": "keep", "description": "focus ring on links"},
        {"type": "result", "commit": "bbbb222", "score": 227.0, "status": "keep", "description": "larger hit boxes"},
        {"type": "result", "commit": "cccc333", "score": 229.0, "status": "discard", "description": "bigger headings"},
    )
    assert {e["metric"]["direction"] for e in experiments} == {"lower"}
    assert experiments[2]["failure_class"] == "regression"
    assert not any("reads as higher-is-better" in note for note in result.notes)


def test_the_metric_that_measures_most_runs_says_what_kind_of_work_the_log_is() -> None:
    # a training log with one segment that timed a single run is no speed log
    accuracy = _config("distillation", metric="generalization_score", direction="higher")
    timing = _config("timing", metric="wall_seconds", direction="lower")
    runs = [_run(i, f"{i:07x}", 0.80 + i / 100, "discard", f"alpha={0.5 + i / 20:.2f}") for i in range(2, 7)]
    _, experiments = _convert(
        accuracy, _run(1, "aaaa111", 0.80, "keep", "baseline"), *runs, timing, _run(7, "b" * 7, 31.0, "keep", "x")
    )
    assert {e["change_category"] for e in experiments[1:6]} == {"other"}  # alpha: unplaced in an ML log, not systems


def test_a_reason_column_explains_a_failed_run_and_stays_the_log_s_for_a_kept_one() -> None:
    log = (
        "exp_id\tcv_rmse\tdecision\tdescription\treason\n"
        "1\t0.0472\tKEPT\tbaseline\tbaseline model\n"
        "2\t0.0462\tKEPT\tridge alpha 1 -> 10\tPerformance improved 2.82%\n"
        "3\t0.0473\tDISCARDED\tmedian imputer\tNegligible improvement\n"
    )
    records = convert_bytes(log.encode(), "experiment_log.tsv", ConvertOptions(direction="lower")).records
    assert "interpretation" not in records[1] and records[1]["extensions"] == {"log:reason": "Performance improved 2.82%"}
    assert records[2]["interpretation"] == {"explanation": "Negligible improvement"}
