"""A count of steps or parameters written beside the settings that led to it is what the run
reached, not a change; by itself, or after a verb, it is the change."""

from __future__ import annotations

import pytest

from nrr_spec.changes import parse_changes


@pytest.mark.parametrize(
    ("text", "parameters", "category"),
    [
        ("depth=6, dim=320, 20.5M params, 2512 steps", ["depth", "width"], "architecture"),
        ("TOTAL_BATCH_SIZE=2^14 DEVICE_BATCH_SIZE=8 890 steps", ["total_batch_size", "device_batch_size"], "batch_size"),
        ("max_steps=3200, 3361 steps", ["max_steps"], "training_length"),
        ("all global attention, 1373 steps", ["attention"], "architecture"),
        ("D=6 dim=384 10.7M params - too slow", ["d", "width"], "architecture"),
    ],
)
def test_a_count_reached_beside_settings_is_no_change(text: str, parameters: list[str], category: str) -> None:
    changes, found = parse_changes(text)
    assert [c["parameter"] for c in changes] == parameters
    assert found == category


@pytest.mark.parametrize(
    ("text", "parameter"),
    [
        ("2000 steps", "n_steps"),
        ("50M params", "n_params"),
        ("steps=144, lr=0.01", "num_steps"),
        ("train 2000 steps, lr=0.01", "train_steps"),
    ],
)
def test_a_count_by_itself_or_after_a_verb_is_the_change(text: str, parameter: str) -> None:
    changes, _ = parse_changes(text)
    assert parameter in [c["parameter"] for c in changes]
