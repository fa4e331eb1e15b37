"""A change's category is a property of its parameter: general ML words in the name decide, not a log's."""

from __future__ import annotations

import pytest
from case_files import cases
from table_tests import table_test

from nrr_spec.changes import categorise, category_of_parameter, parse_description
from nrr_spec.changes.categories import PRECEDENCE, TERMS, WORDS, words_of
from nrr_spec.model.vocabulary import ChangeCategory, values

test_the_parameters_ml_libraries_name_are_placed_by_their_words = table_test(
    category_of_parameter, cases("changes_categories", "the_parameters_ml_libraries_name_are_placed_by_their_words")
)


test_terms_and_the_more_specific_kind_decide = table_test(
    category_of_parameter, cases("changes_categories", "terms_and_the_more_specific_kind_decide")
)


@pytest.mark.parametrize("parameter", cases("changes_categories", "words_are_whole_words_not_substrings"))
def test_words_are_whole_words_not_substrings(parameter: str) -> None:
    assert category_of_parameter(parameter) is None


def test_a_name_is_split_into_words_numbers_apart_unless_the_word_is_known() -> None:
    assert words_of("TOTAL_BATCH_SIZE") == ["total", "batch", "size"]
    assert words_of("batch16") == ["batch", "16"]
    assert words_of("adam_beta2") == ["adam", "beta2"]


def test_one_category_for_the_changes_of_a_row() -> None:
    lr = {"parameter": "matrix_lr", "to": "0.05"}
    assert categorise([lr]) == "learning_rate"
    assert categorise([lr, {"parameter": "depth", "to": "8"}]) == "multiple"
    assert categorise([{"parameter": "nonlinearity", "to": "GELU"}]) == "architecture"  # the value names the choice
    assert categorise([{"parameter": "xgboost", "direction": "add"}]) == "architecture"  # a choice of the model
    assert categorise([{"parameter": "frobnication"}]) == "other"
    # a weight of a term that nothing else places weighs a term of the objective in ML, and a
    # strategy's own signals in a strategy's log
    assert categorise([{"parameter": "hard_neg_weight", "to": "2.0"}]) == "loss"
    assert categorise([{"parameter": "vf_coef", "to": "0.5"}], domain="ml") == "loss"
    assert categorise([{"parameter": "scoring_weights", "to": "0.1/0.35"}], domain="strategy") == "strategy"
    assert categorise([{"parameter": "weight"}]) == "other"  # a weight of nothing named
    assert categorise([]) == "other"


def test_a_proposal_gets_the_category_of_its_parameter_whatever_else_it_says() -> None:
    assert parse_description("increase warmup to 0.1 to stabilise the loss")[1] == "lr_schedule"
    assert parse_description("halve the dropout (the model overfits)")[1] == "regularization"


def test_the_taxonomy_names_only_the_standards_categories() -> None:
    known = set(values(ChangeCategory))
    assert set(WORDS) | set(TERMS.values()) | set(PRECEDENCE) <= known
    assert set(PRECEDENCE) == set(WORDS)
    assert not {"baseline", "multiple", "other"} & set(PRECEDENCE)
