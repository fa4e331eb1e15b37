"""The kind of work a log records, and the category it gives the parameters the ML taxonomy cannot place."""

from __future__ import annotations

from collections import Counter

import pytest
from table_tests import table_test

from nrr_spec.changes import normalise_parameter
from nrr_spec.changes.categories import categorise, category_of_parameter
from nrr_spec.changes.described_work import count_described_work
from nrr_spec.changes.domain import category_in_domain, described_domain, log_domain, metric_domain
from nrr_spec.convert.pipeline import convert_bytes

test_the_metric_name_says_what_kind_of_work_a_log_records = table_test(
    metric_domain,
    [
        ("val_bpb", "ml"),
        ("eval_accuracy", "ml"),
        ("testF1", "ml"),
        ("decode_tok_s", "systems"),
        ("p50_latency_ms", "systems"),
        ("peak_memory_gb", "systems"),
        ("sharpe", "strategy"),
        ("win_rate", "strategy"),
        ("score", None),
        (None, None),
        ("val_latency_ms", None),  # words of two kinds: the name does not decide
        ("combined_µs", "systems"),  # microseconds, with the micro sign
        ("mat_mul_total_μs", "systems"),  # or the Greek mu
        ("total_cpu", "systems"),
        # the state of a piece of software or a product: its changes are the work itself
        ("coverage", "other"),
        ("tests_green", "other"),
        ("features_complete", "other"),
        ("lint_warnings", "other"),
        ("ux_debt", "other"),
        ("test_acc", "ml"),  # a test split is no test suite
        ("bits_per_symbol", "ml"),  # an entropy, as bpb is
        ("nats_per_dim", "ml"),
        ("val_bpd", "ml"),
    ],
)


def test_a_log_that_measures_software_gives_what_the_taxonomy_cannot_place_no_ml_category() -> None:
    log = (
        "commit\tcoverage\tstatus\tdescription\n"
        "aaaa111\t0.80\tkeep\tbaseline\n"
        "bbbb222\t0.82\tkeep\tadd installWorkflow integration test\n"
        "cccc333\t0.81\tdiscard\tcalendar row gap 4px -> 8px\n"
    )
    records = convert_bytes(log.encode(), "results.tsv").records
    assert [r["experiment"]["change_category"] for r in records] == ["baseline", "other", "other"]
    assert log_domain("test_coverage", {"architecture": 5}) == "other"  # the split aside, coverage is the work


def test_without_a_telling_metric_the_parameters_decide() -> None:
    assert log_domain("score", {"learning_rate": 4, "systems": 2}) == "ml"
    assert log_domain("score", {"systems": 5, "architecture": 1}) == "systems"
    assert log_domain("score", {"strategy": 3}) == "strategy"
    assert log_domain("score", {}) is None
    assert log_domain("tok_s", {"learning_rate": 9}) == "systems"  # the metric first


def test_without_a_telling_metric_the_other_measured_columns_decide_before_the_parameters() -> None:
    # EMA and weight decay read as ML regularisation; the log measures returns and drawdowns.
    ml_words = {"regularization": 6}
    assert log_domain("score", ml_words, ["train_return", "val_drawdown"]) == "strategy"
    assert log_domain("score", ml_words, ["decode_tps"]) == "systems"
    # memory and time are logged by every kind of loop: they say nothing
    assert log_domain("score", ml_words, ["memory_gb", "time_s", "val_drawdown"]) == "strategy"
    assert log_domain("score", ml_words, ["peak_memory_gb", "wall_seconds"]) == "ml"
    # puzzles solved and games won score a solver's or a player's decisions
    assert log_domain("puzzles_solved", ml_words) == "strategy"
    assert log_domain("score", ml_words, ["games_won", "wins"]) == "strategy"
    # a count of trades is a trading log's; a window's days are a duration, like time
    assert log_domain("score", ml_words, ["trade_count", "window_days"]) == "strategy"
    assert log_domain("score", ml_words, ["window_days", "hours"]) == "ml"
    # columns of two kinds decide only where one kind is named at least twice as often as the other
    assert log_domain("score", ml_words, ["sharpe", "tok_s"]) == "ml"
    backtest = ["wfo_mean_sharpe", "max_drawdown_pct", "total_trades", "bootstrap_p_loss_pct"]
    assert log_domain("score", {"data": 30}, backtest) == "strategy"
    assert log_domain("score", ml_words, ["sharpe", "drawdown", "val_loss", "val_acc"]) == "ml"
    # the metric's own word comes first
    assert log_domain("val_bpb", {}, ["sharpe"]) == "ml"


def test_a_held_out_split_alone_says_ml_only_when_the_other_columns_say_nothing() -> None:
    assert log_domain("val_score", {"strategy": 4}) == "ml"
    assert log_domain("val_score", {}, ["train_score", "memory_gb"]) == "ml"
    # a strategy scored on a validation period: its returns and drawdowns say what is scored
    assert log_domain("val_score", {"regularization": 2}, ["train_return", "val_drawdown"]) == "strategy"
    assert log_domain("val_tok_s", {}, ["val_loss"]) == "systems"  # the metric's own word first


def described(*descriptions: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    for text in descriptions:
        count_described_work(text, counts)
    return counts


def test_the_descriptions_words_decide_before_the_parameters_when_they_name_one_kind_clearly() -> None:
    trading = described(
        "increase cooldown 4→8 bars — zero impact",
        "drop high vol — PF 1.05, fewer trades",
        "tighter stop after entry, drawdown down",
        "require VWAP before the entry signal",
    )
    assert trading["strategy"] >= 5 and trading["ml"] <= 1  # "cooldown" is an ML schedule's word too
    # the parameters read as ML (a cooldown, an EMA): the descriptions say trading
    assert log_domain("metric", {"lr_schedule": 2, "regularization": 1}, [], trading) == "strategy"
    assert log_domain("metric", {"lr_schedule": 2}, [], described("cooldown 4→8")) == "ml"  # too few words
    mixed = described("dropout 0.1 on the attention layers", "wider MLP, more heads", "warmup 2000 steps")
    assert described_domain(mixed) == "ml"
    assert described_domain(Counter({"strategy": 6, "ml": 3})) is None  # not three times the other kind
    # a split, memory and time are written by every kind of loop
    assert described("val memory time seconds ms") == Counter()
    assert log_domain("val_bpb", {}, [], trading) == "ml"  # the metric's own word first


def test_only_unplaced_parameters_take_the_logs_kind() -> None:
    assert category_in_domain(None, "systems") == "systems"
    assert category_in_domain(None, "strategy") == "strategy"
    assert category_in_domain(None, "ml") is None
    assert category_in_domain("precision", "systems") == "precision"
    assert category_in_domain("batch_size", "systems") == "batch_size"


def test_outside_ml_a_duration_is_no_trainings_length() -> None:
    # the hours a trading rule leaves out, a cache's expiry: the log's kind; steps and epochs stay
    assert categorise([{"parameter": "exclude_hours"}], "strategy") == "strategy"
    assert categorise([{"parameter": "llm_expiry_hours"}], "systems") == "systems"
    assert categorise([{"parameter": "exclude_hours"}], "ml") == "training_length"
    assert categorise([{"parameter": "max_steps"}], "strategy") == "training_length"
    assert categorise([{"parameter": "train_minutes_budget"}], "systems") == "training_length"


def test_outside_ml_a_cooldown_is_no_learning_rates_schedule() -> None:
    # a trading rule's cooldown in bars or days: the log's kind; a learning rate's schedule stays one
    assert normalise_parameter("cooldown") == "cooldown"
    assert categorise([{"parameter": "cooldown_days"}], "strategy") == "strategy"
    assert categorise([{"parameter": "cooldown"}], "ml") == "lr_schedule"
    assert categorise([{"parameter": "cosine_lr_schedule"}], "strategy") == "lr_schedule"
    assert categorise([{"parameter": "lr_warmup"}], "strategy") == "lr_schedule"


def test_in_a_trading_log_an_ema_or_momentum_is_an_indicator_not_an_optimiser() -> None:
    # a moving average of prices, a price's momentum, a stock's beta: the strategy's own settings
    assert categorise([{"parameter": "ema_fast"}], "strategy") == "strategy"
    assert categorise([{"parameter": "momentum_period"}], "strategy") == "strategy"
    assert categorise([{"parameter": "ema_fast"}], "ml") == "optimizer"  # a weight average's decay
    assert categorise([{"parameter": "ema_fast"}], "systems") == "optimizer"
    # an optimiser named outside the shared words stays one, even in a trading log that trains a model
    assert categorise([{"parameter": "adam_beta2"}], "strategy") == "optimizer"
    assert categorise([{"parameter": "muon_momentum"}], "strategy") == "optimizer"


def test_a_programs_data_structures_are_systems_work() -> None:
    assert category_of_parameter("price_heap_fanout") == "systems"
    assert category_of_parameter("order_id_map_load_factor") == "systems"
    assert category_of_parameter("initial_price_heap_capacity") == "systems"  # not a model's capacity
    assert category_of_parameter("intrusive_fifo_queues") == "systems"
    assert category_of_parameter("model_capacity") == "architecture"


def test_outside_ml_the_models_parts_are_parts_of_the_program() -> None:
    assert category_in_domain("architecture", "systems") == "systems"  # an expert cache, a fused attention kernel
    assert category_in_domain("evaluation", "systems") == "systems"  # an eval_* function of a prover
    assert category_in_domain("architecture", "strategy") == "strategy"
    assert category_in_domain("architecture", "ml") == "architecture"
    assert category_in_domain("architecture", None) == "architecture"
    assert categorise([{"parameter": "persistent_expert_pool"}, {"parameter": "fused_attention"}], "systems") == "systems"
    unknown = [{"parameter": "spin_wait_us", "to": "40"}]
    assert categorise(unknown) == "other"
    assert categorise(unknown, "systems") == "systems"
    assert categorise([*unknown, {"parameter": "kv_cache", "to": "q8"}], "systems") == "systems"
    assert categorise([*unknown, {"parameter": "dtype", "to": "bf16"}], "systems") == "multiple"


@pytest.mark.parametrize(
    ("log", "expected"),
    [
        pytest.param(
            "commit\tdecode_tok_s\tstatus\tdescription\n"
            "a1b2c3d\t30.1\tkeep\tbaseline\n"
            "b2c3d4e\t31.0\tkeep\tspin_wait_us=40\n"
            "c3d4e5f\t29.0\tdiscard\tpinned host staging\n"
            "d4e5f6a\t32.0\tkeep\tkv_cache q8\n",
            ["baseline", "systems", "systems", "systems"],
            id="speed-log-systems",
        ),
        pytest.param(
            "commit\tsharpe\tstatus\tdescription\n"
            "a1b2c3d\t1.1\tkeep\tbaseline\n"
            "b2c3d4e\t1.3\tkeep\tentry_threshold=0.7\n"
            "c3d4e5f\t0.9\tdiscard\trequire volume confirmation\n",
            ["baseline", "strategy", "strategy"],
            id="decisions-log-strategy",
        ),
        pytest.param(
            "commit\tval_loss\tstatus\tdescription\n"
            "a1b2c3d\t2.1\tkeep\tbaseline\n"
            "b2c3d4e\t2.0\tkeep\tspin_wait_us=40\n"
            "c3d4e5f\t2.2\tdiscard\tdropout 0.1\n",
            ["baseline", "other", "regularization"],
            id="ml-log-unplaced",
        ),
    ],
)
def test_unknown_settings_take_the_kind_of_work_the_log_records(log: str, expected: list[str]) -> None:
    result = convert_bytes(log.encode(), "results.tsv")
    assert [r["experiment"]["change_category"] for r in result.records] == expected


def test_a_setting_restated_at_the_value_the_kept_configuration_holds_is_no_change() -> None:
    log = (
        "commit\tval_loss\tstatus\tdescription\n"
        "a1b2c3d\t2.1\tkeep\tbaseline\n"
        "b2c3d4e\t2.0\tkeep\tLR=0.02\n"
        "c3d4e5f\t2.2\tdiscard\tdropout=0.1 LR=0.02\n"
    )
    result = convert_bytes(log.encode(), "results.tsv")
    last = result.records[-1]["experiment"]
    assert [c["parameter"] for c in last["changes"]] == ["dropout"]
    assert last["change_category"] == "regularization"
