"""Numbers that moved in code that is not Python, and in the scripts that run a training."""

from __future__ import annotations

from nrr_spec.changes.code_constants import constant_changes


def _read(old: str, new: str, path: str) -> list[tuple[object, ...]] | None:
    found = constant_changes(old, new, path)
    return None if found is None else [(c["parameter"], c["from"], c["to"], c["direction"], c["location"]) for c in found]


KERNEL = "#define BLOCK_M 128\nconstexpr int kStages = 3;  // depth\nlet tile: usize = 64;\nstatic const float kEps = 1e-6f;\n"


def test_declared_constants_in_c_cuda_and_rust_are_named_by_their_declaration() -> None:
    new = KERNEL.replace("128", "256").replace("= 3", "= 4").replace("64", "32").replace("1e-6f", "1e-5f")
    assert _read(KERNEL, new, "k.cu") == [
        ("block_m", "128", "256", "increase", "k.cu:1"),
        ("k_stages", "3", "4", "increase", "k.cu:2"),
        ("tile", "64", "32", "decrease", "k.cu:3"),
        ("k_eps", "1e-6f", "1e-5f", "increase", "k.cu:4"),
    ]


RUN = "#!/bin/bash\nLR=0.01\npython train.py --lr 0.01 --batch-size=64 --name run1\n"


def test_a_run_scripts_flags_are_named_by_the_flag() -> None:
    new = RUN.replace("LR=0.01", "LR=0.02").replace("--batch-size=64", "--batch-size=128")
    assert _read(RUN, new, "run.sh") == [
        ("lr", "0.01", "0.02", "increase", "run.sh:2"),
        ("batch_size", "64", "128", "increase", "run.sh:3"),
    ]


def test_anything_but_numbers_moving_is_left_to_the_hunks() -> None:
    assert _read(RUN, RUN.replace("run1", "run2"), "run.sh") is None  # a name, not a setting
    assert _read("x = f(3);\n", "x = f(4);\n", "a.c") is None  # a number nothing names
    assert _read(KERNEL, KERNEL.replace("128", "256") + "void k() {}\n", "k.cu") is None  # code added
    assert _read(KERNEL, KERNEL, "k.cu") is None
