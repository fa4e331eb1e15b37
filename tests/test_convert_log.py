"""Reading real log shapes, the moving baseline, failure classes, provenance and ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from converting import experiments_in, experiments_of
from table_tests import table_test

from nrr_spec.changes.numbers import parse_number
from nrr_spec.convert.classify import Thresholds
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes, convert_log
from nrr_spec.convert.record_ids import source_tag
from nrr_spec.convert.values import normalise_status

CANONICAL = (
    "commit\tval_bpb\tmemory_gb\tstatus\tdescription\n"
    "a1b2c3d\t0.997900\t44.0\tkeep\tbaseline\n"
    "b2c3d4e\t0.993200\t44.2\tkeep\tincrease LR to 0.04\n"
    "c3d4e5f\t1.005000\t44.0\tdiscard\tswitch to GeLU activation\n"
    "d4e5f6a\t0.000000\t0.0\tcrash\tdouble model width (OOM)\n"
)


def test_the_canonical_log_converts_row_by_row() -> None:
    result = convert_bytes(CANONICAL.encode(), "results.tsv")
    assert result.rows_read == 4 and len(result.records) == 4 and not result.skipped
    outcomes = [r["experiment"]["outcome"] for r in result.records]
    assert outcomes == ["baseline", "keep", "discard", "crash"]
    discard = result.records[2]["experiment"]
    assert discard["metric"] == {"name": "val_bpb", "value": 1.005, "baseline": 0.9932, "direction": "lower", "delta": 0.0118}
    assert discard["failure_class"] == "regression"
    crash = result.records[3]["experiment"]
    assert crash["failure_class"] == "crash_infra" and "value" not in crash["metric"]
    assert "other_metrics" not in crash  # its memory_gb 0.0 is the same placeholder as its val_bpb


def test_a_run_without_result_keeps_only_the_other_values_it_measured() -> None:
    log = CANONICAL + "e5f6a7b\t0.000000\t79.6\tcrash\tDEPTH=24 (OOM)\nf6a7b8c\t0.000000\t0.0\tdiscard\tDEPTH=10\n"
    oom, discarded = experiments_of(log)[4:]
    assert oom["other_metrics"] == {"memory_gb": 79.6}  # the memory it reached before running out
    assert "value" not in discarded["metric"] and "other_metrics" not in discarded


def test_the_baseline_moves_to_the_best_kept_result_before_each_row() -> None:
    log = CANONICAL + "e5f6a7b\t0.990000\t44.0\tkeep\tDEPTH=9\nf6a7b8c\t0.991000\t44.0\tdiscard\tDEPTH=10\n"
    experiments = experiments_of(log)
    assert [e["metric"].get("baseline") for e in experiments] == [None, 0.9979, 0.9932, 0.9932, 0.9932, 0.99]


def test_a_rebaseline_resets_the_baseline() -> None:
    log = CANONICAL + "e5f6a7b\t1.200000\t44.0\tkeep\tMac Mini baseline (new hardware)\nf6a7b8c\t1.190000\t44.0\tkeep\tDEPTH=6\n"
    rebaseline, after = experiments_of(log)[4:]
    assert rebaseline["outcome"] == "baseline"
    assert after["metric"]["baseline"] == 1.2


def test_a_new_header_midway_reads_the_rows_under_it_by_its_columns() -> None:
    log = (
        "commit\tval_bpb\tstatus\tdescription\n"
        "aaa1111\t1.30\tkeep\tbaseline\n"
        "bbb2222\t1.29\tkeep\tlr 0.02 -> 0.03\n"
        "commit\tval_bpb\tstatus\tdescription\n"  # the header in force again: no row
        "# commit\tval_bpb\tmemory_gb\tstatus\tdescription\n"  # a column added, the header as a comment
        "ccc3333\t1.28\t44.1\tkeep\twarmup 0.1 -> 0.2\n"
        "ddd4444\t1.31\t45.0\tdiscard\tdepth 8 -> 10\n"
    )
    result = convert_bytes(log.encode(), "results.tsv", ConvertOptions())
    experiments = experiments_in(result)
    assert [e["metric"]["value"] for e in experiments] == [1.30, 1.29, 1.28, 1.31]  # not the memory under val_bpb
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "keep", "discard"]
    assert experiments[2]["other_metrics"] == {"memory_gb": 44.1} and "other_metrics" not in experiments[0]
    assert [skip.reason for skip in result.skipped] == ["repeated header line"]
    assert [r["provenance"]["source"]["row"] for r in result.records] == [1, 2, 5, 6]  # lines after the header
    assert any("results.tsv:5: a new header line" in note and "adds memory_gb" in note for note in result.notes)


def test_rows_as_wide_as_a_later_header_are_read_by_it() -> None:
    # the loop logged the new column before it wrote the header that names it
    log = (
        "commit\tval_loss\tstatus\tdescription\n"
        "aaa1111\t0.61\t4.06\tkeep\tbaseline\n"
        "bbb2222\t0.64\t3.98\tkeep\tdropout 0.1 -> 0.2\n"
        "# commit\tmean_auc\tval_loss\tstatus\tdescription\n"
        "ccc3333\t0.70\t3.77\tkeep\tepochs 15 -> 8\n"
    )
    experiments = experiments_of(log)
    assert [e["metric"]["value"] for e in experiments] == [4.06, 3.98, 3.77]
    assert [e["other_metrics"]["mean_auc"] for e in experiments] == [0.61, 0.64, 0.70]


def test_a_baseline_that_crashed_is_the_baseline_its_status_says_it_failed() -> None:
    log = (
        "commit\tval_bpb\tstatus\tdescription\n"
        "aaa1111\t0.0\tcrash\tBaseline (no changes) killed with exit 137 after warmup\n"
        "bbb2222\t1.30\tkeep\tbaseline\n"
        "ccc3333\t0.0\tcrash\tdouble model width (OOM)\n"
    )
    experiments = experiments_of(log)
    assert [e["outcome"] for e in experiments] == ["baseline", "baseline", "crash"]
    assert experiments[0]["status_raw"] == "crash" and "failure_class" not in experiments[0]


def test_a_run_that_says_it_measured_the_code_as_it_is_is_a_rebaseline() -> None:
    log = CANONICAL + (
        "e5f6a7b\t0.991000\t44.0\tkeep\tVerification rerun (no code changes): confirms the range\n"
        "f6a7b8c\t0.993000\t44.0\tdiscard\trerun of the dual-kernel variant regressed\n"
        "a7b8c9d\t0.990000\t44.0\tkeep\tNoise-check rerun of the current kept decoder path\n"
    )
    outcomes = [e["outcome"] for e in experiments_of(log)[4:]]
    assert outcomes == ["baseline", "discard", "baseline"]  # a variant's rerun is no re-baseline


def test_a_run_that_reverts_to_an_earlier_configuration_is_a_rebaseline() -> None:
    log = CANONICAL + (
        "e5f6a7b\t0.995000\t44.0\tdiscard\treverted to Extra Trees\n"
        "f6a7b8c\t0.993000\t44.0\tdiscard\trevert to exp 2 with dropout 0.2\n"
        "a7b8c9d\t0.994000\t44.0\tkeep\trolled back to previous\n"
    )
    experiments = experiments_of(log)[4:]
    assert [e["outcome"] for e in experiments] == ["baseline", "discard", "baseline"]  # "with" tries something new
    assert experiments[1]["changes"] and not experiments[0]["changes"]


def test_a_confirmation_rerun_of_an_earlier_run_by_its_number_is_a_rebaseline() -> None:
    log = CANONICAL + (
        "e5f6a7b\t0.991000\t44.0\tdiscard\tRun 023 confirmation rerun of Run 022 selective VOMM; exact score reproduced\n"
        "f6a7b8c\t0.993000\t44.0\tdiscard\trerun of run 5 with dropout 0.2\n"
    )
    outcomes = [e["outcome"] for e in experiments_of(log)[4:]]
    assert outcomes == ["baseline", "discard"]  # a rerun that is not said to confirm may be a variant


def test_a_confirmation_run_and_a_rerun_on_the_kept_configuration_are_rebaselines() -> None:
    log = CANONICAL + (
        "e5f6a7b\t0.991000\t44.0\tkeep\tConfirmation run: byteindex tokenizer consistently 3,400-3,600us\n"
        "f6a7b8c\t0.990000\t44.0\tkeep\tfocused rerun on new config crossed target\n"
        "a7b8c9d\t0.993000\t44.0\tdiscard\trerun with lr 0.02\n"
        "b8c9d0e\t0.990000\t44.0\tkeep\tFinal verification run. Stable at 80us\n"
    )
    experiments = experiments_of(log)[4:]
    assert [e["outcome"] for e in experiments] == ["baseline", "baseline", "discard", "baseline"]
    assert [e.get("changes", []) for e in experiments[:2]] == [[], []]


def test_config_state_is_carried_forward_after_keeps_only() -> None:
    log = (
        "commit\tval_bpb\tstatus\tdescription\n"
        "a1\t1.0\tkeep\tbaseline\n"
        "a2\t0.9\tkeep\tmatrix LR 0.04 to 0.06\n"
        "a3\t0.95\tdiscard\tmatrix LR to 0.08\n"
        "a4\t0.89\tkeep\treduce matrix LR to 0.05\n"
    )
    experiments = experiments_of(log)
    assert experiments[2]["changes"][0]["from"] == "0.06"
    assert experiments[3]["changes"][0] == {"parameter": "matrix_lr", "from": "0.06", "to": "0.05", "direction": "decrease"}


def test_the_settings_a_baseline_states_start_the_kept_line() -> None:
    log = (
        "commit\tval_bpb\tstatus\tdescription\n"
        "a1\t1.0\tkeep\tbaseline (DEPTH=8, LR=0.04)\n"
        "a2\t1.1\tdiscard\tincrease LR to 0.05\n"
        "a3\t1.1\tdiscard\tDEPTH=8 dropout=0.1\n"
        "a4\t1.1\tdiscard\tDEPTH=8\n"
    )
    baseline, raised, with_context, restated = experiments_of(log)
    assert baseline["changes"] == []  # what the baseline states is where it starts, not a change
    assert raised["changes"] == [{"parameter": "learning_rate", "from": "0.04", "to": "0.05", "direction": "increase"}]
    assert [c["parameter"] for c in with_context["changes"]] == ["dropout"]  # DEPTH=8 is the baseline's
    assert [c["parameter"] for c in restated["changes"]] == ["depth"]  # a row names what it tried


def test_the_row_that_first_writes_a_standing_value_changed_to_it() -> None:
    # Later rows restate max_len=64 as the configuration they run in; the row that moved it there
    # is still the change that made it so (the standing value is no context before it is written).
    rows = ["a2\t2.8\tkeep\tmax_len 48 -> 64, dropout 0.1"] + [
        f"b{i}\t2.{i}\tdiscard\tnum_beams {i} (max_len=64)" for i in range(2, 9)
    ]
    log = "commit\tbleu\tstatus\tdescription\na1\t2.3\tkeep\tbaseline\n" + "\n".join(rows) + "\n"
    experiments = experiments_of(log)
    assert experiments[1]["changes"] == [
        {"parameter": "max_len", "from": "48", "to": "64", "direction": "increase"},
        {"parameter": "dropout", "from": None, "to": "0.1", "direction": "set"},
    ]
    assert [[c["parameter"] for c in e["changes"]] for e in experiments[2:]] == [["num_beams"]] * 7


def test_a_kept_choice_written_again_beside_the_next_change_is_no_change_of_its_own() -> None:
    # SiLU was kept; the runs after it name it as what they build on, and their failures are not SiLU's.
    log = (
        "commit\tval_bpb\tstatus\tdescription\n"
        "a1\t1.70\tkeep\tbaseline\n"
        "a2\t1.60\tkeep\tSiLU activation instead of GELU\n"
        "a3\t1.65\tdiscard\tSiLU + matrix LR 0.06\n"
        "a4\t1.66\tdiscard\tGELU instead of SiLU\n"
    )
    experiments = experiments_of(log)
    assert [c["parameter"] for c in experiments[1]["changes"]] == ["activation"]
    assert [c["parameter"] for c in experiments[2]["changes"]] == ["matrix_lr"]
    assert experiments[3]["changes"][0]["to"] == "GELU"


def test_a_configuration_said_to_be_the_initial_or_original_one_is_the_baseline() -> None:
    log = (
        "commit\tval_bpb\tstatus\tdescription\n"
        "a1\t1.0\tkeep\tInitial: chunk_size=512, top_k=5\n"
        "a2\t1.1\tdiscard\ttop_k=10\n"
        "a3\t1.1\tdiscard\toriginal config (seed-matched) + SWA\n"
        "a4\t1.0\tkeep\tdefault settings rerun\n"
    )
    initial, raised, on_top, again = experiments_of(log)
    assert initial["outcome"] == "baseline" and initial["changes"] == []
    assert raised["changes"] == [{"parameter": "top_k", "from": "5", "to": "10", "direction": "increase"}]
    assert on_top["outcome"] == "discard" and [c["parameter"] for c in on_top["changes"]] == ["swa"]  # a change made to it
    assert again["outcome"] == "baseline"


@pytest.mark.parametrize("words", ["current config unchanged", "config as-is", "setup unchanged"])
def test_the_configuration_run_as_it_stands_is_the_baseline(words: str) -> None:
    log = f"commit\tval_loss\tstatus\tdescription\na1\t5.52\tkeep\t{words}\na2\t5.41\tkeep\tAdamW LR 3e-4 vs 2e-4\n"
    first, second = experiments_of(log)
    assert first["outcome"] == "baseline" and first["changes"] == []
    assert second["outcome"] == "keep"


def test_a_repeat_of_the_kept_configuration_changes_nothing() -> None:
    log = (
        "commit\tval_bpb\tstatus\tdescription\n"
        "a1\t1.00\tkeep\tbaseline\n"
        "a2\t0.98\tkeep\tSWA + LR2=4e-4\n"
        "a3\t0.99\tdiscard\tSWA + LR2=4e-4 run 2 — unlucky seed\n"
        "a4\t0.97\tkeep\tSWA + LR2=4e-4 rerun\n"
        "a5\t0.99\tdiscard\tSWA + LR2=5e-4 run 3\n"
        "a6\t0.99\tdiscard\tEMA run 2\n"
    )
    *_, second, third, moved, new_part = experiments_of(log)
    assert second["changes"] == [] and third["changes"] == []  # measured again: nothing changed
    assert second["change_category"] == "other" and second["outcome"] == "discard"
    assert [c["parameter"] for c in moved["changes"]] == ["lr2"]  # a new value is a change, said once or again
    assert [c["parameter"] for c in new_part["changes"]] == ["ema"]  # never kept: no repeat of the kept line


def test_an_unplaced_change_takes_the_logs_dominant_category_and_no_change_takes_none() -> None:
    rows = [f"a{i}\t1.{i}\tdiscard\tDEPTH={i}" for i in range(2, 6)]
    rows += ["b1\t1.9\tdiscard\tfrobnicate the widget", "b2\t1.9\tdiscard\trerun"]
    log = "commit\tval_bpb\tstatus\tdescription\na0\t1.0\tkeep\tbaseline\n" + "\n".join(rows) + "\n"
    *depths, named, unnamed = experiments_of(log)[1:]
    assert {e["change_category"] for e in depths} == {"architecture"}
    assert named["changes"] and named["change_category"] == "architecture"  # a change the words do not place
    assert unnamed["changes"] == [] and unnamed["change_category"] == "other"  # nothing to place


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.99315, "no_improvement"), (0.9950, "regression"), (0.9900, "marginal")],
)
def test_failure_classes_are_relative_to_the_metric_scale(value: float, expected: str) -> None:
    log = CANONICAL.splitlines()[:3]
    experiments = experiments_of("\n".join([*log, f"x1\t{value}\t44\tdiscard\tDEPTH=9"]) + "\n")
    assert experiments[-1]["failure_class"] == expected


def test_thresholds_are_configurable() -> None:
    log = "\n".join([*CANONICAL.splitlines()[:3], "x1\t0.9950\t44\tdiscard\tDEPTH=9"]) + "\n"
    loose = experiments_of(log, thresholds=Thresholds(regression=0.01, marginal=0.01))
    assert loose[-1]["failure_class"] == "no_improvement"


def test_crash_of_the_code_is_told_from_a_crash_of_the_environment() -> None:
    log = CANONICAL + "e5f6a7b\t0.0\t0.0\tcrash\tnew attention (shape mismatch error)\n"
    assert experiments_of(log)[-1]["failure_class"] == "crash_code"


test_status_synonyms = table_test(
    normalise_status,
    [
        ("keep", "keep"),
        ("KEEP", "keep"),
        ("kept", "keep"),
        ("IMPROVED", "keep"),
        ("PASS", "keep"),
        ("discard", "discard"),
        ("REVERT", "discard"),
        ("reverted", "discard"),
        ("rejected", "discard"),
        ("discard_wallclock", "discard"),
        # a verdict on the result, also with the reasons after it
        ("positive", "keep"),
        ("negative", "discard"),
        ("positive — val_bpb improved from 0.980 to 0.978 (−0.0017). committed and pushed", "keep"),
        ("crash", "crash"),
        ("FAIL", "crash"),
        ("OOM", "crash"),
        ("killed", "crash"),
        ("synth_failed", "crash"),
        # a kernel that did not build, or built and gave wrong output, measured nothing
        ("compile_error", "crash"),
        ("startup-failure", "crash"),  # the status's last word says it failed
        ("incorrect", "crash"),
        # a status written as a sentence that judges the run against what it was compared with
        ("family_beats_baseline_within_latency_budget", "keep"),
        ("family_beats_baseline_but_too_slow", "discard"),
        ("family_loses_baseline_and_is_too_slow", "discard"),
        ("candidate_ties_control", "discard"),
        ("no gain but kept", None),  # two things said and no comparison: no decision
        # how a run went is no decision ("success" beside a loop's KEEP or REVERT), and "infra" may be a
        # run the environment broke or a change to the loop's own machinery: neither is a status
        ("SUCCESS", None),
        ("infra", None),
        ("BASELINE", "baseline"),
        ("SAME", "other"),
        ("pending", "other"),
        ("banana", None),
    ],
)


def test_status_map_overrides_the_synonyms() -> None:
    log = CANONICAL.replace("\tdiscard\t", "\tmeh\t")
    assert experiments_of(log)[2]["outcome"] == "other"
    assert experiments_of(log, status_map={"meh": "discard"})[2]["outcome"] == "discard"


test_numbers_with_units_and_sentinels = table_test(
    parse_number,
    [
        ("0.9932", 0.9932),
        ("~79%", 79.0),
        ("9.3s", 9.3),
        ("151K", 151000.0),
        ("1,234", 1234.0),
        (".046", 0.046),
        ("+0.5", 0.5),
        ("n/a", None),
        ("inf", None),
        ("", None),
        ("-", None),
        ("various", None),
    ],
)


def test_sentinel_metric_values_are_not_measurements() -> None:
    log = "commit\tscore\tstatus\tdescription\nexp1\t1.5\tKEEP\tbaseline\nexp2\t-999.000\tREVERT\ttighter stop loss\n"
    experiment = experiments_of(log)[1]
    assert "value" not in experiment["metric"] and experiment["outcome"] == "discard"


def test_direction_from_name_user_and_kept_values() -> None:
    log = "commit\tthing\tstatus\tdescription\nc1\t10\tkeep\tbaseline\n" + "".join(
        f"c{i}\t{v}\t{s}\tA={i}\n" for i, v, s in [(2, 12, "keep"), (3, 13, "keep"), (4, 14, "keep"), (5, 11, "discard")]
    )
    assert experiments_of(log)[-1]["metric"]["direction"] == "higher"
    assert experiments_of(log, direction="lower")[-1]["metric"]["direction"] == "lower"
    unclear = "commit\tthing\tstatus\tdescription\nc1\t10\tkeep\tbaseline\nc2\t11\tdiscard\tA=1\n"
    result = convert_bytes(unclear.encode(), "x.tsv")
    assert "direction" not in result.records[1]["experiment"]["metric"]
    assert any("--direction" in note for note in result.notes)
    assert "failure_class" not in result.records[1]["experiment"]


def _score_log(kept: list[float]) -> str:
    rows = "".join(f"c{i}\t{v}\tkeep\tA={i}\n" for i, v in enumerate(kept, start=2))
    return f"commit\tscore\tstatus\tdescription\nc1\t10\tkeep\tbaseline\n{rows}c99\t7.5\tdiscard\tB=1\n"


def test_kept_values_that_all_fall_overrule_a_name_that_says_higher_is_better() -> None:
    result = convert_bytes(_score_log([9, 8.5, 8, 7.9, 7.2, 7.1, 7.0]).encode(), "scores.tsv")
    discard = result.records[-1]["experiment"]
    assert discard["metric"]["direction"] == "lower" and discard["failure_class"] == "regression"
    assert any("scores.tsv: score reads as higher-is-better by its name" in n and "6 of 6" in n for n in result.notes)
    # A few contrary keeps (a metric whose evaluation changed midway) leave the name's direction.
    mixed = convert_bytes(_score_log([9, 8.5, 11, 8, 7.2, 7.1, 7.0]).encode(), "scores.tsv")
    assert mixed.records[-1]["experiment"]["metric"]["direction"] == "higher"
    assert not any("by its name" in n for n in mixed.notes)
    # The user's word is final.
    assert experiments_of(_score_log([9, 8.5, 8, 7.9, 7.2, 7.1, 7.0]), direction="higher")[-1]["metric"]["direction"] == "higher"


def test_headerless_crlf_and_ragged_rows() -> None:
    log = (
        "HEAD\tmodel\t397.0\t3.30\tkeep\tbaseline run\r\n"
        "HEAD\tmodel\t397.0\t3.60\tkeep\tfused attention kernel\r\n"
        "HEAD\tmodel\t397.0\t2.10\tdiscard\tmmap expert files\textra\tcells\r\n"
    )
    experiments = experiments_of(log)
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard"]
    assert experiments[2]["description"].startswith("mmap expert files")
    assert experiments[1]["metric"]["value"] == 3.6


def test_rows_that_gained_a_cell_at_the_front_are_read_from_where_the_header_begins() -> None:
    log = (
        "commit\tsuccess_rate\tstatus\tdescription\n"
        "cf2ff8c\t0.45\tkeep\tbaseline\n"
        "444d1b0\t0.50\tkeep\tclosed-loop grasp\n"
        "exp28\t541d23d\t0.40\tdiscard\tlinear FK correction\n"
        "exp29\treverted\t0.65\tno-op\tgated re-grasp\n"
    )
    result = convert_bytes(log.encode(), "results.tsv")
    assert not result.skipped
    shifted = [r["experiment"] for r in result.records[2:]]
    assert [(e["outcome"], e["metric"]["value"], e["description"]) for e in shifted] == [
        ("discard", 0.4, "linear FK correction"),
        ("other", 0.65, "gated re-grasp"),
    ]
    assert shifted[0]["commit"] == "541d23d" and shifted[0]["failure_class"] == "regression"
    # the cell set aside is kept, not lost
    assert [r["extensions"]["log:leading_cells"] for r in result.records[2:]] == ["exp28", "exp29"]


def test_a_column_the_header_never_named_is_read_as_unnamed_before_the_status() -> None:
    log = "commit\tval_loss\tmemory_gb\tstatus\tdescription\n" + "".join(
        f"c{i}\t{loss}\t4.0\t{minutes}\t{status}\t{text}\n"
        for i, (loss, minutes, status, text) in enumerate(
            [
                (0.50, 15.1, "keep", "baseline"),
                (0.48, 16.1, "keep", "freeze_ratio 0.85->0.5"),
                (0.49, 16.1, "discard", "seed 123->7"),
                (0.47, 1.3, "keep", "dropout 0.2->0.35"),
                (0.52, 1.9, "discard", "head_wd 1e-5->1e-3"),
            ]
        )
    )
    result = convert_bytes(log.encode(), "results.tsv")
    experiments = experiments_in(result)
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard", "keep", "discard"]
    assert experiments[-1]["description"] == "head_wd 1e-5->1e-3"
    assert experiments[-1]["changes"][0]["parameter"] == "head_wd"
    assert experiments[-1]["metric"]["value"] == 0.52 and experiments[-1]["other_metrics"]["column_4"] == 1.9
    assert any("1 more cell(s) than the header names: read as unnamed column(s) 4" in n for n in result.notes)


def test_renamed_columns_and_a_shifted_status() -> None:
    log = (
        "git_commit\ttrain_loss\tvram_mb\tverdict\tnotes\n"
        "run1\t4.37\t19493\tkeep\tbaseline default config\n"
        "run2\t1.64\t22017\t1824s\tKEPT\tODE solver D64\n"
    )
    second = experiments_of(log)[1]
    assert second["outcome"] == "keep" and second["description"] == "ODE solver D64"


def test_the_description_is_the_column_filled_on_every_row_and_no_column_is_lost() -> None:
    # `idea` describes every run; `notes` (ranked first among the names) only remarks on some.
    log = (
        "run,idea,val_acc,decision,notes,gpu\n"
        "1,baseline resnet18,0.912,keep,,a100-node3\n"
        "2,label smoothing 0.1,0.915,discard,worse than 0.918,a100-node3\n"
        "3,batch size 256 -> 512,,crash,CUDA OOM,a100-node3\n"
        "4,mixup alpha=0.2,0.920,keep,,\n"
    )
    records = convert_bytes(log.encode(), "runs.csv").records
    assert [r["experiment"].get("description") for r in records] == [
        "baseline resnet18",
        "label smoothing 0.1",
        "batch size 256 -> 512",
        "mixup alpha=0.2",
    ]
    assert records[0]["experiment"]["outcome"] == "baseline"
    # The remark tells the crash apart; a column that is not a remark ("node") does not.
    assert records[2]["experiment"]["failure_class"] == "crash_infra"
    assert "CUDA OOM" in records[2]["experiment"]["lesson"]
    assert records[1]["extensions"] == {"log:notes": "worse than 0.918", "log:gpu": "a100-node3"}
    assert "extensions" not in records[3]


def test_a_column_of_words_beside_the_description_does_not_classify_a_crash() -> None:
    log = "commit,val_bpb,status,description,host\nabc1234,0,crash,shape mismatch in attention,node7\n"
    (record,) = convert_bytes(log.encode(), "results.csv").records
    assert record["experiment"]["failure_class"] == "crash_code"
    assert record["extensions"] == {"log:host": "node7"}


def test_a_markdown_table_is_a_log() -> None:
    log = (
        "# Results of the night\n\n"
        "| # | change | val_loss | status |\n"
        "|---|:-------|---------:|--------|\n"
        "| 0 | baseline | 2.413 | keep |\n"
        "| 1 | warmup 100 -> 400 | 2.398 | keep |\n"
        "| 2 | rope theta 10k -> 500k \\| base | 2.405 | discard |\n"
        "\nThe loop stopped here.\n"
    )
    result = convert_bytes(log.encode(), "results.md")
    experiments = experiments_in(result)
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard"]
    assert [e["metric"]["name"] for e in experiments] == ["val_loss"] * 3  # "#" counts rows, it measures nothing
    assert experiments[2]["description"] == "rope theta 10k -> 500k | base"
    assert experiments[2]["changes"][0]["parameter"] == "rope_theta"
    assert [r["provenance"]["source"]["line"] for r in result.records] == [5, 6, 7]
    assert {r["provenance"]["source"]["format"] for r in result.records} == {"markdown"}
    assert result.records[1]["extensions"] == {"log:#": "1"}


@pytest.mark.parametrize(
    "text",
    [
        "Today I tried a few things.\nThe learning rate change did not help.\nTomorrow: try warmup.\n",
        "idea,notes\nwarmup,seemed fine\nlonger run,meh\n",
    ],
    ids=["prose", "words-only-table"],
)
def test_a_file_with_neither_status_nor_numbers_is_no_log(text: str) -> None:
    result = convert_bytes(text.encode(), "notes.txt")
    assert result.records == []
    (error,) = result.errors
    assert error.startswith("notes.txt: no column holds a status") and "--map" in error


def test_jsonl_logs() -> None:
    lines = [
        {"commit": "a1b2c3d", "val_loss": 2.0, "status": "keep", "description": "baseline"},
        {"commit": "b2c3d4e", "val_loss": 1.9, "status": "keep", "description": "lr=0.01"},
        "not json",
    ]
    text = "\n".join(json.dumps(x) if isinstance(x, dict) else x for x in lines) + "\n"
    result = convert_bytes(text.encode(), "runs.jsonl")
    assert [r["provenance"]["source"]["format"] for r in result.records] == ["jsonl", "jsonl"]
    assert result.records[1]["experiment"]["changes"][0]["parameter"] == "learning_rate"
    assert [(s.line, s.row) for s in result.skipped] == [(3, 3)] and "JSON object" in result.skipped[0].reason


def test_rows_from_another_table_are_skipped_with_a_reason_and_the_counts_add_up() -> None:
    log = (
        "commit\tgenerations_per_s\tstatus\tdescription\n"
        "2026-03-26 13:10:21\t20274\t112.63\t180.0011\ttrue\tnull\t\n"
        "6d39ed8\t112.63\tkeep\tbaseline: sparse row-list\n"
        "\n"
        "commit\tgenerations_per_s\tstatus\tdescription\n"
        "7e4a1f0\t150.2\tkeep\tbit-packed rows\n"
    )
    result = convert_bytes(log.encode(), "results.tsv")
    assert result.rows_read == len(result.records) + len(result.skipped) == 4
    assert [(s.line, s.row) for s in result.skipped] == [(2, 1), (5, 3)]
    assert "where the status should be" in result.skipped[0].reason and "header" in result.skipped[1].reason
    assert [r["provenance"]["source"]["row"] for r in result.records] == [2, 4]


def test_a_section_heading_between_experiments_is_skipped_and_says_so() -> None:
    log = (
        "commit\tval_bpb\tmemory_gb\tstatus\tdescription\n"
        "6b4e29f\t1.302671\t3.0\tkeep\tbaseline\n"
        "---\tMoE experiments (4 experts, top-2)\t---\t---\n"
        "c53eb3f\t1.298648\t15.3\tkeep\tMoE with 4 experts\n"
        "===\t===\t===\t===\t===\n"
        "d1e2f3a\t1.31\t15.3\tdiscard\ttop-3 routing\n"
    )
    result = convert_bytes(log.encode(), "results.tsv")
    assert result.rows_read == len(result.records) + len(result.skipped) == 5
    assert [(s.row, s.reason) for s in result.skipped] == [
        (2, "a section heading, not an experiment"),
        (4, "a rule line, not an experiment"),
    ]
    assert [r["experiment"]["outcome"] for r in result.records] == ["baseline", "keep", "discard"]


def test_provenance_counts_rows_as_the_corpus_readme_does(tmp_path: Path) -> None:
    path = tmp_path / "results.tsv"
    path.write_text(CANONICAL.replace("\nb2c3d4e", "\n\nb2c3d4e"), encoding="utf-8")
    record = convert_log(path).records[1]
    source = record["provenance"]["source"]
    assert (source["file"], source["row"], source["line"], source["format"]) == ("results.tsv", 2, 4, "tsv")
    assert source["checksum"].startswith("sha256:") and len(source["checksum"]) == 71
    assert record["provenance"]["converter"]["name"] == "nrr convert autoresearch"


def test_ids_come_from_session_and_commit_or_row() -> None:
    log = CANONICAL + "c3d4e5f\t0.99\t44\tdiscard\tsame commit again\n\t0.99\t44\tdiscard\tno commit\n"
    ids = [r["id"] for r in convert_bytes(log.encode(), "results.tsv", ConvertOptions(session="mar8")).records]
    tag = source_tag("results.tsv")  # the log's identity: in memory, its name
    assert ids == [f"mar8-{tag}-{key}" for key in ("a1b2c3d", "b2c3d4e", "c3d4e5f", "d4e5f6a", "c3d4e5f-r5", "r6")]
    appended = convert_bytes((log + "abcdef1\t0.9\t44\tkeep\tnew\n").encode(), "results.tsv", ConvertOptions(session="mar8"))
    assert [r["id"] for r in appended.records][:6] == ids


def test_unreadable_file_and_unknown_metric_are_errors_not_exceptions(tmp_path: Path) -> None:
    missing = convert_log(tmp_path / "nope.tsv")
    assert missing.records == [] and "cannot read" in missing.errors[0]
    path = tmp_path / "results.tsv"
    path.write_text(CANONICAL, encoding="utf-8")
    wrong = convert_log(path, ConvertOptions(metric="accuracy"))
    assert "no column named 'accuracy'" in wrong.errors[0] and "val_bpb" in wrong.errors[0]


def test_bad_options_are_errors_in_the_result_not_exceptions(tmp_path: Path) -> None:
    path = tmp_path / "results.tsv"
    path.write_text(CANONICAL, encoding="utf-8")
    assert "direction must be" in convert_log(path, ConvertOptions(direction="up")).errors[0]
    assert "outcomes are" in convert_log(path, ConvertOptions(status_map={"keep": "great"})).errors[0]
    assert "unknown key" in convert_log(path, ConvertOptions(mapping={"colour": "blue"})).errors[0]
    mapping = tmp_path / "map.yaml"
    mapping.write_text("metric: memory_gb\ndirection: higher\n", encoding="utf-8")
    result = convert_log(path, ConvertOptions(mapping=str(mapping)))
    assert not result.errors and result.records[1]["experiment"]["metric"]["name"] == "memory_gb"


def test_a_quoted_cell_over_several_lines_is_one_row_with_its_own_line_numbers() -> None:
    log = (
        "commit,val_bpb,status,description\r\n"
        "a1b2c3d,1.0,keep,baseline\r\n"
        'b2c3d4e,0.9,keep,"increase LR to 0.04\r\n'
        "\r\n"
        'because the loss plateaued, said ""the agent"""\r\n'
        'c3d4e5f,1.1,discard,"switch to GeLU\r\n(worse)"\r\n'
        "d4e5f6a,0.95,keep,lr=0.05\r\n"
    )
    result = convert_bytes(log.encode(), "results.csv")
    assert not result.skipped and result.rows_read == 4
    source = [(r["provenance"]["source"]["row"], r["provenance"]["source"]["line"]) for r in result.records]
    assert source == [(1, 2), (2, 3), (3, 6), (4, 8)]
    second = result.records[1]["experiment"]
    assert second["description"] == 'increase LR to 0.04\n\nbecause the loss plateaued, said "the agent"'
    assert second["changes"] == [{"parameter": "learning_rate", "from": None, "to": "0.04", "direction": "increase"}]
    assert result.records[2]["experiment"]["description"] == "switch to GeLU\n(worse)"
    assert result.records[3]["experiment"]["changes"][0]["from"] == "0.04"


def test_a_quoted_cell_in_the_middle_of_a_tsv_row_spans_lines() -> None:
    log = 'commit\tdescription\tval_bpb\tstatus\na1b2c3d\tbaseline\t1.0\tkeep\nb2c3d4e\t"WD 0.1\nto 0.2"\t0.9\tkeep\n'
    result = convert_bytes(log.encode(), "results.tsv")
    assert [r["provenance"]["source"]["line"] for r in result.records] == [2, 3]
    assert result.records[1]["experiment"]["metric"]["value"] == 0.9
    assert result.records[1]["experiment"]["outcome"] == "keep"


@pytest.mark.parametrize(
    "rows",
    [
        # an opening quote that never closes
        'a1b2c3d\t1.0\tkeep\t"baseline\nb2c3d4e\t0.9\tkeep\tlr=0.1\nc3d4e5f\t0.95\tdiscard\twd=0.1\n',
        # a stray quote closed by another row's stray quote: the rows between are rows of their own
        'a1b2c3d\t1.0\tkeep\t"baseline\nb2c3d4e\t0.9\tkeep\tlr=0.1\nc3d4e5f\t0.95\tdiscard\twd=0.1 "x"\n',
        # the loop pasted code into a cell: the next line starts with a quote of its own
        'a1b2c3d\t1.0\tkeep\tbaseline\n"""Docstring of a pasted module\n'
        "b2c3d4e\t0.9\tkeep\tlr=0.1\nc3d4e5f\t0.95\tdiscard\twd=0.1\n",
    ],
)
def test_a_stray_quote_never_swallows_the_rows_after_it(rows: str) -> None:
    result = convert_bytes(("commit\tval_bpb\tstatus\tdescription\n" + rows).encode(), "results.tsv")
    commits = [r["experiment"].get("commit") for r in result.records]
    assert commits == ["a1b2c3d", "b2c3d4e", "c3d4e5f"]
    assert result.records[2]["provenance"]["source"]["line"] == len(rows.splitlines()) + 1
    assert result.rows_read == len(result.records) + len(result.skipped)


@pytest.mark.parametrize(
    ("header", "row", "metric"),
    [
        # a size measured before and after, and the reduction the loop is after
        (
            "benchmark\tpass\ttext_before\ttext_after\treduction_pct\ttime_s\tstatus",
            "a\tFM\t4525\t4415\t3.00\t.046\tok",
            "reduction_pct",
        ),
        # before and after with nothing that names a direction: the value after the change is the metric
        ("commit\tmetric_before\tmetric_after\tdelta\tstatus\tdescription", "none\t0\t3\t3\tkeep\tadd tests", "metric_after"),
        # the first metric column wins otherwise, even when a later one has a known name
        ("commit\tnba_core\tgw_acc\tstatus\tdescription", "a1b2c3d\t0.61\t0.7\tkeep\tbaseline", "nba_core"),
    ],
)
def test_the_metric_column_is_guessed_from_the_header(header: str, row: str, metric: str) -> None:
    result = convert_bytes(f"{header}\n{row}\n".encode(), "results.tsv")
    assert result.records[0]["experiment"]["metric"]["name"] == metric
