"""One record factory: the same experiment through `nrr convert`, the MCP/API `record_experiment` and
`nrr record` gets the same outcome, failure class, category, changes, title and lesson."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.convert.pipeline import ConvertOptions, convert_log
from nrr_spec.knowledge.api import record_experiment
from nrr_spec.model import Record

CASES = [
    # metric, its baseline, description, status, value, what a loop would pass as data, failure class;
    # no path is told the direction: each reads it from the metric's name
    ("val_bpb", "1.2700", "increase MATRIX_LR 0.04 -> 0.05", "discard", "1.2723", ["matrix_lr=0.04:0.05"], "regression"),
    ("val_bpb", "1.2700", "DEPTH 8 -> 9", "discard", "1.27006", ["depth=8:9"], "no_improvement"),  # 0.005% worse: noise
    ("val_bpb", "1.2700", "double width 512 -> 1024 (OOM)", "crash", "0.0", ["width=512:1024"], "crash_infra"),
    ("val_loss", "1.28", "depth 6 -> 8", "discard", "1.30", ["depth=6:8"], "regression"),
    ("accuracy", "0.80", "depth 6 -> 8", "discard", "0.78", ["depth=6:8"], "regression"),  # lower is worse here
    ("accuracy", "0.80", "width 256 -> 512", "discard", "0.82", ["width=256:512"], "marginal"),
]
SAME = ("outcome", "failure_class", "change_category", "lesson")


def _essence(record: dict) -> dict:
    experiment = record["experiment"]
    changes = [{k: c.get(k) for k in ("parameter", "from", "to", "direction")} for c in experiment["changes"]]
    return {
        **{k: experiment.get(k) for k in SAME},
        "changes": changes,
        "title": record["title"],
        "metric": {k: v for k, v in experiment.get("metric", {}).items() if k != "unit"},
    }


@pytest.mark.parametrize(("metric", "baseline", "description", "status", "value", "declared", "fclass"), CASES)
def test_every_path_makes_the_same_record(
    tmp_path: Path, metric: str, baseline: str, description: str, status: str, value: str, declared: list[str], fclass: str
) -> None:
    log = tmp_path / "results.tsv"
    log.write_text(
        f"commit\t{metric}\tmemory_gb\tstatus\tdescription\n"
        f"aaaaaaa\t{baseline}\t40.0\tkeep\tbaseline\n"
        f"b2c3d4e\t{value}\t40.0\t{status}\t{description}\n",
        encoding="utf-8",
    )
    converted = convert_log(log, ConvertOptions(session="mar8")).records[1]
    number = None if status == "crash" else float(value)
    api = record_experiment(
        description,
        status,
        records_dir=tmp_path / "api",
        metric=metric,
        value=number,
        baseline=float(baseline),
        session="mar8",
        commit="b2c3d4e",
    )["record"]
    measured = metric if status == "crash" else f"{metric}={value}"  # a crash measured nothing
    args = [
        "record",
        "--outcome",
        status,
        "--description",
        description,
        "--metric",
        measured,
        "--baseline",
        baseline,
        "--session",
        "mar8",
        "--commit",
        "b2c3d4e",
        "--records",
        str(tmp_path / "cli"),
        "--json",
    ]
    for change in declared:
        args += ["--change", change]
    done = CliRunner().invoke(main, args)
    assert done.exit_code == 0, done.output
    cli = json.loads(done.output)
    assert converted["experiment"]["failure_class"] == fclass
    assert cli["experiment"]["metric"]["direction"] == converted["experiment"]["metric"]["direction"]
    assert _essence(api) == _essence(converted)
    by_cli, by_log = _essence(cli), _essence(converted)
    assert {k: by_cli[k] for k in ("outcome", "failure_class", "change_category", "changes")} == {
        k: by_log[k] for k in ("outcome", "failure_class", "change_category", "changes")
    }
    assert all(c["evidence"] == "declared" for c in cli["experiment"]["changes"])
    # one id scheme: the session, then the commit (a converted log's id carries its log's tag between)
    assert api["id"] == cli["id"].removesuffix("-2") == "mar8-b2c3d4e"
    assert converted["id"].startswith("mar8-") and converted["id"].endswith("-b2c3d4e")
    for record in (converted, api, cli):
        Record.model_validate(record)


def test_nrr_record_explains_bad_changes_and_metrics(tmp_path: Path) -> None:
    for args, message in (
        (["--change", "matrix_lr"], "NAME=FROM:TO"),
        (["--change", "matrix_lr=0.04:"], "both sides of the colon"),  # the value it changed to is lost
        (["--change", "matrix_lr=:0.05"], "both sides of the colon"),
        (["--change", "+"], "+NAME"),
        (["--metric", "val_bpb=fast"], "NAME=VALUE"),
        ([], "say what changed"),
    ):
        done = CliRunner().invoke(main, ["record", "--outcome", "discard", "--records", str(tmp_path), *args])
        assert done.exit_code == 2 and message in done.output, done.output
    assert not list(tmp_path.glob("*.json"))


def test_a_long_session_name_is_the_same_whole_name_on_every_path(tmp_path: Path) -> None:
    session = "lab-gpu-cluster-autoresearch-branch-exp-H100-mar8-night-two"  # longer than an id leaves room for
    log = tmp_path / "results.tsv"
    log.write_text(
        "commit\tval_bpb\tstatus\tdescription\naaaaaaa\t1.27\tkeep\tbaseline\nb2c3d4e\t1.28\tdiscard\tDEPTH 8 -> 9\n",
        encoding="utf-8",
    )
    converted = convert_log(log, ConvertOptions(session=session)).records[1]
    api = record_experiment(
        "DEPTH 8 -> 9", "discard", records_dir=tmp_path / "api", metric="val_bpb", value=1.28, baseline=1.27,
        direction="lower", session=session, commit="b2c3d4e",
    )["record"]  # fmt: skip
    whole = "lab-gpu-cluster-autoresearch-branch-exp-h100-mar8-night-two"
    assert converted["experiment"]["session"] == api["experiment"]["session"] == whole
    # ids keep a cut name with a hash, so that they stay within the standard's length
    cut = api["id"].removesuffix("-b2c3d4e")
    assert len(cut) <= 48 and whole.startswith(cut[:40]) and converted["id"].startswith(cut + "-")


def test_a_value_without_its_metric_is_refused_not_dropped(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="value is given without metric"):
        record_experiment(description="depth 8 -> 10", outcome="discard", value=1.02, records_dir=tmp_path / "records")
    assert not list(tmp_path.rglob("*.json"))  # nothing written
