"""`nrr convert`: files written atomically and merged, JSON Lines on stdout, the summary, the table converter."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONVERT_MLFLOW_TABLE

from nrr_spec.cli import main
from nrr_spec.convert.output import merge
from nrr_spec.convert.record_ids import log_identity, source_tag

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "logs"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def converted_id(log: Path, out: Path | None, key: str, session: str = "results") -> str:
    """The id `nrr convert` gives a row of `log` converted into `out` (None: to stdout, from here)."""
    return f"{session}-{source_tag(log_identity(log, out))}-{key}"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.json"))}


def test_folder_output_is_byte_identical_on_a_second_run(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "records"
    first = runner.invoke(main, ["convert", "autoresearch", str(EXAMPLES / "results.tsv"), "--output", str(out)])
    assert first.exit_code == 0, first.output
    before = _files(out)
    assert len(before) == 8 and f"{converted_id(EXAMPLES / 'results.tsv', out, 'b2c3d4e')}.json" in before
    second = runner.invoke(main, ["convert", "autoresearch", str(EXAMPLES / "results.tsv"), "--output", str(out)])
    assert second.exit_code == 0 and _files(out) == before
    assert "0 written, 8 unchanged" in second.output
    assert not list(out.glob(".*.tmp")), "temporary files are renamed into place"


def test_reconversion_keeps_what_people_wrote(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "records"
    args = ["convert", "autoresearch", str(EXAMPLES / "results.tsv"), "--output", str(out)]
    assert runner.invoke(main, args).exit_code == 0
    path = out / f"{converted_id(EXAMPLES / 'results.tsv', out, 'c3d4e5f')}.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["hypothesis"] = {"statement": "GeLU trains faster than ReLU² here."}
    record["interpretation"] = {"explanation": "The squared activation suits Muon."}
    record["authors"] = [{"name": "Ada Lovelace"}]
    record["title"] = "GeLU does not beat ReLU² in this loop"
    record["experiment"]["outcome"] = "keep"  # the converter owns this section: it will be restored
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")
    assert runner.invoke(main, args).exit_code == 0
    merged = json.loads(path.read_text(encoding="utf-8"))
    assert merged["hypothesis"] == record["hypothesis"] and merged["interpretation"] == record["interpretation"]
    assert merged["authors"] == [{"name": "Ada Lovelace"}] and merged["title"] == record["title"]
    assert merged["experiment"]["outcome"] == "discard"
    again = path.read_bytes()
    assert runner.invoke(main, args).exit_code == 0 and path.read_bytes() == again


def test_merge_refreshes_only_the_converter_sections() -> None:
    existing = {"id": "x", "title": "Mine", "experiment": {"outcome": "keep"}, "notes": 1}
    converted = {"id": "x", "title": "Generated", "experiment": {"outcome": "discard"}, "provenance": {"source": {}}}
    assert merge(existing, converted) == {
        "id": "x",
        "title": "Mine",
        "experiment": {"outcome": "discard"},
        "notes": 1,
        "provenance": {"source": {}},
    }


def test_unreadable_existing_record_is_left_alone_and_reported(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "records"
    out.mkdir()
    broken = out / f"{converted_id(EXAMPLES / 'results.tsv', out, 'b2c3d4e')}.json"
    broken.write_text("{ broken", encoding="utf-8")
    result = runner.invoke(main, ["convert", "autoresearch", str(EXAMPLES / "results.tsv"), "--output", str(out)])
    assert result.exit_code == 1
    assert f"{broken.name}: existing file is not readable" in result.output
    assert broken.read_text(encoding="utf-8") == "{ broken"
    assert len(_files(out)) == 8


def test_json_lines_on_stdout_and_the_summary_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    log = tmp_path / "results.tsv"
    shutil.copy(EXAMPLES / "results.tsv", log)
    with log.open("a", encoding="utf-8") as handle:
        handle.write("2026-01-01 10:00\t123\t45.6\t7.8\n")
    result = runner.invoke(main, ["convert", "autoresearch", str(log), "--output", "-"])
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["provenance"]["source"]["row"] for r in records] == list(range(1, 9))
    assert "9 rows read, 8 records to stdout, 1 skipped" in result.stderr
    assert "outcomes: baseline 1, crash 1, discard 4, keep 2" in result.stderr
    assert "failure classes: crash_infra 1, no_improvement 2, regression 2" in result.stderr
    assert f"{log.name}:10: row 9 skipped" in result.stderr


def test_options_reach_the_converter(runner: CliRunner) -> None:
    result = runner.invoke(
        main,
        [
            "convert",
            "autoresearch",
            str(EXAMPLES / "results.tsv"),
            "--output",
            "-",
            "--session",
            "mar8",
            "--author",
            "Ada Lovelace",
            "--direction",
            "higher",
            "--status-map",
            "REVERT=other",
            "--metric",
            "memory_gb",
        ],
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert records[0]["id"] == converted_id(EXAMPLES / "results.tsv", None, "a1b2c3d", "mar8")
    assert records[0]["authors"] == [{"name": "Ada Lovelace"}]
    assert records[1]["experiment"]["metric"]["name"] == "memory_gb"
    assert records[1]["experiment"]["metric"]["direction"] == "higher"
    assert records[6]["experiment"]["outcome"] == "other"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--status-map", "meh"], "WORD=OUTCOME"),
        (["--status-map", "meh=great"], "WORD=OUTCOME"),
    ],
)
def test_bad_options_are_usage_errors_with_a_hint(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(main, ["convert", "autoresearch", str(EXAMPLES / "results.tsv"), "--output", "-", *args])
    assert result.exit_code == 2 and message in result.output


def test_table_converter_reads_an_mlflow_export_with_its_mapping(runner: CliRunner) -> None:
    result = runner.invoke(main, CONVERT_MLFLOW_TABLE)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    experiments = [r["experiment"] for r in records]
    assert [e["outcome"] for e in experiments] == ["baseline", "keep", "discard", "crash", "discard", "crash"]
    assert experiments[1]["changes"] == [{"parameter": "learning_rate", "from": "0.001", "to": "0.003", "direction": "increase"}]
    assert experiments[4]["changes"] == [{"parameter": "optimizer", "from": "adam", "to": "sgd", "direction": "replace"}]
    assert experiments[2]["failure_class"] == "regression" and experiments[2]["metric"]["baseline"] == 2.388
    assert records[0]["provenance"]["converter"]["name"] == "nrr convert table"
    assert records[0]["provenance"]["source"]["format"] == "csv"


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ("metric: [a, b]\n", "'metric' must name one column"),
        ("colour: blue\n", "unknown key(s) colour"),
        ("direction: sideways\n", "'direction' must be 'lower' or 'higher'"),
        ("status_map: {FINISHED: great}\n", "status_map"),
        ("metric: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_mapping_files_say_what_is_wrong(runner: CliRunner, tmp_path: Path, mapping: str, message: str) -> None:
    path = tmp_path / "map.yaml"
    path.write_text(mapping, encoding="utf-8")
    result = runner.invoke(main, ["convert", "table", str(EXAMPLES / "mlflow-runs.csv"), "--map", str(path), "--output", "-"])
    assert result.exit_code == 2
    assert message in result.output and str(path) in result.output
    assert "Traceback" not in result.output


def test_a_mapping_file_names_columns_of_an_unusual_layout(runner: CliRunner, tmp_path: Path) -> None:
    log = tmp_path / "odd.csv"
    log.write_text("ref,outcome_word,result_value,what\nr1,good,2.0,start\nr2,bad,2.5,dropout 0.2\n", encoding="utf-8")
    mapping = tmp_path / "odd.map.json"
    mapping.write_text(
        json.dumps(
            {
                "commit": "ref",
                "status": "outcome_word",
                "metric": "result_value",
                "description": "what",
                "direction": "lower",
                "status_map": {"good": "keep", "bad": "discard"},
            }
        ),
        encoding="utf-8",
    )
    result = runner.invoke(main, ["convert", "autoresearch", str(log), "--map", str(mapping), "--output", "-"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    second = records[1]["experiment"]
    assert second["outcome"] == "discard" and second["failure_class"] == "regression"
    assert second["metric"]["name"] == "result_value" and second["changes"][0]["parameter"] == "dropout"


def test_the_progress_bar_can_be_forced_and_does_not_disturb_the_output(runner: CliRunner) -> None:
    result = runner.invoke(main, ["convert", "autoresearch", str(EXAMPLES / "results.tsv"), "--output", "-", "--progress"])
    assert result.exit_code == 0
    assert len([line for line in result.stdout.splitlines() if line.startswith("{")]) == 8


def test_two_logs_under_one_session_do_not_overwrite_each_other(runner: CliRunner, tmp_path: Path) -> None:
    first, second = tmp_path / "a.tsv", tmp_path / "b.tsv"
    first.write_text("val_bpb\tstatus\tdescription\n1.0\tkeep\tbaseline\n", encoding="utf-8")
    second.write_text("val_bpb\tstatus\tdescription\n2.0\tkeep\tbaseline\n", encoding="utf-8")
    out = tmp_path / "records"
    result = runner.invoke(main, ["convert", "autoresearch", str(first), str(second), "--session", "mar8", "--output", str(out)])
    assert result.exit_code == 0, result.output
    for log in (first, second):
        record = json.loads((out / f"{converted_id(log, out, 'r1', 'mar8')}.json").read_text(encoding="utf-8"))
        assert record["provenance"]["source"]["file"] == log.name


def test_table_converter_reads_a_nested_wandb_jsonl_export(runner: CliRunner, tmp_path: Path) -> None:
    runs = [
        {
            "name": "baseline",
            "state": "finished",
            "notes": "baseline",
            "config": {"lr": 0.001, "dropout": 0.1},
            "summary": {"val": {"loss": 1.30}},
        },
        {
            "name": "wise-sun-2",
            "state": "finished",
            "notes": "",
            "config": {"lr": 0.001, "dropout": 0.3},
            "summary": {"val": {"loss": 1.36}},
        },
        {"name": "calm-sea-3", "state": "crashed", "notes": "", "config": {"lr": 0.01, "dropout": 0.1}, "summary": {}},
    ]
    export = tmp_path / "runs.jsonl"
    export.write_text("".join(json.dumps(r) + "\n" for r in runs), encoding="utf-8")
    mapping = tmp_path / "wandb.map.yaml"
    mapping.write_text(
        "commit: name\nstatus: state\ndescription: notes\nmetric: summary.val.loss\ndirection: lower\n"
        "config: 'config.*'\nstatus_map: {finished: other}\n",
        encoding="utf-8",
    )
    result = runner.invoke(main, ["convert", "table", str(export), "--map", str(mapping), "--output", "-"])
    assert result.exit_code == 0, result.output
    experiments = [json.loads(line)["experiment"] for line in result.output.splitlines() if line.startswith("{")]
    assert [e["outcome"] for e in experiments] == ["baseline", "discard", "crash"]
    assert experiments[1]["changes"] == [{"parameter": "dropout", "from": "0.1", "to": "0.3", "direction": "increase"}]
    assert experiments[2]["changes"][0]["parameter"] == "learning_rate"
    assert experiments[1]["metric"]["name"] == "summary.val.loss" and experiments[1]["failure_class"] == "regression"


def test_a_record_kept_in_yaml_is_left_alone(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "records"
    out.mkdir()
    record_id = converted_id(EXAMPLES / "results.tsv", out, "b2c3d4e")
    json_lines = runner.invoke(main, ["convert", "autoresearch", str(EXAMPLES / "results.tsv"), "--output", "-"])
    mine = next(json.loads(line) for line in json_lines.stdout.splitlines() if '"b2c3d4e"' in line)
    yaml_text = f"# my notes\nid: {record_id}\nprovenance:\n  source: {json.dumps(mine['provenance']['source'])}\n"
    yaml_record = out / f"{record_id}.yaml"
    yaml_record.write_text(yaml_text, encoding="utf-8")
    result = runner.invoke(main, ["convert", "autoresearch", str(EXAMPLES / "results.tsv"), "--output", str(out)])
    assert result.exit_code == 0 and "note: " in result.output and "kept in YAML; left as it is" in result.output
    assert yaml_record.read_text(encoding="utf-8") == yaml_text
    assert not (out / f"{record_id}.json").exists() and len(_files(out)) == 7


def test_a_log_given_as_a_pipe_is_read_whole_and_its_copy_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    tempfile.tempdir = None  # read TMPDIR again
    pipe = tmp_path / "results.tsv"
    os.mkfifo(pipe)
    log = "commit\tval_bpb\tstatus\tdescription\na1b2c3d\t1.0\tkeep\tbaseline\nb2c3d4e\t0.9\tkeep\tlr 0.04 -> 0.05\n"
    writer = threading.Thread(target=pipe.write_text, args=(log,), kwargs={"encoding": "utf-8"})
    writer.start()
    # A converter that opened the pipe again for each pass would wait for a writer forever: after
    # 30 s writers come that write nothing, so the test fails instead of hanging.
    done = threading.Event()

    def release() -> None:
        done.wait(30)
        while not done.is_set():
            with contextlib.suppress(OSError):
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
            done.wait(0.1)

    releaser = threading.Thread(target=release, daemon=True)
    releaser.start()
    try:
        result = CliRunner().invoke(main, ["convert", "autoresearch", str(pipe), "-o", "-", "--no-progress"])
    finally:
        done.set()
        writer.join(timeout=10)
        tempfile.tempdir = None
    assert result.exit_code == 0, result.output
    assert "2 rows read, 2 records to stdout" in result.stderr  # every pass saw the rows, not only the first
    assert list((tmp_path / "tmp").iterdir()) == []
