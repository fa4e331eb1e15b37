"""A label that leads several rows names the part of a system a change applies to, not the change;
a change's name ends where the report of its result begins."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nrr_spec.changes.outcomes import before_result
from nrr_spec.changes.scopes import Scopes
from nrr_spec.changes.text import parse_stateless
from nrr_spec.cli import main
from nrr_spec.knowledge.api import check_proposal


def names(text: str) -> list[str]:
    return [str(c["parameter"]) for c in parse_stateless(text)[0]]


def test_a_result_word_ends_the_name_of_a_change() -> None:
    assert names("interaction features hurt Spearman (0.8935->0.8908)") == ["interaction_features"]
    assert before_result("Huber loss BROKE model (MAE 167!)") == "Huber loss"
    assert before_result("worse init") == "worse init"  # first: it names nothing, so nothing is cut
    assert before_result("regression-to-mean shrinkage") == "regression-to-mean shrinkage"
    assert before_result("drop dropout (no effect) then retune") == "drop dropout (no effect) then retune"
    # a speed against another run is a result; a faster thing one uses is a change
    assert before_result("i-j-k loop ordering is 2.9× SLOWER than baseline") == "i-j-k loop ordering"
    assert before_result("k-i-j ordering 10% slower than baseline") == "k-i-j ordering"
    assert before_result("use 2x faster kernel") == "use 2x faster kernel"
    assert before_result("Cosine LR alone gives slight boost (0.7027->0.7069)") == "Cosine LR alone"


def test_how_long_a_run_took_is_its_result_not_a_setting() -> None:
    assert names("2-layer model with eval batch 64 finished within 478.9s") == ["depth", "eval_batch"]
    assert names("eval batch 8 completes in 491.9s") == ["eval_batch"]
    assert names("lr 0.01 took 2x longer") == ["learning_rate"]


def test_what_the_change_did_told_after_it_is_no_change() -> None:
    assert names("gemm2 fp16 dot path produced INCORRECT_NUMERICAL on most workloads") == ["fp16_dot_path"]
    assert names("daily index caused new unresolved wikilinks (reverted)") == ["daily_index"]
    assert names("increase the initial map capacity from 16384 to 32768 and it lost locality") == ["initial_map_capacity"]
    assert names("raise the heap fanout from 5 to 6, which hurt") == ["heap_fanout"]
    assert names("lower only the map load factor from 0.4 to 0.35") == ["map_load_factor"]


def test_settings_listed_after_colons_are_settings_not_labels() -> None:
    scopes = Scopes()
    rows = ["outer_srr: 45.0->50.0, p: 50.0->52.0", "outer_srr: 50.0->55.0, p: 52.0->57.0", "outer_srr: 55.0->58.0"]
    for text in rows:
        scopes.add_text(text)
    assert scopes.rest(rows[0]) is None
    assert [(c["parameter"], c["from"], c["to"]) for c in parse_stateless(rows[0])[0]] == [
        ("outer_srr", "45.0", "50.0"),
        ("p", "50.0", "52.0"),
    ]
    assert names("dropout: 0.1, wd: 0.2") == ["dropout", "weight_decay"]
    assert names("lr: 0.02, val_bpb: 1.21") == ["learning_rate"]  # a measurement among them is a result
    # a number followed by words after a label is the label's change ("60/40 blend", "5x5 puzzle")
    for text in ("Point spread: 60/40 Huber blend", "Point spread: 5x5 grid", "Point spread: Huber loss"):
        scopes.add_text(text)
    assert scopes.rest("Point spread: 60/40 Huber blend") == "60/40 Huber blend"


def test_only_a_label_that_leads_several_rows_is_a_scope() -> None:
    scopes = Scopes()
    for text in ("Game winner: threshold optimization", "Game winner: HistGradientBoosting", "Game winner: drop calibration"):
        scopes.add_text(text)
    scopes.add_text("residual learning: predict noise and subtract")
    scopes.add_text("Game winner: drop calibration")  # the same row again counts once
    scopes.done()
    assert scopes.rest("Game winner: feature selection") == "feature selection"
    assert scopes.rest("residual learning: predict noise and subtract") is None
    assert scopes.rest("no label here") is None


def write_log(path: Path, descriptions: list[str]) -> Path:
    lines = ["commit\tscore\tstatus\tdescription", "a0\t0.50\tkeep\tbaseline"]
    for i, text in enumerate(descriptions, 1):
        lines.append(f"a{i}\t{0.5 - 0.01 * i:.2f}\tdiscard\t{text}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_log_of_labelled_parts_is_read_by_the_change_after_the_label(tmp_path: Path) -> None:
    log = write_log(
        tmp_path / "results.tsv",
        [
            "Game winner: HistGradientBoosting (XGBoost won on val)",
            "Game winner: threshold optimization (already optimal)",
            "Point spread: Huber loss",
            "Game winner: hyperparam sweep (overfits val)",
            "Point spread: ElasticNet",
            "Point spread: drop isotonic calibration",
        ],
    )
    out = tmp_path / "records"
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "--direction", "higher", "-o", str(out)])
    assert result.exit_code == 0, result.output
    changed = {}
    for path in out.glob("*.json"):
        record = json.loads(path.read_text())
        changed[record["experiment"]["description"]] = [c["parameter"] for c in record["experiment"].get("changes", [])]
    assert changed["Game winner: threshold optimization (already optimal)"] == ["threshold_optimization"]
    assert changed["Point spread: drop isotonic calibration"] == ["isotonic_calibration"]
    assert not any("game_winner" in p or "point_spread" in p for params in changed.values() for p in params)
    advice = check_proposal("add threshold optimization", records_dir=out)
    assert [r["outcome"] for r in advice.repeats] == ["discard"]
