"""Logs laid out as people outside the corpus write them: semicolons and decimal commas, emoji
statuses, a description column under a name no list holds, nested JSON Lines fields."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from converting import experiments_in, experiments_of
from table_tests import table_test

from nrr_spec.convert.direction import direction_from_name
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes
from nrr_spec.convert.profiles import PROFILES
from nrr_spec.convert.settings_cells import parse_settings
from nrr_spec.convert.values import is_placeholder, normalise_status


def test_a_semicolon_log_with_decimal_commas_is_read_as_a_table_of_numbers() -> None:
    # What a spreadsheet set to a European locale saves as CSV.
    log = (
        "commit;val_loss;mem_gb;status;description\n"
        "aa11aa1;2,5100;40,5;keep;baseline\n"
        "bb22bb2;2,4800;40,9;keep;dropout 0,1 -> 0,2\n"
        "cc33cc3;2,5300;41,0;discard;warmup 0,1 -> 0,05\n"
    )
    experiments = experiments_of(log, "runs.csv")
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard"]
    assert [e["metric"]["value"] for e in experiments] == [2.51, 2.48, 2.53]
    assert experiments[1]["changes"] == [{"parameter": "dropout", "from": "0.1", "to": "0.2", "direction": "increase"}]
    assert experiments[2]["failure_class"] == "regression"
    assert experiments[0]["other_metrics"] == {"mem_gb": 40.5}


def test_a_semicolon_log_with_decimal_points_keeps_its_commas_in_words() -> None:
    log = "val_acc;status;notes\n0.80;keep;baseline\n0.82;keep;wider, deeper\n"
    experiments = experiments_of(log, "runs.csv")
    assert [e["metric"]["value"] for e in experiments] == [0.8, 0.82]
    assert experiments[1]["description"] == "wider, deeper"


test_emoji_status_marks = table_test(
    normalise_status,
    [("✅", "keep"), ("✔️", "keep"), ("👍", "keep"), ("❌", "discard"), ("✗", "discard"), ("💥", "crash"), ("🔥", "crash")],
)


test_a_status_word_with_a_remark_after_it_decides = table_test(
    normalise_status,
    [
        ("KEPT (rule b: full probe 0.1645 vs 0.1329, +3.2 pt)", "keep"),
        ("kept-provisional (probe -0.9pt within noise)", "keep"),
        ("accepted_offline_incumbent_arena_inconclusive", "keep"),
        ("CONFIRMED (full probe 0.2092 vs 0.1645)", "keep"),
        ("reverted vs exp001 (bpc -0.0012)", "discard"),
        ("rejected_primary_ce_only", "discard"),
        ("invalid (gradient mask left active)", "crash"),
        ("no-improvement", "discard"),
        ("not kept", "discard"),
        ("NEW CHAMPION (size/speed)", "keep"),  # the champion model is the one kept
        ("LANDED", "keep"),
        ("promote", "keep"),
        # the words of version control: a change committed stays, one reverted goes
        ("committed", "keep"),
        ("COMMITTED (+2 shifts)", "keep"),
        ("adopted", "keep"),
        ("TABLED", "discard"),
        ("KILL", "discard"),  # the idea killed at its gate; a run that was killed is a crash
        ("killed", "crash"),
        # a word of one or two letters is too common in remarks to decide; an unknown word decides nothing
        ("no gain but kept for speed", None),
        ("screening", None),
    ],
)


def test_an_emoji_status_column_decides_outcomes() -> None:
    log = (
        "commit\tval_loss\tstatus\tdescription\n"
        "e000001\t3.100\t✅\tbaseline\n"
        "e000002\t3.050\t✅ kept\tbatch size 32 -> 64\n"
        "e000003\t3.120\t❌\tswap AdamW for Lion\n"
        "e000004\t0.000\t💥\tseq len 2048 (OOM)\n"
    )
    experiments = experiments_of(log)
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard", "crash"]
    assert experiments[3]["failure_class"] == "crash_infra" and "value" not in experiments[3]["metric"]


def test_a_description_column_under_an_unlisted_name_is_found_by_its_words() -> None:
    log = (
        "step,mean_reward,outcome,what\n"
        "1,120.5,keep,baseline DQN\n"
        "2,135.0,keep,gamma 0.99 -> 0.995\n"
        "3,101.2,discard,target update every 500 steps instead of 1000\n"
        "4,139.9,discard,epsilon decay 0.995 -> 0.999\n"
    )
    records = convert_bytes(log.encode(), "runs.csv").records
    experiments = [r["experiment"] for r in records]
    assert [e.get("description") for e in experiments][1] == "gamma 0.99 -> 0.995"
    assert experiments[0]["outcome"] == "baseline"
    assert experiments[1]["changes"][0]["parameter"] == "gamma"
    assert "log:what" not in records[1].get("extensions", {})


def test_a_nested_summary_field_of_an_agent_jsonl_log_describes_its_runs() -> None:
    rows = [
        {"ts": "2025-06-01T09:00:00Z", "change": {"summary": "baseline"}, "result": {"val_loss": 2.314}, "decision": "keep"},
        {
            "ts": "2025-06-01T09:20:00Z",
            "change": {"summary": "n_head 8 -> 12"},
            "result": {"val_loss": 2.301},
            "decision": "keep",
        },
        {
            "ts": "2025-06-01T09:40:00Z",
            "change": {"summary": "weight decay 0.1 to 0.05"},
            "result": {"val_loss": 2.33},
            "decision": "discard",
        },
    ]
    text = "".join(json.dumps(row) + "\n" for row in rows)
    experiments = experiments_of(text, "agent.jsonl")
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard"]
    assert experiments[1]["changes"][0]["parameter"] == "n_head"
    assert experiments[2]["changes"][0]["to"] == "0.05"


def test_a_log_that_says_when_and_by_whom_dates_and_attributes_its_records() -> None:
    log = (
        "date_run,author,commit,val_loss,status,description\n"
        "2025-07-01T10:00:00Z,Alice Martin,f000001,2.50,baseline,baseline\n"
        "2025-07-02T11:00:00Z,Alice Martin,f000002,2.45,keep,lr 1e-3 -> 2e-3\n"
        "1751540400,Bob Chen,f000003,2.55,discard,dropout 0.2\n"
    )
    records = convert_bytes(log.encode(), "runs.csv").records
    assert [r.get("created") for r in records] == ["2025-07-01", "2025-07-02", "2025-07-03"]
    assert [r.get("authors") for r in records] == [[{"name": "Alice Martin"}]] * 2 + [[{"name": "Bob Chen"}]]
    assert all("extensions" not in r for r in records)


@pytest.mark.parametrize(
    ("header", "cell"),
    [("time_s", "12.5"), ("date", "yesterday"), ("time", "9.3s")],
    ids=["duration", "not-a-date", "duration-with-unit"],
)
def test_a_column_named_like_a_time_that_holds_no_dates_dates_nothing(header: str, cell: str) -> None:
    log = f"{header},val_loss,status,description\n{cell},2.5,keep,baseline\n{cell},2.4,keep,lr 0.1\n"
    records = convert_bytes(log.encode(), "runs.csv").records
    assert [r.get("created") for r in records] == [None, None]


DELTA_LOG = (
    "commit\tdelta\tstatus\tdescription\n"
    "0a0a0a0\t0\tbaseline\tstarting point\n"
    "1b1b1b1\t-0.012\tkeep\tlower lr to 2e-4\n"
    "2c2c2c2\t+0.004\tdiscard\tadd label smoothing 0.1\n"
    "3d3d3d3\t+0.00001\tdiscard\tdepth 12 -> 14\n"
    "4e4e4e4\t-0.003\tkeep\tcosine schedule\n"
    "5f5f5f5\t+0.02\tdiscard\tbatch 64 -> 256\n"
)


def test_a_log_of_deltas_compares_each_run_with_zero_and_reads_the_direction_from_kept_signs() -> None:
    # Each row's delta is already its run against the best of the moment: kept runs went down.
    records = convert_bytes(DELTA_LOG.encode(), "results.tsv").records
    experiments = [r["experiment"] for r in records]
    assert {e["metric"]["direction"] for e in experiments} == {"lower"}
    assert [e["metric"].get("baseline") for e in experiments[1:]] == [0.0] * 5
    assert [e.get("failure_class") for e in experiments] == [None, None, "regression", "no_improvement", None, "regression"]
    assert "from -0.012" not in records[2]["title"]


def test_a_delta_log_without_keeps_that_say_a_direction_still_asks_for_one() -> None:
    # No baseline row either: the first run too is measured against zero, not taken as the baseline.
    log = "delta\tstatus\tdescription\n+0.01\tdiscard\tlr 0.1\n-0.01\tdiscard\tlr 0.2\n"
    result = convert_bytes(log.encode(), "results.tsv")
    assert any("--direction" in note for note in result.notes)
    assert [r["experiment"]["metric"].get("baseline") for r in result.records] == [0.0, 0.0]


def test_status_words_in_another_language_are_named_and_the_runs_judged_by_words_and_metric() -> None:
    log = (
        "commit\tval_loss\tstatus\tdescription\n"
        "a1\t2.5\tbehalten\tbaseline\n"
        "a2\t2.4\tbehalten\tlr 0.1 -> 0.2\n"
        "a3\t2.6\tverworfen\tdropout 0.1\n"
        "a4\t0\tabsturz\tdepth 24 (OOM)\n"
    )
    result = convert_bytes(log.encode(), "results.tsv")
    experiments = experiments_in(result)
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard", "crash"]
    assert "value" not in experiments[3]["metric"]  # a crashed run's 0 is no measurement
    (note,) = [n for n in result.notes if "--status-map" in n]
    assert "behalten (2)" in note and "verworfen (1)" in note and "absturz (1)" in note


@pytest.mark.parametrize(
    ("kept", "discarded", "crashed", "baseline"),
    [("保留", "回滚", "崩溃", "基线"), ("採用", "破棄", "失敗", "ベースライン"), ("유지", "폐기", "실패", "베이스라인")],
)
def test_status_words_in_chinese_japanese_and_korean_decide_outcomes(
    kept: str, discarded: str, crashed: str, baseline: str
) -> None:
    # Without spaces between words a status is often followed by a remark: it still decides.
    log = (
        "commit\tval_loss\tstatus\tdescription\n"
        f"a1\t2.5\t{baseline}\tdefault\n"
        f"a2\t2.4\t{kept}\tlr 0.1 -> 0.2\n"
        f"a3\t2.6\t{discarded}(<10)\tdropout 0.1\n"
        f"a4\t0\t{crashed}\tdepth 24\n"
        f"a5\t2.3\t{kept}✔\tdropout 0.05\n"
    )
    result = convert_bytes(log.encode(), "results.tsv")
    assert [e["outcome"] for e in experiments_in(result)] == ["baseline", "keep", "discard", "crash", "keep"]
    assert not [n for n in result.notes if "--status-map" in n]


def test_a_round_counter_with_separator_rows_is_not_the_metric() -> None:
    # "---" rows between phases leave the counter a counter: the loop's score is the metric.
    log = (
        "round\tidea\tval_score\tstatus\n"
        "0\tdefault\t1.0\tbaseline\n"
        "1\tlr 0.1 -> 0.2\t1.2\tkeep\n"
        "2\tdropout 0.1\t0.9\tdiscard\n"
        "---\tphase 2: schedules\t\tdone\n"
        "3\tcosine schedule\t1.3\tkeep\n"
        "4\twarmup 100\t1.1\tdiscard\n"
    )
    experiments = experiments_in(convert_bytes(log.encode(), "results.tsv"))
    assert {e["metric"]["name"] for e in experiments if "metric" in e} == {"val_score"}


@pytest.mark.parametrize("held_out", ["val", "test", "valid"])
def test_a_score_logged_on_training_and_held_out_data_is_judged_on_the_held_out_one(held_out: str) -> None:
    # A strategy searched on one period and validated on the next: what it keeps follows the held-out score.
    log = (
        f"round\tstrategy\ttrain_score\t{held_out}_score\ttrain_drawdown\t{held_out}_drawdown\tstatus\n"
        "0\tmoving-average crossover\t-0.26\t-1.60\t38.6%\t17.8%\tbaseline\n"
        "1\tRSI mean reversion\t-1.82\t-3.22\t82.1%\t40.9%\tdiscard\n"
        "2\tDonchian(72/36)\t0.48\t0.54\t27.4%\t11.5%\tkeep\n"
        "3\tDonchian(64/30)\t0.36\t0.98\t27.5%\t10.4%\tkeep\n"
    )
    experiments = experiments_in(convert_bytes(log.encode(), "results.tsv"))
    assert {e["metric"]["name"] for e in experiments} == {f"{held_out}_score"}
    assert experiments[-1]["metric"]["baseline"] == 0.54  # the kept values rise on the held-out period
    # the drawdown columns say a strategy is scored, the split word in the metric's name does not say ML
    assert {e["change_category"] for e in experiments[1:]} == {"strategy"}


# A loop that opens its results file with what it searches for, before the header.
_COMMENTED_LOG = """# metric_direction: {declared}
# goal: faster compiles
iteration\tcommit\tmetric\tstatus\tdescription
0\ta1b2c3d\t1.6351\tbaseline\tinitial state
1\tb2c3d4e\t1.6438\tdiscard\tguard initialize_llvm()
2\tc3d4e5f\t1.6305\tdiscard\tdisable loop unrolling
"""


@pytest.mark.parametrize(("declared", "kept"), [("lower_is_better", 1.6305), ("higher_is_better", 1.6438)])
def test_comment_lines_above_the_table_are_no_rows_and_declare_the_direction(declared: str, kept: float) -> None:
    result = convert_bytes(_COMMENTED_LOG.format(declared=declared).encode(), "results.tsv")
    rows = [(r["provenance"]["source"]["row"], r["provenance"]["source"]["line"]) for r in result.records]
    assert rows == [(1, 4), (2, 5), (3, 6)]  # rows count after the header, lines in the file
    experiments = experiments_in(result)
    assert [e["outcome"] for e in experiments] == ["baseline", "discard", "discard"]
    assert {(e["metric"]["name"], e["metric"]["direction"]) for e in experiments} == {("metric", declared.split("_")[0])}
    # the run that moved the metric against the declared direction is the regression
    classes = {e["metric"]["value"]: e.get("failure_class") for e in experiments[1:]}
    assert classes.pop(kept) != "regression" and list(classes.values()) == ["regression"]


def test_a_hash_that_is_a_cell_of_its_own_is_a_header_not_a_comment() -> None:
    log = "#\tcommit\tval_bpb\tstatus\tdescription\n1\ta1\t1.0\tkeep\tbaseline\n2\ta2\t1.1\tdiscard\tlr 0.1\n"
    experiments = experiments_in(convert_bytes(log.encode(), "results.tsv"))
    assert [e["outcome"] for e in experiments] == ["baseline", "discard"]
    assert {e["metric"]["name"] for e in experiments} == {"val_bpb"}


def test_a_row_counter_with_gaps_where_rows_were_deleted_is_not_the_metric() -> None:
    rows = "".join(f"{i}\tc{i}\t{1000 - 3 * i}\tkept\tshorter helper {i}\n" for i in [*range(0, 12), *range(15, 20)])
    log = "iteration\tcommit\tmetric\tstatus\tdescription\n" + rows
    experiments = experiments_in(convert_bytes(log.encode(), "results.tsv"))
    assert {e["metric"]["name"] for e in experiments if "metric" in e} == {"metric"}


def test_a_few_unknown_status_words_among_known_ones_stay_undecided_and_are_named() -> None:
    log = (
        "commit\tval_loss\tstatus\tdescription\n"
        "a1\t2.5\tkeep\tbaseline\n"
        "a2\t2.4\tkeep\tlr 0.1 -> 0.2\n"
        "a3\t2.3\tcontender\tlr 0.2 -> 0.3\n"
        "a4\t2.6\tdiscard\tdropout 0.1\n"
    )
    result = convert_bytes(log.encode(), "results.tsv")
    assert [r["experiment"]["outcome"] for r in result.records] == ["baseline", "keep", "other", "discard"]
    (note,) = [n for n in result.notes if "--status-map" in n]
    assert "contender (1)" in note


def test_roles_nested_in_json_lines_objects_are_found_by_their_own_key() -> None:
    rows = [
        {
            "run": {"id": "r4", "commit": "abc1234"},
            "eval": {"accuracy": 0.70},
            "outcome": {"status": "baseline", "notes": "plain resnet"},
        },
        {
            "run": {"id": "r5", "commit": "abc1235"},
            "eval": {"accuracy": 0.72},
            "outcome": {"status": "keep", "notes": "mixup alpha 0.2"},
        },
        {
            "run": {"id": "r6", "commit": "abc1236"},
            "eval": {"accuracy": 0.74},
            "outcome": {"status": "discard", "notes": "cutmix 0.5"},
        },
    ]
    text = "".join(json.dumps(row) + "\n" for row in rows)
    records = convert_bytes(text.encode(), "agent.jsonl").records
    assert [r["experiment"]["outcome"] for r in records] == ["baseline", "keep", "discard"]
    assert [r["experiment"].get("commit") for r in records] == ["abc1234", "abc1235", "abc1236"]
    assert records[2]["experiment"]["description"] == "cutmix 0.5"
    assert records[2]["extensions"] == {"log:run.id": "r6"}  # the run id no role reads is kept


def test_a_metric_the_log_does_not_have_converts_nothing() -> None:
    # A typo in --metric must not write records judged without the metric the user asked for.
    log = "commit\taccuracy\tstatus\tdescription\na1\t0.7\tkeep\tbaseline\na2\t0.6\tdiscard\tlr 0.1\n"
    result = convert_bytes(log.encode(), "results.tsv", ConvertOptions(metric="acuracy"))
    assert result.records == [] and result.rows_read == 0
    (error,) = result.errors
    assert "no column named 'acuracy'" in error and "accuracy" in error


WANDB_TABLE = (
    '"Name","State","Notes","User","Tags","Created","Runtime","Sweep","batch_size","lr","warmup_steps","eval/win_rate"\n'
    '"run-a","finished","first policy","kim","ppo","2025-05-01T08:00:00.000Z","3600","","64","0.0003","100","0.41"\n'
    '"run-b","finished","","kim","ppo","2025-05-01T10:00:00.000Z","3500","","128","0.0003","100","0.45"\n'
    '"run-c","finished","","kim","ppo","2025-05-01T12:00:00.000Z","3600","","128","0.0003","100","0.44"\n'
    '"run-d","finished","","lee","ppo","2025-05-01T14:00:00.000Z","3550","","128","0.0003","500","0.43"\n'
    '"run-e","finished","","lee","ppo","2025-05-01T16:00:00.000Z","3550","","128","0.0003","0","0.42"\n'
)


def test_a_setting_most_runs_share_is_configuration_in_a_wandb_table() -> None:
    # warmup_steps is 100 on three of five runs: a setting, not a measurement.
    result = convert_bytes(WANDB_TABLE.encode(), "runs.csv", ConvertOptions(profile=PROFILES["wandb"], judge_by_metric=True))
    assert not any("warmup_steps" in note for note in result.notes)
    run_d = next(r for r in result.records if r["id"].endswith("run-d"))["experiment"]
    assert run_d["changes"] == [{"parameter": "warmup_steps", "from": "100", "to": "500", "direction": "increase"}]
    assert "warmup_steps" not in run_d.get("other_metrics", {})


test_metric_names_every_practitioner_reads_one_way = table_test(
    direction_from_name,
    [
        ("elo", "higher"),
        ("top1", "higher"),
        ("success_rate", "higher"),
        ("ndcg@10", "higher"),
        ("mrr", "higher"),
        ("miou", "higher"),
        ("dice", "higher"),
        ("r2", "higher"),
        ("fps", "higher"),
        ("decode_tps", "higher"),
        ("qps", "higher"),
        ("tflops", "higher"),
        ("mfu", "higher"),
        ("solved", "higher"),
        ("exact_match", "higher"),
        ("cagr", "higher"),
        ("sortino", "higher"),
        ("runtime", "lower"),
        ("wall_s", "lower"),
        ("energy_j", "lower"),
        ("kl_divergence", "lower"),
        ("bits_per_byte", "lower"),
        ("test_failures", "lower"),
        ("violations", "lower"),
        ("cycles", "lower"),
        ("tests_passed", "higher"),
        ("hpd_mean", None),
        ("patient_auprc_weighted", "higher"),
        ("auroc", "higher"),
        ("roi", "higher"),
        ("j_index", "higher"),
        ("cohen_kappa", "higher"),
        ("map_50", "higher"),
        ("lpips", "lower"),
        ("mape", "lower"),  # no mean average precision
        ("brier_score", "lower"),  # a score named for what it penalises
        ("crps", "lower"),
        ("cost_efficiency_score", None),  # a cost and a score: the name alone cannot say
    ],
)


def test_a_column_of_numbers_under_a_status_name_is_the_metric_not_the_status() -> None:
    # `result` may head a status column (keep/discard) or, as here, the measured value.
    log = "iteration,result,notes\n1,0.812,baseline\n2,0.826,lr 3e-3\n3,0.801,sgd instead of adam\n"
    result = convert_bytes(log.encode(), "runs.csv", ConvertOptions(direction="higher", judge_by_metric=True))
    assert not result.skipped
    experiments = experiments_in(result)
    assert [e["metric"]["name"] for e in experiments] == ["result"] * 3
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard"]  # judged by it


def test_a_status_column_of_ones_and_zeros_stays_the_status() -> None:
    log = "commit,val_loss,kept,description\na1,2.0,1,baseline\na2,1.9,1,lr 0.1\na3,2.1,0,lr 0.3\n"
    experiments = experiments_of(log, "runs.csv")
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard"]


def test_a_log_saved_in_windows_1252_keeps_its_accents_and_says_how_it_was_read() -> None:
    # Excel on Windows saves a CSV in the machine's code page, not UTF-8.
    log = "commit;val_loss;status;description\na1;2,50;keep;baseline\na2;2,40;keep;réduire lr à 1e-4 (modèle déjà stable)\n"
    result = convert_bytes(log.encode("cp1252"), "runs.csv")
    assert result.records[1]["experiment"]["description"] == "réduire lr à 1e-4 (modèle déjà stable)"
    (note,) = [n for n in result.notes if "UTF-8" in n]
    assert "Windows-1252" in note and "line 3" in note


def test_the_summary_counts_rows_skipped_for_one_reason_once(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from nrr_spec.cli import main

    rows = "".join(f"{i}\t{0.5 + i / 100}\t{i + 7}\tnotes\n" for i in range(6))
    log = tmp_path / "results.tsv"
    log.write_text("commit\tval_loss\tstatus\tdescription\na1\t2.0\tkeep\tbaseline\n" + rows, encoding="utf-8")
    done = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "--output", "-"])
    summary = done.stderr.splitlines()
    assert sum("row" in line and "skipped:" in line for line in summary) == 6  # each row, with its line
    (grouped,) = [line for line in summary if line.startswith("  skipped ")]
    assert grouped.startswith("  skipped 6: a number (") and "another table" in grouped


def test_a_column_of_paths_or_addresses_is_no_description() -> None:
    log = (
        "run,val_loss,status,artifacts\n"
        "1,2.5,keep,s3://bucket/runs/1/model.pt\n"
        "2,2.4,keep,s3://bucket/runs/2/model.pt\n"
        "3,2.6,discard,/scratch/runs/3/model.pt\n"
    )
    records = convert_bytes(log.encode(), "runs.csv").records
    assert all("description" not in r["experiment"] for r in records)
    assert records[0]["extensions"]["log:artifacts"] == "s3://bucket/runs/1/model.pt"


def test_a_speed_is_the_score_of_a_loop_that_logs_nothing_else() -> None:
    log = (
        "commit\ttokens_per_sec\tmemory_gb\tstatus\tdescription\n"
        "a000001\t1000\t40\tkeep\tbaseline\n"
        "a000002\t1100\t40\tkeep\tfuse qkv projections\n"
        "a000003\t900\t40\tdiscard\tflash attention off\n"
    )
    experiments = experiments_of(log)
    assert [(e["metric"]["name"], e["metric"]["direction"]) for e in experiments] == [("tokens_per_sec", "higher")] * 3
    assert experiments[2]["failure_class"] == "regression"


def test_how_many_examples_a_run_saw_is_not_its_score() -> None:
    log = (
        "commit\texamples\tval_ce\tstatus\tdescription\n"
        "a000001\t161408\t4.505\tkeep\tbaseline\n"
        "a000002\t160384\t4.506\trejected_primary_ce_only\tsampled target anchors\n"
        "a000003\t168576\t4.501\taccepted_offline_incumbent\tprojector depth 1\n"
    )
    experiments = experiments_of(log, direction="lower")
    assert {e["metric"]["name"] for e in experiments} == {"val_ce"}
    assert [e["outcome"] for e in experiments] == ["baseline", "discard", "keep"]


def test_a_count_that_starts_again_a_constant_column_and_a_baseline_column_are_not_the_score() -> None:
    rows = [(i % 4 + 1, 6, 0.9, 1.0 - i / 100, 100 + (i * 7) % 5) for i in range(8)]  # attempts 1-4, 1-4
    log = "attempt\trequired_passes\tbaseline\tscore\ttotal_ms\tstatus\tdescription\n" + "".join(
        f"{a}\t{r}\t{b}\t{s:.2f}\t{t}\t{'keep' if i % 3 == 0 else 'discard'}\tchange {i}\n"
        for i, (a, r, b, s, t) in enumerate(rows)
    )
    experiments = experiments_of(log)
    assert {e["metric"]["name"] for e in experiments} == {"score"}
    # without the score, the time that varies is what is left to judge by, not the count that never moves
    no_score = "\n".join("\t".join(c for j, c in enumerate(line.split("\t")) if j != 3) for line in log.splitlines())
    assert {e["metric"]["name"] for e in experiments_of(no_score + "\n")} == {"total_ms"}


def test_a_score_that_never_moved_is_still_the_score_when_only_ids_vary() -> None:
    # a verification loop whose runs all scored the same: the job id varies, the reward does not
    log = "experiment_id\tjob_id\tmean_reward\tpromote\tcomment\n" + "".join(
        f"EXP-{i:03d}\t{6858988 + i * 917}\t{'-1.0' if i % 3 else 'null'}\tfalse\tverification run {i}\n" for i in range(1, 9)
    )
    experiments = experiments_of(log)
    assert len(experiments) == 8
    assert {e["metric"]["name"] for e in experiments if "metric" in e} == {"mean_reward"}


test_names_that_say_which_way_is_better = table_test(
    direction_from_name,
    [
        ("cosine_sim", "higher"),
        ("coverage_after", "higher"),
        ("target_hits", "higher"),
        ("ms_per_step", "lower"),
        ("samples_per_s", "higher"),
    ],
)


def test_a_header_naming_metrics_at_a_cutoff_is_a_header() -> None:
    log = (
        "commit\tndcg@10\tmap@100\tmemory_gb\tstatus\tdescription\n"
        "d30ed59\t0.352\t0.126\t8.6\tkeep\tbaseline: MiniLM-L6-v2 InfoNCE batch=128\n"
        "941a194\t0.398\t0.150\t16.7\tkeep\te5-small-v2 with query/passage prefixes\n"
        "a41b1c2\t0.390\t0.149\t16.7\tdiscard\tbatch=256\n"
    )
    experiments = experiments_of(log)
    assert len(experiments) == 3  # the header is no row
    assert {(e["metric"]["name"], e["metric"]["direction"]) for e in experiments} == {("ndcg@10", "higher")}


def test_the_loops_decision_wins_over_how_the_run_went() -> None:
    log = (
        "id\tdescription\tbest_reward\tstatus\tdecision\n"
        "000\tbaseline\t10.0\tsuccess\tKEEP\n"
        "001\tnum_envs 16384\t12.0\tsuccess\tKEEP\n"
        "002\tlr 3e-4\t11.0\tfail\tREVERT\n"
        "003\tlonger rollouts\t12.5\tplateau\tKEEP\n"
    )
    experiments = experiments_of(log, direction="higher")
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard", "keep"]
    # a run's own status column, alone, is still read as the status
    alone = "\n".join("\t".join(line.split("\t")[:4]) for line in log.splitlines()) + "\n"
    assert any(e["outcome"] == "other" for e in experiments_of(alone, direction="higher"))


def test_a_status_that_never_varies_gives_way_to_a_column_of_decisions_under_another_name() -> None:
    # A kernel loop's `correctness` is PASS on every row; its `tag` says what was kept.
    log = (
        "experiment\ttag\tthroughput_tflops\tcorrectness\tdescription\n"
        "1\tkept\t27.5\tPASS\tbaseline\n"
        "2\tkept\t32.4\tPASS\tBLOCK_M=128\n"
        "3\trevert\t20.3\tPASS\tBLOCK_K=64\n"
        "4\trevert\t28.5\tPASS\tnum_warps=2\n"
        "5\tkept\t33.0\tPASS\tnum_stages=3\n"
    )
    experiments = experiments_of(log)
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard", "discard", "keep"]
    assert {e["session"] for e in experiments} == {"results"}  # the tag names no session: the log's name does
    # a switch's values beside a status that never varies are a setting, not decisions
    switches = log.replace("kept", "true").replace("revert", "false").replace("tag", "use_ema")
    assert {e["outcome"] for e in experiments_of(switches)[1:]} == {"keep"}


def test_a_huge_round_score_is_a_placeholder_for_no_result_and_sets_no_scale() -> None:
    log = (
        "attempt\tfitness\tkept\tdescription\n"
        "1\t1e30\tno\trateless sketch: eval killed after 51min\n"
        "2\t162726783\tyes\tBF-only multi-round sketch\n"
        "3\t120781831\tyes\ttopology-dispatched rounds\n"
        "4\t117116405\tyes\tbump fpr 0.01->0.05\n"
        "5\t113637073\tyes\tbump tree fpr 0.05->0.1\n"
        "6\t117452172\tno\tBF+RIBLT for star and tree\n"
    )
    experiments = experiments_of(log, direction="lower")
    assert "value" not in experiments[0]["metric"] and experiments[0]["outcome"] == "crash"
    assert experiments[5]["failure_class"] == "regression"  # 3.4% worse: not within the noise of a 1e30 spread
    assert [is_placeholder(v) for v in (1e30, -1e9, 3.4028234663852886e38, 1.2e20, 162799142.0, 1e9)] == [
        True,
        True,
        True,
        False,  # a count of FLOPs is a measurement
        False,
        False,
    ]


def test_a_column_named_as_the_description_of_something_describes_the_runs() -> None:
    log = (
        "exp\texperiment_desc\tdecode_tps\tstatus\tnotes\n"
        "0\tbaseline (seqs=4)\t27.4\tkept\toriginal config\n"
        "1\tmax_batched_tokens=16384\t26.0\treverted\tCUDA graph memory too high\n"
    )
    experiments = experiments_of(log, direction="higher")
    assert experiments[1]["description"] == "max_batched_tokens=16384"
    assert experiments[1]["changes"][0]["parameter"] == "max_batched_tokens"


def test_a_summary_of_the_change_describes_the_runs_before_a_note_on_the_result() -> None:
    log = (
        "iteration\tdecision\tmetric_value\thypothesis\tchange_summary\tnote\n"
        "0\tbaseline\t284\tInitial state\tnothing changed\tUnmatched: 156\n"
        "1\tkeep\t312\tNames are shorter on one side\tTruncate search to 20 chars\t+22 matches\n"
        "2\tkeep\t323\tShorter still\tChanged truncation threshold from 20 to 15 chars\t+11 matches\n"
    )
    experiments = experiments_of(log, direction="higher")
    assert experiments[1]["description"] == "Truncate search to 20 chars"
    assert experiments[2]["changes"][0]["parameter"] == "truncation_threshold"
    assert all(c["parameter"] != "n_matches" for e in experiments for c in e.get("changes", []))


@pytest.mark.parametrize("word", ["基线", "基准", "ベースライン", "基準", "베이스라인"])
def test_a_description_that_says_baseline_in_chinese_japanese_or_korean_is_the_baseline(word: str) -> None:
    # A baseline's stated settings are where the kept line starts: the next row changes nl from 200.
    log = f"commit\tsharpe\tstatus\tdescription\na1\t0.10\tkeep\t{word}(nl=200,lr=0.01)\na2\t0.05\tdiscard\tnl=50\n"
    experiments = experiments_of(log, direction="higher")
    assert experiments[0]["outcome"] == "baseline" and experiments[0]["changes"] == []
    assert experiments[1]["changes"] == [{"parameter": "nl", "from": "200", "to": "50", "direction": "decrease"}]


def test_a_column_that_repeats_a_label_on_every_row_describes_no_run() -> None:
    # `change_summary` would describe the runs by its name; here it files each under a few labels,
    # and the hypothesis beside it says what each run changed.
    log = "iteration\tdecision\tmetric_value\thypothesis\tchange_summary\n" + "".join(
        f"{i}\t{s}\t{v}\t{h}\t{label}\n"
        for i, (s, v, h, label) in enumerate(
            [
                ("keep", 66.5, "基线: block32 + MTP5", "baseline"),
                ("discard", 43.4, "mtp=0", "perf"),
                ("discard", 60.5, "kv_dtype=fp8", "perf"),
                ("keep", 74.5, "seqs=20", "perf"),
                ("discard", 69.4, "bt=12288", "perf"),
                ("keep", 76.2, "mml=131072", "perf"),
            ],
            start=1,
        )
    )
    experiments = experiments_of(log, direction="higher")
    assert experiments[0]["outcome"] == "baseline"  # "基线" is the baseline
    assert [c["parameter"] for e in experiments[1:] for c in e["changes"]] == ["mtp", "kv_dtype", "seqs", "bt", "mml"]


def test_a_column_of_the_changes_made_describes_the_runs_before_the_hypothesis() -> None:
    log = (
        "exp_id\thypothesis\tconfig_changes\treward\tstatus\n"
        "001\tThe fix holds at a higher rate\tlr=5e-5 eps-clip=0.05\t0.01\tdiscard\n"
        "002\tA tighter clip rescues it\tlr=5e-5 eps-clip=0.02\t0.008\tdiscard\n"
    )
    experiments = experiments_of(log, direction="higher")
    assert experiments[1]["description"] == "lr=5e-5 eps-clip=0.02"
    assert ["eps_clip", "0.02"] in [[c["parameter"], c["to"]] for c in experiments[1]["changes"]]


def test_the_idea_tried_describes_the_runs_before_a_review_of_how_it_went() -> None:
    log = (
        "run_id\tmetric_value\tdecision\tidea\treview_note\n"
        "b1\t0.90\tkeep\tbaseline\tcurrent kept state\n"
        "i2\t0.94\tkeep\tsimplify gate evidence parser\tmetric improved and driver became simpler\n"
        "i3\t0.96\tdiscard\tadd broad exploratory proxy family\timprovement below epsilon and code became more complex\n"
    )
    experiments = experiments_of(log, direction="higher")
    assert experiments[2]["description"] == "add broad exploratory proxy family"
    assert [c["parameter"] for c in experiments[2]["changes"]] == ["broad_exploratory_proxy_family"]


def test_a_run_named_for_what_it_tries_describes_it_when_the_note_only_reports_the_result() -> None:
    log = (
        "timestamp\texperiment\trho_sq\tkept\tnotes\n"
        "2026-03-30 00:56\tbaseline_tastenet\t0.5425\tY\tinitial baseline\n"
        "2026-03-30 01:08\texp03_multihead_interactions\t0.5618\tY\timproved +0.018935\n"
        "2026-03-30 02:29\texp17_self_attention\t0.5750\tN\tno improvement (baseline=0.575745)\n"
        "2026-03-30 02:35\texp18_dropout_0.2\t0.5731\tN\tdropout 0.2 did not help\n"
        "2026-03-30 02:41\tsunny-fox-3\t0.5730\tN\tno improvement (baseline=0.575745)\n"
    )
    experiments = experiments_of(log, direction="higher")
    assert [(c["parameter"], c["to"]) for c in experiments[2]["changes"]] == [("attention", "self")]
    assert experiments[2]["change_category"] == "architecture"
    assert [c["parameter"] for c in experiments[1]["changes"]] == ["multihead_interactions"]
    # the description's own change comes first; a tracker's generated name says nothing
    assert [(c["parameter"], c["to"]) for c in experiments[3]["changes"]] == [("dropout", "0.2")]
    assert experiments[4]["changes"] == []
    # "baseline=0.575745" is the bar the run was measured against, no setting
    assert all(c["parameter"] != "baseline" for e in experiments for c in e.get("changes", []))


def test_a_run_named_by_a_setting_and_its_value_sets_it_when_the_row_says_nothing_else() -> None:
    log = (
        '{"experiment": "baseline", "metrics": {"hit_rate": 0.563}, "notes": ""}\n'
        '{"experiment": "learning_rate_0.01", "metrics": {"hit_rate": 0.561}, "notes": ""}\n'
        '{"experiment": "bagging_fraction_0.9", "metrics": {"hit_rate": 0.566}, "notes": ""}\n'
        '{"experiment": "runpod_ff46008_03310841", "metrics": {"hit_rate": 0.560}, "notes": ""}\n'
    )
    experiments = [r["experiment"] for r in convert_bytes(log.encode(), "results.jsonl").records]
    assert [(c["parameter"], c["to"]) for c in experiments[1]["changes"]] == [("learning_rate", "0.01")]
    assert [(c["parameter"], c["to"]) for c in experiments[2]["changes"]] == [("bagging_fraction", "0.9")]
    assert all(c["to"] != "03310841" for c in experiments[3]["changes"])  # a pod's id and a stamp set nothing


def test_an_iteration_number_is_no_metric_even_where_the_count_repeats_a_number() -> None:
    log = (
        "# metric_direction: higher_is_better\n"
        "iteration\tcommit\tmetric\tdelta\tstatus\tdescription\n"
        "0\t1689bd0\t0.362\t0.0\tbaseline\tbaseline\n"
        "1\t-\t0.362\t0.0\tdiscard\tlower min_samples_leaf to 25\n"
        "2\t-\t0.359\t-0.003\tdiscard\traise l2_regularization to 0.5\n"
        "2\t55c73bc\t0.369\t0.006\tkeep\traise min_samples_leaf to 35\n"
        "3\t-\t0.365\t-0.004\tdiscard\tdepth 6\n"
    )
    experiments = experiments_of(log)
    assert {e["metric"]["name"] for e in experiments} == {"metric"}
    assert experiments[3]["metric"]["value"] == 0.369


def test_rows_that_all_stop_a_cell_short_of_the_header_are_read_from_the_left_and_said_so() -> None:
    header = "timestamp\titeration\tdecision\tmetric_value\thypothesis\tchange_summary\tlabels\tnote\n"
    rows = "".join(f"2026-08-18T18:{i:02d}\t{i}\tdiscard\t6{i}.5\tseqs={i}\tperf\t+{i}% faster\n" for i in range(1, 7))
    result = convert_bytes((header + rows).encode(), "results.tsv")
    assert len(result.records) == 6 and not result.skipped
    [note] = [n for n in result.notes if "fewer than the header" in n]
    assert "6 of 6 rows have 1 cell(s) fewer than the header's 8 names" in note
    assert "`note` stays empty" in note and "read from `hypothesis`" in note and "--map" in note
    # the same rows with the last cell written: nothing to say
    full = "".join(line + "\t\n" for line in rows.splitlines())
    assert not [n for n in convert_bytes((header + full).encode(), "results.tsv").notes if "fewer than" in n]


def test_two_records_written_on_one_line_are_said_to_be() -> None:
    log = (
        "commit\tfitness\trecall\tstatus\tdescription\n"
        "8149aad\t0.588\t0.20\tbaseline\tinitial parameters\n"
        "d40cda4\t0.589\t0.20\tdiscard\tlower threshold to 0.5d34faa1\t0.587\t0.20\tkeep\traise prune_threshold to 0.3\n"
        "eb4e66c\t0.585\t0.20\tdiscard\tlower threshold to 0.2\n"
    )
    result = convert_bytes(log.encode(), "results.tsv", ConvertOptions(direction="higher"))
    [note] = [n for n in result.notes if "one line" in n]
    assert note.startswith("results.tsv:3: row 2 holds 9 cells where the header names 5") and "line break" in note
    assert len(result.records) == 3  # read as one record, the second kept in its description
    assert "raise prune_threshold" in result.records[1]["experiment"]["description"]
    # a row of another table, numbers where the status stands, is no such line
    other = log.replace("d40cda4\t0.589\t0.20\tdiscard\t", "d40cda4\t0.589\t0.20\t0.5\t").replace("\tkeep\t", "\t0.7\t")
    assert not [n for n in convert_bytes(other.encode(), "results.tsv").notes if "one line" in n]


def test_a_column_of_run_labels_named_idea_gives_way_to_the_notes_that_say_what_ran() -> None:
    log = (
        "date\tidea\tcommit\tll\tverdict\tnotes\n"
        "2026-07-11\tA1\t574c579\t0.6318\tKEEP\tbaseline logistic model\n"
        "2026-07-11\tA2\tc337826\t0.6308\tKEEP\tincrease n_estimators from 300 to 600\n"
        "2026-07-12\tB1\td994bbd\t0.6400\tREVERT\tadd venue interaction features\n"
        "2026-07-12\tD13b\te11aa20\t0.6420\tREVERT\tlower learning rate to 0.01\n"
    )
    experiments = experiments_of(log, direction="lower")
    assert experiments[1]["description"] == "increase n_estimators from 300 to 600"
    assert [(c["parameter"], c["to"]) for c in experiments[1]["changes"]] == [("n_estimators", "600")]
    assert experiments[3]["changes"][0]["to"] == "0.01"


def test_a_column_of_settings_gives_each_run_the_settings_it_changed_from_the_kept_ones() -> None:
    log = (
        "trial\tscore\tstatus\tdescription\thyperparams\n"
        '1\t0.50\tkeep\tbaseline\t{"max_depth": 5, "lr": 0.01, "subsample": 0.85}\n'
        '2\t0.48\tdiscard\tTPE trial\t{"max_depth": 8, "lr": 0.01, "subsample": 0.85}\n'
        '3\t0.55\tkeep\tTPE trial\t{"max_depth": 5, "lr": 0.02, "subsample": 0.85}\n'
        '4\t0.53\tdiscard\tTPE trial\t{"max_depth": 5, "lr": 0.02, "subsample": 0.9}\n'
    )
    changes = [
        [(c["parameter"], c["from"], c["to"], c["direction"]) for c in e.get("changes", [])]
        for e in experiments_of(log, direction="higher")
    ]
    assert changes[0] == []  # the baseline's settings are its configuration
    assert changes[1] == [("max_depth", "5", "8", "increase")]
    assert changes[2] == [("learning_rate", "0.01", "0.02", "increase")]
    assert changes[3] == [("subsample", "0.85", "0.9", "increase")]  # compared with the last kept run, not the run before


@pytest.mark.parametrize(
    ("column", "cells"),
    [
        ("notes", ["depth=6 lr=0.05", "family=lightgbm", "family=xgboost feats=5"]),  # a note, in settings' words
        ("category_scores", ["absence=0.25,compound=0.0", "absence=0.0,compound=1.0", "absence=0.5,compound=1.0"]),  # measured
        ("shapes", ['{"16000": [934, 920]}', '{"16000": [940, 945]}', '{"16000": [938, 943]}']),  # counts by size
        ("setup", ["lr=0.1 with warmup", "lr=0.2 and no warmup", "lr=0.3 longer"]),  # sentences
        # the log's own measurements, broken down by region
        (
            "regional",
            [
                '{"aust": {"val_loss": 0.9, "rmse": 0.61}, "boas": {"val_loss": 0.8, "rmse": 0.58}}',
                '{"aust": {"val_loss": 0.8, "rmse": 0.59}, "boas": {"val_loss": 0.7, "rmse": 0.55}}',
                '{"aust": {"val_loss": 0.7, "rmse": 0.52}, "boas": {"val_loss": 0.6, "rmse": 0.51}}',
            ],
        ),
    ],
)
def test_a_column_that_only_looks_like_settings_changes_nothing(column: str, cells: list[str]) -> None:
    log = f"commit\tval_loss\tstatus\tdescription\t{column}\n" + "".join(
        f"c{i}\t{1.0 - i / 10}\t{'keep' if i == 0 else 'discard'}\t{text}\t{cell}\n"
        for i, (text, cell) in enumerate(zip(["baseline", "increase dropout to 0.2", "add weight decay 0.1"], cells, strict=True))
    )
    experiments = experiments_of(log)
    assert [c["parameter"] for c in experiments[1]["changes"]] == ["dropout"]
    assert [c["parameter"] for c in experiments[2]["changes"]] == ["weight_decay"]


def _finished_log(descriptions: list[str]) -> str:
    values = [0.33, 0.49, 0.45, 0.52, 0.50, 0.55]
    return "f1\tstatus\tchange\n" + "".join(f"{v}\tok\t{d}\n" for v, d in zip(values, descriptions, strict=True))


def test_a_status_column_that_only_says_a_run_finished_leaves_the_decision_to_words_that_give_one() -> None:
    log = _finished_log(
        [
            "",
            "threshold 0.10->0.20 — NEW BEST",
            "prompt 'pole'->'utility pole' — REVERTED",
            "radius 80m->60m — NEW BEST",
            "consensus filter — REVERTED, too aggressive",
            "threshold 0.20->0.25 — NEW BEST",
        ]
    )
    result = convert_bytes(log.encode(), "runs.tsv", ConvertOptions(direction="higher"))
    outcomes = [r["experiment"]["outcome"] for r in result.records]
    assert outcomes[1:] == ["keep", "discard", "keep", "discard", "keep"]
    assert any("says whether a run finished and never whether it was kept" in note for note in result.notes)


def test_a_sweep_whose_status_says_ok_and_whose_descriptions_decide_nothing_stays_undecided() -> None:
    log = _finished_log(["n_gpu=12", "n_gpu=14", "n_gpu=16", "n_gpu=18", "n_gpu=20", "n_gpu=22"])
    result = convert_bytes(log.encode(), "runs.tsv", ConvertOptions(direction="higher"))
    assert {r["experiment"]["outcome"] for r in result.records[1:]} == {"other"}
    assert not any("finished" in note for note in result.notes)


def test_a_run_written_bare_and_again_with_its_description_is_one_run_decided_by_the_described_row() -> None:
    rows = [
        {"f1": 0.33, "precision": 0.21, "recall": 0.82, "status": "ok"},
        {"f1": 0.49, "precision": 0.3651, "recall": 0.734, "status": "ok"},
        {"f1": 0.49, "precision": 0.365, "recall": 0.734, "status": "ok", "change": "THRESHOLD 0.10->0.20 — NEW BEST"},
        {"f1": 0.45, "precision": 0.30, "recall": 0.70, "status": "ok"},
        {"f1": 0.45, "precision": 0.30, "recall": 0.70, "status": "ok", "change": "prompt 'pole'->'utility pole' — REVERTED"},
        {"f1": 0.52, "precision": 0.45, "recall": 0.61, "status": "ok"},
        {"f1": 0.52, "precision": 0.45, "recall": 0.61, "status": "ok", "change": "THRESHOLD 0.20->0.30"},
    ]
    log = "".join(json.dumps(r) + "\n" for r in rows)
    result = convert_bytes(log.encode(), "autoresearch.jsonl", ConvertOptions(direction="higher"))
    outcomes = [r["experiment"]["outcome"] for r in result.records]
    assert outcomes[1:] == ["other", "keep", "other", "discard", "other", "keep"]  # the last: better than 0.49, no word needed
    assert any("2 row(s)" not in note and "written twice" in note for note in result.notes)


def test_a_row_whose_status_decides_is_its_own_run_even_when_the_next_repeats_its_measurements() -> None:
    log = (
        "commit\tval_bpb\tval_loss\ttrain_loss\tstatus\tdescription\n"
        "a1\t1.00\t2.1\t2.0\tkeep\tbaseline\n"
        "a2\t0.98\t2.0\t1.9\tkeep\t\n"
        "a3\t0.98\t2.0\t1.9\tkeep\tconfirm the same working base\n"
    )
    assert [e["outcome"] for e in experiments_of(log)][1] == "keep"


test_a_cell_of_settings_reads_as_the_settings_it_states = table_test(
    parse_settings,
    [
        ('{"max_depth": 5, "lr": 0.01}', {"max_depth": "5", "lr": "0.01"}),
        ('{"optim": {"name": "adamw", "betas": [0.9, 0.95]}}', {"optim.name": "adamw", "optim.betas": "[0.9, 0.95]"}),
        ("lr=5e-5 use-rollout-logprobs eps-clip=0.05", {"lr": "5e-5", "use-rollout-logprobs": "on", "eps-clip": "0.05"}),
        ("a=1,b=2", {"a": "1", "b": "2"}),  # commas between settings
        ("role_cycle=aligner,miner,scout", {"role_cycle": "aligner,miner,scout"}),  # a comma inside a list
        ("lr=0.1, wd=0.2; --no-compile", {"lr": "0.1", "wd": "0.2", "no-compile": "on"}),
        # bars between settings: a part without a value is a switch, whatever its spelling
        (
            "seq=1024|batch=3|bf16|SEQ_MINOR|fp32-master+bf16-compute|LIBTPU:scoped_vmem_limit_kib=65536",
            {
                "seq": "1024",
                "batch": "3",
                "bf16": "on",
                "SEQ_MINOR": "on",
                "fp32-master+bf16-compute": "on",
                "LIBTPU:scoped_vmem_limit_kib": "65536",
            },
        ),
        ("train|eval|test", None),  # bars between words that set nothing
        ("lr=0.1 with warmup", None),  # a sentence that holds a setting
        ('{"16000": [934, 920]}', None),  # counts by size
        ("{not json}", None),
        ("=x", None),
        ("k=", None),
        ("A1", None),
    ],
)


def test_a_jsonl_loop_that_logs_its_config_a_mutation_and_whether_it_improved() -> None:
    # An evolutionary loop: each row holds the full config it ran, the mutation it tried, the score,
    # the best score so far, and `improved`; its `status` only says the run finished.
    def row(n: int, mutation: str, lr: float, wd: float, score: float, improved: bool) -> str:
        config = {"learning_rate": lr, "weight_decay": wd, "seed": 42}
        best = max(0.54, score) if improved else 0.54
        return json.dumps(
            {
                "experiment_id": n,
                "mutation": mutation,
                "config": config,
                "score": score,
                "best_score": best,
                "improved": improved,
                "status": "complete",
            }
        )

    log = "\n".join(
        [
            row(1, "learning_rate: 2.0e-04 -> 1.5e-04 (x0.75)", 0.00015000000000000001, 0.01, 0.47, False),
            row(2, "weight_decay: 0.01 -> 0.001", 0.0002, 0.001, 0.56, True),
            row(3, "learning_rate: 2.0e-04 -> 3.0e-04 (x1.5)", 0.00030000000000000003, 0.001, 0.50, False),
        ]
    )
    result = convert_bytes(log.encode(), "experiments.jsonl", ConvertOptions())
    experiments = experiments_in(result)
    assert [e["outcome"] for e in experiments] == ["discard", "keep", "discard"]
    assert {e["metric"]["name"] for e in experiments} == {"score"}  # not a setting of the config, not the best so far
    assert experiments[0]["changes"] == [
        {"parameter": "learning_rate", "from": "2.0e-04", "to": "1.5e-04", "direction": "decrease"}
    ]
    # after a kept run, the config itself says what moved, as the program wrote it
    assert experiments[2]["changes"] == [
        {"parameter": "learning_rate", "from": "0.0002", "to": "0.0003", "direction": "increase"}
    ]


def test_a_config_that_swaps_its_backbone_changes_the_backbone_not_the_new_ones_settings() -> None:
    # A JSON Lines loop writes its whole config, its description included, under `config`.
    def row(n: int, description: str, backbone: str, settings: dict[str, object], status: str, auc: float) -> str:
        config = {"backbone": backbone, "backbone_config": settings, "description": description, "seed": 0}
        return json.dumps({"experiment_num": n, "description": description, "config": config, "auc": auc, "status": status})

    log = "\n".join(
        [
            row(1, "XGBoost baseline", "xgboost", {"n_estimators": 600, "max_depth": 6}, "KEEP", 0.51),
            row(2, "XGBoost shallower", "xgboost", {"n_estimators": 600, "max_depth": 3}, "KEEP", 0.55),
            row(3, "LightGBM", "lightgbm", {"n_estimators": 800, "num_leaves": 31}, "DISCARD", 0.53),
        ]
    )
    experiments = experiments_in(convert_bytes(log.encode(), "experiment_log.jsonl", ConvertOptions()))
    # the config's description is the run's words, not a setting that moved
    assert experiments[1]["changes"] == [{"parameter": "max_depth", "from": "6", "to": "3", "direction": "decrease"}]
    # the settings under the new backbone's config are its own, not changes beside the swap
    assert [c["parameter"] for c in experiments[2]["changes"]] == ["backbone"]


def test_a_true_false_column_decides_only_when_its_name_says_the_run_beat_the_best() -> None:
    # A switch (`use_ema`) decides nothing: the runs stay undecided, or, judged by the metric, the better one is kept.
    log = "val_acc\tuse_ema\tnotes\n0.80\ttrue\tbaseline\n0.82\tfalse\tdropout 0.1\n0.79\ttrue\tdropout 0.2\n"
    assert [e["outcome"] for e in experiments_of(log)][1:] == ["other", "other"]
    judged = convert_bytes(log.encode(), "results.tsv", ConvertOptions(judge_by_metric=True))
    assert [r["experiment"]["outcome"] for r in judged.records][1:] == ["keep", "discard"]
    # The same cells under `improved` are the loop's own decision, whatever the metric says.
    log = log.replace("use_ema", "improved")
    assert [e["outcome"] for e in experiments_of(log)][1:] == ["discard", "keep"]


def test_a_threshold_logged_before_the_scores_is_a_setting_not_the_metric() -> None:
    # A feature cache's runs: its decision threshold varies from run to run as a sweep's setting does.
    log = "commit\tpade_denom_threshold\tlpips\tssim\tstatus\tdescription\n" + "".join(
        f"c{i}\t{t}\t{v}\t0.9{i}\t{s}\tthreshold {t}\n"
        for i, (t, v, s) in enumerate([(0.1, 0.30, "keep"), (0.2, 0.28, "keep"), (0.05, 0.31, "discard"), (0.3, 0.29, "discard")])
    )
    experiments = experiments_of(log)
    assert {e["metric"]["name"] for e in experiments} == {"lpips"}


def test_a_description_written_on_most_rows_is_a_label_that_names_no_change() -> None:
    # A loop that writes its mode in the description column: the runs differ, the words do not.
    rows = [("keep" if i in (0, 5) else "discard", f"0.{50 + i}", "continuous") for i in range(8)]
    rows[3] = ("discard", "0.44", "lr 0.01 -> 0.02")
    log = "eval_score\tstatus\tdescription\n" + "".join(f"{v}\t{s}\t{d}\n" for s, v, d in rows)
    experiments = experiments_of(log)
    assert all(e["changes"] == [] for i, e in enumerate(experiments) if i != 3)
    assert experiments[3]["changes"] == [{"parameter": "learning_rate", "from": "0.01", "to": "0.02", "direction": "increase"}]


def test_a_header_that_fits_few_rows_is_said_to_when_most_rows_are_skipped() -> None:
    # The loop dropped two columns midway and wrote no new header: most rows put a number where
    # the header puts the status.
    log = "id\ttimestamp\tprogram\tdescription\tresult\tbefore\tafter\tnotes\n"
    log += "1\t2026-05-06T17:24\tcov\tcache tests\tkept\t4.71\t5.83\t+1.12%\n"
    log += "".join(f"{i}\t2026-05-07T01:{i:02d}\tbilling tests {i}\tKEEP\t83.{i}\t+0.{i}\n" for i in range(2, 9))
    result = convert_bytes(log.encode(), "results.tsv")
    assert len(result.skipped) == 7
    [note] = [n for n in result.notes if "header describes few of the rows" in n]
    assert note.startswith("results.tsv: 7 of 8 rows hold a number under `result`") and "--map" in note


def _jsonl(*rows: dict[str, object]) -> bytes:
    return "".join(json.dumps(row) + "\n" for row in rows).encode()


def test_a_row_that_states_its_change_as_data_is_read_from_that_data() -> None:
    log = _jsonl(
        {"title": "Baseline", "exact_change": {"TOTAL_BATCH_SIZE": "2^15"}, "status": "keep", "val_bpb": 2.31},
        {
            "title": "Lower matrix learning rate",
            "exact_change": {"MATRIX_LR": {"from": 0.04, "to": 0.03}},
            "status": "keep",
            "val_bpb": 2.26,
            "notes": "Strong optimizer-side improvement with unchanged memory use.",
        },
        {"title": "Deeper", "exact_change": {"DEPTH": 12}, "status": "discard", "val_bpb": 2.30, "notes": "Clear loss."},
    )
    experiments = [r["experiment"] for r in convert_bytes(log, "experiments.jsonl").records]
    changes = [
        [(c["parameter"], c.get("from"), c["to"], c["direction"], c["evidence"]) for c in e["changes"]] for e in experiments
    ]
    assert changes[1] == [("matrix_lr", "0.04", "0.03", "decrease", "declared")]
    assert changes[2] == [("depth", None, "12", "set", "declared")]
    assert experiments[1]["change_category"] == "learning_rate"


def test_an_object_of_changes_that_every_row_repeats_is_no_change() -> None:
    log = _jsonl(
        *(
            {"experiment": name, "params_changed": {"days": 90, "tune": False}, "metrics": {"hit_rate": rate}}
            for name, rate in (("baseline", 0.56), ("num_leaves_63", 0.57), ("learning_rate_0.03", 0.55))
        )
    )
    experiments = [r["experiment"] for r in convert_bytes(log, "results.jsonl").records]
    assert [(c["parameter"], c["to"]) for c in experiments[1]["changes"]] == [("num_leaves", "63")]
    assert [(c["parameter"], c["to"]) for c in experiments[2]["changes"]] == [("learning_rate", "0.03")]


def test_changes_listed_in_json_arrays_by_their_kind_are_the_rows_changes() -> None:
    # A loop that files each run's changes by kind, in lists; "+ X" adds X, "- X=V" takes it out.
    rows = [
        {
            "version": "v1",
            "hypothesis": "LGBM beats the baseline.",
            "feature_changes": [],
            "pipeline_changes": ["baseline LGBM"],
            "score": 0.95,
            "status": "baseline",
        },
        {
            "version": "v2",
            "hypothesis": "Category columns lift accuracy.",
            "feature_changes": ["+ spectral_type (cat)", "+W2 texture"],
            "pipeline_changes": ["LGBM native categorical"],
            "score": 0.96,
            "status": "keep",
        },
        {
            "version": "v3",
            "hypothesis": "Natural class balance calibrates.",
            "feature_changes": [],
            "pipeline_changes": ["- class_weight=balanced"],
            "score": 0.94,
            "status": "discard",
        },
    ]
    log = "".join(json.dumps(row) + "\n" for row in rows)
    experiments = experiments_of(log, "experiments.jsonl")
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard"]
    assert sorted((c["parameter"], c["direction"]) for c in experiments[1]["changes"]) == [
        ("lgbm_native_categorical", "add"),
        ("spectral_type", "add"),
        ("w2_texture", "add"),
    ]
    assert [(c["parameter"], c["from"], c["direction"]) for c in experiments[2]["changes"]] == [
        ("class_weight", "balanced", "remove")
    ]
