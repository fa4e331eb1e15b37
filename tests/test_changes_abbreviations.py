"""A bare abbreviation is spelled out from names the same log or records folder writes in full."""

from __future__ import annotations

import pytest
from reading import learned

from nrr_spec.changes.abbreviations import Expansions, initials, is_abbreviation, spelled_out
from nrr_spec.changes.resolve import resolve_parameter
from nrr_spec.changes.text import parse_stateless
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes


@pytest.mark.parametrize(
    ("texts", "abbreviation", "expected"),
    [
        (["tried flash attention with paged KV"], "fa", "flash_attention"),
        (["ga=on", "enable grouped attention (saves memory)"], "ga", "grouped_attention"),
        (["value embeddings on alternate layers"], "ve", "value_embeddings"),
        (["value embedding on alternate layers", "fewer value embeddings"], "ve", "value_embedding"),  # plural: one name
        (["per-head query norm before rope"], "qn", "query_norm"),
        # two names with the same initials explain nothing
        (["flash attention on", "full attention everywhere"], "fa", None),
        # the last word must name a kind of change: "for all" and "momentum accel" name none
        (["run for all seeds", "momentum accel features"], "fa", None),
        (["momentum accel features"], "ma", None),
        # words of the vocabulary are not abbreviations
        (["learning rate warmup"], "lr", None),
        (["exponential moving average"], "ema", None),
        ([], "fa", None),
    ],
)
def test_an_abbreviation_is_the_initials_of_a_name_the_text_spells_out(
    texts: list[str], abbreviation: str, expected: str | None
) -> None:
    assert learned(Expansions, *texts).expand(abbreviation) == expected


def test_parameter_names_count_as_spelled_out_names() -> None:
    found = Expansions(["n_perts", "matrix_lr", "depth"])
    assert found.expand("np") == "n_perts"
    assert found.expand("ml") == "matrix_lr"
    assert Expansions(["matrix_lr", "min_lr"]).expand("ml") is None
    assert Expansions(["d_model_2"]).expand("dm") is None  # a name with a number is no phrase
    assert initials("flash_attention") == "fa"


def test_what_is_an_abbreviation() -> None:
    assert is_abbreviation("fa") and is_abbreviation("ve") and is_abbreviation("ubs")
    assert not is_abbreviation("lr")  # a synonym of the vocabulary
    assert not is_abbreviation("depth") and not is_abbreviation("x") and not is_abbreviation("fa2")


def test_a_parsed_description_is_renamed_and_recategorised() -> None:
    parsed = parse_stateless("fa=off")
    assert parsed[0][0]["parameter"] == "fa"
    renamed = spelled_out(parsed, learned(Expansions, "flash attention is load-bearing"))
    assert [c["parameter"] for c in renamed[0]] == ["flash_attention"]
    assert renamed[1] == "systems"
    assert spelled_out(parsed, learned(Expansions, "nothing spelled out")) is parsed


def _changes(log: str) -> list[list[tuple[object, object]]]:
    result = convert_bytes(log.encode(), "results.tsv", ConvertOptions(use_repo=False))
    return [[(c["parameter"], c["to"]) for c in r["experiment"].get("changes", [])] for r in result.records]


def test_a_log_spells_out_its_own_abbreviations_anywhere_in_it() -> None:
    log = (
        "commit\ttok_s\tstatus\tdescription\n"
        "a1b2c3d\t30.1\tkeep\tbaseline\n"
        "b2c3d4e\t24.0\tdiscard\tfa=off: flash attention is load-bearing\n"
        "c3d4e5f\t31.0\tkeep\tfa=on ub=1024\n"
    )
    assert _changes(log)[1:] == [[("flash_attention", "off")], [("flash_attention", "on"), ("ub", "1024")]]


def test_without_the_name_spelled_out_the_abbreviation_stays_as_written() -> None:
    log = "commit\tval_bpb\tstatus\tdescription\na1b2c3d\t1.0\tkeep\tbaseline\nb2c3d4e\t0.9\tkeep\tVE on all layers\n"
    assert _changes(log)[1][0][0] == "ve"


def test_a_records_folder_resolves_an_abbreviation_by_the_initials_of_its_names() -> None:
    found = resolve_parameter("VE", {"value_embeddings": 3, "matrix_lr": 9})
    assert (found.parameter, found.how) == ("value_embeddings", "abbreviation")
    assert found.explain() == "'VE' read as value_embeddings"
    assert resolve_parameter("VE", {"matrix_lr": 9}).how == "unknown"


def test_a_name_shortened_word_by_word_is_the_name_the_log_changes_in_full() -> None:
    found = Expansions(["n_estimators", "n_est", "max_depth"])
    assert found.expand("n_est") == "n_estimators"  # whichever comes first, the name in full wins
    assert Expansions(["n_est", "n_estimators"]).expand("n_est") == "n_estimators"
    assert Expansions(["heap_size"]).expand("heaps_size") is None  # a longer word is no shortening
    assert Expansions(["price_heaps"]).expand("price_heap") is None  # a plural is the same name, not a shortening
    assert Expansions(["n_estimators", "n_epochs_total"]).expand("n_est") == "n_estimators"
    assert Expansions(["n_estimators", "new_entries"]).expand("n_est") == "n_estimators"
    assert Expansions(["noise_estimate", "n_estimators"]).expand("n_est") is None  # two names it may shorten
    # words of the text are no name a row changes: "gradient clipping" does not rename grad_clip
    assert learned(Expansions, "gradient clipping helps").expand("grad_clip") is None
    assert Expansions(["minimize_gate"]).expand("min_gate") is None  # "min" stands for many words


def test_a_log_names_a_setting_it_shortens_elsewhere_by_its_full_name() -> None:
    log = (
        "commit\tauc\tstatus\tdescription\n"
        "a1b2c3d\t0.78\tkeep\tbaseline\n"
        "b2c3d4e\t0.79\tkeep\tn_estimators=1000\n"
        "c3d4e5f\t0.78\tdiscard\tlr=0.03 n_est=600\n"
        # two changes of one row stay two: mul is not mulassign beside it
        "d4e5f6a\t0.78\tdiscard\tmul_pf + mulassign_pf\n"
    )
    changes = _changes(log)
    assert changes[2] == [("learning_rate", "0.03"), ("n_estimators", "600")]
    assert [name for name, _ in changes[3]] == ["mul_pf", "mulassign_pf"]


def test_a_short_word_code_names_things_by_is_no_shortening() -> None:
    # `max_len` and `max_length` may be two settings of one program (a model's input length and its
    # generation length): the short words code itself uses (len, dim, seq) shorten nothing.
    log = (
        "commit\tbleu\tstatus\tdescription\n"
        "a1b2c3d\t2.3\tkeep\tbaseline\n"
        "b2c3d4e\t2.8\tkeep\tmax_len 48 -> 64\n"
        "c3d4e5f\t2.6\tdiscard\tmax_length=96 num_beams=4\n"
        "d4e5f6a\t2.5\tdiscard\thidden_dim=512\n"
        "e5f6a7b\t2.4\tdiscard\thidden_dimension=768\n"
    )
    changes = _changes(log)
    assert changes[1] == [("max_len", "64")]
    assert changes[2] == [("max_length", "96"), ("num_beams", "4")]
    assert changes[3] == [("hidden_dim", "512")]
