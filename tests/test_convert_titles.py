"""Converted records are titled as findings: the parsed change and what it did to the metric."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.convert.fromgit import is_value
from nrr_spec.convert.pipeline import convert_log
from nrr_spec.convert.titles import MAX_TITLE, change_phrase, comparison_baseline, finding_title


def _experiment(
    outcome: str,
    changes: list[dict[str, object]],
    value: float | None,
    baseline: float | None,
    direction: str = "lower",
    failure_class: str | None = None,
) -> dict[str, object]:
    return {
        "outcome": outcome,
        "changes": changes,
        "failure_class": failure_class,
        "metric": {"name": "val_bpb", "value": value, "baseline": baseline, "direction": direction},
    }


LR = {"parameter": "matrix_lr", "from": "0.04", "to": "0.05", "direction": "increase"}


def test_a_worse_result_reads_as_the_change_and_its_effect() -> None:
    experiment = _experiment("discard", [LR], 1.003, 1.0)
    assert finding_title(experiment, "increase LR to 0.05", "x") == "Raising matrix_lr from 0.04 to 0.05 worsened val_bpb by 0.3%"


def test_direction_of_better_decides_worse_or_improved() -> None:
    assert finding_title(_experiment("keep", [LR], 0.98, 1.0), "", "x").endswith("improved val_bpb by 2.0%")
    assert finding_title(_experiment("discard", [LR], 0.98, 1.0, direction="higher"), "", "x").endswith(
        "worsened val_bpb by 2.0%"
    )
    marginal = finding_title(_experiment("discard", [LR], 0.9999, 1.0), "", "x")
    assert marginal.endswith("improved val_bpb by 0.01% (not kept)")
    assert finding_title(_experiment("discard", [LR], 1.0, 1.0), "", "x").endswith("left val_bpb unchanged")
    noise = _experiment("discard", [LR], 1.0005, 1.0, failure_class="no_improvement")
    assert finding_title(noise, "", "x").endswith("did not improve val_bpb (0.05% worse, within noise)")


def test_crashes_other_changes_and_unknown_effects() -> None:
    batch = {"parameter": "batch_size", "from": "262K", "to": "131K", "direction": "decrease"}
    assert finding_title(_experiment("crash", [batch], None, 0.97), "", "x") == "Lowering batch_size from 262K to 131K crashed"
    lost = _experiment("crash", [batch], None, 0.97, failure_class="crash_infra")
    assert finding_title(lost, "", "x").endswith("was lost to an infrastructure failure")
    two = _experiment("discard", [LR, batch], None, None)
    assert finding_title(two, "", "x") == "Raising matrix_lr from 0.04 to 0.05 and 1 other change: discarded, no val_bpb recorded"
    first = _experiment("discard", [LR], 1.01, None)  # nothing kept before it to compare with
    assert finding_title(first, "", "x") == (
        "Raising matrix_lr from 0.04 to 0.05: discarded at val_bpb 1.01, with no earlier result to compare"
    )
    unmeasured = {"outcome": "discard", "changes": [LR]}
    assert finding_title(unmeasured, "", "x") == "Raising matrix_lr from 0.04 to 0.05: discarded"
    swap = {"parameter": "activation", "from": "relu", "to": "gelu", "direction": "replace"}
    assert finding_title(_experiment("discard", [swap], 1.01, 1.0), "", "x").startswith("Replacing activation (relu) with gelu")


def test_a_kept_change_that_measured_worse_says_it_was_kept() -> None:
    # Loops keep a change for its simplicity, or against a baseline of their own: the title states
    # the measurement and the decision, not a failure.
    kept = _experiment("keep", [LR], 1.003, 1.0)
    assert finding_title(kept, "", "x") == "Raising matrix_lr from 0.04 to 0.05 was kept although it worsened val_bpb by 0.3%"


def test_without_a_parsed_change_the_log_line_leads() -> None:
    assert finding_title(_experiment("discard", [], 1.01, 1.0), "  try   a new idea ", "x") == (
        "Discarded: try a new idea (worsened val_bpb by 1.0%)"
    )
    assert finding_title({"outcome": "baseline", "changes": []}, "reference recipe", "x") == "Baseline: reference recipe"
    # a line that already says its outcome is not prefixed with it again
    assert (
        finding_title({"outcome": "baseline", "changes": []}, "baseline: reference recipe", "x") == "Baseline: reference recipe"
    )
    assert finding_title(_experiment("discard", [], 1.01, 1.0), "discarded - try GeLU", "x") == (
        "Discarded - try GeLU (worsened val_bpb by 1.0%)"
    )
    assert finding_title({"outcome": "other", "changes": []}, "", "experiment 3 of s") == "Experiment 3 of s"
    long = finding_title(_experiment("discard", [], None, None), "word " * 100, "x")
    assert len(long) <= 160 and long.endswith("word…")


def test_a_row_without_a_decision_states_its_measurement() -> None:
    # A sweep or a benchmark table decides nothing, so there is never an earlier kept result: the
    # title says what was measured, not 'undecided, with no earlier result to compare'.
    swept = {"parameter": "n_gpu", "to": "14", "direction": "set"}
    row = {"outcome": "other", "changes": [swept], "metric": {"name": "tok_s", "value": 6.503, "direction": "higher"}}
    assert finding_title(row, "", "x") == "Setting n_gpu to 14: tok_s 6.503"
    bare = {"outcome": "other", "changes": [], "metric": {"name": "gates", "value": 222.0, "direction": "lower"}}
    assert finding_title(bare, "", "experiment 1 of fp4") == "Experiment 1 of fp4: gates 222"
    assert finding_title(bare, "rev_magnitude", "x") == "rev_magnitude: gates 222"
    unmeasured = {"outcome": "other", "changes": [swept], "metric": {"name": "tok_s", "direction": "higher"}}
    assert finding_title(unmeasured, "", "x") == "Setting n_gpu to 14: no tok_s recorded"


def test_after_the_log_line_the_effect_neither_nests_parentheses_nor_repeats_the_outcome() -> None:
    better = finding_title(_experiment("discard", [], 0.5, 1.0), "Auto-research iteration", "x")
    assert better == "Discarded: Auto-research iteration (improved val_bpb by 50%)"
    noise = finding_title(_experiment("discard", [], 1.0005, 1.0, failure_class="no_improvement"), "try x", "x")
    assert noise == "Discarded: try x (did not improve val_bpb, 0.05% worse, within noise)"
    assert finding_title(_experiment("crash", [], None, 1.0), "OOM at width 2x", "x") == "Crashed: OOM at width 2x"
    lost = _experiment("crash", [], None, 1.0, failure_class="crash_infra")
    assert finding_title(lost, "node died", "x") == "Crashed: node died (lost to an infrastructure failure)"
    kept = finding_title(_experiment("keep", [], 1.1, 1.0), "simpler attention", "x")
    assert kept == "Kept: simpler attention (although it worsened val_bpb by 10%)"
    for title in (better, noise, kept):
        assert title.count("(") == 1 and title.endswith(")")


def test_a_long_title_gives_way_in_the_log_line_never_in_the_effect() -> None:
    words = "Removing the CMD2->CPU->CMD3 bounce regressed: 4.07ms/layer vs 3.70 baseline and 3.99 tok/s " * 3
    title = finding_title(_experiment("discard", [], 1.2, 1.0), words, "x")
    assert len(title) <= 160 and title.endswith("… (worsened val_bpb by 20%)")
    # cut where a clause of the line ends, not inside a word or mid-clause
    assert title == "Discarded: Removing the CMD2->CPU->CMD3 bounce regressed… (worsened val_bpb by 20%)"
    prose = "tried a fused kernel. It was slower on every shape we measured: " + "more words " * 20
    assert finding_title(_experiment("discard", [], 1.2, 1.0), prose, "x") == (
        "Discarded: tried a fused kernel. It was slower on every shape we measured… (worsened val_bpb by 20%)"
    )
    unbroken = "one clause that runs on " * 10
    cut = finding_title(_experiment("discard", [], 1.2, 1.0), unbroken, "x")
    assert len(cut) <= 160 and cut.split("…")[0].split(" ")[-1] in unbroken.split(" ")  # between words
    aside = finding_title(_experiment("discard", [], 1.2, 1.0), "x " * 60 + "(a reason that runs on " + "y " * 40 + ")", "x")
    assert aside == "Discarded: " + "x " * 59 + "x… (worsened val_bpb by 20%)"  # no parenthesis left open
    long_name = {"parameter": "p_" + "x" * 200, "to": "1", "direction": "set"}
    cut = finding_title(_experiment("discard", [long_name], 1.2, 1.0), "", "x")
    assert len(cut) <= 160 and cut.endswith("… worsened val_bpb by 20%")


def test_a_failed_run_logged_as_zero_on_a_lower_is_better_metric_is_no_result() -> None:
    # 'val_bpb 0.000000' on an aborted run is the loop's blank, not a 100% improvement it discarded.
    aborted = finding_title(_experiment("discard", [LR], 0.0, 0.954), "", "x")
    assert aborted == "Raising matrix_lr from 0.04 to 0.05: discarded, no val_bpb recorded (logged as 0)"
    assert finding_title(_experiment("discard", [], 0.0, 0.954), "aborted early", "x") == "Discarded: aborted early"
    # A zero that can be a result stays one: a higher-is-better score, or a kept change.
    assert finding_title(_experiment("discard", [LR], 0.0, 0.5, direction="higher"), "", "x").endswith("worsened val_bpb by 100%")
    assert finding_title(_experiment("keep", [LR], 0.0, 0.5), "", "x").endswith("improved val_bpb by 100%")


def test_a_value_that_is_code_or_prose_stays_out_of_the_title() -> None:
    prose = "(Vec<T>. clear()/extend() pattern generates MORE instructions than a fresh allocation)"
    swap = {"parameter": "clear_extend", "from": prose, "to": "eval_fn", "direction": "replace"}
    assert finding_title(_experiment("discard", [swap], 1.2, 1.0), "", "x") == (
        "Replacing clear_extend with eval_fn worsened val_bpb by 20%"
    )
    both = {"parameter": "loss", "from": prose, "to": prose, "direction": "set"}
    assert finding_title(_experiment("discard", [both], 1.2, 1.0), "", "x") == "Changing loss worsened val_bpb by 20%"


def test_a_column_of_the_metric_before_the_change_is_the_comparison_when_nothing_was_kept_before() -> None:
    def row(name: str, value: float, others: dict[str, float], direction: str | None = "lower") -> dict[str, object]:
        metric = {"name": name, "value": value, "direction": direction}
        return {"outcome": "discard", "changes": [LR], "metric": metric, "other_metrics": others}

    assert finding_title(row("metric_after", 1.2, {"metric_before": 1.0}), "", "x").endswith("worsened metric_after by 20%")
    assert finding_title(row("score", 0.8, {"prev_score": 1.0}, "higher"), "", "x").endswith("worsened score by 20%")
    assert finding_title(row("loss_new", 2.0, {"loss_old": 2.0}), "", "x").endswith("left loss_new unchanged")
    assert finding_title(row("metric_after", 7.0, {"metric_before": 5.0}, None), "", "x").endswith(
        "moved metric_after from 5 to 7"
    )
    # A column that is not the same metric before the change says nothing about it.
    unrelated = finding_title(row("val_bpb", 1.2, {"memory_gb": 40.0, "before_tokens": 3.0}), "", "x")
    assert unrelated.endswith("discarded at val_bpb 1.2, with no earlier result to compare")
    # The best kept result before the row stays the comparison when there is one.
    kept_before = {
        **row("metric_after", 1.2, {"metric_before": 1.2}),
        "metric": {"name": "metric_after", "value": 1.2, "baseline": 1.0, "direction": "lower"},
    }
    assert finding_title(kept_before, "", "x").endswith("worsened metric_after by 20%")


def test_a_change_that_only_strings_the_lines_words_together_gives_way_to_the_line() -> None:
    phrase = {"parameter": "sde_denoiser_makes_it_worse", "from": None, "to": None, "direction": "add"}
    assert finding_title(_experiment("discard", [phrase], 1.1, 1.0), "SDE denoiser makes it worse", "x") == (
        "Discarded: SDE denoiser makes it worse (worsened val_bpb by 10%)"
    )
    # A short name, a name with a value, a name read from code, or one the line does not spell: a change.
    for change in (
        {"parameter": "headwise_attention_gate", "direction": "add"},
        {"parameter": "decoder_top2_fc2_only", "to": "1", "direction": "set"},
        {"parameter": "token_choice_mo_e_forward", "direction": "replace", "evidence": "diff"},
        {"parameter": "first_true_mtf_fortress", "direction": "add"},
    ):
        line = "headwise attention gate decoder top2 fc2 only token choice mo e forward"
        assert not finding_title(_experiment("discard", [change], 1.1, 1.0), line, "x").startswith("Discarded:"), change


def test_a_change_across_zero_gives_both_values_not_a_percentage() -> None:
    signed = {
        "outcome": "discard",
        "changes": [LR],
        "metric": {"name": "delta_pct", "value": -0.13, "baseline": 1.14, "direction": "higher"},
    }
    assert finding_title(signed, "", "x").endswith("worsened delta_pct from 1.14 to -0.13")
    from_zero = {
        "outcome": "keep",
        "changes": [LR],
        "metric": {"name": "score", "value": 0.5, "baseline": 0.0, "direction": "higher"},
    }
    assert finding_title(from_zero, "", "x").endswith("improved score from 0 to 0.5")


def test_converted_records_carry_the_finding_and_keep_the_log_line(tmp_path: Path, corpus_dir: Path) -> None:
    log = corpus_dir / "logs" / "karpathy__autoresearch__branch-exp-H100-mar8__results.tsv"
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "-o", str(tmp_path), "--no-progress"])
    assert result.exit_code == 0, result.output
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(tmp_path.glob("*.json"))]
    changed = [r for r in records if r["experiment"]["changes"] and r["experiment"]["outcome"] == "discard"]
    assert changed
    for record in records:
        title, outcome = record["title"], record["experiment"]["outcome"]
        assert not (outcome == "keep" and " worsened " in title and "kept although" not in title), title
        assert not title.endswith((": discarded", ": kept", ": crashed")) or "metric" not in record["experiment"], title
    for record in changed:
        effects = (" worsened ", " improved ", " unchanged", " did not improve ")
        assert any(word in record["title"] for word in effects), record["title"]
        assert record["experiment"]["description"]  # the log's line stays, verbatim, in the record
        assert record["title"].split(" ")[1] in {c["parameter"] for c in record["experiment"]["changes"]}


@pytest.mark.slow
def test_every_corpus_title_keeps_the_invariants(corpus_dir: Path) -> None:
    outcome_endings = tuple(f"{sep}{word}" for sep in (": ", "(") for word in ("discarded", "kept", "crashed", "undecided"))
    checked = 0
    for log in sorted((corpus_dir / "logs").iterdir()):
        for record in convert_log(log).records:
            title, experiment = record["title"], record["experiment"]
            where = (log.name, experiment.get("sequence"), title)
            assert len(title) <= MAX_TITLE, where
            assert not (experiment["outcome"] == "keep" and " worsened " in title and "although it worsened" not in title), where
            if (experiment.get("metric") or {}).get("name"):  # a bare decision is all a metric-less row can say
                assert not title.rstrip(")").endswith(outcome_endings), where
            own_words = title.replace(" ".join((experiment.get("description") or "").split()), "")
            assert "undecided" not in own_words.lower(), where  # a row without a decision states its measurement
            assert not title.endswith("))") or "))" in json.dumps(experiment), where  # no aside inside an aside
            metric = experiment.get("metric") or {}
            if isinstance(metric.get("value"), float) and isinstance(metric.get("baseline"), float):
                across_zero = metric["value"] * metric["baseline"] < 0
                assert not (across_zero and re.search(r" by [\d.]+%", title)), where  # no percentage across zero
            if comparison_baseline(experiment) is not None and experiment["outcome"] != "crash":
                assert "with no earlier result to compare" not in title, where
            first = experiment["changes"][0] if experiment["changes"] else None
            if (
                first
                and title.startswith(change_phrase(first))
                and not is_value(first)
                and first.get("evidence") in (None, "description")
            ):
                words = re.findall(r"[a-z0-9]+", str(first["parameter"]).lower())
                line = "_".join(re.findall(r"[a-z0-9]+", (experiment.get("description") or "").lower()))
                assert len(words) < 4 or f"_{'_'.join(words)}_" not in f"_{line}_", where  # the line's words, strung together
            if "…" in title:
                source = " ".join([experiment.get("description") or ""] + [change_phrase(c) for c in experiment["changes"]])
                whole_words = {word.rstrip(" ,.;:-–—([{") for word in source.split(" ")}
                assert title.split("…")[0].split(" ")[-1] in whole_words, where  # cut between words
            checked += 1
    assert checked > 4000
