"""The configuration of the moment, and a proposal read against it."""

from __future__ import annotations

from nrr_spec.changes import parse_changes
from nrr_spec.changes.state import configuration, restates


def _record(sequence: int, outcome: str, parameter: str, to: str, session: str = "s") -> dict:
    return {
        "experiment": {
            "outcome": outcome,
            "sequence": sequence,
            "session": session,
            "changes": [{"parameter": parameter, "from": None, "to": to, "direction": "set"}],
        }
    }


def test_only_kept_changes_move_the_configuration_in_sequence_order() -> None:
    records = [
        _record(3, "discard", "matrix_lr", "0.08"),
        _record(2, "keep", "matrix_lr", "0.04"),
        _record(1, "keep", "matrix_lr", "0.02"),
        _record(4, "keep", "depth", "9", session="other"),
    ]
    assert configuration(records) == {"matrix_lr": "0.04", "depth": "9"}
    assert configuration(records, session="s") == {"matrix_lr": "0.04"}


def test_set_to_a_higher_value_than_the_current_one_is_an_increase() -> None:
    state = configuration([_record(1, "keep", "matrix_lr", "0.04")])
    changes, _ = parse_changes("set MATRIX_LR to 0.05", state)
    assert changes == [{"parameter": "matrix_lr", "from": "0.04", "to": "0.05", "direction": "increase"}]


def test_a_multiple_is_a_factor_of_a_number_and_a_value_beside_another_multiple() -> None:
    assert parse_changes("lr 3x", {"learning_rate": "0.01"})[0] == [
        {"parameter": "learning_rate", "from": "0.01", "to": "0.03", "direction": "increase"}
    ]
    # the ratio of the moment is written as a multiple: "asym=3x" is the new ratio, not 3 times 5
    assert parse_changes("asym=3x", {"asym": "5x"})[0] == [
        {"parameter": "asym", "from": "5x", "to": "3x", "direction": "decrease"}
    ]


def test_a_share_and_a_percentage_of_one_parameter_compare_on_one_scale() -> None:
    assert parse_changes("warmup=3%", {"warmup_ratio": "0.05"})[0][0]["direction"] == "decrease"
    assert restates({"parameter": "warmup_ratio", "to": "5%", "direction": "set"}, {"warmup_ratio": "0.05"})
    assert not restates({"parameter": "warmup_ratio", "to": "50%", "direction": "set"}, {"warmup_ratio": "0.05"})
