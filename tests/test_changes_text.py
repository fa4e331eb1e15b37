"""The description parser: changes and one category from a log's sentence or a typed proposal."""

from __future__ import annotations

import pytest
from reading import triples
from table_tests import table_test

from nrr_spec.changes import normalise_parameter, parse_description

test_changes_are_read_from_the_phrasings_loops_use = table_test(
    triples,
    [
        ("increase the learning rate to 0.05", [("learning_rate", "0.05", "increase")]),
        ("increase LR to 0.04", [("learning_rate", "0.04", "increase")]),
        ("embedding LR 0.6 to 0.8", [("embedding_lr", "0.8", "increase")]),
        ("halve batch 524K to 262K (more steps in 5 min)", [("batch_size", "262K", "decrease")]),
        ("weight_decay 0.2->0.4 — val_bpb improved 2.014->1.960", [("weight_decay", "0.4", "increase")]),
        ("reduce weight decay from 0.1 to 0.05", [("weight_decay", "0.05", "decrease")]),
        ("MATRIX_LR=0.05 (slightly worse than 0.04)", [("matrix_lr", "0.05", "set")]),
        ("DEPTH=16 BATCH=256 (OOM)", [("depth", "16", "set"), ("batch_size", "256", "set")]),
        ("remove cautious WD mask (much worse)", [("cautious_weight_decay_mask", None, "remove")]),
        ("add LR warmup (WARMUP_RATIO=0.05)", [("warmup_ratio", "0.05", "add")]),
        ("GELU instead of SiLU", [("activation", "GELU", "replace")]),
        ("switch MLP activation to SiLU", [("mlp_activation", "SiLU", "replace")]),
        ("VE LR 1.5x (flat)", [("ve_lr", "1.5x", "increase")]),
        ("10 layers (slower per step)", [("depth", "10", "set")]),
        (
            "add mileage_per_age and age_x_engine features",
            [("mileage_per_age", None, "add"), ("age_x_engine_features", None, "add")],
        ),
        (
            "gpu0: lower LRs (matrix=0.02, embed=0.3) — too slow",
            [("matrix_lr", "0.02", "decrease"), ("embedding_lr", "0.3", "decrease")],
        ),
        ("raise embedding lr to 0.8 at batch 2^13", [("embedding_lr", "0.8", "increase")]),
        ("--top-k 120 on merged pool (t=20)", [("top_k", "120", "set")]),
        ("disable dropout", [("dropout", None, "disable")]),
        ("try adamw instead of sgd", [("optimizer", "adamw", "replace")]),
        ("L1 loss instead of MSE", [("loss", "L1 loss", "replace")]),  # a loss named by its choices, not a measurement
        # two choices of one kind after a component: the component's setting of that kind
        ("MLP squared_relu->gelu", [("mlp_activation", "gelu", "replace")]),
        ("MLP activation relu -> gelu", [("mlp_activation", "gelu", "replace")]),
        ("loss mse -> huber", [("loss", "huber", "replace")]),
        ("dropout on every block", [("dropout", "every block", "add")]),
        ("confidence penalty min(t/(n+5), 1)", [("confidence_penalty", "min(t/(n+5), 1)", "set")]),
        ("sigmoid confidence t/(t+n+3) (worse)", [("sigmoid_confidence", "t/(t+n+3)", "set")]),
        ("quintic (n+1)^5 weighting", [("quintic_weighting", "(n+1)^5", "set")]),  # a formula's first term, not a remark
        ("v3 kernel with 8192 shared mem", [("kernel", "v3", "replace"), ("shared_mem", "8192", "set")]),
        ("eighth batch 8K", [("batch_size", "8K", "decrease")]),
        ("curvature lr=eps=5e-2", [("learning_rate", "5e-2", "set"), ("eps", "5e-2", "set")]),  # one value, two names
        # "over" a count is a span, not "instead of"
        ("SWA over 150 warmdown steps", [("swa", None, "add")]),
        ("gelu over relu", [("activation", "gelu", "replace")]),
        # settings after a semicolon are more of the change; a reported result is not
        (
            "walkforward; fixed features; lookback=142; purge=4",
            [("walkforward", None, "add"), ("lookback", "142", "set"), ("purge", "4", "set")],
        ),
        ("bayes tuning; top_k=240; best=trial1", [("bayes", None, "add"), ("top_k", "240", "set")]),
    ],
)


@pytest.mark.parametrize(
    "text",
    ["baseline", "baseline (AdamW, default config)", "Auto-research iteration", "", "   ", "rerun same config"],
)
def test_rows_that_change_nothing_yield_no_changes(text: str) -> None:
    assert parse_description(text)[0] == []


def test_metric_arrows_and_rationale_are_not_changes() -> None:
    changes, _ = parse_description("final_lr_frac 0.0->0.05 — val_bpb 1.484->1.480, gap 2.083->2.158")
    assert [c["parameter"] for c in changes] == ["final_lr_frac"]
    # after a semicolon, only name=value settings are read; after a dash, nothing
    assert triples("lr 0.05; warmup helps") == [("learning_rate", "0.05", "set")]
    assert triples("lr=0.05 — val_bpb=1.2; gap=0.3") == [("learning_rate", "0.05", "set")]


def test_context_after_at_or_on_is_not_a_change() -> None:
    assert triples("drop mileage_per_age keep age_x_engine") == [("mileage_per_age", None, "remove")]
    assert triples("MATRIX_LR 0.08->0.06 at DEPTH=3") == [("matrix_lr", "0.06", "decrease")]
    assert triples("adam_beta1=0.9 on x0_lambda=0.05 base") == [("adam_beta1", "0.9", "set")]


def test_state_gives_the_from_value_and_the_direction() -> None:
    changes, _ = parse_description("set matrix LR to 0.02", state={"matrix_lr": "0.04"})
    assert changes == [{"parameter": "matrix_lr", "from": "0.04", "to": "0.02", "direction": "decrease"}]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("increase LR to 0.04", "learning_rate"),
        ("warmdown 0.7 to 0.8", "lr_schedule"),
        ("Adam beta2 0.95 to 0.99", "optimizer"),
        ("lm_head WD 0.01 to 0.02", "regularization"),
        ("halve batch size to 2^15", "batch_size"),
        ("depth 8 dim 640", "architecture"),
        ("embedding init std 1.0 to 0.7", "initialization"),
        ("seq_len 2048", "data"),
        ("fullgraph compile", "systems"),
        ("SiLU + scalar LR 0.25", "multiple"),
        ("baseline", "baseline"),
        ("something entirely unusual", "other"),
    ],
)
def test_one_category_per_row(text: str, category: str) -> None:
    assert parse_description(text)[1] == category


test_parameter_names_are_normalised_the_same_way_everywhere = table_test(
    normalise_parameter,
    [
        ("lr", "learning_rate"),
        ("LR", "learning_rate"),
        ("learning rate", "learning_rate"),
        ("Embedding LR", "embedding_lr"),
        ("matrix learning rate", "matrix_lr"),
        ("WD", "weight_decay"),
        ("embedding WD", "embedding_weight_decay"),
        ("n_layer", "n_layer"),
        ("TOTAL_BATCH_SIZE", "total_batch_size"),
        ("num layers", "depth"),
        ("batch", "batch_size"),
        ("WARMDOWN_RATIO", "warmdown_ratio"),
        ("RoPE base", "rope_base"),
        ("fa", "fa"),  # an abbreviation is spelled out from the log's own words (changes.abbreviations)
        ("VE gate channels", "ve_gate_channels"),
    ],
)


def test_the_same_change_in_two_phrasings_gets_one_parameter_name() -> None:
    first = parse_description("increase learning rate to 0.05")[0][0]["parameter"]
    second = parse_description("LR=0.05")[0][0]["parameter"]
    assert first == second == "learning_rate"


test_another_row_named_by_its_number_is_a_reference_not_a_setting = table_test(
    triples,
    [
        ("same as iter 12 plus unrolled inner loop", [("unrolled_inner_loop", None, "add")]),
        ("iter 7 + prefetch next block", [("prefetch_next_block", None, "add")]),
        ("revert to exp 3 config", []),
        ("combine run4 and run9", []),
        ("rerun of trial 2 with seed 5", [("seed", "5", "set")]),
        ("iteration 6 final", []),
        # counts of iterations stay settings
        ("max_iter 5000", [("max_iter", "5000", "set")]),
        ("n_iter 16", [("n_iter", "16", "set")]),
        ("iters 16 -> 32", [("iters", "32", "increase")]),
        ("increase iterations to 500", [("iterations", "500", "increase")]),
    ],
)


test_a_loss_named_by_its_choice_is_a_change_and_a_loss_with_a_number_is_a_measurement = table_test(
    triples,
    [
        ("huber loss", [("loss", "huber", "replace")]),
        ("switch loss to focal", [("loss", "focal", "replace")]),
        ("SPSA SSIM curriculum T=10", [("t", "10", "set"), ("loss", "SSIM", "replace")]),
        ("batch_size=8 cross_entropy", [("batch_size", "8", "set"), ("loss", "cross_entropy", "replace")]),
        # a loss with a number is a measurement, not a change
        ("loss 2.31", []),
        ("val_loss 1.2->1.1", []),
        ("loss=0.83 with dropout 0.1", [("dropout", "0.1", "set")]),
    ],
)
