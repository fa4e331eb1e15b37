"""The one number parser: log cells, change values and proposals read numbers the same way."""

from __future__ import annotations

import pytest

from nrr_spec.changes.number_words import in_figures
from nrr_spec.changes.numbers import compare, is_factor, parse_number, unit_of, value_pair


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0.9932", 0.9932),
        ("~79%", 79.0),
        ("9.3s", 9.3),
        ("151K", 151_000.0),
        ("1,234", 1234.0),
        ("12,345,678", 12_345_678.0),
        ("3x", 3.0),
        ("2^15", 32768.0),
        ("2**15", 32768.0),
        ("524K", 524_000.0),
        ("1e-3", 0.001),
        ("70%", 70.0),
        ("12ms", 12.0),
        ("5m", 5.0),
        ("1.5B", 1.5e9),
        ("-0.20", -0.2),
        (".5", 0.5),
        ("0.5×", 0.5),
        (3, 3.0),
        (2.5, 2.5),
        # a measurement with its uncertainty reads as the measurement
        ("-115 [-187, -44]", -115.0),
        ("0.912 (0.90-0.93)", 0.912),
        ("3.2 ± 0.4", 3.2),
        ("3.2 +/- 0.4", 3.2),
    ],
)
def test_numbers_are_read_as_written(text: object, number: float) -> None:
    assert parse_number(text) == pytest.approx(number)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "n/a",
        "nan",
        "inf",
        "GELU",
        "sqrt(x)",
        "0.9,0.95",
        "2,2,2",  # a list of numbers: commas group thousands only in threes
        "3,5",
        None,
        True,
        float("nan"),
        "10^400",
        "abc123",
        "(0.9, 0.95)",
        "5 (OOM)",
    ],
)
def test_what_is_not_a_number_is_none(text: object) -> None:
    assert parse_number(text) is None


def test_units_factors_and_pairs() -> None:
    assert unit_of("9.3s") == "s" and unit_of("92.0%") == "%" and unit_of("0.5") is None
    assert is_factor("1.5x") and not is_factor("1.5") and not is_factor("x")
    assert value_pair("0.04→0.05") == ("0.04", "0.05")
    assert value_pair("0.04 -> 0.05") == ("0.04", "0.05")
    assert value_pair("from 2^16 to 2^15") == ("2^16", "2^15")
    assert value_pair("GELU -> SiLU") is None


@pytest.mark.parametrize(
    ("old", "new", "direction"),
    [
        ("0.04", "0.05", "increase"),
        ("2**16", "2**15", "decrease"),
        ("524K", "262144", "decrease"),
        ("0.04", "0.040", None),
        ("relu", "gelu", None),
        # a unit of memory or time: the values compared in it
        ("512 MB", "1 GB", "increase"),
        ("8 MiB", "6 MiB", "decrease"),
        ("90 s", "1 min", "decrease"),
        ("1024 KiB", "1 MiB", None),
        ("5%", "0.1", "increase"),
    ],
)
def test_direction_follows_the_numbers(old: str, new: str, direction: str | None) -> None:
    assert compare(old, new) == direction


@pytest.mark.parametrize(
    ("text", "figures"),
    [
        ("from eight documents to four", "from 8 documents to 4"),
        ("cut heads to one", "cut heads to 1"),
        ("reduce layers by two", "reduce layers by 2"),
        ("twelve layers instead of eight", "12 layers instead of 8"),
        ("Use Forty heads", "Use 40 heads"),
        # a number word joined to another by a hyphen is part of a name; "one" and "zero" count only after a link word
        (
            "leave-one-out, one-cycle, zero-pad, two-stage, five-document",
            "leave-one-out, one-cycle, zero-pad, two-stage, five-document",
        ),
        ("one more try with zero changes", "one more try with zero changes"),
        ("someone to tenfold", "someone to tenfold"),
    ],
)
def test_number_words_are_read_where_a_value_stands(text: str, figures: str) -> None:
    assert in_figures(text) == figures
