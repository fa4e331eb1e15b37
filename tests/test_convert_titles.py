"""Converted records are titled as findings: the parsed change and what it did to the metric."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.convert.titles import finding_title


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
    assert finding_title({"outcome": "baseline", "changes": []}, "baseline run", "x") == "Baseline: baseline run"
    assert finding_title({"outcome": "other", "changes": []}, "", "experiment 3 of s") == "Undecided: experiment 3 of s"
    long = finding_title(_experiment("discard", [], None, None), "word " * 100, "x")
    assert len(long) <= 160 and long.endswith("…")


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
