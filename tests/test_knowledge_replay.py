"""Replay on the real corpus: rows line up with the converter's provenance, and the advice beats the base rate."""

from __future__ import annotations

import csv
from pathlib import Path

import nrr_spec
from nrr_spec.convert.pipeline import ConvertOptions, convert_log
from nrr_spec.knowledge import api
from nrr_spec.knowledge.replay import Prediction, replay_log, score

H100 = "karpathy__autoresearch__branch-exp-H100-mar8__results.tsv"


def test_replay_rows_are_the_converters_rows(corpus_dir: Path) -> None:
    log = corpus_dir / "logs" / H100
    result = replay_log(log, ConvertOptions(direction="lower"))
    records = convert_log(log, ConvertOptions(direction="lower")).records
    decided = [r["provenance"]["source"]["row"] for r in records if r["experiment"]["outcome"] in ("keep", "discard", "crash")]
    assert [p.row for p in result.predictions] == decided[1:]
    assert all(0.0 < p.probability < 1.0 for p in result.predictions)
    assert result.score.rows == len(decided) - 1


def test_pooled_over_the_corpus_the_advice_beats_the_running_base_rate(corpus_dir: Path) -> None:
    with (corpus_dir / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        directions = {r["file"]: r["direction"] for r in csv.DictReader(handle, delimiter="\t")}
    pooled: list[Prediction] = []
    for log in sorted((corpus_dir / "logs").iterdir()):
        direction = directions.get(log.name)
        result = replay_log(log, ConvertOptions(direction=direction if direction in ("lower", "higher") else None))
        pooled.extend(result.predictions)
    total = score(pooled)
    assert total.rows > 2000
    assert total.ratio is not None and total.ratio < 1.0
    assert total.auc is not None and total.auc >= 0.65
    assert total.successes_blocked <= 0.10 * total.successes


def test_package_exposes_check_proposal() -> None:
    assert nrr_spec.check_proposal is api.check_proposal
