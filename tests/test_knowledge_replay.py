"""Replay on the real corpus: rows line up with the converter's provenance, and the advice beats the base rate."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import nrr_spec
from nrr_spec.convert.pipeline import ConvertOptions, convert_log
from nrr_spec.knowledge import api
from nrr_spec.knowledge.features import parse_proposal
from nrr_spec.knowledge.held_out import fitted, halves
from nrr_spec.knowledge.index import open_index
from nrr_spec.knowledge.live import live_probability
from nrr_spec.knowledge.recent import current_session
from nrr_spec.knowledge.replay import predictions, replay_log, replay_records, replay_steps, score

COEFFICIENTS_FILE = Path(nrr_spec.__file__).parent / "knowledge" / "coefficients.json"
H100 = "karpathy__autoresearch__branch-exp-H100-mar8__results.tsv"


def test_replay_rows_are_the_converters_rows(corpus_dir: Path) -> None:
    log = corpus_dir / "logs" / H100
    result = replay_log(log, ConvertOptions(direction="lower"))
    records = convert_log(log, ConvertOptions(direction="lower")).records
    decided = [r["provenance"]["source"]["row"] for r in records if r["experiment"]["outcome"] in ("keep", "discard", "crash")]
    assert [p.row for p in result.predictions] == decided[1:]
    assert all(0.0 < p.probability < 1.0 for p in result.predictions)
    assert result.score.rows == len(decided) - 1


def test_on_logs_the_model_never_saw_the_advice_beats_the_running_base_rate(corpus_dir: Path) -> None:
    # The shipped coefficients were fitted on every corpus log, so scoring corpus logs with them
    # would be in-sample: fit on one half of the logs and score the other half instead.
    with (corpus_dir / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        directions = {r["file"]: r["direction"] for r in csv.DictReader(handle, delimiter="\t")}
    logs = {}
    for log in sorted((corpus_dir / "logs").iterdir()):
        direction = directions.get(log.name)
        converted = convert_log(log, ConvertOptions(direction=direction if direction in ("lower", "higher") else None))
        if not converted.errors:
            logs[log.name] = replay_steps(converted.records)
    seen, unseen = halves(logs)
    weights = fitted(logs, seen, json.loads(COEFFICIENTS_FILE.read_text(encoding="utf-8"))["l2"])
    pooled = [p for name in unseen for p in predictions(logs[name], weights)]
    total = score(pooled)
    assert total.rows > 1000
    assert total.ratio is not None and total.ratio < 0.95
    assert total.auc is not None and total.auc >= 0.75
    # Verdicts rest on the log's own earlier rows, not on fitted coefficients: counted over every log.
    verdicts = score([p for steps in logs.values() for p in predictions(steps)])
    assert verdicts.successes_blocked <= 0.05 * verdicts.successes


def test_package_exposes_check_proposal() -> None:
    assert nrr_spec.check_proposal is api.check_proposal


def test_check_on_a_loops_own_folder_gives_replays_probability(corpus_dir: Path, tmp_path: Path) -> None:
    # A live loop: its records folder holds its own log so far; the next row asked of `nrr check`
    # gets the probability replay gives that row (same features, same in-log updating).
    records = convert_log(corpus_dir / "logs" / H100, ConvertOptions(direction="lower")).records
    replayed = {p.row: p.probability for p in replay_records(records)}
    folder = tmp_path / "records"
    folder.mkdir()
    asked = 0
    for i, record in enumerate(records):
        row = record["provenance"]["source"]["row"]
        if row in replayed and i % 9 == 4:
            advice = api.check_proposal(record=record, records_dir=folder)
            assert advice.probability == pytest.approx(replayed[row], abs=1e-4), row
            asked += 1
        (folder / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")
    assert asked >= 10


def test_a_folder_holding_two_searches_keeps_the_index_answer(corpus_dir: Path, tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    for name in (H100, "karpathy__autoresearch__pr577__results.tsv"):
        for record in convert_log(corpus_dir / "logs" / name, ConvertOptions(direction="lower")).records[:30]:
            (folder / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")
    with open_index(folder) as index:
        index.refresh()
        proposal = parse_proposal("increase matrix lr to 0.05")
        assert live_probability(index, folder, current_session(index), proposal) is None


def test_check_follows_an_edited_earlier_row_of_the_loops_log(corpus_dir: Path, tmp_path: Path) -> None:
    # The log-odds of earlier rows are kept between checks; an edited row changes every row after it.
    records = convert_log(corpus_dir / "logs" / H100, ConvertOptions(direction="lower")).records[:40]
    folder = tmp_path / "records"
    folder.mkdir()
    for record in records[:-1]:
        (folder / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")
    before = api.check_proposal(record=records[-1], records_dir=folder).probability
    assert before == pytest.approx(replay_records(records)[-1].probability, abs=1e-4)
    edited = [json.loads(json.dumps(r)) for r in records]
    flipped = next(r for r in edited[3:] if r["experiment"]["outcome"] == "discard")
    flipped["experiment"]["outcome"] = "keep"
    (folder / f"{flipped['id']}.json").write_text(json.dumps(flipped), encoding="utf-8")
    after = api.check_proposal(record=edited[-1], records_dir=folder).probability
    assert after == pytest.approx(replay_records(edited)[-1].probability, abs=1e-4)
    assert after != pytest.approx(before, abs=1e-4)


def test_check_reads_only_the_rows_added_since_the_last_check(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each row's proposal and log-odds are kept between checks: the next check parses only the new
    # row (and the record asked about), and a cache from an earlier format or a damaged one is read again, to the same answer.
    from nrr_spec.knowledge import live

    records = convert_log(corpus_dir / "logs" / H100, ConvertOptions(direction="lower")).records[:41]
    folder = tmp_path / "records"
    folder.mkdir()
    for record in records[:-2]:
        (folder / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")
    parsed: list[str] = []
    original = live.proposal_of
    monkeypatch.setattr(live, "proposal_of", lambda item: parsed.append(item.ref) or original(item))
    api.check_proposal(record=records[-2], records_dir=folder)
    decided = sum(1 for r in records[:-2] if r["experiment"]["outcome"] in ("keep", "discard", "crash"))
    assert len(parsed) == decided + 1
    (folder / f"{records[-2]['id']}.json").write_text(json.dumps(records[-2]), encoding="utf-8")
    parsed.clear()
    fresh = api.check_proposal(record=records[-1], records_dir=folder).probability
    assert parsed == [records[-2]["id"], records[-1]["id"]]
    assert fresh == pytest.approx(replay_records(records)[-1].probability, abs=1e-4)
    cache = folder / ".nrr" / live.CACHE
    for damaged in ({key: 0.5 for key in json.loads(cache.read_text(encoding="utf-8"))}, [1, 2], "{"):
        cache.write_text(damaged if isinstance(damaged, str) else json.dumps(damaged), encoding="utf-8")
        parsed.clear()
        assert api.check_proposal(record=records[-1], records_dir=folder).probability == pytest.approx(fresh, abs=1e-9)
        assert len(parsed) == decided + 2


def test_the_proposals_own_score_ignores_the_logs_history() -> None:
    # Two proposals made at one moment share the log's history: their order must come from the
    # proposal's features only, whatever the intercept and the history coefficients are.
    from nrr_spec.knowledge.replay import Step
    from nrr_spec.knowledge.signals import FEATURES, HISTORY, proposal_log_odds

    weights = [1.0] * len(FEATURES)
    x = [1.0] * len(FEATURES)
    own = len(FEATURES) - 1 - len(HISTORY)
    assert proposal_log_odds(weights, x) == pytest.approx(own)
    busy = [5.0 if name in HISTORY else v for name, v in zip(FEATURES, x, strict=True)]
    assert proposal_log_odds(weights, busy) == pytest.approx(own)
    idea = FEATURES.index("idea")
    steps = [
        Step(1, [*x[:idea], 2.0, *x[idea + 1 :]], "proceed", 0.5, 0.5, "keep", True, "a"),
        Step(2, [*busy[:idea], -2.0, *busy[idea + 1 :]], "proceed", 0.5, 0.5, "discard", False, "b"),
    ]
    preds = predictions(steps, weights, None)
    assert preds[0].proposal_score is not None and preds[1].proposal_score is not None
    assert preds[0].proposal_score - preds[1].proposal_score == pytest.approx(4.0)
    assert score(preds).proposal_auc == 1.0


def test_a_logs_own_outcomes_count_only_after_its_warm_up() -> None:
    # Two logs of equal length, one that kept every row and one that kept none: through the warm-up
    # the terms read from their outcomes are the same (0), after it they differ; the position and
    # the warm flag depend on the length alone.
    from nrr_spec.knowledge.history import History
    from nrr_spec.knowledge.signals import FEATURES, WARM_UP, Evidence, features

    evidence = Evidence(
        idea=0.3,
        typical=0.3,
        direct=0,
        similar=[],
        repeats=[],
        parameters=frozenset({"depth"}),
    )
    outcome_terms = [FEATURES.index(name) for name in ("recent", "keep_streak", "fail_streak")]

    def terms(tried: int, kept: bool) -> list[float]:
        history = History()
        for _ in range(tried):
            history.add(kept, False, {"lr"})
        return features(history, evidence)

    for tried in range(1, WARM_UP):
        lucky, unlucky = terms(tried, True), terms(tried, False)
        assert [lucky[i] for i in outcome_terms] == [unlucky[i] for i in outcome_terms] == [0.0, 0.0, 0.0]
        assert lucky[FEATURES.index("warm")] == 0.0
    lucky, unlucky = terms(WARM_UP, True), terms(WARM_UP, False)
    assert all(lucky[i] != unlucky[i] for i in outcome_terms)
    assert lucky[FEATURES.index("warm")] == unlucky[FEATURES.index("warm")] == 1.0
    assert lucky[FEATURES.index("position")] == unlucky[FEATURES.index("position")]


def test_a_log_that_kept_every_row_or_none_says_so_from_its_first_row() -> None:
    # Loops that log only what they kept are common: whether every decided row so far was kept, or
    # none was, counts from the first row on, warm-up or not, and a mixed log has neither.
    from nrr_spec.knowledge.history import History
    from nrr_spec.knowledge.signals import FEATURES, Evidence, features

    evidence = Evidence(idea=0.3, typical=0.3, direct=0, similar=[], repeats=[], parameters=frozenset({"depth"}))
    every, none = FEATURES.index("all_kept"), FEATURES.index("none_kept")

    def flags(outcomes: list[bool]) -> tuple[float, float]:
        history = History()
        for kept in outcomes:
            history.add(kept, False, {"lr"})
        x = features(history, evidence)
        return x[every], x[none]

    assert flags([]) == (0.0, 0.0)
    assert flags([True]) == flags([True] * 20) == (1.0, 0.0)
    assert flags([False]) == flags([False] * 20) == (0.0, 1.0)
    assert flags([True, False]) == flags([False] * 9 + [True]) == (0.0, 0.0)
    # A history read from the index keeps only the tail: the earlier rows count too.
    tail = History(earlier_tried=5, earlier_kept=4)
    tail.add(True, False, {"lr"})
    assert features(tail, evidence)[every] == 0.0


@pytest.mark.parametrize(
    ("text", "joins"),
    [
        ("increase MATRIX_LR to 0.05", 0),
        ("Ridge alpha=10 + outlier removal + Neighborhood target enc", 2),
        ("warmup 0.1, weight decay 0.05 and depth 10", 2),
        ("", 0),
    ],
)
def test_a_combined_proposal_counts_its_joins(text: str, joins: int) -> None:
    import math

    from nrr_spec.knowledge.history import History
    from nrr_spec.knowledge.signals import FEATURES, Evidence, features, parts_joined

    assert parts_joined(text) == joins
    evidence = Evidence(0.3, 0.3, 0, [], [], frozenset(), joined=parts_joined(text))
    assert features(History(), evidence)[FEATURES.index("joined")] == pytest.approx(math.log1p(joins))
