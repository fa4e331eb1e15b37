"""Which numeric column is the metric, and which way it is better, when a log does not say it in its header."""

from __future__ import annotations

import json

import pytest

from nrr_spec.convert.columns import detect_layout
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes
from nrr_spec.convert.profiles import PROFILES


def _metric(text: str) -> str | None:
    lines = [line.split("\t") for line in text.strip().split("\n")]
    return detect_layout(lines[0], lines[1:]).metric_name()


FINE_TUNING = (
    "version\tstatus\tlr\tlora_r\tepochs\tseq_len\tloss\tnotes\n"
    "v1\tcompleted\t1e-4\t64\t1\t8192\t0.1557\tfirst run\n"
    "v2\tcompleted\t1e-4\t64\t1\t16384\t0.2235\tlonger context\n"
    "v3\tcompleted\t2e-4\t64\t1\t16384\t0.1870\thigher lr\n"
    "v4\tcompleted\t2e-4\t32\t1\t8192\t0.1402\tsmaller rank\n"
)


def test_a_setting_written_before_the_score_is_not_the_metric() -> None:
    # seq_len holds whole numbers the runs repeat; loss is what the runs measured
    assert _metric(FINE_TUNING) == "loss"


@pytest.mark.parametrize(
    ("header", "rows", "metric"),
    [
        # how many episodes a policy played is how it was evaluated, not how well it did
        ("episodes\tavg_reward", ["5\t0.8890", "3\t1.1482", "3\t1.2188", "3\t0.6360"], "avg_reward"),
        # a process's exit code, logged before the score
        ("exit_code\tfinal_val_bpb", ["0\t1.2210", "0\t1.2190", "137\t1.2500", "0\t1.2150"], "final_val_bpb"),
        # a speed is a score too: an inference loop optimises tokens per second
        ("active_B\ttok_sec", ["10.0\t0.93", "10.0\t1.13", "10.0\t2.41", "17.0\t1.86"], "tok_sec"),
    ],
)
def test_a_repeated_whole_number_gives_way_to_a_named_measurement(header: str, rows: list[str], metric: str) -> None:
    assert _metric("\n".join([header + "\tstatus\tdescription", *(f"{r}\tkeep\trun {i}" for i, r in enumerate(rows))])) == metric


def test_a_runtime_logged_before_the_score_is_not_the_metric() -> None:
    log = (
        "run_id\truntime\tbalanced_accuracy\tstatus\tdescription\n"
        "run_0\t5.51\t0.262\tbaseline\tbaseline\n"
        "run_1\t6.24\t0.266\tdiscard\tadd StandardScaler\n"
        "run_2\t4.9\t0.31\tkeep\tFastICA\n"
    )
    result = convert_bytes(log.encode(), "results.tsv", ConvertOptions(profile=PROFILES["autoresearch"]))
    assert {r["experiment"]["metric"]["name"] for r in result.records} == {"balanced_accuracy"}


def test_whole_number_scores_stay_the_metric() -> None:
    # audit scores are whole numbers that repeat: with no measured fraction beside them, the first is the metric
    log = "commit\tperformance\taccessibility\tstatus\tdescription\n" + "".join(
        f"c{i}\t{p}\t85\tkeep\tchange {i}\n" for i, p in enumerate((59, 59, 87, 87, 87, 90))
    )
    assert _metric(log) == "performance"


def test_a_column_that_varies_on_every_run_stays_the_metric() -> None:
    # `sip` is no known measurement's name, but its values differ run to run: never a setting
    log = "commit\tsip\tval_loss\tstatus\tdescription\n" + "".join(
        f"c{i}\t{s}\t{v}\tkeep\tchange {i}\n" for i, (s, v) in enumerate(((21.3, 0.51), (19.8, 0.50), (20.4, 0.49)))
    )
    assert _metric(log) == "sip"


def test_the_summary_and_the_records_name_the_measured_metric() -> None:
    result = convert_bytes(FINE_TUNING.encode(), "results.tsv", ConvertOptions(profile=PROFILES["autoresearch"]))
    assert not result.errors
    assert result.metric.startswith("loss, lower is better")
    assert {r["experiment"]["metric"]["name"] for r in result.records} == {"loss"}


def _judged_by(rows: list[dict[str, object]]) -> str:
    log = "\n".join(json.dumps(row) for row in rows)
    result = convert_bytes(log.encode(), "experiments.jsonl", ConvertOptions(profile=PROFILES["autoresearch"]))
    assert not result.errors
    return str(result.metric)


def test_a_field_the_rows_hold_says_which_way_is_better() -> None:
    # scikit-learn's convention, written by a loop whose score is an RMSE under a neutral name
    rows = [
        {"version": f"v{i}", "description": d, "oof_score_mean": v, "greater_is_better": False}
        for i, (d, v) in enumerate((("carry-forward floor", 15.9), ("GR alignment", 12.4), ("TabPFN stack member", 11.8)))
    ]
    assert _judged_by(rows).startswith("oof_score_mean, lower is better")
    # nested in the config, under the metric's own name
    rows = [
        {"description": d, "config": {"composite": {"higher_is_better": True}}, "composite": v, "status": "KEEP"}
        for d, v in (("XGBoost", 0.51), ("LightGBM", 0.55))
    ]
    assert _judged_by(rows).startswith("composite, higher is better")


def test_a_direction_field_of_something_else_decides_nothing() -> None:
    rows = [
        {"description": d, "config": {"baseline_model": {"greater_is_better": False}}, "composite": v, "status": "KEEP"}
        for d, v in (("XGBoost", 0.51), ("LightGBM", 0.55))
    ]
    assert "which way is better unknown" in _judged_by(rows)
