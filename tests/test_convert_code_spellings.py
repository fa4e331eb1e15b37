"""A count named in words takes the code name the same log gives it: one setting, one name."""

from __future__ import annotations

from converting import experiments_of

from nrr_spec.changes.spellings import CodeSpellings


def _log(*descriptions: str) -> str:
    rows = [f"c{i}\t{1.0 + i / 100:.3f}\tdiscard\t{text}" for i, text in enumerate(descriptions, start=1)]
    return "\n".join(["commit\tval_bpb\tstatus\tdescription", "c0\t1.000\tkeep\tbaseline", *rows]) + "\n"


def _names(text: str) -> list[list[str]]:
    return [[str(c["parameter"]) for c in e["changes"]] for e in experiments_of(text)[1:]]


def test_a_count_in_words_takes_the_code_name_the_log_writes_for_it() -> None:
    log = _log("WARMUP_ITERS=500", "warmup 1000 iterations", "warmup steps 100 -> 400", "warmup 0.1", "train 2000 steps")
    # an iteration is one optimizer step; a warmup without a unit is no count, and other words are another name
    assert _names(log) == [["warmup_iters"], ["warmup_iters"], ["warmup_iters"], ["warmup_ratio"], ["train_steps"]]


def test_without_a_code_name_words_keep_their_own_spelling() -> None:
    assert _names(_log("warmup 1000 iterations", "warmup 400 steps")) == [["warmup_iterations"], ["warmup_steps"]]


def test_the_code_name_a_log_writes_most_wins() -> None:
    spellings = CodeSpellings()
    for text in ("WARMUP_STEPS=100", "WARMUP_ITERS=500", "set WARMUP_ITERS=400 and n_layer=4"):
        spellings.add_text(text)
    assert spellings.code_name("warmup_iterations") == "warmup_iters"
    assert spellings.code_name("warmup_iters") is None  # already the log's own name
    assert spellings.code_name("depth") is None  # not a count


def test_a_singular_unit_names_one_step_not_a_count() -> None:
    spellings = CodeSpellings()
    spellings.add_text("KALISKI_ITERS=8")
    assert spellings.code_name("kaliski_step") is None  # "kaliski step 4": the fourth step, not a count
    assert spellings.code_name("kaliski_iterations") == "kaliski_iters"
