"""A parameter's name read with the words around it: whose coefficient, counted in what unit,
and verbs that change a setting without saying which way."""

from __future__ import annotations

import pytest
from case_files import cases
from table_tests import table_test

from nrr_spec.changes.resolve import resolve_parameter
from nrr_spec.changes.text import parse_stateless


def read(text: str) -> list[tuple[object, object, object]]:
    return [(c["parameter"], c["direction"], c["to"]) for c in parse_stateless(text)[0]]


test_a_bare_coefficient_takes_the_noun_before_it = table_test(
    read, cases("changes_names_in_context", "a_bare_coefficient_takes_the_noun_before_it")
)

# A setting every optimizer, parameter group and data split has its own of belongs to the one named
# before it, with "=" as without; the optimizer named is tuned, not switched to.
test_a_setting_of_a_component_takes_the_components_name = table_test(
    read, cases("changes_names_in_context", "a_setting_of_a_component_takes_the_components_name")
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
    assert read("relax the gradient clip to 2.0") == [("gradient_clipping", "set", "2.0")]


test_add_to_names_a_place_unless_it_gives_a_value = table_test(
    read, cases("changes_names_in_context", "add_to_names_a_place_unless_it_gives_a_value")
)


@pytest.mark.parametrize(("text", "expected"), cases("changes_names_in_context", "one_name_for_weight_tying_and_un_undoes_it"))
def test_one_name_for_weight_tying_and_un_undoes_it(text: str, expected: list[tuple[object, object, object]]) -> None:
    assert read(text) == expected
    assert resolve_parameter("tied embeddings", {"weight_tying": 2}).parameter == "weight_tying"
    assert resolve_parameter("tie embeddings", {"tie_word_embeddings": 2}).parameter == "tie_word_embeddings"


test_words_that_tell_the_story_of_the_runs_are_no_part_of_a_name = table_test(
    read, cases("changes_names_in_context", "words_that_tell_the_story_of_the_runs_are_no_part_of_a_name")
)


test_a_value_counted_in_units_names_its_parameter_however_it_is_set = table_test(
    read, cases("changes_names_in_context", "a_value_counted_in_units_names_its_parameter_however_it_is_set")
)


test_a_bare_coefficient_beside_a_thing_named_without_a_value_is_that_things = table_test(
    read, cases("changes_names_in_context", "a_bare_coefficient_beside_a_thing_named_without_a_value_is_that_things")
)


test_a_thing_taken_away_owns_no_coefficient_beside_it = table_test(
    read, cases("changes_names_in_context", "a_thing_taken_away_owns_no_coefficient_beside_it")
)
