"""A file a long log's diffs seldom touch (a plotting script committed with one run) stays in that
run's patch but is not read as the experiment's change."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from gitrepo import commit, new_repo

from nrr_spec.cli import main

TRAIN = "LR = {lr}\nDEPTH = 8\n"
PLOT = "FIGSIZE = ({w}, 8)\n"


def test_a_seldom_touched_file_is_in_the_patch_but_not_a_change(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "loop", {"train.py": TRAIN.format(lr="0.010"), "plot.py": PLOT.format(w=12)})
    rows = ["commit\tval_bpb\tstatus\tdescription"]
    for i in range(1, 25):
        files: dict[str, str | None] = {"train.py": TRAIN.format(lr=f"0.{10 + i:03d}")}
        if i == 7:
            files["plot.py"] = PLOT.format(w=14)  # the loop also touched its plotting script
        sha = commit(repo, files, f"lr 0.{10 + i:03d}")
        rows.append(f"{sha[:7]}\t{1.0 - i / 1000:.3f}\tkeep\tlr 0.{10 + i - 1:03d} -> 0.{10 + i:03d}")
    log = repo / "results.tsv"
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "records"
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "--repo", str(repo), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "changes in plot.py (1 of 24 diffs) are kept in the patches" in result.output
    seventh = next(json.loads(p.read_text()) for p in out.glob("*.json") if "0.017" in p.read_text())
    assert [c["parameter"] for c in seventh["experiment"]["changes"]] == ["lr"]
    assert "plot.py" in seventh["reproducibility"]["code"]["patch"]


def test_a_short_log_keeps_every_file_it_changed(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "loop", {"train.py": TRAIN.format(lr="0.010"), "plot.py": PLOT.format(w=12)})
    sha = commit(repo, {"train.py": TRAIN.format(lr="0.020"), "plot.py": PLOT.format(w=14)}, "lr and figure")
    log = repo / "results.tsv"
    log.write_text(f"commit\tval_bpb\tstatus\tdescription\n{sha[:7]}\t0.99\tkeep\tlr 0.01 -> 0.02\n", encoding="utf-8")
    out = tmp_path / "records"
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "--repo", str(repo), "-o", str(out)])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(p.read_text()) for p in out.glob("*.json")]
    assert {c["parameter"] for c in record["experiment"]["changes"]} == {"lr", "figsize"}
