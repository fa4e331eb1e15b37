"""A setting a description names in its own words and the log keeps in a column (`named_columns`),
and a setting named with the way its value was looked for (`lr_sweep: 0.01`)."""

from __future__ import annotations

import pytest
from converting import experiments_of

from nrr_spec.changes import parse_changes
from nrr_spec.convert.named_columns import agreement


@pytest.mark.parametrize(
    ("said", "column", "kind"),
    [
        ("gap_sec", "gap_sec", "same"),
        ("cps", "chars_per_sec", "short"),
        ("max_dur", "max_duration", "short"),
        ("muon_lr", "start_lr_muon", "among"),
        ("max_doc_len", "doc_len", None),  # the description says more than the column
        ("depth", "width", None),
    ],
)
def test_a_description_name_and_a_column_name_agree_in_their_words(said: str, column: str, kind: str | None) -> None:
    assert agreement(said, column) == kind


def _sweep_log(description_of_last: str, last_cps: str) -> str:
    header = "status\tscore\tfit\tchars_per_sec\tgap_sec\tdescription\n"
    rows = [
        ("BASELINE", "0.809", "0.977", "25.0", "2.0", "baseline"),
        *(
            ("DISCARD", f"0.7{i}", f"0.96{i}", "25.0", gap, f"gap_sec={gap}")
            for i, gap in enumerate(("0.1", "0.3", "0.5", "0.7", "1.0", "1.5"))
        ),
        ("DISCARD", "0.453", "0.086", "11.1", "2.0", "cps_sweep: 11.1"),
        ("DISCARD", "0.490", "0.178", "13.0", "2.0", "cps_sweep: 13.0"),
        ("DISCARD", "0.540", "0.303", "15.0", "2.0", "cps_sweep: 15.0"),
        ("KEEP", "0.816", "0.993", "28.0", "2.0", "cps_sweep: 28.0"),
        ("DISCARD", "0.731", "0.782", "20.0", "2.0", "cps_sweep: 20.0"),
        ("DISCARD", "0.809", "0.977", "25.0", "2.0", "cps_sweep: 25.0"),
        ("DISCARD", "0.800", "0.981", last_cps, "2.0", description_of_last),
    ]
    return header + "".join("\t".join(row) + "\n" for row in rows)


def test_an_abbreviation_of_a_setting_column_is_named_as_the_column_and_starts_from_the_kept_value() -> None:
    experiments = experiments_of(_sweep_log("cps_sweep: 30.0", "30.0"))
    assert experiments[7]["changes"] == [{"parameter": "chars_per_sec", "from": "25", "to": "11.1", "direction": "decrease"}]
    # after the kept 28.0 (as its description writes it), a sweep point starts from it
    assert experiments[13]["changes"] == [{"parameter": "chars_per_sec", "from": "28.0", "to": "30.0", "direction": "increase"}]


def test_a_column_holding_another_value_where_the_description_sets_it_is_not_its_name() -> None:
    experiments = experiments_of(_sweep_log("cps_sweep: 30.0", "18.0").replace("\t11.1\t", "\t25.0\t"))
    assert {c["parameter"] for e in experiments[7:] for c in e["changes"]} == {"cps"}


def test_a_measurement_that_lands_on_a_described_value_names_nothing() -> None:
    # `fit` varies from run to run: a measurement, however a description's number falls on it
    log = _sweep_log("fit 0.981", "30.0")
    experiments = experiments_of(log)
    assert all(c["parameter"] != "fit" or c["from"] is None for c in experiments[13]["changes"])


def test_a_longer_description_name_stays_as_written() -> None:
    header = "status\tval_loss\tdoc_len\tdescription\n"
    rows = "".join(
        f"{status}\t{loss}\t{length}\t{text}\n"
        for status, loss, length, text in [
            ("keep", "2.50", "180", "baseline"),
            ("keep", "2.40", "220", "MAX_DOC_LEN=220"),
            ("discard", "2.45", "240", "MAX_DOC_LEN=240"),
            ("discard", "2.46", "240", "MAX_DOC_LEN=240 again"),
            ("discard", "2.47", "220", "dropout 0.1"),
            ("discard", "2.48", "220", "dropout 0.2"),
        ]
    )
    experiments = experiments_of(header + rows)
    assert experiments[2]["changes"][0]["parameter"] == "max_doc_len"


@pytest.mark.parametrize(
    ("text", "parameter"),
    [
        ("lr_sweep: 0.01", "lr"),
        ("Ridge alpha sweep 10.0", "ridge_alpha"),
        ("min_words_sweep: 5", "min_words"),
        ("grid_search: 4", "grid_search"),  # the search's name, not a grid's setting
        ("binary_search: 3", "binary_search"),
    ],
)
def test_a_setting_named_with_how_its_value_was_looked_for_is_the_setting(text: str, parameter: str) -> None:
    changes, _ = parse_changes(text)
    assert [c["parameter"] for c in changes] == [parameter]


def test_a_procedure_word_without_a_number_stays_part_of_the_name() -> None:
    changes, _ = parse_changes("reverse scan on loss")
    assert all(c["parameter"] != "reverse" for c in changes)
    changes, _ = parse_changes("default probe")
    assert [c["parameter"] for c in changes] == ["default_probe"]
