"""A proposal whose parameter names no category takes the one its earlier records were given:
`token_buckets` in a log of a program's speed is a systems change, and its estimate shrinks towards
the systems changes' keep rate, not towards no category at all. Replay reads it the same way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nrr_spec.knowledge import api
from nrr_spec.knowledge.features import item_from_record, parse_proposal
from nrr_spec.knowledge.held_categories import CategoryVotes, category_of
from nrr_spec.knowledge.replay import Replayer


def test_the_most_frequent_placed_category_of_each_parameter_decides() -> None:
    votes = {"token_buckets": {"systems": 3, "architecture": 1, "other": 9}, "prefetch": {"systems": 1}}
    assert category_of(["token_buckets"], votes) == "systems"  # "other" places nothing
    assert category_of(["token_buckets", "prefetch"], votes) == "systems"
    assert category_of(["token_buckets", "mixup"], {**votes, "mixup": {"data": 2}}) == "multiple"
    assert category_of(["unseen"], votes) is None
    assert category_of(["tie"], {"tie": {"systems": 2, "data": 2}}) == "data"  # a tie goes by name, never by chance


def test_votes_learnt_one_record_at_a_time_skip_records_that_place_nothing() -> None:
    votes = CategoryVotes()
    votes.add(["token_buckets"], "multiple")
    votes.add(["token_buckets"], "baseline")
    assert category_of(["token_buckets"], votes.votes) is None
    votes.add(["token_buckets", "token_buckets"], "systems")
    assert votes.votes["token_buckets"]["systems"] == 1  # a record votes once for each parameter
    assert category_of(["token_buckets"], votes.votes) == "systems"


def _record(n: int, parameter: str, to: str, outcome: str, category: str) -> dict[str, Any]:
    return {
        "schema_version": "1.0",
        "id": f"speed-{n}",
        "title": f"increase {parameter} to {to}",
        "kind": "automated_experiment",
        "experiment": {
            "outcome": outcome,
            "description": f"increase {parameter} to {to}",
            "change_category": category,
            "session": "speed",
            "sequence": n,
            "changes": [{"parameter": parameter, "direction": "increase", "to": to}],
        },
    }


def _speed_log() -> list[dict[str, Any]]:
    rows = [("token_buckets", "1024", "keep"), ("token_buckets", "4096", "keep"), ("prefetch_depth", "2", "discard")]
    rows += [("prefetch_depth", str(3 + i), "discard") for i in range(5)]
    return [_record(n, p, to, outcome, "systems") for n, (p, to, outcome) in enumerate(rows, start=1)]


def test_check_reads_an_unplaced_parameter_in_the_category_its_records_have(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    folder.mkdir()
    for record in _speed_log():
        (folder / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")
    advice = api.check_proposal("increase token buckets to 8192", records_dir=folder)
    assert advice.proposal["changes"][0]["parameter"] == "token_buckets"
    assert advice.proposal["category"] == "systems"
    assert "category systems 2 of 8" in advice.reason
    # without a value, a name no generic vocabulary knows is understood as the records' own parameter
    advice = api.check_proposal("remove token buckets", records_dir=folder)
    assert advice.proposal["changes"][0]["parameter"] == "token_buckets"
    assert advice.proposal["understood"]
    assert "not understood" not in advice.reason
    assert api.check_proposal("remove frobnicator", records_dir=folder).proposal["understood"] is False


def test_replay_places_a_row_from_the_rows_before_it_only() -> None:
    # Before any record of token_buckets the proposal stays unplaced; after one, it is a systems change.
    replayer = Replayer()
    proposal = parse_proposal("increase token_buckets to 8192")
    assert proposal.category == "other"
    assert replayer.categories.placed(proposal).category == "other"
    log = _speed_log()
    item = item_from_record(log[0])
    assert item is not None
    replayer.feed(item)
    assert replayer.categories.placed(proposal).category == "systems"
    assert replayer.categories.placed(parse_proposal("increase candidate_cap to 9")).category == "other"  # no record of it yet
