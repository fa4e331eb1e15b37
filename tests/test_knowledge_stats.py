"""The statistics: Beta quantiles, prior strength, shrinkage, verdicts, similarity scores."""

from __future__ import annotations

import math

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from table_tests import table_test

from nrr_spec.knowledge.advice import estimate
from nrr_spec.knowledge.beta import beta_cdf, beta_quantile, credible_interval
from nrr_spec.knowledge.features import Change, Proposal, numeric, parse_proposal, tokens
from nrr_spec.knowledge.similarity import change_similarity, structure_similarity, text_similarity
from nrr_spec.knowledge.stats import (
    MAX_STRENGTH,
    Counts,
    Neighbour,
    Observation,
    Table,
    chain,
    estimate_strength,
    typical_rate,
)


def obs(
    success: bool,
    category: str = "architecture",
    changes: tuple[tuple[str, str], ...] = (),
    crash: bool = False,
    infra: bool = False,
) -> Observation:
    return Observation(success, crash or infra, infra, category, changes)


def proposing(parameter: str, direction: str, category: str, text: str = "") -> Proposal:
    """A proposal the parser understood, of one change to one parameter."""
    return Proposal(text, [Change(parameter, direction)], category, True)


def filler(table: Table, keeps: int, total: int, category: str = "architecture") -> None:
    """Other experiments that set the overall (or a category's) keep rate, the keeps spread evenly."""
    for i in range(total):
        table.add(obs(i * keeps // total != (i + 1) * keeps // total, category, ((f"{category}_knob{i % 5}", "set"),)))


def _after_one(success: bool, category: str, parameter: str, keeps: int) -> Table:
    """`keeps` of 40 experiments kept overall, then one increase of `parameter` in `category`."""
    table = Table()
    filler(table, keeps, 40)
    table.add(obs(success, category, ((parameter, "increase"),)))
    return table


def _after_failures(category: str, parameter: str, failures: int, kept: tuple[int, int] = (5, 12), **how: bool) -> Table:
    """16 of 40 experiments kept overall, `kept` (keeps, tried) in `category`, then `failures`
    failed increases of `parameter` (`how`: crash=True or infra=True)."""
    table = Table()
    filler(table, 16, 40)
    filler(table, *kept, category)
    for _ in range(failures):
        table.add(obs(False, category, ((parameter, "increase"),), **how))
    return table


# ---------------------------------------------------------------- Beta distribution


@pytest.mark.parametrize(
    ("x", "a", "b", "expected"),
    [
        (0.3, 2, 5, 0.579825),  # closed form: polynomial CDF of Beta(2, 5)
        (0.5, 1, 1, 0.5),
        (0.2, 1, 3, 1 - 0.8**3),
        (0.9, 0.5, 0.5, 2 / math.pi * math.asin(math.sqrt(0.9))),  # arcsine distribution
    ],
)
def test_beta_cdf_matches_closed_forms(x: float, a: float, b: float, expected: float) -> None:
    assert beta_cdf(x, a, b) == pytest.approx(expected, abs=1e-9)


def test_beta_quantile_inverts_the_cdf_and_gives_the_exact_interval_of_beta_1_7() -> None:
    for a, b in [(0.5, 0.5), (3, 40), (200, 800), (1, 7)]:
        for q in (0.025, 0.5, 0.975):
            assert beta_cdf(beta_quantile(q, a, b), a, b) == pytest.approx(q, abs=1e-7)
    low, high = credible_interval(1, 7)
    assert low == pytest.approx(1 - 0.975 ** (1 / 7), abs=1e-7)
    assert high == pytest.approx(1 - 0.025 ** (1 / 7), abs=1e-7)


# ---------------------------------------------------------------- prior strength


def test_strength_is_large_when_groups_agree_and_small_when_they_differ() -> None:
    agree = [Counts(n=20, k=5) for _ in range(8)]
    differ = [Counts(n=20, k=k) for k in (0, 1, 2, 10, 18, 19, 20, 3)]
    assert estimate_strength(agree) == MAX_STRENGTH
    assert estimate_strength(differ) < 3
    assert estimate_strength(differ[:3]) == 4.0  # too few groups to estimate a spread: the default


# ---------------------------------------------------------------- verdicts


def test_empty_table_gives_no_evidence_proceed() -> None:
    est = estimate(Table(), parse_proposal("increase the learning rate to 0.05"))
    assert est.verdict == "proceed"
    assert est.reason.startswith("no evidence")


def test_one_failure_is_not_a_law() -> None:
    table = _after_one(False, "lr_schedule", "warmdown_ratio", keeps=12)
    est = estimate(table, proposing("warmdown_ratio", "increase", "lr_schedule", "increase warmdown"))
    assert est.verdict == "proceed"
    assert est.evidence == 1


def test_repeated_failures_of_the_same_change_say_avoid_with_a_checkable_reason() -> None:
    table = _after_failures("lr_schedule", "warmdown_ratio", 8, (4, 10))
    filler(table, 6, 12)
    est = estimate(table, proposing("warmdown_ratio", "increase", "lr_schedule", "increase warmdown"))
    assert est.verdict == "avoid"
    assert est.reason.startswith("increasing warmdown_ratio: 0 of 8 improved here (95% CI 0.")
    assert "category lr_schedule 4 of 18" in est.reason
    assert est.probability < est.base_rate / 2
    assert 0 <= est.low <= est.probability <= est.high <= 1


def test_direction_matters() -> None:
    table = _after_failures("learning_rate", "learning_rate", 8)
    for _ in range(3):
        table.add(obs(True, "learning_rate", (("learning_rate", "decrease"),)))
    up = estimate(table, proposing("learning_rate", "increase", "learning_rate"))
    down = estimate(table, proposing("learning_rate", "decrease", "learning_rate"))
    assert up.verdict == "avoid"
    assert down.verdict == "proceed"
    assert down.probability > 2 * up.probability


def test_infrastructure_crashes_are_not_evidence_against_the_idea() -> None:
    table = _after_failures("batch_size", "batch_size", 6, infra=True)
    est = estimate(table, proposing("batch_size", "increase", "batch_size"))
    assert est.verdict == "proceed"
    assert est.evidence == 0
    code = _after_failures("batch_size", "batch_size", 8, crash=True)
    crashed = estimate(code, proposing("batch_size", "increase", "batch_size"))
    assert crashed.verdict == "avoid"
    assert crashed.reason.startswith("increasing batch_size: 0 of 8 improved here, 8 of them crashed (95% CI")


def test_shrinkage_pulls_a_small_group_towards_its_parent() -> None:
    table = _after_one(True, "optimizer", "adam_beta2", keeps=20)
    posts = chain(table, "optimizer", "adam_beta2", "increase")
    assert [p.level for p in posts] == ["all", "category", "change"]
    assert posts[0].mean < posts[-1].mean < 0.9  # one success moves the estimate up, not to certainty
    assert [p.level for p in chain(table, "optimizer", "adam_beta2", "set")] == ["all", "category", "parameter"]


# ---------------------------------------------------------------- parsing and similarity


test_numeric_values = table_test(
    numeric,
    [
        ("262K", 262000.0),
        ("0.05", 0.05),
        ("2^17", 131072.0),
        ("3e-4", 3e-4),
        ("10%", 0.1),
        ("GeLU", None),
        (None, None),
        ("nan", None),
    ],
)


def test_tokens_split_snake_case_and_drop_stopwords() -> None:
    assert tokens("Increase the WARMDOWN_RATIO to 0.7") == ["increas", "warmdown_ratio", "warmdown", "ratio", "0.7"]


def test_tokens_split_camel_case_identifiers_as_records_name_them() -> None:
    # "precompute part bits" finds a row that names `activePartBits`; RoPE stays one word
    assert tokens("precompute activePartBits") == ["precomput", "active_part_bits", "activ", "part", "bit"]
    assert tokens("RoPE LayerNorm") == ["rope", "layernorm"]


def test_tokens_compare_words_by_their_stems() -> None:
    assert set(tokens("tie the embedding weights")) == set(tokens("tied embeddings, weight tying"))
    assert tokens("more layers") == tokens("more layer")
    # short words and names with digits stay whole: stemmed they would only meet unrelated words
    assert tokens("adam relu2 gelu bias") == ["adam", "relu2", "gelu", "bias"]


def test_same_change_scores_highest_and_opposite_direction_lower() -> None:
    query = Change("warmdown_ratio", "increase", "0.7", 0.7)
    same = change_similarity(query, Change("warmdown_ratio", "increase", "0.7", 0.7))
    near = change_similarity(query, Change("warmdown_ratio", "increase", "0.8", 0.8))
    opposite = change_similarity(query, Change("warmdown_ratio", "decrease", "0.5", 0.5))
    other = change_similarity(query, Change("learning_rate", "increase", "0.7", 0.7))
    assert same == pytest.approx(1.0)
    assert same > near > opposite > other == 0.0
    assert structure_similarity(
        [query], [Change("depth", "set"), Change("warmdown_ratio", "increase", "0.7", 0.7)], False
    ) == pytest.approx(1.0)


def test_text_similarity_is_coverage_of_the_query() -> None:
    weights = {"gelu": 3.0, "activation": 1.0}
    assert text_similarity(weights, {"gelu", "activation"}, 2) == pytest.approx(1.0)
    assert text_similarity(weights, {"gelu"}, 2) == pytest.approx(0.75)
    assert text_similarity(weights, {"gelu", "activation"}, 32) == pytest.approx(0.5)  # long text: damped
    assert text_similarity(weights, set(), 0) == 0.0


def test_proposal_parsing_from_text_assignments_and_nonsense() -> None:
    lr = parse_proposal("increase the learning rate to 0.05")
    assert [(c.parameter, c.direction, c.value) for c in lr.changes] == [("learning_rate", "increase", 0.05)]
    assert lr.category == "learning_rate" and lr.understood
    assigned = parse_proposal("", changes=["lr=0.05"])
    assert assigned.changes[0].parameter == "learning_rate"
    assert not parse_proposal("blah blah").understood
    assert parse_proposal("").changes == []


def test_near_identical_experiments_form_the_most_specific_level() -> None:
    table = Table()
    filler(table, 16, 40)
    filler(table, 5, 12, "learning_rate")
    proposal = Proposal("matrix lr 0.04 to 0.05", [Change("matrix_lr", "increase", "0.05", 0.05)], "learning_rate", True)
    alone = estimate(table, proposal)
    failed = [Neighbour(0.95, False, 1.0), Neighbour(0.9, False, 0.8)]
    near = estimate(table, proposal, neighbours=[*failed, Neighbour(0.3, True, 1.0)])  # 0.3: not near, ignored
    assert [g.level for g in near.groups] == ["all", "category", "change", "similar"]
    assert near.groups[-1].tried == 2 and near.groups[-1].improved == 0
    assert near.probability < alone.probability
    assert "0 of 2 near-identical earlier experiments improved" in near.reason
    kept = estimate(table, proposal, neighbours=[Neighbour(0.95, True, 1.0), Neighbour(0.9, True, 1.0)])
    assert kept.probability > alone.probability


# ---------------------------------------------------------------- properties

PARAMS = ["learning_rate", "depth", "warmdown_ratio"]
DIRECTIONS = ["increase", "decrease", "set"]
observations = st.lists(
    st.tuples(
        st.booleans(),
        st.sampled_from(["keep", "discard", "crash", "infra"]),
        st.sampled_from(PARAMS),
        st.sampled_from(DIRECTIONS),
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(st.floats(0.2, 400), st.floats(0.2, 400), st.floats(0.001, 0.999), st.floats(0.001, 0.999))
@example(1.0, 0.25, 0.001, 0.0010000000000000002)
def test_beta_quantile_is_monotone_and_inverts_the_cdf(a: float, b: float, q1: float, q2: float) -> None:
    x1, x2 = beta_quantile(min(q1, q2), a, b), beta_quantile(max(q1, q2), a, b)
    # The iteration stops once the CDF is within 1e-9 of q, so the quantiles of two probabilities
    # closer than that may come out in either order; beyond it, a larger q gives a larger quantile.
    assert 0.0 <= x1 <= 1.0 and 0.0 <= x2 <= 1.0
    assert x1 <= x2 + 4 * math.ulp(x2) or beta_cdf(x1, a, b) - beta_cdf(x2, a, b) <= 2e-9
    # Near 1 with a shape below 1 the CDF can jump by more than the tolerance between adjacent
    # doubles; there the quantile must be the double that brackets q.
    q = min(q1, q2)
    bracketed = beta_cdf(math.nextafter(x1, 0.0), a, b) <= q <= beta_cdf(math.nextafter(x1, 1.0), a, b)
    assert beta_cdf(x1, a, b) == pytest.approx(q, abs=1e-6) or bracketed


@settings(max_examples=60, deadline=None)
@given(
    observations,
    st.lists(st.tuples(st.sampled_from(PARAMS), st.sampled_from(DIRECTIONS)), max_size=3),
    st.lists(st.tuples(st.floats(0, 1), st.booleans(), st.floats(0, 1)), max_size=5),
)
def test_estimates_are_probabilities_inside_their_interval(
    history: list[tuple[bool, str, str, str]], proposed: list[tuple[str, str]], near: list[tuple[float, bool, float]]
) -> None:
    table = Table()
    for _, outcome, parameter, direction in history:
        table.add(
            obs(outcome == "keep", "architecture", ((parameter, direction),), crash=outcome == "crash", infra=outcome == "infra")
        )
    proposal = Proposal("x", [Change(p, d) for p, d in proposed], "architecture", True)
    est = estimate(table, proposal, neighbours=[Neighbour(*n) for n in near])
    assert 0.0 <= est.low <= est.probability <= est.high <= 1.0
    assert est.verdict in ("proceed", "caution", "avoid")
    assert est.verdict != "avoid" or est.evidence >= 3


def test_a_change_is_compared_with_the_other_changes() -> None:
    table = Table()
    filler(table, 10, 40)
    for _ in range(10):
        table.add(obs(False, "lr_schedule", (("warmdown_ratio", "increase"),)))
    own = table.get("change", "warmdown_ratio|increase")
    assert typical_rate(table, None) < 0.2  # ten recent failures drag the overall rate down...
    assert typical_rate(table, own) == pytest.approx(0.25, abs=0.05)  # ...not the other changes' 10 of 40
    est = estimate(table, proposing("warmdown_ratio", "increase", "lr_schedule"))
    assert est.base_rate == pytest.approx(typical_rate(table, own))
