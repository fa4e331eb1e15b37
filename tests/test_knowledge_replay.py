"""Replay on the real corpus: rows line up with the converter's provenance, and the advice beats the base rate."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import nrr_spec
from nrr_spec.convert.pipeline import ConvertOptions, convert_log
from nrr_spec.knowledge import api
from nrr_spec.knowledge.held_out import fitted, halves
from nrr_spec.knowledge.replay import predictions, replay_log, replay_steps, score

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
