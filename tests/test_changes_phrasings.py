"""Phrasings of a change the clause rules read: switches, tuples and ranges, units before a noun,
context at the start of a clause, identifiers side by side and in camelCase. Made-up phrases."""

from __future__ import annotations

from case_files import cases
from reading import triples
from table_tests import table_test

from nrr_spec.changes import normalise_parameter, parse_description
from nrr_spec.changes.clauses import STEPS, parse_clause

test_each_phrasing_reads_as_its_changes = table_test(triples, cases("changes_phrasings", "each_phrasing_reads_as_its_changes"))


test_camel_case_identifiers_of_three_words_are_code = table_test(
    normalise_parameter, cases("changes_phrasings", "camel_case_identifiers_of_three_words_are_code")
)


def test_every_step_says_none_for_a_phrasing_it_does_not_read() -> None:
    # each step is a reader of one phrasing: a clause of plain words is left to the last one
    assert [step("logit softcap") for step in STEPS[:-1]] == [None] * (len(STEPS) - 1)
    assert parse_clause("logit softcap") == [{"parameter": "logit_softcap", "from": None, "to": None, "direction": "add"}]


def test_a_remark_giving_the_earlier_value_is_where_the_change_started() -> None:
    changes, _ = parse_description("L2 1e-4 (was 1e-5)")
    assert [(c["from"], c["to"], c["direction"]) for c in changes] == [("1e-5", "1e-4", "increase")]
    changes, _ = parse_description("8 repository tests (was 0%)")  # a coverage, not a count of tests
    assert [(c["from"], c["to"]) for c in changes] == [(None, "8")]
