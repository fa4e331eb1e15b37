"""A code name the taxonomy cannot place takes the kind the same log gives it ("log_mileage feature")."""

from __future__ import annotations

import pytest
from reading import learned

from nrr_spec.changes.kinds import Kinds, with_kinds
from nrr_spec.changes.text import parse_stateless
from nrr_spec.convert.pipeline import ConvertOptions, convert_bytes


@pytest.mark.parametrize(
    ("texts", "name", "kind"),
    [
        (["add car_age mileage_per_year log_mileage features"], "mileage_per_year", "data"),
        (["log_mileage feature"], "log_mileage", "data"),
        (["car_age + log_mileage features"], "car_age", "data"),
        (["try a gather_logsumexp loss"], "gather_logsumexp", "loss"),
        (["fused tile_swizzle kernel"], "tile_swizzle", "systems"),
        # two kinds of noun for one name: no kind
        (["car_age feature", "car_age kernel"], "car_age", None),
        # a noun the taxonomy does not place says nothing
        (["car_age squared"], "car_age", None),
        # a name the taxonomy places keeps its own category
        (["warmup_ratio feature"], "warmup_ratio", None),
        # words are not code names
        (["more derived features"], "derived", None),
        # a long snake_case name is one name, not many cut at any letter
        (
            ["mean_of_the_last_thirty_rows_by_store_and_weekday feature"],
            "mean_of_the_last_thirty_rows_by_store_and_weekday",
            "data",
        ),
        (["mean_of_the_last_thirty_rows_by_store_and_weekday feature"], "mean_of_the_last_thirty_rows_by_store_and_week", None),
    ],
)
def test_a_code_name_takes_the_kind_of_the_noun_the_log_puts_after_it(texts: list[str], name: str, kind: str | None) -> None:
    assert learned(Kinds, *texts).of(name) == kind


def test_a_parsed_description_is_categorised_again_with_the_logs_kinds() -> None:
    parsed = parse_stateless("log_mileage + car_age")
    assert parsed[1] == "other"
    assert with_kinds(parsed, learned(Kinds, "add car_age log_mileage features"))[1] == "data"
    assert with_kinds(parsed, learned(Kinds, "nothing said")) is parsed


def test_a_converted_log_files_its_features_under_data() -> None:
    log = (
        "commit\tval_rmse\tstatus\tdescription\n"
        "a1b2c3d\t2.0\tkeep\tbaseline\n"
        "b2c3d4e\t1.9\tkeep\tadd car_age log_mileage features\n"
        "c3d4e5f\t1.95\tdiscard\tlog_mileage + car_age\n"
    )
    records = convert_bytes(log.encode(), "results.tsv", ConvertOptions(use_repo=False)).records
    assert [r["experiment"]["change_category"] for r in records] == ["baseline", "data", "data"]


def test_a_long_snake_case_name_with_no_noun_after_it_gives_no_kind() -> None:
    # Cut at any letter, a name like this one was read as identifiers and a noun inside itself, and
    # where no cut matched the search tried them all: a log of such rows did not finish converting.
    name = "restore_the_original_legality_to_horizon1_coefficient_ratio_while_retaining_25_percent_first_action_ce"
    assert not learned(Kinds, name, f"{name} {name}", f"{name}_{name}")
