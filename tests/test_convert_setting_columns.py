"""A log with no descriptions and its runs' settings in columns: a sweep, read run against nearest run."""

from __future__ import annotations

from typing import Any

import pytest

from nrr_spec.convert.columns import names_a_setting
from nrr_spec.convert.pipeline import convert_bytes
from nrr_spec.convert.setting_columns import RECENT, RecentConfigs, nearest_earlier

# A diffusion model's sweep as its loop logs it: a run's name, its settings, then what it measured
# (the steps a time budget allowed, the training loss, the held-out loss).
SWEEP = """exp_id\tn_layer\tn_embd\tlr\tdropout\tweight_decay\ttrain_steps\tfinal_train_loss\tval_loss
base\t8\t512\t0.0001\t0.0\t0.01\t270\t8.12\t6.32
deeper\t12\t512\t0.0001\t0.0\t0.01\t250\t7.90\t6.40
wider\t8\t768\t0.0001\t0.0\t0.01\t260\t7.70\t6.10
wider_drop\t8\t768\t0.0001\t0.1\t0.01\t261\t7.80\t6.20
deeper_wider\t12\t768\t0.0001\t0.0\t0.01\t240\t7.60\t6.05
wd\t8\t512\t0.0001\t0.0\t0.05\t271\t8.00\t6.30
"""


def changes(record: dict[str, Any]) -> list[tuple[str, str | None, str | None]]:
    return [(c["parameter"], c.get("from"), c.get("to")) for c in record["experiment"]["changes"]]


def converted(text: str) -> list[dict[str, Any]]:
    return list(convert_bytes(text.encode(), "results.tsv").records)


def test_a_sweep_is_judged_by_its_held_out_measurement_not_a_setting_or_the_training_loss() -> None:
    record = converted(SWEEP)[1]
    assert record["experiment"]["metric"]["name"] == "val_loss"
    assert set(record["experiment"]["other_metrics"]) == {"train_steps", "final_train_loss"}


def test_each_run_changes_what_differs_from_the_earlier_run_nearest_to_it() -> None:
    records = converted(SWEEP)
    assert changes(records[1]) == [("n_layer", "8", "12")]
    assert changes(records[2]) == [("n_embd", "512", "768")]
    # nearest: the wider run, not the base it started from (two settings away)
    assert changes(records[3]) == [("dropout", "0.0", "0.1")]
    assert changes(records[4]) == [("n_layer", "8", "12")]  # from the kept wider run; deeper is as near
    assert changes(records[5]) == [("weight_decay", "0.01", "0.05")]


def test_the_summary_says_which_columns_were_read_as_settings_and_how_to_name_others() -> None:
    notes = convert_bytes(SWEEP.encode(), "results.tsv").notes
    said = [note for note in notes if "read as the runs' settings" in note]
    assert len(said) == 1
    assert "n_layer, n_embd, lr, dropout, weight_decay" in said[0] and "config:" in said[0]
    assert "train_steps" not in said[0]


def test_where_the_rows_describe_their_change_the_columns_and_the_description_agree() -> None:
    described = SWEEP.replace("exp_id\t", "description\t").replace("wider_drop\t", "add dropout 0.1\t")
    records = converted(described)
    assert changes(records[3]) == [("dropout", "0.0", "0.1")]  # one change, not the column's and the text's
    assert changes(records[1]) == [("n_layer", "8", "12")]  # "deeper": the columns say by how much


# A loop that logs its settings in columns and writes how the run went in its description.
COMMENTED = """run\tval_loss\tlr\tbatch_size\tstatus\tdescription
r0\t0.90\t0.001\t64\tkeep\tbaseline
r1\t0.95\t0.01\t64\tdiscard\tlr too high - diverged early
r2\t0.85\t0.001\t128\tkeep\tadd SwiGLU
r3\t0.80\t0.002\t128\tkeep\tswap GELU for SwiGLU
r4\t0.00\t0.002\t0\tcrash\tOOM at batch 256
r5\t0.82\tN/A\t128\tdiscard\tlabel smoothing 0.1
r6\t0.79\t0.002\t128\tkeep\tlonger warmup
r7\t0.81\t0.002\t96\tdiscard\tsmaller batch
"""


def test_a_description_that_says_how_the_run_went_takes_its_changes_from_the_columns() -> None:
    records = converted(COMMENTED)
    assert changes(records[1]) == [("learning_rate", "0.001", "0.01")]
    assert records[1]["experiment"]["change_category"] == "learning_rate"
    assert changes(records[7]) == [("batch_size", "128", "96")]


def test_the_summary_says_the_description_is_read_beside_the_columns() -> None:
    notes = convert_bytes(COMMENTED.encode(), "results.tsv").notes
    said = [note for note in notes if "read as the runs' settings" in note]
    assert len(said) == 1 and "lr, batch_size" in said[0] and "what the description adds" in said[0]


def test_what_the_description_adds_that_no_column_holds_is_kept_beside_the_columns() -> None:
    records = converted(COMMENTED)
    assert changes(records[2]) == [("batch_size", "64", "128"), ("swiglu", None, None)]
    assert ("learning_rate", "0.001", "0.002") in changes(records[3])
    assert len(changes(records[3])) == 2  # the learning rate and the activation


def test_a_crashed_runs_zeros_and_an_empty_cell_are_no_setting() -> None:
    records = converted(COMMENTED)
    assert ("batch_size", "128", "0") not in changes(records[4])
    assert not any(c[0] == "learning_rate" for c in changes(records[5]))


@pytest.mark.parametrize("name", ["n_layer", "n_embd", "lr", "dropout", "weight_decay", "batch_size", "warmup_ratio"])
def test_a_configured_settings_name(name: str) -> None:
    assert names_a_setting(name)


@pytest.mark.parametrize(
    "name",
    [
        "val_loss",
        "train_steps",  # a length the budget allowed, as often measured as set
        "avg_depth",  # observed over the run
        "cosine_sim",
        "sensitivity_at_95_pct_precision",
        "precision",  # a number under that name measures; a dtype is text
        "nt_dist_error",
        "exp_idx",
    ],
)
def test_a_measurements_name_is_no_setting(name: str) -> None:
    assert not names_a_setting(name)


def test_the_nearest_earlier_configuration_prefers_the_kept_one_on_a_tie() -> None:
    kept = {"a": "1", "b": "1"}
    earlier = [{"a": "1", "b": "1"}, {"a": "2", "b": "1"}, {"a": "2", "b": "2"}]
    assert nearest_earlier({"a": "3", "b": "1"}, earlier, kept) is kept
    assert nearest_earlier({"a": "2", "b": "3"}, earlier, kept) == {"a": "2", "b": "2"}  # the latest of the nearest
    assert nearest_earlier({"a": "1", "b": "3"}, earlier, {}) == {"a": "1", "b": "1"}


def test_a_repeated_configuration_is_a_repeat_unless_the_columns_hold_only_part_of_it() -> None:
    kept = {"a": "1", "b": "1"}
    earlier = [{"a": "1", "b": "1"}, {"a": "2", "b": "1"}]
    assert nearest_earlier({"a": "2", "b": "1"}, earlier, kept) is kept
    assert nearest_earlier({"a": "2", "b": "1"}, earlier, kept, partial=True) == {"a": "2", "b": "1"}


# A JSON Lines log whose runs carry their whole config, some of them building on a run not kept.
CONFIG_LOG = "".join(
    line + "\n"
    for line in (
        '{"run": "r1", "status": "keep", "config": {"lr": 0.04, "depth": 8, "warmup_steps": 100}, "val_bpb": 1.30}',
        '{"run": "r2", "status": "discard", "config": {"lr": 0.05, "depth": 8, "warmup_steps": 100}, "val_bpb": 1.31}',
        '{"run": "r3", "status": "discard", "config": {"lr": 0.05, "depth": 8, "warmup_steps": 200}, "val_bpb": 1.32}',
        '{"run": "r4", "status": "discard", "config": {"lr": 0.05, "depth": 8, "warmup_steps": 100}, "val_bpb": 1.31}',
    )
)


def test_a_run_built_on_one_not_kept_changes_what_it_added_to_that_one() -> None:
    records = list(convert_bytes(CONFIG_LOG.encode(), "results.jsonl").records)
    assert changes(records[1]) == [("learning_rate", "0.04", "0.05")]
    assert changes(records[2]) == [("warmup_steps", "100", "200")]  # r2 plus a longer warmup, not two changes


def test_a_run_that_repeats_an_earlier_config_makes_that_change_again() -> None:
    records = list(convert_bytes(CONFIG_LOG.encode(), "results.jsonl").records)
    assert changes(records[3]) == changes(records[1])  # against the kept run: an exact repeat of r2


def test_only_the_recent_distinct_configurations_are_kept_and_a_repeat_becomes_the_latest() -> None:
    recent = RecentConfigs()
    for i in range(RECENT + 5):
        recent.add({"lr": str(i)})
    held = [c["lr"] for c in recent]
    assert len(held) == RECENT and held[0] == "5" and held[-1] == str(RECENT + 4)
    recent.add({"lr": "7"})
    assert next(c["lr"] for c in reversed(recent)) == "7"
    assert len(list(recent)) == RECENT
