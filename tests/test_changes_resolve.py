"""A proposal's parameter words resolve against the parameters the records already use."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from nrr_spec.changes import parse_changes
from nrr_spec.changes.resolve import resolve_changes, resolve_parameter, value_fit

LAB = {"matrix_lr": 12, "embedding_lr": 3, "d_model": 2, "logit_softcap": 1, "depth": 5, "total_batch_size": 4}


@pytest.mark.parametrize(
    ("written", "parameter", "how"),
    [
        ("matrix lr", "matrix_lr", "exact"),
        ("MATRIX_LR", "matrix_lr", "exact"),
        ("LR", "matrix_lr", "part"),
        ("learning rate", "matrix_lr", "part"),
        ("model width", "d_model", "alias"),
        ("width", "d_model", "alias"),
        ("n_layer", "depth", "alias"),
        ("batch size", "total_batch_size", "part"),
        ("dropout", "dropout", "unknown"),
    ],
)
def test_words_resolve_to_the_labs_own_names(written: str, parameter: str, how: str) -> None:
    found = resolve_parameter(written, LAB)
    assert (found.parameter, found.how) == (parameter, how)


def test_a_name_kept_as_written_is_still_found_by_the_words_for_what_it_is() -> None:
    # "hidden" stays "hidden" in a record (a width in one log, a list of widths in the next), and the
    # model's width still finds it
    from nrr_spec.changes import normalise_parameter

    assert normalise_parameter("hidden") == "hidden"
    for written in ("model width", "width", "d_model"):
        found = resolve_parameter(written, {"hidden": 3, "depth": 2})
        assert (found.parameter, found.how) == ("hidden", "alias"), written
    assert resolve_parameter("hidden", {"width": 3}).parameter == "width"


@pytest.mark.parametrize("held", ["n_trees", "num_boost_round", "n_estimators", "num_trees"])
def test_the_size_of_a_tree_ensemble_is_found_under_each_librarys_name(held: str) -> None:
    for written in ("trees", "number of estimators", "n_estimators", "num_trees"):
        assert resolve_parameter(written, {held: 4, "max_depth": 9}).parameter == held, written


def test_a_penalty_on_the_weights_is_found_under_its_librarys_name() -> None:
    assert resolve_parameter("L1 regularization", {"reg_alpha": 2, "reg_lambda": 3}).parameter == "reg_alpha"
    assert resolve_parameter("L2 penalty", {"reg_alpha": 2, "reg_lambda": 3}).parameter == "reg_lambda"
    assert resolve_parameter("L1 regularization", {"lambda_l1": 1}).parameter == "lambda_l1"


def test_the_name_that_holds_the_most_of_the_words_wins_over_the_most_used() -> None:
    held = {"weight_decay": 9, "embeddings_weight_decay": 1}
    for written in ("weight decay of the embeddings", "embedding weight decay"):
        found = resolve_parameter(written, held)
        assert (found.parameter, found.alternatives) == ("embeddings_weight_decay", ("weight_decay",)), written
    assert resolve_parameter("weight decay", held).parameter == "weight_decay"


def test_the_most_used_name_wins_and_the_others_are_named() -> None:
    found = resolve_parameter("LR", LAB)
    assert found.explain() == "'LR' read as matrix_lr (also possible: embedding_lr)"
    assert resolve_parameter("LR", {"matrix_lr": 1, "embedding_lr": 9}).parameter == "embedding_lr"


def test_the_value_a_proposal_names_chooses_among_equally_good_names() -> None:
    held = {"matrix_lr": 1, "embedding_lr": 9, "unembedding_lr": 2}
    now = {"matrix_lr": 0.04, "embedding_lr": 0.9, "unembedding_lr": 0.004}

    def fit(direction: str, target: float) -> Callable[[str], float | None]:
        return lambda name: value_fit(direction, target, now.get(name))

    assert resolve_parameter("LR", held, fit("increase", 0.05)).parameter == "matrix_lr"  # unembedding's 0.004 is further
    assert resolve_parameter("LR", held, fit("decrease", 0.5)).parameter == "embedding_lr"  # the only one above 0.5
    # a direction the value contradicts weighs less than the scale: 0.06 now is still the 0.05's learning rate
    assert (
        resolve_parameter(
            "LR", {**held, "matrix_lr": 1}, lambda n: value_fit("increase", 0.05, {**now, "matrix_lr": 0.06}.get(n))
        ).parameter
        == "matrix_lr"
    )
    assert resolve_parameter("LR", held, fit("set", 0.003)).parameter == "unembedding_lr"
    # a name's own words still come first: the value only orders names that hold as many of them
    assert resolve_parameter("embedding LR", held, fit("set", 0.04)).parameter == "embedding_lr"


@pytest.mark.parametrize(
    ("written", "held"),
    [
        ("min_child_weight", "minimum_child_weight"),  # a word and the short form code writes for it
        ("value embeds", "value_embeddings"),
        ("max depth", "maximum_depth"),
        ("attention temperature", "attn_temp"),
        ("n bins", "histogram_bins"),  # "n" counts what follows: the bins
        ("newton schulz steps", "ns_steps"),  # the initials of the first words, then the rest
        ("volatility regime filter", "vol_regime_filter"),  # words cut short, all of them there
        ("position size", "pos_size"),
    ],
)
def test_short_forms_counts_and_initials_find_the_labs_name(written: str, held: str) -> None:
    assert resolve_parameter(written, {held: 1, "depth": 4}).parameter == held


def test_a_name_with_words_the_proposal_never_said_counts_them_against_it() -> None:
    held = {"day_of_month_calendar_feature": 3, "month": 1}
    assert resolve_parameter("month feature", held).parameter == "month"
    assert resolve_parameter("day of month calendar feature", held).parameter == "day_of_month_calendar_feature"


def test_value_names_a_thing_before_another_word_and_nothing_at_the_end() -> None:
    held = {"embedding_lr": 5, "value_embedding_lr": 1, "matrix_lr": 9}
    assert resolve_parameter("value embeddings", held).parameter == "value_embedding_lr"
    assert resolve_parameter("value of the learning rate", held).parameter == "matrix_lr"
    assert resolve_parameter("lr value", held).parameter == "matrix_lr"


def test_a_word_cut_short_stands_for_the_whole_word_only() -> None:
    held = {"vol_regime_filter": 1, "regime": 5}
    # all three words, one cut short, hold more than the one word written in full
    assert resolve_parameter("volatility regime filter", held).parameter == "vol_regime_filter"
    assert resolve_parameter("volume regime filter", {"vol_regime_filter": 1}).parameter == "vol_regime_filter"  # vol begins both
    assert resolve_parameter("volatility filter", {"vol_regime_filter": 1}).how == "unknown"  # a word missing
    assert resolve_parameter("vo regime filter", {"vol_regime_filter": 1}).how == "unknown"  # two letters begin too much


def test_of_two_names_that_fit_alike_the_one_holding_every_word_written_wins() -> None:
    held = {"embedding": 3, "initial_embedding_norm": 1}
    assert resolve_parameter("embedding norm", held).parameter == "initial_embedding_norm"
    assert resolve_parameter("embedding", held).parameter == "embedding"


def test_a_word_of_the_same_thing_keeps_the_words_beside_it() -> None:
    # "layers" is the depth; "GNN layers" is the GNN's depth where the records hold one
    assert resolve_parameter("GNN layers", {"depth": 9, "gnn_depth": 2}).parameter == "gnn_depth"
    assert resolve_parameter("GNN layers", {"depth": 9}).parameter == "depth"


def test_initials_of_the_first_words_hold_as_much_as_the_words_written_out() -> None:
    # the log abbreviates "value embedding" to VE; a name holding only some of the words is no better
    held = {"ve_weight_decay": 4, "embedding_weight_decay": 9, "weight_decay": 20}
    assert resolve_parameter("value embedding wd", held).parameter == "ve_weight_decay"
    assert resolve_parameter("embedding weight decay", held).parameter == "embedding_weight_decay"


def test_initials_stand_only_for_the_words_they_begin() -> None:
    assert resolve_parameter("newton schulz steps", {"nl_steps": 1}).how == "unknown"
    assert resolve_parameter("newton schulz", {"ns": 1}).how == "unknown"  # a whole-name abbreviation is no part


def test_without_known_parameters_the_generic_reading_stands() -> None:
    assert resolve_parameter("LR", {}).parameter == "learning_rate"
    assert resolve_parameter("LR", {}).how == "unknown"


def test_parsed_proposals_resolve_as_a_whole() -> None:
    for text, parameter in [
        ("increase LR 3x", "matrix_lr"),
        ("3x LR increase", "matrix_lr"),
        ("double the model width", "d_model"),
        ("remove logit softcap", "logit_softcap"),
    ]:
        changes, _ = parse_changes(text)
        resolved, how = resolve_changes(changes, LAB)
        assert [c["parameter"] for c in resolved] == [parameter], text
        assert resolved[0]["direction"] == changes[0]["direction"]
        assert len(how) == 1
