"""A parameter's name read with the words around it: whose coefficient, counted in what unit,
and verbs that change a setting without saying which way."""

from __future__ import annotations

import pytest
from table_tests import table_test

from nrr_spec.changes.resolve import resolve_parameter
from nrr_spec.changes.text import parse_stateless


def read(text: str) -> list[tuple[object, object, object]]:
    return [(c["parameter"], c["direction"], c["to"]) for c in parse_stateless(text)[0]]


test_a_bare_coefficient_takes_the_noun_before_it = table_test(
    read,
    [
        ("mixup alpha=0.2", [("mixup_alpha", "set", "0.2")]),
        ("ema beta=0.999", [("ema_beta", "set", "0.999")]),
        ("use alpha=0.2", [("alpha", "set", "0.2")]),  # a verb is not an owner
        ("no-spec temp=0.7", [("temperature", "set", "0.7")]),  # a condition is not an owner
        ("depth=4, reg_lambda=2.0", [("depth", "set", "4"), ("reg_lambda", "set", "2.0")]),
    ],
)

# A setting every optimizer, parameter group and data split has its own of belongs to the one named
# before it, with "=" as without; the optimizer named is tuned, not switched to.
test_a_setting_of_a_component_takes_the_components_name = table_test(
    read,
    [
        ("embedding lr=0.6", [("embedding_lr", "set", "0.6")]),
        ("muon momentum=0.95", [("muon_momentum", "set", "0.95")]),
        ("Muon beta1=0.9", [("muon_beta1", "set", "0.9")]),
        ("eval batch_size=8", [("eval_batch_size", "set", "8")]),
        ("curvature lr=5e-2", [("learning_rate", "set", "5e-2")]),  # a method's word: its own learning rate
        ("lower lr=0.02", [("learning_rate", "decrease", "0.02")]),  # the verb says which way
    ],
)


def test_a_count_in_units_names_the_parameter_counted_in_them() -> None:
    assert read("warmup 100 -> 400 steps") == [("warmup_steps", "increase", "400")]
    assert read("warmup 100 → 400 iters") == [("warmup_iters", "increase", "400")]
    assert read("TOTAL_BATCH_SIZE 2^16 -> 2^15 tokens") == [("total_batch_size", "decrease", "2^15")]
    held = {"warmup_iters": 3, "warmup_ratio": 5}
    assert resolve_parameter("warmup iterations", held).parameter == "warmup_iters"
    # an iteration of a training loop is one optimizer step; never a share of a whole, never another unit
    assert resolve_parameter("warmup steps", held).parameter == "warmup_iters"
    assert resolve_parameter("warmup epochs", held).parameter == "warmup_epochs"
    assert resolve_parameter("warmup", held).parameter == "warmup_ratio"


def test_verbs_that_do_not_say_which_way_are_verbs_not_names() -> None:
    assert read("tighten the meta threshold") == [("meta_threshold", "set", None)]
    assert read("relax the gradient clip to 2.0") == [("gradient_clip", "set", "2.0")]


test_add_to_names_a_place_unless_it_gives_a_value = table_test(
    read,
    [
        ("add label smoothing to the MLP", [("label_smoothing", "add", None)]),  # where it goes, not a value
        ("add dropout to MVP", [("dropout", "add", None)]),
        ("add WD 0.01 to lm_head", [("lm_head_weight_decay", "add", "0.01")]),
        ("add 2 layers", [("depth", "add", "2")]),
        ("switch the activation to GELU", [("activation", "replace", "GELU")]),
    ],
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tie embeddings", [("weight_tying", "add", None)]),
        ("untie embeddings", [("weight_tying", "remove", None)]),
        ("tie_word_embeddings=False", [("tie_word_embeddings", "disable", "False")]),  # the code's own name
        ("unembedding lr 0.004", [("unembedding_lr", "set", "0.004")]),  # a name that starts with "un"
    ],
)
def test_one_name_for_weight_tying_and_un_undoes_it(text: str, expected: list[tuple[object, object, object]]) -> None:
    assert read(text) == expected
    assert resolve_parameter("tied embeddings", {"weight_tying": 2}).parameter == "weight_tying"
    assert resolve_parameter("tie embeddings", {"tie_word_embeddings": 2}).parameter == "tie_word_embeddings"


test_words_that_tell_the_story_of_the_runs_are_no_part_of_a_name = table_test(
    read,
    [
        ("code 137 then retried warmup 0.1", [("warmup_ratio", "set", "0.1")]),
        ("OOM, then retried with warmup 0.1", [("warmup_ratio", "set", "0.1")]),
        ("halve batch again to 2^13", [("batch_size", "decrease", "2^13")]),
        ("so lr 0.05", [("learning_rate", "set", "0.05")]),
        ("after the OOM, lr 0.02", [("learning_rate", "set", "0.02")]),  # what happened before is context
        ("rerun current best", [("current_best", "add", None)]),
    ],
)


test_a_value_counted_in_units_names_its_parameter_however_it_is_set = table_test(
    read,
    [
        ("increase warmup to 400 steps", [("warmup_steps", "increase", "400")]),
        ("set warmup to 1000 iters", [("warmup_iters", "set", "1000")]),
        ("warmup=400 steps", [("warmup_steps", "set", "400")]),
        ("warmup=1 step", [("warmup_steps", "set", "1")]),
        ("WARMUP_ITERS=400 steps", [("warmup_iters", "set", "400")]),  # a code name is already exact
        ("increase warmup to 0.1", [("warmup_ratio", "increase", "0.1")]),
    ],
)


test_a_bare_coefficient_beside_a_thing_named_without_a_value_is_that_things = table_test(
    read,
    [
        ("add mixup with alpha=0.2", [("mixup_alpha", "add", "0.2")]),
        ("mixup (alpha=0.2)", [("mixup_alpha", "add", "0.2")]),
        ("add EMA with beta=0.999, lr 0.02", [("ema_beta", "add", "0.999"), ("learning_rate", "set", "0.02")]),
        ("Ridge alpha sweep (alpha=10)", [("ridge_alpha", "add", "10")]),
        ("use cosine schedule with warmup=0.05", [("lr_schedule", "replace", "cosine"), ("warmup_ratio", "set", "0.05")]),
    ],
)
