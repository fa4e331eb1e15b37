"""Word values of a change compared by what they say, not letter for letter."""

from __future__ import annotations

import pytest

from nrr_spec.knowledge.advice import repeat_verdict
from nrr_spec.knowledge.features import Change
from nrr_spec.knowledge.repeats import is_contained, is_repeat, same_change, value_words


@pytest.mark.parametrize(
    ("a", "b", "parameter", "same"),
    [
        ("cosine LR decay", "cosine decay", "lr_schedule", True),
        ("SiLU activation", "silu", "activation", True),
        ("learned positional embeddings", "learned positional embedding", "position_encoding", True),
        ("cosine decay", "linear decay", "lr_schedule", False),
        ("SiLU", "GELU", "activation", False),
        ("relu^2", "relu", "activation", False),
        # one choice written several ways
        ("fp16", "float16", "dtype", True),
        ("bfloat16", "bf16", "dtype", True),
        ("ReLU²", "relu^2", "activation", True),
        ("ReLU²", "relu", "activation", False),
        ("fp16", "bf16", "dtype", False),
    ],
)
def test_word_values_match_when_they_say_the_same_thing(a: str, b: str, parameter: str, same: bool) -> None:
    assert same_change(Change(parameter, "replace", a), Change(parameter, "replace", b)) is same


def test_the_parameters_own_words_are_set_aside_but_never_everything() -> None:
    assert value_words("cosine LR decay", "lr_schedule") == {"cosine", "decay"}
    assert value_words("learning rate warmup", "lr_schedule") == {"warmup"}
    assert value_words("schedule", "lr_schedule") == {"schedule"}  # nothing else left: the words as they are


def test_a_repeat_still_needs_the_same_direction_and_no_other_change() -> None:
    cosine = Change("lr_schedule", "replace", "cosine decay")
    assert not same_change(cosine, Change("lr_schedule", "remove", "cosine LR decay"))
    assert is_repeat([cosine], [Change("lr_schedule", "replace", "cosine LR decay")])
    assert not is_repeat([cosine], [Change("lr_schedule", "replace", "cosine LR decay"), Change("depth", "decrease", "2", 2.0)])


@pytest.mark.parametrize(
    ("proposal", "earlier", "same"),
    [
        (Change("flash_attention", "disable"), Change("flash_attention", "disable", "off"), True),
        (Change("flash_attention", "disable", "0", 0.0), Change("flash_attention", "disable", "false"), True),
        (Change("flash_attention", "enable"), Change("flash_attention", "disable", "off"), False),
        (Change("dropout", "enable", "0.1", 0.1), Change("dropout", "enable", "0.2", 0.2), False),
        (Change("hist_gradient_boosting", "enable"), Change("hist_gradient_boosting", "add"), True),  # "use X" is "add X"
        (Change("logit_softcap", "remove"), Change("logit_softcap", "disable", "off"), True),
        (Change("logit_softcap", "remove"), Change("logit_softcap", "enable"), False),
    ],
)
def test_a_switch_set_to_on_or_off_is_its_direction(proposal: Change, earlier: Change, same: bool) -> None:
    assert same_change(proposal, earlier) is same


def test_a_change_made_among_others_is_contained_not_repeated() -> None:
    depth = Change("depth", "increase", "12", 12.0)
    bundle = [Change("depth", "set", "12", 12.0), Change("head_dim", "set", "64", 64.0), Change("dim", "set", "384", 384.0)]
    assert is_contained([depth], bundle) and not is_repeat([depth], bundle)
    assert not is_contained([depth], [Change("depth", "set", "12", 12.0)])  # that is an exact repeat
    assert not is_contained([Change("depth", "set", "16", 16.0)], bundle)  # another value
    assert not is_contained([depth, Change("lr", "set", "0.1", 0.1)], bundle)  # a change the bundle did not make


def test_a_failed_bundle_makes_a_bare_proceed_a_caution_unless_a_kept_one_or_a_repeat_says_otherwise() -> None:
    assert repeat_verdict("proceed", [], contained=[False]) == "caution"
    assert repeat_verdict("proceed", [], contained=[False, True]) == "proceed"  # made among others and kept once
    assert repeat_verdict("proceed", [True], contained=[False]) == "proceed"  # an exact repeat was kept
    assert repeat_verdict("avoid", [], contained=[False]) == "avoid"
    assert repeat_verdict("proceed", []) == "proceed"
