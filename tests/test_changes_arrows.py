"""An arrow between two names says one thing takes the place of another, unless it reports a result."""

from __future__ import annotations

import pytest

from nrr_spec.changes.text import parse_stateless


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # of no known kind: named after what goes, as "switch sdpa to flex" is
        ("sdpa -> flex", ("sdpa", "sdpa", "flex")),
        ("SSSL->SSLL", ("sssl", "SSSL", "SSLL")),
        ("cuccaro_sub_fast -> cuccaro_sub", ("cuccaro_sub_fast", "cuccaro_sub_fast", "cuccaro_sub")),
        ("sdpa → flex attention", ("sdpa", "sdpa", "flex attention")),
        # of a known kind: named after the kind
        ("MSE->SSIM", ("loss", "MSE", "SSIM")),
    ],
)
def test_an_arrow_between_two_names_is_one_replacement(text: str, expected: tuple[str, str, str]) -> None:
    changes = parse_stateless(text)[0]
    assert [(c["parameter"], c["from"], c["to"], c["direction"]) for c in changes] == [(*expected, "replace")]


def test_the_same_replacement_said_with_an_arrow_or_a_verb_names_the_same_parameter() -> None:
    by_arrow = parse_stateless("sdpa -> flex")[0]
    by_verb = parse_stateless("switch sdpa to flex")[0]
    assert [c["parameter"] for c in by_arrow] == [c["parameter"] for c in by_verb] == ["sdpa"]


@pytest.mark.parametrize(
    "text",
    [
        "PASS -> FAIL",  # a result
        "keep -> discard",
        "steps → fewer",  # a quantity that moved
        "c0ede15 -> 9f2a7b1",  # one commit after another
        "val_bpb -> loss",  # a metric
    ],
)
def test_an_arrow_that_reports_a_result_or_a_move_is_no_replacement(text: str) -> None:
    changes = parse_stateless(text)[0]
    assert all(c["direction"] != "replace" for c in changes), changes
