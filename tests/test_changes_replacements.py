"""One thing put in the place of another is one replacement, however the verb says it."""

from __future__ import annotations

import pytest
from case_files import cases

from nrr_spec.changes.text import parse_stateless


@pytest.mark.parametrize(
    ("text", "expected"), cases("changes_replacements", "a_replacement_is_one_change_from_the_old_to_the_new")
)
def test_a_replacement_is_one_change_from_the_old_to_the_new(text: str, expected: tuple[str, str, str]) -> None:
    changes = parse_stateless(text)[0]
    assert [(c["parameter"], c["from"], c["to"], c["direction"]) for c in changes] == [(*expected, "replace")]


def test_numbers_and_context_are_left_to_the_general_reading() -> None:
    lr = parse_stateless("change lr from 0.04 to 0.05")[0]
    assert [(c["parameter"], c["direction"], c["to"]) for c in lr] == [("learning_rate", "increase", "0.05")]
    # Two clauses: the replacement form must cover the whole clause.
    both = parse_stateless("replace AdamW with Lion, lr 0.05")[0]
    assert [(c["parameter"], c["from"], c["to"]) for c in both] == [
        ("optimizer", "AdamW", "Lion"),
        ("learning_rate", None, "0.05"),
    ]


def test_settings_brought_by_with_after_a_replacement_are_changes_of_their_own() -> None:
    switched = parse_stateless("Switch first-stage retrieval from dense to BM25 with rerank top_n=20")[0]
    assert [(c["parameter"], c["from"], c["to"]) for c in switched] == [
        ("first_stage_retrieval", "dense", "BM25"),
        ("top_n", None, "20"),
    ]
    replaced = parse_stateless("replace AdamW with Lion with lr=0.1")[0]
    assert [(c["parameter"], c["from"], c["to"]) for c in replaced] == [
        ("optimizer", "AdamW", "Lion"),
        ("learning_rate", None, "0.1"),
    ]


def test_an_arrow_between_known_choices_keeps_the_clauses_around_it() -> None:
    with_lr = parse_stateless("AdamW→Lion, lr 3e-4")[0]
    assert [(c["parameter"], c["from"], c["to"]) for c in with_lr] == [
        ("optimizer", "AdamW", "Lion"),
        ("learning_rate", None, "3e-4"),
    ]
    named = parse_stateless("optimizer AdamW -> Lion")[0]
    assert [(c["parameter"], c["from"], c["to"]) for c in named] == [("optimizer", "AdamW", "Lion")]


@pytest.mark.parametrize("text", cases("changes_replacements", "an_arrow_that_reports_a_result_or_a_move_names_no_change"))
def test_an_arrow_that_reports_a_result_or_a_move_names_no_change(text: str) -> None:
    assert parse_stateless(text)[0] == ()


def test_going_back_to_a_known_kind_of_thing_replaces_what_is_there() -> None:
    assert [(c["parameter"], c["to"]) for c in parse_stateless("go back to ReLU squared")[0]] == [("activation", "ReLU squared")]
    assert [(c["parameter"], c["to"]) for c in parse_stateless("revert to AdamW")[0]] == [("optimizer", "AdamW")]
    assert parse_stateless("go back to baseline") == ((), "baseline")
