"""The description parser: changes and one category from a log's sentence or a typed proposal."""

from __future__ import annotations

import pytest
from case_files import cases
from reading import triples
from table_tests import table_test

from nrr_spec.changes import normalise_parameter, parse_description
from nrr_spec.changes.model_shape import in_settings

test_changes_are_read_from_the_phrasings_loops_use = table_test(
    triples, cases("changes_text", "changes_are_read_from_the_phrasings_loops_use")
)


@pytest.mark.parametrize("text", cases("changes_text", "rows_that_change_nothing_yield_no_changes"))
def test_rows_that_change_nothing_yield_no_changes(text: str) -> None:
    assert parse_description(text)[0] == []


def test_metric_arrows_and_rationale_are_not_changes() -> None:
    changes, _ = parse_description("final_lr_frac 0.0->0.05 — val_bpb 1.484->1.480, gap 2.083->2.158")
    assert [c["parameter"] for c in changes] == ["final_lr_frac"]
    # after a semicolon, only name=value settings are read; after a dash, nothing
    assert triples("lr 0.05; warmup helps") == [("learning_rate", "0.05", "set")]
    assert triples("lr=0.05 — val_bpb=1.2; gap=0.3") == [("learning_rate", "0.05", "set")]
    # beside a move of its own, the settings after a semicolon are what the change ran with, unless moved too
    assert triples("hard_neg_weight 2.0→3.0; top_k=7; LR=1e-5") == [("hard_neg_weight", "3.0", "increase")]
    assert triples("lr 0.04->0.05; wd=0.1->0.2") == [("learning_rate", "0.05", "increase"), ("weight_decay", "0.2", "increase")]
    assert triples("walkforward; lookback=142") == [("walkforward", None, "add"), ("lookback", "142", "set")]


def test_context_after_at_or_on_is_not_a_change() -> None:
    assert triples("drop mileage_per_age keep age_x_engine") == [("mileage_per_age", None, "remove")]
    assert triples("MATRIX_LR 0.08->0.06 at DEPTH=3") == [("matrix_lr", "0.06", "decrease")]
    assert triples("adam_beta1=0.9 on x0_lambda=0.05 base") == [("adam_beta1", "0.9", "set")]


def test_state_gives_the_from_value_and_the_direction() -> None:
    changes, _ = parse_description("set matrix LR to 0.02", state={"matrix_lr": "0.04"})
    assert changes == [{"parameter": "matrix_lr", "from": "0.04", "to": "0.02", "direction": "decrease"}]


@pytest.mark.parametrize(("text", "category"), cases("changes_text", "one_category_per_row"))
def test_one_category_per_row(text: str, category: str) -> None:
    assert parse_description(text)[1] == category


test_parameter_names_are_normalised_the_same_way_everywhere = table_test(
    normalise_parameter, cases("changes_text", "parameter_names_are_normalised_the_same_way_everywhere")
)


def test_the_same_change_in_two_phrasings_gets_one_parameter_name() -> None:
    first = parse_description("increase learning rate to 0.05")[0][0]["parameter"]
    second = parse_description("LR=0.05")[0][0]["parameter"]
    assert first == second == "learning_rate"


test_another_row_named_by_its_number_is_a_reference_not_a_setting = table_test(
    triples, cases("changes_text", "another_row_named_by_its_number_is_a_reference_not_a_setting")
)


test_a_loss_named_by_its_choice_is_a_change_and_a_loss_with_a_number_is_a_measurement = table_test(
    triples, cases("changes_text", "a_loss_named_by_its_choice_is_a_change_and_a_loss_with_a_number_is_a_measurement")
)


def test_a_word_that_links_two_lists_is_no_name_of_either() -> None:
    changes, _ = parse_description("stage depth redistribution from [2,2,2] to [1,2,3]")
    assert not {"from", "to"} & {c["parameter"] for c in changes}


def test_a_shape_needs_a_count_of_layers_and_stands_alone() -> None:
    assert in_settings("9L 512d GQA") == "n_layer=9, model_dim=512 GQA"
    assert in_settings("512d embeddings") == "512d embeddings"  # days, or a width: no shape without layers
    assert in_settings("4W/0D/6L") == "4W/0D/6L"  # a match's wins, draws and losses
    assert in_settings("12L 12L") == "12L 12L"  # one part twice is no shape
    assert in_settings("ckpt_12L.pt") == "ckpt_12L.pt"
