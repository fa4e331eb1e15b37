"""What a whole file in a commit is: an added, removed or rewritten module is one change, and a
tool's hidden state is none."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from gitrepo import commit, git, new_repo

from nrr_spec.changes.git import Repository
from nrr_spec.changes.pycode import python_changes
from nrr_spec.changes.pyvalues import source_segment

TRAIN = "DEPTH = 8\nMATRIX_LR = 0.04\n\n\ndef schedule(step):\n    return min(step / 300, 1.0)\n"
PREPARE_TEXT = """\
MAX_SEQ_LEN = 2048
VOCAB_SIZE = 8192


def download_data():
    return fetch(BASE_URL)


def train_tokenizer():
    return Tokenizer(VOCAB_SIZE)


def make_dataloader(split):
    return Loader(split, MAX_SEQ_LEN)
"""
PREPARE_TABLE = """\
DATA_PATH = "car_sales.csv"
VAL_SIZE = 0.2


def load_raw():
    return read_csv(DATA_PATH)


def get_train_val_split(frame):
    return split(frame, VAL_SIZE)


def make_dataloader(split):
    return Loader(split, 64)
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return new_repo(tmp_path / "loop", {"train.py": TRAIN, "prepare.py": PREPARE_TEXT})


def _changes(repo: Path, sha: str) -> list[tuple[object, ...]]:
    return [(c["parameter"], c["to"], c["direction"], c["location"]) for c in Repository(repo).diff(sha).changes]


def test_an_added_module_is_one_change_not_every_definition_in_it(repo: Path) -> None:
    sha = commit(
        repo,
        {"muon.py": "LR = 0.02\nMOMENTUM = 0.95\n\n\nclass Muon:\n    pass\n", "train.py": TRAIN.replace("0.04", "0.05")},
        "add a Muon optimiser",
    )
    assert _changes(repo, sha) == [("muon", None, "add", "muon.py:1"), ("matrix_lr", "0.05", "increase", "train.py:2")]
    assert "class Muon" in (Repository(repo).diff(sha).patch or "")  # the patch keeps every line


def test_a_removed_file_is_one_change(repo: Path) -> None:
    commit(repo, {"kernels/tile.metal": "kernel void tile() {}\n"}, "add a kernel")
    sha = commit(repo, {"kernels/tile.metal": None, "prepare.py": None}, "drop the kernel and the preparation")
    assert sorted(_changes(repo, sha)) == [
        ("prepare", None, "remove", "prepare.py:1"),
        ("tile_metal", None, "remove", "kernels/tile.metal"),
    ]


def test_a_rewritten_module_is_one_change(repo: Path) -> None:
    sha = commit(repo, {"prepare.py": PREPARE_TABLE}, "tabular data instead of text")
    assert _changes(repo, sha) == [("prepare", None, "replace", "prepare.py:1")]


def test_an_edited_module_keeps_its_exact_changes() -> None:
    edited = PREPARE_TEXT.replace("VOCAB_SIZE = 8192", "VOCAB_SIZE = 4096").replace(
        "Tokenizer(VOCAB_SIZE)", "Tokenizer(VOCAB_SIZE, bpe=True)"
    )
    found = python_changes(PREPARE_TEXT, edited, "prepare.py") or []
    assert [(c["parameter"], c["to"], c["direction"]) for c in found] == [
        ("vocab_size", "4096", "decrease"),
        ("train_tokenizer", None, "replace"),
    ]


def test_a_tools_hidden_state_is_no_change_but_hidden_configuration_is(repo: Path) -> None:
    sha = commit(
        repo,
        {
            ".aider.input.history": "# 2026-03-08\n+make the logo lazy\n",
            ".env": "TOKEN=x\n",
            ".cargo/config.toml": "[profile.release]\ncodegen-units = 1\n",
            "train.py": TRAIN.replace("DEPTH = 8", "DEPTH = 6"),
        },
        "depth 6",
    )
    diff = Repository(repo).diff(sha)
    assert [c["parameter"] for c in diff.changes] == ["config_toml", "depth"]
    assert diff.code_files == [".cargo/config.toml", "train.py"]


KERNEL = """\
#include <cuda_fp16.h>
#define BLOCK_M 128
constexpr int kStages = 3;  // pipeline depth

__global__ void gemm(const half* a, half* b) {
    int i = threadIdx.x * 4;
}
"""


def test_constants_tuned_in_a_kernel_are_exact_changes_and_other_edits_name_their_function(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "kernels", {"gemm.cu": KERNEL})
    tuned_text = KERNEL.replace("BLOCK_M 128", "BLOCK_M 256").replace("kStages = 3", "kStages = 4")
    tuned = commit(repo, {"gemm.cu": tuned_text}, "tile")
    assert _changes(repo, tuned) == [
        ("block_m", "256", "increase", "gemm.cu:2"),
        ("k_stages", "4", "increase", "gemm.cu:3"),
    ]
    edited = commit(repo, {"gemm.cu": tuned_text.replace("threadIdx.x * 4", "threadIdx.x * 8 + blockIdx.x")}, "index")
    assert [(c[0], c[2]) for c in _changes(repo, edited)] == [("gemm", "replace")]
    # a constant moved beside other code: the functions the hunks touch, as before
    both = commit(repo, {"gemm.cu": KERNEL.replace("BLOCK_M 128", "BLOCK_M 64")}, "tile and index")
    assert ("block_m", "64", "decrease", "gemm.cu:2") not in _changes(repo, both)


def test_a_script_renamed_with_an_edit_keeps_its_exact_change_and_the_patch_names_both_paths(repo: Path) -> None:
    git(repo, "mv", "train.py", "train v2.py")
    sha = commit(repo, {"train v2.py": TRAIN.replace("MATRIX_LR = 0.04", "MATRIX_LR = 0.05")}, "rename the script, lr up")
    assert _changes(repo, sha) == [("matrix_lr", "0.05", "increase", "train v2.py:2")]
    patch = Repository(repo).diff(sha).patch or ""
    assert "rename from train.py" in patch and "-MATRIX_LR = 0.04" in patch


def test_constants_assigned_together_are_read_one_by_one() -> None:
    found = python_changes("LR, WD = 0.01, 0.1\n", "LR, WD, BETA2 = 0.01, 0.2, 0.95\n", "train.py") or []
    assert [(c["parameter"], c["from"], c["to"], c["direction"]) for c in found] == [
        ("wd", "0.1", "0.2", "increase"),
        ("beta2", None, "0.95", "add"),
    ]


def test_a_statement_s_text_is_read_as_the_parser_counts_lines() -> None:
    source = 'x = 1\r\ny = "é" + f(\n  2,\n  3)\rz = 4\nw = 5'
    for node in ast.walk(ast.parse(source)):
        if hasattr(node, "end_col_offset"):
            assert source_segment(source, node) == ast.get_source_segment(source, node)
