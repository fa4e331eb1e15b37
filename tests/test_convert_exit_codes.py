"""A loop that logs no decision but how each run's process ended, and names its runs instead of describing them."""

from __future__ import annotations

import json
from typing import Any

import pytest

from nrr_spec.changes.exit_status import names_an_exit_status
from nrr_spec.changes.text import is_baseline_description
from nrr_spec.convert.options import ConvertOptions
from nrr_spec.convert.pipeline import convert_bytes


def _run(name: str, env: dict[str, str], exit_code: int, val_loss: float | None) -> str:
    run: dict[str, Any] = {"name": name, "iters": 1000, "extra_env": env, "exit_code": exit_code, "tok_s": 41000.0}
    if val_loss is not None:
        run["val_loss"] = val_loss
    return json.dumps(run)


# As a launcher writes it: each run's name, the environment it set, its exit code, and what it measured when it finished.
LAUNCHED = "\n".join(
    [
        _run("baseline_12L", {}, 0, 2.5022),
        _run("13L", {"NUM_LAYERS": "13"}, 0, 2.5008),
        _run("12L_bigram8192", {"BIGRAM_HASH_SIZE": "8192"}, -6, None),
        _run("12L_mlp2x", {"MLP_MULT": "2"}, 0, 2.5346),
        _run("12L_zloss0", {"Z_LOSS": "0"}, 1, None),
    ]
)


def outcomes(text: str, name: str = "results.jsonl", judge_by_metric: bool = False) -> list[str]:
    options = ConvertOptions(judge_by_metric=judge_by_metric)
    return [r["experiment"]["outcome"] for r in convert_bytes(text.encode(), name, options).records]


def test_a_run_whose_process_failed_is_a_crash() -> None:
    # The launcher decides nothing: a finished run is undecided, one whose process failed a crash.
    assert outcomes(LAUNCHED) == ["baseline", "other", "crash", "other", "crash"]


def test_judged_by_the_metric_a_failed_process_is_still_a_crash() -> None:
    assert outcomes(LAUNCHED, judge_by_metric=True) == ["baseline", "keep", "crash", "discard", "crash"]


def test_a_crashed_runs_setting_of_zero_is_still_its_change() -> None:
    record = convert_bytes(LAUNCHED.encode(), "results.jsonl").records[4]
    assert [(c["parameter"], c["to"]) for c in record["experiment"]["changes"]] == [("z_loss", "0")]


def test_an_exit_code_column_of_a_table_says_so_too() -> None:
    table = "run\tval_loss\texit_code\tdescription\nbase\t1.00\t0\tbaseline\nr1\t0.98\t0\tadd dropout\nr2\t0\t137\tdouble width\n"
    assert outcomes(table, "results.tsv") == ["baseline", "other", "crash"]
    assert outcomes(table, "results.tsv", judge_by_metric=True) == ["baseline", "keep", "crash"]


@pytest.mark.parametrize("name", ["exit_code", "exitcode", "returncode", "rc", "exit_status", "return_code"])
def test_names_of_how_a_process_ended(name: str) -> None:
    assert names_an_exit_status(name)


@pytest.mark.parametrize("name", ["status", "code", "error", "val_loss", "signal_minute", "crash_regime_filter"])
def test_names_that_are_not_an_exit_status(name: str) -> None:
    assert not names_an_exit_status(name)


@pytest.mark.parametrize("name", ["baseline_12L", "11L_baseline", "baseline", "base", " Base "])
def test_a_run_named_as_the_baseline(name: str) -> None:
    assert is_baseline_description(name)


@pytest.mark.parametrize("name", ["vs_baseline_lr2", "beat_baseline", "12L_mlp2x", "base lr 0.1", "rebase"])
def test_a_run_named_against_the_baseline_or_for_its_change(name: str) -> None:
    assert not is_baseline_description(name)
