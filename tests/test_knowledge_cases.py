"""The engine on converted corpus logs: exact repeats, abbreviations, synonyms of the log's own
parameters, removals, and the proposal view that keeps replay from reading a row's outcome."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from table_tests import table_test

from nrr_spec.cli import main
from nrr_spec.convert.pipeline import ConvertOptions, convert_log
from nrr_spec.knowledge.api import check_proposal
from nrr_spec.knowledge.features import item_from_record
from nrr_spec.knowledge.proposal_view import proposal_view
from nrr_spec.knowledge.replay import replay_records


def convert(corpus_dir: Path, tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "records"
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(corpus_dir / "logs" / name), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def convert_text(tmp_path: Path, log_text: str) -> Path:
    """A log written out as `results.tsv` and converted into `records/` (converted again when it grows)."""
    log = tmp_path / "results.tsv"
    log.write_text(log_text, encoding="utf-8")
    folder = tmp_path / "records"
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "-o", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_an_exact_repeat_of_a_discarded_change_is_named_and_never_a_bare_proceed(corpus_dir: Path, tmp_path: Path) -> None:
    # The log holds "MATRIX_LR=0.05 (slightly worse than 0.04)", discarded.
    records = convert(corpus_dir, tmp_path, "karpathy__autoresearch__pr158__results.tsv")
    result = CliRunner().invoke(main, ["check", "increase MATRIX_LR to 0.05", "--records", str(records)])
    first, reason = result.stdout.splitlines()[:2]
    assert not first.startswith("proceed")
    assert reason.startswith("exact repeat of karpathy-autoresearch-pr158-")
    assert "-9fb1250 (discarded, val_bpb 0.990568" in reason.split(";")[0]  # the row's commit ends its id
    advice = check_proposal("set matrix_lr to 0.05", records_dir=records)
    assert advice.repeats[0]["id"].endswith("-9fb1250")
    assert advice.verdict in ("caution", "avoid")
    # Another value is not a repeat.
    assert check_proposal("increase MATRIX_LR to 0.07", records_dir=records).repeats == []


def test_lr_reads_as_the_learning_rate_the_records_use(corpus_dir: Path, tmp_path: Path) -> None:
    records = convert(corpus_dir, tmp_path, "karpathy__autoresearch__pr242__phase1_agent_results.tsv")
    result = CliRunner().invoke(main, ["check", "increase LR to 0.05", "--records", str(records)])
    assert "'LR' read as matrix_lr" in result.stdout
    advice = check_proposal("increase the learning rate to 0.05", records_dir=records)
    assert advice.proposal["changes"][0]["parameter"] == "matrix_lr"
    assert advice.repeats and advice.repeats[0]["outcome"] == "discard"  # "fine-tune MATRIX_LR to 0.05"
    assert advice.verdict != "proceed"


def test_among_several_learning_rates_the_value_proposed_says_which(corpus_dir: Path, tmp_path: Path) -> None:
    # This log changes five learning rates; embedding_lr most often. Its matrix_lr is 0.04 now.
    records = convert(corpus_dir, tmp_path, "karpathy__autoresearch__branch-exp-H100-mar8__results.tsv")
    result = CliRunner().invoke(main, ["check", "increase LR to 0.05", "--records", str(records)])
    assert "'LR' read as matrix_lr" in result.stdout and "its value now, 0.04, is the nearest to 0.05" in result.stdout
    assert check_proposal("increase the learning rate", records_dir=records).proposal["changes"][0]["parameter"] == "embedding_lr"
    momentum = check_proposal("muon momentum 0.96", records_dir=records)
    assert momentum.proposal["changes"][0]["parameter"] == "muon_final_momentum"  # at 0.95, not the 200 warm-up steps
    assert momentum.repeats and momentum.repeats[0]["outcome"] == "discard"


def test_model_width_finds_the_width_the_log_changed(corpus_dir: Path, tmp_path: Path) -> None:
    records = convert(corpus_dir, tmp_path, "Fchaubard__zero_order_diffusion_autoresearcher__results.tsv")
    advice = check_proposal("double the model width", records_dir=records)
    parameter = advice.proposal["changes"][0]["parameter"]
    assert parameter in ("width", "n_embd", "d_model")  # the name the converted log uses
    assert any(n.startswith(f"'model width' read as {parameter}") for n in advice.notes)
    assert any("n_embd" in m["description"] for m in advice.similar[:3])


def test_remove_logit_softcap_finds_the_rows_that_removed_it(corpus_dir: Path, tmp_path: Path) -> None:
    records = convert(corpus_dir, tmp_path, "karpathy__autoresearch__pr109__loop_results.tsv")
    advice = check_proposal("remove logit softcap", records_dir=records)
    assert not any(n.startswith("never tried here") for n in advice.notes)
    # Only the rows that removed the cap and changed nothing else are exact repeats.
    assert {r["description"].split(" —")[0] for r in advice.repeats} == {"remove logit cap"}
    assert advice.verdict in ("caution", "avoid")
    assert advice.reason.startswith("exact repeat of ")


test_the_proposal_view_cuts_results_and_keeps_the_change = table_test(
    proposal_view,
    [
        ("increase LR to 0.05 (worse)", "increase LR to 0.05"),
        ("--top-k 120 on merged pool: NEW BEST mmc 0.00315 (+10.8% vs k=60)", "--top-k 120 on merged pool"),
        ("double model width - OOM", "double model width"),
        ("adam beta1 0.8->0.7 — val_bpb regressed 1.710->1.741", "adam beta1 0.8->0.7"),
        ("batch10+fullgraph (worse than batch8)", "batch10+fullgraph"),
        ("MATRIX_LR 0.04→0.05", "MATRIX_LR 0.04→0.05"),
        ("2-layer model with eval batch 64 finished within 478.9s", "2-layer model with eval batch 64"),
        ("warmdown 0.5 to 0.7, +0.3% val_bpb 1.29->1.28", "warmdown 0.5 to 0.7"),
        # a size or duration the change sets stays; one that was measured goes
        ("use a 128MiB multipart policy", "use a 128MiB multipart policy"),
        ("chunk size from 16MiB to 32MiB", "chunk size from 16MiB to 32MiB"),
        ("peak VRAM 21.2GB with depth 12", "peak VRAM with depth 12"),
        # words only a report uses end the view as outcome words do
        ("R33 SPSA vary-noise T linear 1→5 (terrible)", "R33 SPSA vary-noise T linear 1→5"),
        ("reuse temporary buffers reduced overhead but stayed above target", "reuse temporary buffers reduced overhead"),
        ("confidence-scaled position sizing (close but below exp4)", "confidence-scaled position sizing"),
        ("stable max alpha 0.95 Unable to load the detector", "stable max alpha 0.95"),
        ("reuse buffers, but stayed above target", "reuse buffers"),
    ],
)


def _rows(last: str) -> list[dict[str, object]]:
    texts = ["increase warmdown to 0.6", "increase warmdown to 0.7", "decrease LR to 0.03", "increase depth to 10", last]
    outcomes = ["keep", "discard", "discard", "keep", "discard"]
    return [
        {
            "id": f"r{i}",
            "experiment": {"outcome": o, "description": t, "change_category": "other", "changes": []},
            "provenance": {"source": {"row": i}},
        }
        for i, (t, o) in enumerate(zip(texts, outcomes, strict=True), 1)
    ]


@pytest.mark.parametrize(
    "outcome_words",
    [
        "(worse)",
        "- NEW BEST",
        "— OOM",
        "+0.3%",
        "val_bpb 1.29->1.28 regressed",
        ": crashed, no improvement",
        "(terrible)",
        "but stayed above target",
    ],
)
def test_a_rows_own_outcome_words_cannot_change_its_prediction(outcome_words: str) -> None:
    plain = replay_records(_rows("increase warmdown to 0.8"))
    told = replay_records(_rows(f"increase warmdown to 0.8 {outcome_words}"))
    assert [p.probability for p in plain] == [p.probability for p in told]
    assert [p.verdict for p in plain] == [p.verdict for p in told]


def test_a_direction_never_tried_says_how_the_parameter_was_tried(corpus_dir: Path, tmp_path: Path) -> None:
    # From its baseline's DEPTH=12 the log raises the depth to 14 and 16 (its DEPTH=12 rows only
    # restate the baseline); it sets WARMDOWN_RATIO=0.6, then 0.7 and 0.75, and never lowers either.
    records = convert(corpus_dir, tmp_path, "karpathy__autoresearch__pr158__results.tsv")
    depth = check_proposal("decrease depth", records_dir=records)
    assert "never tried" not in depth.reason
    assert (
        "decreasing depth: not tried in that direction here; tried as increase depth to 14 (discarded), "
        "increase depth to 16 (crashed)" in depth.reason
    )
    assert "depth 0 of 1 improved" in depth.reason  # the crash of the machine is not counted against it
    warmdown = check_proposal("decrease warmdown", records_dir=records)
    assert "tried as set warmdown_ratio to 0.6 (kept)" in warmdown.reason
    # A parameter no experiment touched is still never tried.
    other = check_proposal("increase the frobnication factor", records_dir=records)
    assert "never tried here" in other.reason


def test_a_replacement_named_in_other_words_is_an_exact_repeat(corpus_dir: Path, tmp_path: Path) -> None:
    # The log holds "cosine LR decay instead of linear warmdown", discarded: the proposal says the
    # schedule's value without the schedule's own word, as a person would.
    records = convert(corpus_dir, tmp_path, "trevin-creator__autoresearch-mlx__pr15__results.tsv")
    advice = check_proposal("use cosine decay instead of linear warmdown", records_dir=records)
    assert advice.proposal["changes"][0]["parameter"] == "lr_schedule"
    assert [r["outcome"] for r in advice.repeats] == ["discard"]
    assert advice.repeats[0]["id"].endswith("-2848bfc")
    assert advice.verdict in ("caution", "avoid")
    # A schedule the log never reached is no repeat.
    assert check_proposal("use a constant schedule instead of linear warmdown", records_dir=records).repeats == []


def test_turning_a_switch_off_repeats_the_row_that_set_it_off(corpus_dir: Path, tmp_path: Path) -> None:
    # The log holds "fa=off — real -17% tg / -27% pp; flash attention load-bearing", discarded.
    records = convert(corpus_dir, tmp_path, "FM-gpt__llamacpp-autotune__results.tsv")
    advice = check_proposal("turn flash attention off", records_dir=records)
    assert [r["id"][-7:] for r in advice.repeats] == ["558b915"]
    assert advice.verdict in ("caution", "avoid")
    assert check_proposal("turn flash attention on", records_dir=records).repeats == []


def test_using_a_method_repeats_the_row_that_added_it_under_a_label(corpus_dir: Path, tmp_path: Path) -> None:
    # The log labels the part each row tunes: "Game winner: HistGradientBoosting (XGBoost won on val, ...)", discarded.
    records = convert(corpus_dir, tmp_path, "damionrashford__nba-predict__autoresearch_results.tsv")
    advice = check_proposal("use HistGradientBoosting for the game winner", records_dir=records)
    assert [r["outcome"] for r in advice.repeats] == ["discard"]
    assert advice.verdict in ("caution", "avoid")


def test_a_count_written_in_words_is_repeated_by_one_written_in_figures(tmp_path: Path) -> None:
    # Agents write small counts in words ("from eight documents to four"); a person proposing the same in figures repeats it.
    records = convert_text(
        tmp_path,
        "commit\tloss\tstatus\tdescription\n"
        "a1b2c3d\t2.30\tkeep\tbaseline\n"
        "b2c3d4e\t2.27\tkeep\tIncrease the training minibatch from four documents to eight\n"
        "c3d4e5f\t2.29\tdiscard\tReduce the training minibatch from eight documents to four\n",
    )
    advice = check_proposal("reduce the minibatch from 8 documents to 4", records_dir=records)
    assert advice.proposal["changes"][0]["parameter"] == "training_minibatch"
    assert [r["id"][-7:] for r in advice.repeats] == ["c3d4e5f"]
    assert advice.verdict in ("caution", "avoid")
    assert check_proposal("raise the training minibatch to 16", records_dir=records).repeats == []


def test_a_change_an_earlier_failure_made_among_others_is_named_and_never_a_bare_proceed(tmp_path: Path) -> None:
    records = convert_text(
        tmp_path,
        "commit\tval_bpb\tstatus\tdescription\n"
        "a1b2c3d\t1.30\tkeep\tbaseline\n"
        "b2c3d4e\t1.28\tkeep\tdropout 0.1\n"
        "c3d4e5f\t1.27\tkeep\twarmup 200\n"
        "d4e5f6a\t1.31\tdiscard\tdepth=12 HEAD_DIM=64 dim=384 (too big)\n"
        "e5f6a7b\t1.26\tkeep\tweight decay 0.1\n"
        "f6a7b8c\t1.27\tdiscard\tlabel smoothing 0.1\n",
    )
    advice = check_proposal("set depth to 12", records_dir=records)
    assert advice.repeats == []  # the earlier run changed more than the depth: no exact repeat
    assert advice.verdict == "caution"
    assert advice.reason.startswith("part of ") and "-d4e5f6a (discarded" in advice.reason
    assert "which changed more besides" in advice.reason
    # another depth, or the same depth where a run that made it among others was kept, is not held back by it
    assert not check_proposal("set depth to 16", records_dir=records).reason.startswith("part of")
    # replay weighs it the same way: a later row that sets depth to 12 alone is answered with caution
    log = tmp_path / "results.tsv"
    log.write_text(log.read_text(encoding="utf-8") + "a7b8c9d\t1.29\tdiscard\tset depth to 12\n", encoding="utf-8")
    converted = convert_log(log, ConvertOptions()).records
    last = replay_records(converted)[-1]
    assert last.description == "set depth to 12" and last.verdict == "caution"


def test_an_earlier_result_is_shown_to_six_figures_not_as_the_loop_printed_its_float() -> None:
    metric = {"name": "metric", "value": 0.017498580765463154, "baseline": 0.008912696258113516, "direction": "lower"}
    item = item_from_record({"id": "r1", "experiment": {"outcome": "discard", "metric": metric}})
    assert item is not None and item.metric == "metric 0.0174986 (baseline 0.0089127)"


def test_a_name_an_earlier_experiment_gave_in_words_is_not_never_tried(tmp_path: Path) -> None:
    # The log changed n_kv_head and called it MQA in its description: "use MQA" was tried in other words.
    log_text = (
        "commit\tval_bpb\tmemory_gb\tstatus\tdescription\n"
        "a1b2c3d\t1.190\t9.5\tkeep\tbaseline\n"
        "b2c3d4e\t1.185\t9.5\tkeep\tMATRIX_LR 0.04->0.05\n"
        "c3d4e5f\t1.201\t9.1\tdiscard\tn_kv_head=1 MQA (faster but less capacity, reverted)\n"
    )
    records = convert_text(tmp_path, log_text)
    mqa = check_proposal("use MQA", records_dir=records)
    assert "no earlier change of it here, but named in 'n_kv_head=1 MQA" in mqa.reason and "(discarded)" in mqa.reason
    assert not any(n.startswith("never tried here") for n in mqa.notes)
    # spelled out in the earlier description: "multi-query attention" is what MQA stands for
    convert_text(tmp_path, log_text + "d4e5f6a\t1.199\t9.1\tdiscard\tmulti-query attention with one kv head\n")
    spelled = check_proposal("use GQA with one kv head", records_dir=records)
    assert "named in 'multi-query attention" not in spelled.reason
    acronym = check_proposal("use MQA with one kv head", records_dir=records)
    assert "named in 'multi-query attention with one kv head' (discarded)" in acronym.reason
    rotary = check_proposal("add rotary embeddings", records_dir=records)
    assert "never tried here" in rotary.reason
    assert "never tried here: rotary_embeddings" in rotary.notes


def test_a_proposal_that_sets_a_quoted_value_a_discarded_run_set_is_an_exact_repeat(tmp_path: Path) -> None:
    records = convert_text(
        tmp_path,
        "commit\tf1\tstatus\tdescription\n"
        "a1\t0.50\tkeep\tbaseline\n"
        "a2\t0.53\tkeep\tdetection threshold 0.30 -> 0.35\n"
        "a3\t0.41\tdiscard\tSAM3 prompt 'telephone pole'->'utility pole' — catastrophic regression\n"
        "a4\t0.52\tdiscard\tdetection threshold 0.35 -> 0.40\n",
    )
    advice = check_proposal("change the SAM3 prompt to 'utility pole'", records_dir=records)
    assert advice.proposal["changes"][0]["to"] == "utility pole"
    assert advice.repeats and advice.repeats[0]["id"].endswith("-r3")  # the third row
    assert advice.verdict in ("caution", "avoid")
    assert check_proposal("change the SAM3 prompt to 'power pole'", records_dir=records).repeats == []
