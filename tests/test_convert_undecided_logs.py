"""A log that records no keep/discard decision: its runs stay undecided unless the log shows it decides."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.convert.options import ConvertOptions
from nrr_spec.convert.pipeline import convert_bytes

# A sweep: settings and a score, nothing about what was kept.
SWEEP = (
    "run\tlr\tdepth\tval_loss\tnotes\n"
    "r0\t0.001\t6\t2.00\tbaseline\n"
    "r1\t0.003\t6\t1.90\tlr 3e-3\n"
    "r2\t0.003\t8\t1.95\tdepth 8\n"
    "r3\t0.010\t6\t2.10\tlr 1e-2\n"
    "r4\t0.003\t4\t1.85\tdepth 4\n"
)


def _outcomes(log: str, judge_by_metric: bool = False) -> list[str]:
    result = convert_bytes(log.encode(), "results.tsv", ConvertOptions(judge_by_metric=judge_by_metric))
    return [r["experiment"]["outcome"] for r in result.records]


def _changes(log: str, judge_by_metric: bool = False) -> list[list[tuple[str, object, object]]]:
    result = convert_bytes(log.encode(), "results.tsv", ConvertOptions(judge_by_metric=judge_by_metric))
    return [[(c["parameter"], c["from"], c["to"]) for c in r["experiment"]["changes"]] for r in result.records]


def test_a_sweep_without_status_records_no_decision_and_says_how_to_judge_it() -> None:
    result = convert_bytes(SWEEP.encode(), "results.tsv")
    assert [r["experiment"]["outcome"] for r in result.records] == ["baseline", "other", "other", "other", "other"]
    assert not any(r["experiment"].get("failure_class") for r in result.records)
    note = next(n for n in result.notes if "no keep/discard decision" in n)
    assert note.startswith("results.tsv: 4 run(s)") and "--judge-by-metric" in note


def test_judged_by_the_metric_a_run_is_kept_when_it_beats_the_best_so_far() -> None:
    assert _outcomes(SWEEP, judge_by_metric=True) == ["baseline", "keep", "discard", "discard", "keep"]


def test_undecided_runs_are_read_against_the_best_so_far_as_judged_runs_are() -> None:
    # The configuration a run changed is the best run's of the moment, decided or not.
    assert _changes(SWEEP) == _changes(SWEEP, judge_by_metric=True)
    assert ("depth", "6", "4") in _changes(SWEEP)[4]


def test_a_log_whose_descriptions_say_what_was_kept_is_judged_by_the_metric_where_they_are_silent() -> None:
    # A loop that leaves out the status column but writes what became of the change on some rows.
    log = SWEEP.replace("lr 3e-3\n", "lr 3e-3 NEW BEST\n").replace("lr 1e-2\n", "lr 1e-2 (worse)\n")
    assert _outcomes(log) == ["baseline", "keep", "discard", "discard", "keep"]
    assert not any("no keep/discard decision" in n for n in convert_bytes(log.encode(), "results.tsv").notes)


def test_one_word_of_no_list_on_every_row_decides_nothing() -> None:
    # `completed` only says the run finished: as `done` does, it decides nothing.
    log = "commit\tval_loss\tstatus\tdescription\n" + "".join(
        f"c{i}\t{v}\tcompleted\t{d}\n" for i, (v, d) in enumerate([(2.0, "baseline"), (1.9, "lr 3e-3"), (1.95, "depth 8")])
    )
    assert _outcomes(log) == ["baseline", "other", "other"]


def test_several_words_of_no_list_are_a_decision_in_other_words_judged_with_the_metric() -> None:
    rows = [(2.0, "behalten", "baseline"), (1.9, "behalten", "lr 3e-3"), (1.95, "verworfen", "depth 8"), (1.8, "neu", "depth 4")]
    log = "commit\tval_loss\tstatus\tdescription\n" + "".join(f"c{i}\t{v}\t{s}\t{d}\n" for i, (v, s, d) in enumerate(rows))
    assert _outcomes(log) == ["baseline", "keep", "discard", "keep"]


def test_the_command_line_flag_judges_by_the_metric(tmp_path: Path) -> None:
    log = tmp_path / "results.tsv"
    log.write_text(SWEEP)
    plain = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "--output", "-"])
    judged = CliRunner().invoke(main, ["convert", "autoresearch", "--judge-by-metric", str(log), "--output", "-"])
    assert plain.exit_code == 0 and judged.exit_code == 0, plain.output + judged.output
    assert _outcomes_printed(plain.stdout) == ["baseline", "other", "other", "other", "other"]
    assert _outcomes_printed(judged.stdout) == ["baseline", "keep", "discard", "discard", "keep"]


def _outcomes_printed(jsonl: str) -> list[str]:
    return [json.loads(line)["experiment"]["outcome"] for line in jsonl.splitlines() if line.strip()]


def test_replay_takes_the_same_flag(tmp_path: Path) -> None:
    log = tmp_path / "results.tsv"
    log.write_text(SWEEP)
    plain = CliRunner().invoke(main, ["replay", str(log)])
    judged = CliRunner().invoke(main, ["replay", "--judge-by-metric", str(log)])
    assert plain.exit_code == 0 and "nothing to score" in plain.output and "--judge-by-metric" in plain.output
    assert judged.exit_code == 0 and "rows scored 3 (kept 1)" in judged.output, judged.output
