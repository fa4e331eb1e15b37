"""A setting assigned by its path in a configuration or an object is named as the code names it."""

from __future__ import annotations

import pytest

from nrr_spec.changes import parse_changes


@pytest.mark.parametrize(
    ("text", "parameters", "category"),
    [
        ("set penalty.lr=0.00005", ["learning_rate"], "learning_rate"),
        ("set penalty.num_epochs=1200", ["num_epochs"], "training_length"),
        ("LocalContextMLPv2.coarse_loss_weight=1.5", ["coarse_loss_weight"], "loss"),
        ("optimizer.lr=1e-3, model.n_layer=12", ["learning_rate", "n_layer"], "multiple"),
        ("config.use_cache=False", ["use_cache"], "systems"),
    ],
)
def test_the_last_part_of_a_path_names_the_setting(text: str, parameters: list[str], category: str) -> None:
    changes, found = parse_changes(text)
    assert [c["parameter"] for c in changes] == parameters
    assert found == category


def test_paths_that_end_alike_keep_their_owners() -> None:
    changes, _ = parse_changes("encoder.depth=6 decoder.depth=4")
    assert [(c["parameter"], c["to"]) for c in changes] == [("encoder_depth", "6"), ("decoder_depth", "4")]


def test_a_file_name_is_no_setting() -> None:
    changes, _ = parse_changes("train on parallel.filtered.csv with epochs=8")
    assert "csv" not in [c["parameter"] for c in changes]
