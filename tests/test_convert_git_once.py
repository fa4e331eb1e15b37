"""With git, a change the diff gives is listed once: the description's reading of it is not added beside it."""

from __future__ import annotations

from nrr_spec.changes.change import diff_change
from nrr_spec.changes.git import Commit, ExperimentDiff
from nrr_spec.changes.text import parse_stateless
from nrr_spec.convert.fromgit import merged_changes


def _diff(*changes: dict[str, object]) -> ExperimentDiff:
    commit = Commit("a" * 40, ["b" * 40], "Ada", "ada@example.org", "2025-03-01T10:00:00+00:00", "try it", "")
    return ExperimentDiff(commit, "b" * 40, list(changes))


def _merged(description: str, diff: ExperimentDiff) -> list[tuple[object, object]]:
    changes, _ = merged_changes(diff, [dict(c) for c in parse_stateless(description)[0]])
    return [(c["parameter"], c["evidence"]) for c in changes]


def test_a_thing_the_diff_edits_is_not_read_again_from_the_description() -> None:
    diff = _diff(diff_change("vol_dampen", "add", "train.py:168"), diff_change("apply_regime_filter", "add", "train.py:170"))
    assert _merged("vol dampen + crash regime filter", diff) == [("vol_dampen", "diff"), ("apply_regime_filter", "diff")]
    smoothing = _diff(
        diff_change("smooth_labels", "enable", "train.py:40", "False", "True"), diff_change("forward", "replace", "train.py:90")
    )
    assert _merged("add label smoothing", smoothing) == [("smooth_labels", "diff"), ("forward", "diff")]


def test_what_the_diff_does_not_name_stays_beside_it() -> None:
    diff = _diff(diff_change("mlp_call", "replace", "train.py:120"))
    # the activation the code edit brings in is said only by the words, and a new thing it does not name stays too
    assert _merged("MLP relu -> gelu, add sliding window", diff) == [
        ("mlp_call", "diff"),
        ("mlp_activation", "description"),
        ("sliding_window", "description"),
    ]
