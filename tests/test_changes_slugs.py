"""A description that is one slug is read by its numbers: each names the value of the parts before it."""

from __future__ import annotations

import pytest

from nrr_spec.changes import parse_description


def settings(text: str) -> list[tuple[str, str | None, str]]:
    return [(c["parameter"], c["to"], c["direction"]) for c in parse_description(text)[0]]


@pytest.mark.parametrize(
    ("slug", "expected"),
    [
        ("luma_error_weight_95", [("luma_error_weight", "95", "set")]),
        # the words after the value remark on the run
        ("trellis_rate_penalty_bits_128_too_small_to_keep", [("trellis_rate_penalty_bits", "128", "set")]),
        ("max_seq_len_2048", [("max_seq_len", "2048", "set")]),
        ("lr_0.02_wd_0.1", [("learning_rate", "0.02", "set"), ("weight_decay", "0.1", "set")]),
        ("lr_1e-4_bs_64", [("learning_rate", "1e-4", "set"), ("batch_size", "64", "set")]),
        ("seed_42", [("seed", "42", "set")]),
        # a number glued to a part is a word of the name, not its value
        ("heldout12_fullfoot_v1", [("heldout12_fullfoot_v1", None, "add")]),
        # a slug that switches something off or on is that phrase
        ("no_weight_tying", [("weight_tying", None, "remove")]),
        ("no_prefix_caching", [("prefix_caching", None, "remove")]),
    ],
)
def test_a_slugs_numbers_are_the_values_of_the_names_before_them(slug: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert settings(slug) == expected


@pytest.mark.parametrize(
    "text",
    [
        "MATRIX_LR",  # a code name of two words is one name
        "use_swiglu",
        "MAX_SEQ_LEN",
        "coset_sweep_extended",  # no number, no switching word: a name, as before
    ],
)
def test_a_code_name_stays_one_name(text: str) -> None:
    assert [c["parameter"] for c in parse_description(text)[0]] == [text.lower()]


@pytest.mark.parametrize(
    "slug",
    [
        "runpod_ff46008_03310841",  # a pod's hash and a time stamp
        "beta2_099",  # 0.99 written without its point: only the log can say
        "best_10L_640_256s",  # values with their units glued on
    ],
)
def test_an_id_a_stamp_or_units_are_no_settings(slug: str) -> None:
    assert all(to is None for _, to, _ in settings(slug))


def test_a_sentence_written_as_a_slug_is_no_list_of_settings() -> None:
    assert settings("sample_2_of_8_future_targets") == []
    assert settings("reuse_2_sampled_targets_as_post_prediction_rollout_anchors_without_extra_encoder_work") == []


def test_a_run_named_after_another_or_the_baseline_changes_nothing() -> None:
    assert parse_description("baseline_run_1") == ([], "baseline")
    assert settings("exp_12") == []
    assert settings("exp_12_lr_0.02") == [("learning_rate", "0.02", "set")]


def test_a_slug_inside_a_sentence_is_left_to_the_sentence() -> None:
    assert parse_description("Grid search: baseline_minmax {'bits': 4}")[1] != "baseline"
