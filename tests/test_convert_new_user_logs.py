"""Logs as a new user brings them: a pandas export's row index, runs that logged 0 for no result,
exit statuses in crash descriptions, and sessions named by raw ids."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from nrr_spec.changes.exit_status import ended_by_environment, exit_status_in, is_exit_status
from nrr_spec.changes.text import parse_stateless
from nrr_spec.convert.columns import detect_layout
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes, convert_log
from nrr_spec.convert.profiles import PROFILES
from nrr_spec.convert.session_names import is_raw_id, names_nothing


def _convert(text: str, name: str = "results.tsv", profile: str = "autoresearch", **options: Any) -> Any:
    result = convert_bytes(text.encode(), name, ConvertOptions(profile=PROFILES[profile], **options))
    assert not result.errors, result.errors
    return result


# --- an exporter's row index -------------------------------------------------------------------------

MLFLOW_WITH_INDEX = (
    ",run_id,experiment_id,status,start_time,params.lr,params.batch_size,metrics.loss,tags.mlflow.runName\n"
    "0,9f1c2a3b4d5e6f708192a3b4c5d6e7f8,734829347523,FINISHED,2025-03-01 10:00:00+00:00,0.001,32,0.52,base\n"
    "1,8e1c2a3b4d5e6f708192a3b4c5d6e7f8,734829347523,FINISHED,2025-03-01 12:00:00+00:00,0.002,32,0.50,lr-up\n"
    "2,7d1c2a3b4d5e6f708192a3b4c5d6e7f8,734829347523,FAILED,2025-03-01 14:00:00+00:00,0.01,32,,lr-big\n"
    "3,6c1c2a3b4d5e6f708192a3b4c5d6e7f8,734829347523,FINISHED,2025-03-01 15:00:00+00:00,0.002,64,0.55,bs-up\n"
)


def test_an_mlflow_exports_unnamed_index_is_neither_a_setting_nor_text() -> None:
    result = _convert(MLFLOW_WITH_INDEX, "runs.csv", "mlflow")
    assert len(result.records) == 4
    for record in result.records:
        assert "log:column_1" not in record.get("extensions", {})
        assert all(c["parameter"] not in ("column_1", "unnamed_0") for c in record["experiment"]["changes"])
        assert "column_1" not in record["experiment"].get("other_metrics", {})
    assert any("column 1 has no name and numbers the rows" in note for note in result.notes)


@pytest.mark.parametrize("first", [0, 1])
def test_a_pandas_index_before_an_autoresearch_log_is_left_out(first: int) -> None:
    rows = [("baseline", "keep", "0.998"), ("increase lr to 0.04", "keep", "0.993"), ("depth 12", "discard", "0.995")]
    text = ",commit,val_bpb,status,description\n" + "".join(
        f"{first + i},abc{i:04d},{v},{s},{d}\n" for i, (d, s, v) in enumerate(rows)
    )
    result = _convert(text, "results.csv")
    assert [r["experiment"]["metric"]["name"] for r in result.records] == ["val_bpb"] * 3
    assert all("extensions" not in r for r in result.records)
    assert any("row index" in note for note in result.notes)


def test_a_sorted_frames_index_first_is_an_index_and_a_named_counter_stays() -> None:
    header = ["", "commit", "val_bpb", "status"]
    shuffled = [["7", "a1", "1.0", "keep"], ["2", "a2", "0.9", "keep"], ["11", "a3", "0.95", "discard"]]
    assert detect_layout(header, shuffled).row_index == 0
    # a column someone named is theirs: kept as they wrote it
    counted = [["0", "a1", "1.0", "keep"], ["1", "a2", "0.9", "keep"], ["2", "a3", "0.95", "discard"]]
    assert detect_layout(["#", "commit", "val_bpb", "status"], counted).row_index is None
    # an unnamed column of values that do not number the rows is no index
    values = [["", "a1", "1.0", "keep"], ["x", "a2", "0.9", "keep"], ["3", "a3", "0.95", "discard"]]
    assert detect_layout(["commit", "", "val_bpb", "status"], [[r[1], r[0], r[2], r[3]] for r in values]).row_index is None


def test_a_headerless_logs_row_counter_is_no_metric() -> None:
    log = (
        "0\ta1b2c3d\t0.9979\tkeep\tbaseline\n1\tb2c3d4e\t0.9932\tkeep\tincrease LR to 0.04\n"
        "2\tc3d4e5f\t0.9950\tdiscard\tdepth 12\n3\td4e5f6a\t0.9990\tdiscard\tadd dropout 0.1\n"
    )
    result = _convert(log, "results.tsv", direction="lower")
    assert {r["experiment"]["metric"]["name"] for r in result.records} == {"column_3"}
    assert [r["experiment"].get("failure_class") for r in result.records[2:]] == ["regression", "regression"]
    assert any("column 1 has no name and numbers the rows" in note for note in result.notes)
    # a headerless first column of distinct numbers that do not count the rows may be what is measured
    scores = "".join(f"{v}\tkeep\trun {i}\n" for i, v in enumerate([222, 215, 230]))
    assert detect_layout(None, [line.split("\t") for line in scores.splitlines()]).row_index is None


def test_an_unnamed_column_of_odd_digits_is_no_index_and_no_traceback() -> None:
    for odd in (["²", "³", "⁴"], ["1" * 5000, "2", "3"]):
        sample = [[cell, f"a{i}", "1.0", "keep"] for i, cell in enumerate(odd)]
        assert detect_layout(["", "commit", "val_bpb", "status"], sample).row_index is None


def test_pandas_unnamed_header_written_back_is_an_index() -> None:
    header = ["Unnamed: 0", "commit", "val_bpb", "status"]
    sample = [["0", "a1", "1.0", "keep"], ["1", "a2", "0.9", "keep"], ["2", "a3", "0.95", "discard"]]
    assert detect_layout(header, sample).row_index == 0


# --- tabs written as the two characters \t ------------------------------------------------------------

ESCAPED_ROWS = [
    ("e626c6a", "1.095310", "discard", "HEAD_DIM 64 (n_head 8)"),
    ("0b73d4d", "1.090989", "keep", "WARMUP_RATIO 0.03"),
]


def test_rows_whose_tabs_were_echoed_as_backslash_t_are_read_and_a_note_says_so() -> None:
    head = "commit\tval_bpb\tstatus\tdescription\n4942001\t1.094\tkeep\tbaseline\n"
    echoed = "".join("\\t".join(row) + "\n" for row in ESCAPED_ROWS)  # `echo "a\tb"` without -e
    result = _convert(head + echoed, direction="lower")
    assert not result.skipped
    assert [r["experiment"]["outcome"] for r in result.records] == ["baseline", "discard", "keep"]
    assert [r["experiment"]["metric"]["value"] for r in result.records[1:]] == [1.095310, 1.090989]
    assert result.records[2]["experiment"]["changes"][0]["parameter"] == "warmup_ratio"
    assert any("2 row(s), the first on line 3" in note and "\\t instead of a tab" in note for note in result.notes)


def test_a_log_written_wholly_with_backslash_t_is_read_from_its_header() -> None:
    lines = ["commit\\tval_bpb\\tstatus\\tdescription", "4942001\\t1.094\\tkeep\\tbaseline"]
    lines += ["\\t".join(row) for row in ESCAPED_ROWS]
    result = _convert("\n".join(lines) + "\n", direction="lower")
    assert [r["experiment"]["metric"]["name"] for r in result.records] == ["val_bpb"] * 3
    assert [r["experiment"]["outcome"] for r in result.records] == ["baseline", "discard", "keep"]


def test_a_windows_path_in_a_tab_separated_row_keeps_its_backslashes() -> None:
    path = "C:\\Users\\kai\\artifacts\\token_budget\\test_run"  # `\\t` twice, inside a real cell
    text = f"commit\tval_bpb\tstatus\tdescription\n4942001\t1.094\tkeep\tbaseline\nab12cd3\t1.2\tdiscard\t{path}\n"
    result = _convert(text, direction="lower")
    assert result.records[1]["experiment"]["metric"]["value"] == 1.2
    assert path in result.records[1]["experiment"]["description"]
    assert not any("instead of a tab" in note for note in result.notes)


# --- exit statuses are crash evidence, not changes ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "exit=1",
        "rc=137",
        "exit code 1",
        "exited with code 137",
        "killed by signal 9",
        "returncode=-9",
        "errno 12",
        "SIGKILL",
        "crash code 1",
        "crashed with code 2",
        "failed code 1",
    ],
)
def test_an_exit_status_alone_is_no_change(text: str) -> None:
    assert parse_stateless(f"switch to GeLU, {text}")[0] == (
        {"parameter": "activation", "from": None, "to": "GeLU", "direction": "replace"},
    )


@pytest.mark.parametrize("text", ["castor/agents/base.py: FAIL - This change introduces a print statement, which", "PASS - x, y"])
def test_a_verdict_alone_is_no_change(text: str) -> None:
    assert not {"fail", "pass"} & {c["parameter"] for c in parse_stateless(text)[0]}
    assert is_exit_status("timeout", None) and is_exit_status("fail", None)


def test_a_reviewers_fail_is_no_change_of_a_real_log(corpus_dir: Path) -> None:
    # a loop whose reviewer rejects proposals: "castor/agents/base.py: FAIL - This change ..." read as 'Adding fail'
    log = corpus_dir / "logs" / "karpathy__autoresearch__pr577__results.tsv"
    head = "".join(log.read_text(encoding="utf-8").splitlines(keepends=True)[:12])
    records = _convert(head).records
    assert len(records) == 11
    assert not any(c["parameter"] == "fail" for r in records for c in r["experiment"]["changes"])
    assert "fail" not in records[0]["title"].lower().split(":")[0]


@pytest.mark.parametrize(
    ("words", "reason", "failure"), [("crash code 1", "code 1", "crash_code"), ("died with code 137", "code 137", "crash_infra")]
)
def test_a_bare_exit_status_is_a_crashs_reason_not_a_change(words: str, reason: str, failure: str) -> None:
    log = "commit\tval_bpb\tmemory_gb\tstatus\tdescription\na1\t0.99\t44\tkeep\tbaseline\n"
    log += f"b2\t0.000000\t0.0\tcrash\tdepth 12 {words}\n"
    crash = _convert(log).records[1]["experiment"]
    assert crash["changes"] == [{"parameter": "depth", "from": None, "to": "12", "direction": "set"}]
    assert crash["failure_class"] == failure
    assert f"({reason})" in crash["lesson"]
    assert "metric" not in crash or "value" not in crash["metric"]


def test_a_verdict_word_with_a_value_is_a_setting() -> None:
    assert parse_stateless("timeout=30")[0] == ({"parameter": "timeout", "from": None, "to": "30", "direction": "set"},)


def test_names_with_other_words_stay_settings() -> None:
    assert not is_exit_status("signal_minute", "2")
    assert not is_exit_status("crash_regime_filter", None)
    assert not is_exit_status("error_feedback", None)
    assert not is_exit_status("exit_threshold", "0.5")
    assert not is_exit_status("code", None)  # "rewrite the code" names no status
    assert is_exit_status("code", "1") and is_exit_status("rc", "137") and is_exit_status("killed_by", "SIGKILL")
    assert parse_stateless("signal_minute 3 -> 2")[0][0]["parameter"] == "signal_minute"


def test_the_status_is_the_crashs_reason_and_says_who_killed_it() -> None:
    assert exit_status_in("depth 12 (oops), rc=137 at step 400") == "rc=137"
    assert ended_by_environment("rc=137") and ended_by_environment("killed by signal 9")
    assert not ended_by_environment("exit=1") and not ended_by_environment("no status here")
    log = (
        "commit\tval_bpb\tstatus\tdescription\n"
        "a1b2c3d\t0.998\tkeep\tbaseline\n"
        "b2c3d4e\t0.000\tcrash\tswitch to GeLU, exit=1\n"
        "c3d4e5f\t0.000\tcrash\tdouble batch size, rc=137\n"
        "d4e5f6a\t0.999\tdiscard\tdepth 12, code 1\n"
    )
    records = _convert(log).records
    gelu, batch, depth = records[1:]
    assert [c["parameter"] for c in gelu["experiment"]["changes"]] == ["activation"]
    assert gelu["experiment"]["failure_class"] == "crash_code"
    assert "(exit=1)" in gelu["results"]["summary"]
    assert [c["parameter"] for c in batch["experiment"]["changes"]] == ["batch_size"]
    assert batch["experiment"]["failure_class"] == "crash_infra"  # 137 = 128 + SIGKILL: the out-of-memory killer
    assert [c["parameter"] for c in depth["experiment"]["changes"]] == ["depth"]
    assert depth["experiment"]["description"] == "depth 12, code 1"  # the evidence stays as written


# --- a 0 where a result would be ---------------------------------------------------------------------


def _scores(outcomes_values: list[tuple[str, str]], metric: str = "val_bpb") -> str:
    lines = [f"commit\t{metric}\tstatus\tdescription"]
    lines += [f"c{i:06x}\t{value}\t{status}\tchange number {i}" for i, (status, value) in enumerate(outcomes_values)]
    return "\n".join(lines) + "\n"


def test_a_discarded_run_logged_as_zero_is_no_result_not_a_gain() -> None:
    log = _scores([("keep", "0.9979"), ("keep", "0.9932"), ("discard", "0.000000"), ("discard", "0.9950")])
    records = _convert(log).records
    zero = records[2]["experiment"]
    assert "value" not in zero["metric"] and "delta" not in zero["metric"]
    assert zero.get("failure_class") is None  # neither 'marginal' nor a 100% anything
    assert "100" not in records[2]["title"] and "logged as 0" in records[2]["title"]
    assert "no val_bpb result" in records[2]["results"]["summary"]
    assert records[3]["experiment"]["metric"]["baseline"] == 0.9932  # the best kept stays the measured one


def test_a_zero_far_below_a_higher_is_better_logs_values_is_no_result() -> None:
    rows = [("keep", "1.31"), ("discard", "1.27"), ("discard", "0.0000"), ("keep", "1.36"), ("discard", "1.29")]
    records = _convert(_scores(rows, "score"), direction="higher").records
    assert "value" not in records[2]["experiment"]["metric"]
    assert records[2]["experiment"].get("failure_class") is None  # was 'regression' by 100%


def test_a_zero_on_the_values_grid_is_a_measurement() -> None:
    # a success rate counted in eighths: 0 of 8 is one more step of the grid, and a real result
    rows = [("keep", "0.125"), ("keep", "0.5"), ("discard", "0.375"), ("discard", "0"), ("keep", "0.75")]
    records = _convert(_scores(rows, "eval_acc"), direction="higher").records
    assert records[3]["experiment"]["metric"]["value"] == 0
    assert records[3]["experiment"]["failure_class"] == "regression"


def test_kept_zeros_and_differences_are_measurements() -> None:
    kept = _convert(_scores([("keep", "27.29"), ("discard", "27.31"), ("keep", "27.30"), ("keep", "0.0")], "val_rmse")).records
    assert kept[3]["experiment"]["metric"]["value"] == 0  # a loop keeps what it measured
    deltas = "commit\tdelta\tstatus\tdescription\n" + "".join(
        f"a{i}\t{v}\t{s}\tx {i}\n"
        for i, (v, s) in enumerate([("-0.2", "keep"), ("0.0", "discard"), ("-0.1", "keep"), ("0.3", "discard")])
    )
    assert _convert(deltas, direction="lower").records[1]["experiment"]["metric"]["value"] == 0


def _with_memory(rows: list[tuple[str, str, str, str]]) -> str:
    lines = ["commit\tval_bpb\tmemory_gb\tstatus\tdescription"]
    lines += [f"c{i:06x}\t{value}\t{memory}\t{status}\t{text}" for i, (status, value, memory, text) in enumerate(rows)]
    return "\n".join(lines) + "\n"


def test_a_discarded_run_the_environment_stopped_before_any_result_crashed() -> None:
    rows = [
        ("keep", "0.998", "44.0", "baseline"),
        ("discard", "0.000000", "0.0", "double model width (OOM)"),
        ("discard", "", "", "depth 12, killed by the scheduler"),
        ("discard", "1.004", "79.9", "reduce batch to avoid OOM"),  # it logged a result: a discard
        ("discard", "0.000000", "0.0", "NaN loss at step 40"),  # no result, but nothing stopped it from outside
    ]
    records = _convert(_with_memory(rows)).records
    assert [r["experiment"]["outcome"] for r in records[1:]] == ["crash", "crash", "discard", "discard"]
    assert [r["experiment"].get("failure_class") for r in records[1:3]] == ["crash_infra", "crash_infra"]
    assert "value" not in records[1]["experiment"]["metric"]


def test_a_kept_zero_from_a_run_that_produced_nothing_is_no_result_and_not_the_best() -> None:
    rows = [
        ("keep", "0.998", "44.0", "baseline"),
        ("keep", "0.000000", "0.0", "depth 12"),  # memory 0 too: nothing was measured
        ("discard", "1.004", "44.0", "lr 0.05"),
    ]
    records = _convert(_with_memory(rows)).records
    zero = records[1]["experiment"]
    assert zero["outcome"] == "keep" and "value" not in zero["metric"] and "delta" not in zero["metric"]
    assert "100" not in records[1]["title"] and "100" not in zero["lesson"]
    assert records[2]["experiment"]["metric"]["baseline"] == 0.998  # the best kept stays the measured one


def test_a_finished_tracker_run_logged_as_zero_is_not_the_new_best() -> None:
    header = "run_id,status,start_time,params.lr,metrics.val_loss\n"
    runs = [
        ("r1", "0.52", "0.001"),
        ("r2", "0.50", "0.002"),
        ("r3", "0", "0.004"),
        ("r4", "0.49", "0.003"),
        ("r5", "0.51", "0.005"),
    ]
    text = header + "".join(f"{run},FINISHED,2025-03-0{i + 1} 10:00:00,{lr},{loss}\n" for i, (run, loss, lr) in enumerate(runs))
    records = _convert(text, "runs.csv", "mlflow", judge_by_metric=True).records
    zero = records[2]["experiment"]
    assert zero["outcome"] != "keep" and "value" not in zero["metric"]
    assert records[3]["experiment"]["outcome"] == "keep" and records[3]["experiment"]["metric"]["baseline"] == 0.50


# --- sessions named for a reader --------------------------------------------------------------------

AUTORESEARCH_LOG = (
    "commit\tval_bpb\tstatus\tdescription\na1b2c3d\t0.998\tkeep\tbaseline\nb2c3d4e\t0.993\tkeep\tincrease lr to 0.04\n"
)


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("where", ["myproject/results.tsv", "myproject/logs/results.tsv", "myproject/autoresearch/results.tsv"])
def test_a_log_with_a_default_name_is_its_projects_session(tmp_path: Path, where: str) -> None:
    result = convert_log(_write(tmp_path / where, AUTORESEARCH_LOG), ConvertOptions(anchor=tmp_path))
    assert {r["experiment"]["session"] for r in result.records} == {"myproject-results"}
    assert all(r["id"].startswith("results-") for r in result.records)  # ids do not change
    assert "Automated research session myproject-results" in result.records[0]["problem"]["statement"]
    assert any("session 'results' names no project" in note for note in result.notes)


def test_a_readable_name_a_session_column_and_session_stay(tmp_path: Path) -> None:
    named = convert_log(_write(tmp_path / "myproject" / "mar8_results.tsv", AUTORESEARCH_LOG))
    assert {r["experiment"]["session"] for r in named.records} == {"mar8-results"}
    tagged = "run_tag\t" + AUTORESEARCH_LOG.replace("\n", "\nmar8\t", 2).rstrip("mar8\t")
    column = convert_log(_write(tmp_path / "myproject" / "results.tsv", tagged))
    assert {r["experiment"]["session"] for r in column.records} == {"mar8"}
    chosen = convert_log(tmp_path / "myproject" / "results.tsv", ConvertOptions(session="night-1"))
    assert {r["experiment"]["session"] for r in chosen.records} == {"night-1"}


def _mlflow(experiments: list[str]) -> str:
    head = "run_id,experiment_id,status,start_time,params.lr,metrics.loss\n"
    return head + "".join(
        f"{i:032x},{experiment},FINISHED,2025-03-01 1{i}:00:00+00:00,0.00{i + 1},0.5{i}\n"
        for i, experiment in enumerate(experiments)
    )


def test_an_mlflow_experiment_id_gives_way_to_the_folder_and_the_date(tmp_path: Path) -> None:
    path = _write(tmp_path / "vision-sweeps" / "runs.csv", _mlflow(["734829347523"] * 3))
    result = convert_log(path, ConvertOptions(profile=PROFILES["mlflow"]))
    assert {r["experiment"]["session"] for r in result.records} == {"vision-sweeps-runs-2025-03-01"}
    assert all(r["extensions"]["log:experiment_id"] == "734829347523" for r in result.records)  # the raw id, kept
    assert all("734829347523" in r["id"] for r in result.records)  # and the ids it made
    assert not any("734829347523" in r["title"] for r in result.records)


def test_two_raw_ids_of_one_place_stay_two_sessions(tmp_path: Path) -> None:
    path = _write(tmp_path / "vision-sweeps" / "runs.csv", _mlflow(["734829347523", "734829347999"] * 2))
    sessions = {r["experiment"]["session"] for r in convert_log(path, ConvertOptions(profile=PROFILES["mlflow"])).records}
    assert len(sessions) == 2 and all(s.startswith("vision-sweeps-runs-2025-03-01") for s in sessions)


def test_a_log_in_a_work_tree_of_default_folders_is_the_repositorys(tmp_path: Path) -> None:
    repo = tmp_path / "tiny-gpt"
    path = _write(repo / "results" / "logs" / "results.tsv", AUTORESEARCH_LOG)
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    result = convert_log(path, ConvertOptions(use_repo=False))
    assert {r["experiment"]["session"] for r in result.records} == {"tiny-gpt-results"}


def test_two_logs_of_one_project_stay_two_sessions(tmp_path: Path) -> None:
    """Two default-named logs in one folder never become one session: their experiments would share
    one history in the knowledge engine and one page in the catalogue."""
    first = convert_log(_write(tmp_path / "myproject" / "results.tsv", AUTORESEARCH_LOG))
    second = convert_log(_write(tmp_path / "myproject" / "runs.tsv", AUTORESEARCH_LOG))
    one = {r["experiment"]["session"] for r in first.records}
    other = {r["experiment"]["session"] for r in second.records}
    assert one == {"myproject-results"} and other == {"myproject-runs"}
    stamped = _write(tmp_path / "sweeps" / "wandb_export_2025-03-01T10_00_00.000+01_00.csv", _mlflow(["1"]))
    names = {r["experiment"]["session"] for r in convert_log(stamped, ConvertOptions(profile=PROFILES["mlflow"])).records}
    assert all(n.startswith("sweeps-wandb") and "10-00" not in n and "t10" not in n.lower() for n in names), names


@pytest.mark.parametrize("name", ["734829347523", "run-7f3a2b", "k3j2h1g9", "3f2a9c01-1234-4abc-9def-0123456789ab", "session-1"])
def test_raw_ids(name: str) -> None:
    assert is_raw_id(name) and names_nothing(name)


@pytest.mark.parametrize("name", ["wandb_export_2025-03-01T10_00_00.000+01_00", "mlflow_runs_20250301-101010", "results"])
def test_default_names_with_the_time_they_were_saved(name: str) -> None:
    assert names_nothing(name) and not names_nothing(f"vision_{name}")


@pytest.mark.parametrize("name", ["mar8", "exp-H100-mar8", "resnet50", "llama3-8b", "sweep2024", "simple-backbone"])
def test_readable_names(name: str) -> None:
    assert not is_raw_id(name) and not names_nothing(name)


def test_a_title_names_a_run_by_a_name_a_reader_can_say() -> None:
    head = "id,name,state,created,config.lr,summary.val_loss\n"
    runs = [("2x8kq4z1", "rare-cat-1", "0.52"), ("7hq2m9x4", "7hq2m9x4", "0.50"), ("k3j2h1g9", "k3j2h1g9", "0.55")]
    text = head + "".join(f"{i},{n},finished,2025-03-01T1{k}:00:00,0.001,{v}\n" for k, (i, n, v) in enumerate(runs))
    titles = [r["title"] for r in _convert(text, "runs.jsonl.csv", "wandb", judge_by_metric=True).records]
    assert "run rare-cat-1 of" in titles[0]
    assert not any("7hq2m9x4" in t or "k3j2h1g9" in t for t in titles), titles
    assert "experiment 2 of" in titles[1]
