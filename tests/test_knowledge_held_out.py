"""The held-out protocol: a log is never scored by a model that saw it, and choices never see it either."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest

from nrr_spec.knowledge.calibrated import fit, fit_scaled, log_odds
from nrr_spec.knowledge.held_out import (
    Choice,
    auc_by_view,
    choose,
    feature_aucs,
    folds_of,
    halves,
    in_sample,
    leave_one_log_out,
    masked,
    summarise,
    trained_on_others,
)
from nrr_spec.knowledge.in_log import KEEP_ONLY_FROM, KEEP_ONLY_RATE, keep_only_share
from nrr_spec.knowledge.replay import Prediction, Step, predictions, replay_records
from nrr_spec.knowledge.signals import FEATURES, WARM_UP


def _log(seed: int, rows: int, signal: int) -> list[Step]:
    """A log whose outcome follows feature `signal` (kept when it is 1), with some noise."""
    rng = random.Random(seed)
    steps = []
    for i in range(rows):
        x = [1.0] + [0.0] * (len(FEATURES) - 1)
        x[signal] = float(rng.random() < 0.5)
        kept = (x[signal] == 1.0) != (rng.random() < 0.1)
        steps.append(Step(i, x, "proceed", 0.3, 0.3, "keep" if kept else "discard", kept, f"row {i}"))
    return steps


def _logs() -> dict[str, list[Step]]:
    # Three logs where feature 1 decides the outcome, one where feature 2 does and feature 1 is noise.
    logs = {f"log{i}": _log(i, 60, 1) for i in range(3)}
    logs["odd"] = _log(9, 200, 2)
    return logs


def test_a_log_is_scored_by_coefficients_fitted_without_it() -> None:
    logs = _logs()
    scored = leave_one_log_out(logs, Choice(2.0))["odd"]
    others = [s for name in ("log0", "log1", "log2") for s in logs[name]]
    without = fit_scaled([s.features for s in others], [s.improved for s in others], l2=2.0)
    every = [s for steps in logs.values() for s in steps]
    with_it = fit_scaled([s.features for s in every], [s.improved for s in every], l2=2.0)
    # none of the three others keeps every row: the prior share of keep-only logs is theirs
    share = keep_only_share(0, 3)
    expected = [p.probability for p in predictions(logs["odd"], without, None, share)]
    leaked = [p.probability for p in predictions(logs["odd"], with_it, None, share)]
    assert [p.probability for p in scored] == pytest.approx(expected, abs=1e-6)
    assert [p.probability for p in scored] != pytest.approx(leaked, abs=1e-3)


def test_the_model_fitted_on_the_scored_logs_reads_their_own_outcomes() -> None:
    logs = _logs()
    every = [s for steps in logs.values() for s in steps]
    with_them = fit_scaled([s.features for s in every], [s.improved for s in every], l2=0.5)
    fitted_here = in_sample(logs, Choice(0.5, None))
    assert [p.probability for p in fitted_here["odd"]] == pytest.approx(
        [p.probability for p in predictions(logs["odd"], with_them, None, keep_only_share(0, 4))], abs=1e-9
    )
    # "odd" is decided by a feature the other logs do not use: held out it is scored near chance
    assert summarise(fitted_here).log_loss < summarise(leave_one_log_out(logs, Choice(0.5, None))).log_loss


def test_unseen_logs_are_scored_by_coefficients_fitted_on_the_corpus_alone() -> None:
    logs = _logs()
    corpus = {name: logs[name] for name in ("log0", "log1", "log2")}
    scored = trained_on_others(corpus, {"odd": logs["odd"]}, Choice(2.0))
    others = [s for steps in corpus.values() for s in steps]
    weights = fit_scaled([s.features for s in others], [s.improved for s in others], l2=2.0)
    assert list(scored) == ["odd"]
    assert [p.probability for p in scored["odd"]] == pytest.approx(
        [p.probability for p in predictions(logs["odd"], weights, None, keep_only_share(0, 3))], abs=1e-6
    )
    every = others + logs["odd"]
    with_it = fit_scaled([s.features for s in every], [s.improved for s in every], l2=2.0)
    leaked = [p.probability for p in predictions(logs["odd"], with_it, None, keep_only_share(0, 3))]
    assert [p.probability for p in scored["odd"]] != pytest.approx(leaked, abs=1e-3)


def test_the_penalty_is_chosen_without_looking_at_logs_outside_the_choice() -> None:
    logs = _logs()
    names = ["log0", "log1", "log2"]
    chosen = choose(logs, names)
    flipped = dict(logs)
    flipped["odd"] = [Step(s.row, s.features, s.verdict, 0.3, 0.3, s.outcome, not s.improved, "") for s in logs["odd"]]
    assert choose(flipped, names) == chosen


def test_folds_and_halves_hold_whole_logs_and_do_not_depend_on_order() -> None:
    names = [f"owner__repo__pr{i}__results.tsv" for i in range(40)]
    folds = folds_of(names)
    assert sorted(n for f in folds for n in f) == sorted(names)
    assert folds_of(list(reversed(names))) == folds
    first, second = halves(names)
    assert not set(first) & set(second) and len(first) + len(second) == len(names)
    assert 10 <= len(first) <= 30


def test_the_penalty_does_not_depend_on_the_unit_a_feature_is_measured_in() -> None:
    rows = [s for steps in _logs().values() for s in steps]
    labels = [s.improved for s in rows]
    tenfold = [[v * 10.0 if j == 1 else v for j, v in enumerate(s.features)] for s in rows]
    plain = fit_scaled([s.features for s in rows], labels, l2=32.0)
    scaled = fit_scaled(tenfold, labels, l2=32.0)
    assert scaled[1] == pytest.approx(plain[1] / 10.0, rel=1e-6)
    assert [log_odds(scaled, x) for x in tenfold] == pytest.approx([log_odds(plain, s.features) for s in rows], abs=1e-6)
    # Penalised on the raw scale, the same feature in a larger unit would be held back less.
    raw = fit([s.features for s in rows], labels, l2=32.0)
    raw_tenfold = fit(tenfold, labels, l2=32.0)
    assert raw_tenfold[1] * 10.0 != pytest.approx(raw[1], rel=1e-2)


def test_a_dropped_feature_family_gets_no_weight() -> None:
    logs = _logs()
    dropped = frozenset({FEATURES[1]})
    rows = [s for steps in logs.values() for s in masked(steps, dropped)]
    weights = fit([s.features for s in rows], [s.improved for s in rows])
    assert weights[1] == 0.0 and abs(weights[2]) > 0.1


def test_the_summary_reports_the_per_log_auc_distribution() -> None:
    logs = _logs()
    summary = summarise(leave_one_log_out(logs, Choice(2.0)))
    assert summary.logs == 4 and summary.rows == 380
    assert summary.quartiles[0] <= summary.median_auc <= summary.quartiles[1]
    # Feature 1 carries over to the three alike logs; the odd log's own signal is unseen elsewhere.
    assert summary.mean_auc > 0.6


def _rows(words: dict[int, str]) -> list[dict[str, object]]:
    texts = [
        "increase warmdown to 0.6",
        "decrease LR to 0.03",
        "increase depth to 10",
        "increase warmdown to 0.8",
        "add dropout 0.1",
    ]
    outcomes = ["keep", "discard", "keep", "discard", "discard"]
    return [
        {
            "id": f"r{i}",
            "experiment": {
                "outcome": o,
                "description": f"{t} {words.get(i, '')}".strip(),
                "change_category": "other",
                "changes": [],
            },
            "provenance": {"source": {"row": i}},
        }
        for i, (t, o) in enumerate(zip(texts, outcomes, strict=True), 1)
    ]


@pytest.mark.parametrize("report", ["(worse)", "- NEW BEST val_bpb 1.27", "— OOM at 21.2GB", ": kept, +0.4%"])
def test_outcome_words_change_no_prediction_of_their_row_or_the_rows_after(report: str) -> None:
    plain = replay_records(_rows({}))
    for row in (2, 3, 4):
        told = replay_records(_rows({row: report}))
        assert [(p.probability, p.verdict) for p in told] == [(p.probability, p.verdict) for p in plain]


def test_a_row_whose_description_held_a_report_is_marked_cut() -> None:
    told = replay_records(_rows({3: "(worse)", 4: "- NEW BEST val_bpb 1.27"}))
    assert [(p.row, p.cut) for p in told] == [(2, False), (3, True), (4, True), (5, False)]


def test_the_ranking_is_reported_apart_on_rows_left_whole_and_rows_cut() -> None:
    # A model that ranks the rows left whole perfectly and the cut rows the wrong way round: the two
    # figures part, which is what a feature reading the future through the view would show.
    def prediction(probability: float, kept: bool, cut: bool) -> Prediction:
        return Prediction(None, probability, "proceed", 0.5, 0.5, "keep" if kept else "discard", kept, cut=cut)

    per_log = {
        "a": [
            prediction(0.9, True, False),
            prediction(0.1, False, False),
            prediction(0.2, True, True),
            prediction(0.8, False, True),
        ],
        "b": [prediction(0.7, True, False), prediction(0.3, False, False), prediction(0.6, True, True)],
    }
    assert auc_by_view(per_log) == {"whole": (1.0, 2), "cut": (0.0, 1)}


def test_the_in_log_offset_follows_the_log_after_its_warm_up_and_is_off_without_a_prior() -> None:
    # A model that expects one keep in two, on a log that keeps everything: updated within the
    # log, its probability stays put through the warm-up, then climbs row after row; without a
    # prior it stays where it was fitted.
    steps = [Step(i, [1.0] + [0.0] * (len(FEATURES) - 1), "proceed", 0.5, 0.5, "keep", True, "") for i in range(12)]
    weights = [0.0] * len(FEATURES)
    fixed = [p.probability for p in predictions(steps, weights, None, 0.0)]
    updated = [p.probability for p in predictions(steps, weights, 3.0, 0.0)]
    assert fixed == pytest.approx([0.5] * 12)
    # The first scored row has one decided row before it: the offset applies from the row that has
    # WARM_UP before it.
    first_warm = WARM_UP - 1
    assert updated[:first_warm] == pytest.approx([0.5] * first_warm)
    assert updated[first_warm] > 0.6  # learnt all along, applied at once
    assert all(b > a for a, b in pairwise(updated[first_warm:])) and updated[-1] > 0.7
    # A weaker prior (fewer experiments' worth of belief that the log is like the others) moves faster.
    assert predictions(steps, weights, 1.0, 0.0)[8].probability > predictions(steps, weights, 30.0, 0.0)[8].probability


def test_a_log_that_keeps_every_row_is_mixed_with_one_that_logs_only_its_keeps() -> None:
    # A model that expects one keep in two, on a log that keeps everything: from the third row on,
    # the answer leans more and more on a log that keeps KEEP_ONLY_RATE of its rows, by Bayes' rule.
    keeps = [Step(i, [1.0] + [0.0] * (len(FEATURES) - 1), "proceed", 0.5, 0.5, "keep", True, "") for i in range(12)]
    weights = [0.0] * len(FEATURES)
    plain = [p.probability for p in predictions(keeps, weights, None, 0.0)]
    mixed = [p.probability for p in predictions(keeps, weights, None, 0.2)]
    assert mixed[:KEEP_ONLY_FROM] == pytest.approx(plain[:KEEP_ONLY_FROM])
    assert all(b > a for a, b in pairwise(mixed[KEEP_ONLY_FROM - 1 :]))
    assert 0.9 < mixed[-1] < KEEP_ONLY_RATE
    # After the first discard the log is not one that only logs its keeps: the model answers alone.
    broken = [*keeps[:6], Step(6, keeps[0].features, "proceed", 0.5, 0.5, "discard", False, ""), *keeps[7:]]
    after = [p.probability for p in predictions(broken, weights, None, 0.2)]
    assert after[7:] == pytest.approx(plain[7:])
    assert after[6] > plain[6]  # the discarded row itself was answered before it was seen
    # A larger prior share of such logs leans on them sooner.
    assert predictions(keeps, weights, None, 0.4)[4].probability > predictions(keeps, weights, None, 0.1)[4].probability


def test_the_choice_of_penalty_and_prior_is_made_on_the_other_logs_only() -> None:
    logs = _logs()
    chosen = choose(logs, ["log0", "log1", "log2"], grid=(2.0, 32.0), priors=(None, 10.0))
    assert isinstance(chosen, Choice) and chosen.l2 in (2.0, 32.0) and chosen.prior in (None, 10.0)


def test_each_feature_alone_ranks_the_rows_it_decides_and_not_the_others() -> None:
    logs = _logs()
    odd = feature_aucs({"odd": logs["odd"]})
    assert odd[FEATURES[2]] > 0.8  # the feature that decides this log
    assert 0.35 < odd[FEATURES[1]] < 0.65  # noise here
    assert odd[FEATURES[3]] == 0.5  # constant: every pair a tie
    assert "bias" not in odd
    every = feature_aucs(logs)  # the mean over logs, each counted once whatever its length
    per_log = [feature_aucs({name: steps})[FEATURES[1]] for name, steps in logs.items()]
    assert every[FEATURES[1]] == pytest.approx(sum(per_log) / len(per_log))
