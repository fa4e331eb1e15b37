"""A bare coefficient (p, alpha, gamma) is its owner's, and the words before the owner say which of
its kind the owner is: "modality dropout p=0.1" is the modality dropout's rate, not any dropout's."""

from __future__ import annotations

import pytest

from nrr_spec.changes import parse_changes


@pytest.mark.parametrize(
    ("text", "parameter"),
    [
        ("modality dropout p=0.05 on drug+protein inputs", "modality_dropout_p"),
        ("input vector dropout p=0.1 before first linear", "input_vector_dropout_p"),
        ("dropout p=0.1", "dropout_p"),
        ("add mixup alpha=0.2", "mixup_alpha"),
        ("tried focal loss gamma=2", "focal_loss_gamma"),
        ("lr 0.01 and dropout p=0.1", "dropout_p"),
    ],
)
def test_the_owner_of_a_coefficient_keeps_the_words_that_say_which(text: str, parameter: str) -> None:
    changes, _ = parse_changes(text)
    assert parameter in [c["parameter"] for c in changes]
