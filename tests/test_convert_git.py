"""Changes read from git: exact values from the diff, the commit cell's meaning per log, and never a diff on the wrong row."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from gitrepo import Loop, commit, git, new_repo
from table_tests import table_test

from nrr_spec.changes.git import PATCH_LIMIT, Repository, cap_patch
from nrr_spec.convert.fromgit import without_trailers
from nrr_spec.convert.options import ConvertResult
from nrr_spec.convert.pipeline import ConvertOptions, convert_log
from nrr_spec.model import Record
from nrr_spec.publish import SiteConfig, build_site

TRAIN = """\
import math

DEPTH = 8
MATRIX_LR = 0.04
TOTAL_BATCH_SIZE: int = 2**16


def schedule(step):
    return min(step / 300, 1.0)


def build(config):
    return Model(n_estimators=500, depth=DEPTH)
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return new_repo(tmp_path / "loop", {"train.py": TRAIN, "config.yaml": "optim:\n  lr: 0.04\n  warmup: 100\n"})


def converted(folder: Path, rows: list[tuple[str, str, str, str]], **options: Any) -> ConvertResult:
    """The conversion of a log of `rows` (commit, val_bpb, status, description) written in `folder`."""
    log = folder / "results.tsv"
    lines = ["commit\tval_bpb\tmemory_gb\tstatus\tdescription"] + ["\t".join((c, v, "44.0", s, d)) for c, v, s, d in rows]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return convert_log(log, ConvertOptions(**options))


def by_row(records: list[dict]) -> dict[int, dict]:
    return {r["provenance"]["source"]["row"]: r for r in records}


def records_by_row(folder: Path, rows: list[tuple[str, str, str, str]], **options: Any) -> dict[int, dict]:
    """The records of a log of `rows` written in `folder`, by their row in it."""
    return by_row(converted(folder, rows, **options).records)


def test_a_loop_with_reset_discards_is_read_from_its_own_work_tree(repo: Path) -> None:
    loop = Loop(repo)
    base = loop.baseline("1.000")
    raised = TRAIN.replace("MATRIX_LR = 0.04", "MATRIX_LR = 0.05")
    message = "raise matrix lr\n\nMuon tolerates a larger step at this batch size."
    kept = loop.run("keep", "increase matrix LR to 0.05", "0.990", {"train.py": raised}, message)
    loop.run("discard", "halve batch", "0.995", {"train.py": raised.replace("2**16", "2**15")}, "halve the batch", reset=True)
    loop.run("keep", "warmup 200", "0.980", {"config.yaml": "optim:\n  lr: 0.04\n  warmup: 200\n"}, "longer warmup")
    cosine = "    return 0.5 * (1 - math.cos(math.pi * min(step / 300, 1.0)))"
    loop.run(
        "discard",
        "cosine warmup shape",
        "0.985",
        {"train.py": raised.replace("    return min(step / 300, 1.0)", cosine)},
        "cosine warmup",
    )
    result = converted(repo, loop.rows)
    assert not result.errors
    assert any("work tree holding the log" in n and "holds its change" in n for n in result.notes), result.notes
    rows = by_row(result.records)
    assert rows[2]["experiment"]["changes"] == [
        {
            "parameter": "matrix_lr",
            "from": "0.04",
            "to": "0.05",
            "direction": "increase",
            "evidence": "diff",
            "location": "train.py:4",
        }
    ]
    assert rows[2]["experiment"]["change_category"] == "learning_rate"
    code_section = rows[2]["reproducibility"]["code"]
    assert code_section["commit"] == kept and code_section["base_commit"] == base
    assert "-MATRIX_LR = 0.04\n+MATRIX_LR = 0.05" in code_section["patch"]
    assert rows[2]["created"] == "2026-03-08" and rows[2]["authors"] == [{"name": "Ada Lovelace"}]
    assert rows[2]["hypothesis"]["statement"] == "Muon tolerates a larger step at this batch size."
    # the reset discard is unreachable, and still read
    assert rows[3]["experiment"]["changes"] == [
        {
            "parameter": "total_batch_size",
            "from": "2**16",
            "to": "2**15",
            "direction": "decrease",
            "evidence": "diff",
            "location": "train.py:5",
        }
    ]
    assert rows[4]["experiment"]["changes"] == [
        {
            "parameter": "optim_warmup",
            "from": "100",
            "to": "200",
            "direction": "increase",
            "evidence": "diff",
            "location": "config.yaml:3",
        }
    ]
    edited = rows[5]["experiment"]["changes"]
    assert edited[0] == {
        "parameter": "schedule",
        "from": None,
        "to": None,
        "direction": "replace",
        "evidence": "diff",
        "location": "train.py:8",
    }
    assert all(c["evidence"] == "description" for c in edited[1:]) and edited[1:], edited  # the reading stays beside it
    for record in result.records:
        Record.model_validate(record)


def test_no_repo_reads_descriptions_only(repo: Path) -> None:
    kept = commit(repo, {"train.py": TRAIN.replace("DEPTH = 8", "DEPTH = 9")}, "deeper")
    record = converted(repo, [(kept[:7], "0.99", "keep", "depth 9")], use_repo=False).records[0]
    assert "reproducibility" not in record
    assert all("evidence" not in c for c in record["experiment"]["changes"])


def test_a_log_of_base_commits_gets_the_child_for_a_keep_and_nothing_for_a_failure(repo: Path) -> None:
    loop = Loop(repo, logs_base=True)
    loop.run("discard", "depth 12", "1.00")  # a failure is never committed: its row names the base
    loop.run("discard", "matrix lr 0.06", "1.00")
    deeper = TRAIN.replace("DEPTH = 8", "DEPTH = 10")
    child = loop.run("keep", "depth 10", "0.99", {"train.py": deeper}, "depth 10")
    loop.run("keep", "matrix lr 0.03", "0.98", {"train.py": deeper.replace("0.04", "0.03")}, "lr 0.03")
    loop.run("discard", "depth 14", "0.99")
    result = converted(repo, loop.rows)
    assert any("base it started from" in n for n in result.notes), result.notes
    rows = by_row(result.records)
    for failed in (1, 2, 5):
        assert rows[failed]["reproducibility"]["code"].get("patch") is None
        assert all(c.get("evidence") == "description" for c in rows[failed]["experiment"]["changes"])
    assert rows[3]["experiment"]["changes"][0]["to"] == "10"
    assert rows[3]["reproducibility"]["code"]["commit"] == child
    assert rows[4]["experiment"]["changes"][0]["parameter"] == "matrix_lr"
    assert rows[4]["reproducibility"]["code"]["base_commit"] == child


def test_a_commit_shared_by_rows_goes_only_to_the_row_it_agrees_with(repo: Path) -> None:
    shared = commit(repo, {"train.py": TRAIN.replace("MATRIX_LR = 0.04", "MATRIX_LR = 0.02")}, "lower lr")
    rows = records_by_row(
        repo,
        [
            (shared[:7], "0.99", "keep", "matrix LR 0.02"),
            (shared[:7], "1.01", "discard", "add dropout 0.1"),
            (shared[:7], "1.02", "discard", "swiglu activation"),
        ],
    )
    assert rows[1]["experiment"]["changes"][0]["evidence"] == "diff"
    for other in (2, 3):
        assert rows[other]["reproducibility"]["code"].get("patch") is None
        assert rows[other]["reproducibility"]["code"]["base_commit"] == shared
        assert all(c["evidence"] == "description" for c in rows[other]["experiment"]["changes"])


def test_a_bare_repository_and_a_non_python_change(repo: Path, tmp_path: Path) -> None:
    kernel = commit(repo, {"kernel.metal": "kernel void matmul(device float* a) {\n  int tile = 16;\n}\n"}, "kernel")
    edited = commit(repo, {"kernel.metal": "kernel void matmul(device float* a) {\n  int tile = 32;\n}\n"}, "tile 32")
    bare = tmp_path / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(repo), str(bare)], check=True)
    rows = records_by_row(
        tmp_path, [(kernel[:7], "1.0", "keep", "add matmul kernel"), (edited[:7], "0.9", "keep", "tile 32")], repo=bare
    )
    assert rows[1]["experiment"]["changes"][0] == {
        "parameter": "kernel_metal",
        "from": None,
        "to": None,
        "direction": "add",
        "evidence": "diff",
        "location": "kernel.metal",
    }
    # only a constant's number moved: the exact change, not the function around it
    assert {k: rows[2]["experiment"]["changes"][0][k] for k in ("parameter", "from", "to", "direction", "location")} == {
        "parameter": "tile",
        "from": "16",
        "to": "32",
        "direction": "increase",
        "location": "kernel.metal:2",
    }
    assert "+  int tile = 32;" in rows[2]["reproducibility"]["code"]["patch"]


def test_a_shallow_clones_edge_commit_is_read_from_its_description_not_as_everything_added(repo: Path, tmp_path: Path) -> None:
    lr = commit(repo, {"train.py": TRAIN.replace("MATRIX_LR = 0.04", "MATRIX_LR = 0.05")}, "lr up")
    depth = commit(
        repo, {"train.py": TRAIN.replace("MATRIX_LR = 0.04", "MATRIX_LR = 0.05").replace("DEPTH = 8", "DEPTH = 9")}, "depth"
    )
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True)
    result = converted(
        tmp_path,
        [(lr[:7], "0.99", "keep", "MATRIX_LR 0.04 -> 0.05"), (depth[:7], "1.01", "discard", "DEPTH 8 -> 9")],
        repo=shallow,
    )
    rows = by_row(result.records)
    # git shows the edge commit parentless; its diff against nothing would add the whole script
    assert [(c["parameter"], c["to"], c["evidence"]) for c in rows[2]["experiment"]["changes"]] == [("depth", "9", "description")]
    assert "patch" not in rows[2].get("reproducibility", {}).get("code", {})
    assert any("1 rows' commits are at the edge of a shallow clone" in note and "--unshallow" in note for note in result.notes)


def test_a_repo_that_is_not_one_is_an_error_naming_it(tmp_path: Path) -> None:
    result = converted(tmp_path, [("abc1234", "1.0", "keep", "baseline")], repo=tmp_path / "nowhere")
    assert result.errors and "nowhere" in result.errors[0] and "--no-repo" in result.errors[0]


def test_a_long_patch_is_cut_at_a_line_with_a_note() -> None:
    text = "".join(f"+line {i} " + "x" * 60 + "\n" for i in range(3000))
    cut = cap_patch(text)
    assert len(cut.encode()) <= PATCH_LIMIT and cut.endswith("bytes shown]\n") and "\n+line 0 " not in cut[-200:]
    assert cap_patch("small\n") == "small\n"


def test_repository_reads_work_trees_and_says_what_is_not_one(repo: Path, tmp_path: Path) -> None:
    assert Repository(repo).top == str(repo.resolve())
    assert json.dumps(Repository(repo).resolve(["zzzzzzz", "0000000"])) == '{"zzzzzzz": null, "0000000": null}'


def test_binary_files_and_bookkeeping_are_no_change(repo: Path, tmp_path: Path) -> None:
    (repo / "weights.dat").write_bytes(b"\x00\x01\x02 not text")
    (repo / ".DS_Store").write_bytes(b"Bud1\x00\x00")
    sha = commit(repo, {"train.py": TRAIN.replace("MATRIX_LR = 0.04", "MATRIX_LR = 0.05")}, "lr 0.05 and a checkpoint")
    git(repo, "add", "-f", "weights.dat", ".DS_Store")
    git(repo, "commit", "-q", "--amend", "--no-edit")
    sha = git(repo, "rev-parse", "HEAD")
    diff = Repository(repo).diff(sha)
    assert [(c["parameter"], c["from"], c["to"]) for c in diff.changes] == [("matrix_lr", "0.04", "0.05")]
    assert diff.code_files == ["train.py"]
    assert diff.patch is not None and "weights.dat" not in diff.patch


test_a_commit_messages_trailers_are_not_its_hypothesis = table_test(
    without_trailers,
    [
        ("Co-Authored-By: Claude Opus 4.6 <noreply@anthropic.com>", ""),
        (
            "Muon tolerates a larger step.\n\nSigned-off-by: Ada <ada@example.org>\nCo-authored-by: Bob <b@example.org>",
            "Muon tolerates a larger step.",
        ),
        ("Why: the loss plateaued early.\nSo a longer warmup.", "Why: the loss plateaued early.\nSo a longer warmup."),
        ("", ""),
    ],
)


def test_a_value_that_only_undoes_an_unlogged_parent_is_not_the_rows_change(repo: Path) -> None:
    # The loop tried DEPTH 8 -> 12 without logging it and did not reset; the next experiment's commit
    # sets MATRIX_LR and puts DEPTH back. A later row that names DEPTH keeps the reverse as its change.
    loop = Loop(repo)
    baseline = loop.baseline("1.00")
    commit(repo, {"train.py": TRAIN.replace("DEPTH = 8", "DEPTH = 12")}, "try depth 12")  # tried, never logged
    raised = TRAIN.replace("MATRIX_LR = 0.04", "MATRIX_LR = 0.05")
    loop.run("keep", "matrix LR 0.04 -> 0.05", "0.99", {"train.py": raised}, "matrix lr 0.05")
    commit(repo, {"train.py": raised.replace("DEPTH = 8", "DEPTH = 12")}, "depth 12")  # tried, never logged
    loop.run("keep", "depth 12 -> 8", "0.98", {"train.py": raised}, "depth back to 8")
    rows = by_row(converted(repo, loop.rows).records)
    assert [(c["parameter"], c["to"]) for c in rows[2]["experiment"]["changes"]] == [("matrix_lr", "0.05")]
    assert rows[2]["reproducibility"]["code"]["base_commit"] == baseline  # the state before the unlogged try
    changed = [line for line in rows[2]["reproducibility"]["code"]["patch"].splitlines() if line[:1] in "+-"]
    assert not any("DEPTH" in line for line in changed)
    assert [(c["parameter"], c["from"], c["to"]) for c in rows[3]["experiment"]["changes"]] == [("depth", "12", "8")]


def test_a_log_without_dates_is_dated_by_its_commits_on_its_session_page(repo: Path, tmp_path: Path) -> None:
    base = git(repo, "rev-parse", "HEAD")
    kept = commit(repo, {"train.py": TRAIN.replace("DEPTH = 8", "DEPTH = 12")}, "deeper")
    records = converted(repo, [(base[:7], "1.000", "keep", "baseline"), (kept[:7], "0.990", "keep", "deeper")]).records
    assert [r["created"] for r in records] == ["2026-03-08", "2026-03-08"]
    folder = tmp_path / "records"
    folder.mkdir()
    for n, record in enumerate(records):
        (folder / f"{n}.json").write_text(json.dumps(record), encoding="utf-8")
    out = tmp_path / "site"
    build_site([folder], out, SiteConfig(), search=False)
    pages = list((out / "sessions").glob("*/index.html"))
    assert len(pages) == 1
    assert "2026-03-08" in pages[0].read_text(encoding="utf-8")
    assert "2026-03-08" in (out / "sessions" / "index.html").read_text(encoding="utf-8")
