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
