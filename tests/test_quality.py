"""The quality checklist: weights add up, each item flips with the part it asks for, and `nrr score` shows it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from records import smallest_record

from nrr_spec.cli import main
from nrr_spec.model import Record
from nrr_spec.quality import CHECKLIST, score_record

BARE = smallest_record("bare-record", "A bare negative result", "Something did not work.", "It did not work.")

# For each checklist item, the smallest addition to the bare record that should make it present.
ADDITIONS: dict[str, dict[str, Any]] = {
    "motivation": {"problem": {"statement": "x", "motivation": "Hospitals care."}},
    "hypothesis": {"hypothesis": {"statement": "It works.", "prior_work": [{"citation": "Wang (2021)."}]}},
    "metrics": {"methods": {"metrics": [{"name": "dice", "direction": "higher"}]}},
    "baseline": {"results": {"summary": "x", "outcomes": [{"metric": "dice", "value": 1, "baseline": 2}]}},
    "uncertainty": {
        "results": {"summary": "x", "outcomes": [{"metric": "dice", "value": 1, "uncertainty": {"kind": "sd", "value": 0.1}}]}
    },
    "power": {"methods": {"power_analysis": {"target_effect": 0.5, "alpha": 0.05, "power": 0.8}}},
    "runs": {"methods": {"seeds": [0, 1, 2]}},
    "evidence_class": {"results": {"summary": "x", "evidence_class": "inconclusive"}},
    "explanation": {"interpretation": {"explanation": "Batch statistics were noisy."}},
    "limitations": {"interpretation": {"limitations": ["one dataset"]}},
    "environment": {"reproducibility": {"environment": {"python": "3.11.7"}}},
    "code": {"reproducibility": {"code": {"repository": "https://github.com/example/x"}}},
    "dual_use": {"dual_use": {"concern": "none", "disclosure": "public"}},
}


def test_weights_add_up_to_one_hundred_and_every_item_has_a_reason() -> None:
    assert sum(weight for _, _, weight, *_ in CHECKLIST) == 100
    assert all(reason and hint for *_, reason, hint in CHECKLIST)


def test_a_bare_record_scores_zero() -> None:
    result = score_record(Record.model_validate(BARE))
    assert result.score == 0 and len(result.missing) == len(CHECKLIST)


@pytest.mark.parametrize("key", [key for key, *_ in CHECKLIST])
def test_each_item_is_earned_by_its_own_part(key: str) -> None:
    assert key in ADDITIONS, "every checklist item needs a test addition"
    result = score_record(Record.model_validate({**BARE, **ADDITIONS[key]}))
    present = [item.key for item in result.items if item.present]
    weight = next(w for k, _, w, *_ in CHECKLIST if k == key)
    assert present == [key] and result.score == weight


def test_unknown_cause_alone_is_not_an_explanation() -> None:
    record = Record.model_validate({**BARE, "interpretation": {"causes": [{"category": "unknown"}]}})
    assert not next(item for item in score_record(record).items if item.key == "explanation").present


def test_every_part_present_scores_one_hundred() -> None:
    merged: dict[str, Any] = dict(BARE)
    for addition in ADDITIONS.values():
        for section, value in addition.items():
            if isinstance(value, dict) and isinstance(merged.get(section), dict):
                merged[section] = {**merged[section], **value}
            else:
                merged[section] = value
    # Two additions set results.outcomes; one outcome with both its baseline and its spread.
    merged["results"]["outcomes"] = [{"metric": "dice", "value": 1, "baseline": 2, "uncertainty": {"kind": "sd", "value": 0.1}}]
    assert score_record(Record.model_validate(merged)).score == 100


def test_nrr_score_prints_the_table_and_json(tmp_path: Path) -> None:
    (tmp_path / "bare-record.json").write_text(json.dumps({**BARE, **ADDITIONS["uncertainty"]}), encoding="utf-8")
    runner = CliRunner()
    table = runner.invoke(main, ["score", "bare-record", "--records", str(tmp_path)])
    assert table.exit_code == 0, table.output
    assert (
        "15/100" in table.output
        and "Uncertainty of the results" in table.output
        and "add: methods.power_analysis" in table.output
    )
    as_json = runner.invoke(main, ["score", "bare-record", "--records", str(tmp_path), "--json"])
    data = json.loads(as_json.output)
    assert data["score"] == 15 and {item["key"]: item["present"] for item in data["items"]}["uncertainty"] is True


def test_nrr_score_unknown_id(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["score", "nope-nope", "--records", str(tmp_path)])
    assert result.exit_code == 1 and "no record with id 'nope-nope'" in result.output


def test_nrr_score_all_lists_lowest_first(tmp_path: Path) -> None:
    (tmp_path / "bare.json").write_text(json.dumps(BARE), encoding="utf-8")
    better = {**BARE, "id": "better-record", **ADDITIONS["explanation"]}
    (tmp_path / "better.json").write_text(json.dumps(better), encoding="utf-8")
    runner = CliRunner()
    data = json.loads(runner.invoke(main, ["score", "--all", "--records", str(tmp_path), "--json"]).output)
    assert [(item["id"], item["score"]) for item in data] == [("bare-record", 0), ("better-record", 15)]
    table = runner.invoke(main, ["score", "--all", "--records", str(tmp_path)])
    assert table.exit_code == 0 and table.output.index("bare-record") < table.output.index("better-record")
    neither = runner.invoke(main, ["score", "--records", str(tmp_path)])
    assert neither.exit_code == 2 and "or --all" in neither.output


def test_a_converted_experiment_scores_its_metric_and_baseline() -> None:
    from nrr_spec.model import Record
    from nrr_spec.quality import score_record

    record = Record.model_validate(
        {
            **BARE,
            "schema_version": "1.1",
            "kind": "automated_experiment",
            "experiment": {
                "outcome": "discard",
                "metric": {"name": "val_bpb", "value": 0.9981, "baseline": 0.9979, "delta": 0.0002, "direction": "lower"},
            },
        }
    )
    present = {item.key: item.present for item in score_record(record).items}
    assert present["metrics"] and present["baseline"]  # both are in experiment.metric
    record.experiment.metric.direction = None  # type: ignore[union-attr]
    record.experiment.metric.baseline = None  # type: ignore[union-attr]
    present = {item.key: item.present for item in score_record(record).items}
    assert not present["metrics"] and not present["baseline"]
