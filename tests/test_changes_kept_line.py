"""The words a description uses for the kept configuration it builds on name no change of their own."""

from __future__ import annotations

import pytest

from nrr_spec.changes import parse_changes


@pytest.mark.parametrize(
    ("text", "parameters"),
    [
        ("Compressed format (Exp-3), champion", ["format"]),
        ("recipe + grip shaping coef 0.1", ["grip_shaping_coef"]),
        ("MoE aux_loss=0.001, previous best", ["aux_loss"]),
        ("sanity check current best", []),
        ("champion (T=2^24) + linear LR warmup", ["linear_lr_warmup", "t"]),
    ],
)
def test_a_mention_of_the_kept_configuration_is_no_change(text: str, parameters: list[str]) -> None:
    changes, _ = parse_changes(text)
    assert [c["parameter"] for c in changes] == parameters


def test_a_part_removed_from_the_champion_is_named_by_itself() -> None:
    changes, _ = parse_changes("drop week_cos from interaction champion")
    assert [(c["parameter"], c["direction"]) for c in changes] == [("week_cos", "remove")]


def test_a_name_that_only_contains_the_word_is_kept() -> None:
    changes, _ = parse_changes("add best feature set")
    assert [c["parameter"] for c in changes] == ["best_feature_set"]
    changes, _ = parse_changes("best_lr=0.01")
    assert [c["parameter"] for c in changes] == ["best_lr"]
