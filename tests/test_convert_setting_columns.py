"""A log with no descriptions and its runs' settings in columns: a sweep, read run against nearest run."""

from __future__ import annotations

import re
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


# A reinforcement-learning loop's runs: settings written as words (the reward, the network's layer
# sizes) beside numbers, and a note on each run.
WORDED = """exp_id\treward_type\tlr\tnet_arch\tnote\tsharpe
001_base\texcess_return\t0.0001\t[128, 64]\tfirst run\t1.52
002_sharpe\tsharpe\t0.0001\t[128, 64]\treward is the sharpe ratio\t2.07
003_wide\tsharpe\t0.0001\t[256, 128]\ta wider network\t2.01
004_lr\tsharpe\t0.0003\t[128, 64]\tthree times the rate\t2.10
005_down\tdownside\t0.0003\t[128, 64]\tpenalise the downside\t2.00
006_wide_lr\tsharpe\t0.0003\t[256, 128]\tboth\t2.12
"""


def test_settings_written_as_words_are_settings_beside_the_numbers() -> None:
    records = converted(re.sub(r"\t[^\t]*(?=\t[^\t]*$)", "", WORDED, flags=re.M))  # no note
    assert changes(records[1]) == [("reward_type", "excess_return", "sharpe")]
    assert changes(records[2]) == [("net_arch", "128, 64", "256, 128")]
    assert records[1]["experiment"]["change_category"] == "loss"
    assert records[2]["experiment"]["change_category"] == "architecture"


def test_a_column_of_words_that_differ_on_every_run_is_no_setting() -> None:
    no_note = re.sub(r"\t[^\t]*(?=\t[^\t]*$)", "", WORDED, flags=re.M)
    labels = iter(["[128, 64]", "[128, 65]", "[256, 128]", "[128, 66]", "[128, 67]", "[256, 129]"])
    unique = re.sub(r"\[\d+, \d+\]", lambda _: next(labels), no_note)  # a label of each run's own
    records = converted(unique)
    assert changes(records[1]) == [("reward_type", "excess_return", "sharpe")]
    assert all(c["parameter"] != "net_arch" for r in records for c in r["experiment"]["changes"])


def test_the_summary_says_which_columns_were_read_as_settings_and_how_to_name_others() -> None:
    notes = convert_bytes(SWEEP.encode(), "results.tsv").notes
    said = [note for note in notes if "read as their settings" in note]
    assert len(said) == 1
    assert "n_layer, n_embd, lr, dropout, weight_decay" in said[0] and "config:" in said[0]
    assert "train_steps" not in said[0]


def test_where_the_rows_describe_their_change_the_description_says_what_changed() -> None:
    described = SWEEP.replace("exp_id\t", "description\t").replace("wider_drop\t", "add dropout 0.1\t")
    records = converted(described)
    # the description says what changed; the kept runs' `dropout` cells say where it started (`named_columns`)
    assert changes(records[3]) == [("dropout", "0", "0.1")]


@pytest.mark.parametrize(
    "name", ["n_layer", "n_embd", "lr", "dropout", "weight_decay", "batch_size", "warmup_ratio", "reward_type", "net_arch"]
)
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
