"""The contract every citation exporter's tests inherit, so each format covers the same ground.

A case is a folder under tests/golden/cite/ with a record.json and one expected file per format
(`citation<suffix>`). Set NRR_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change,
then read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, ClassVar

import pytest

from nrr_spec.cite import FORMATS, SUFFIXES, UnknownFormat, export
from nrr_spec.cite.common import clean
from nrr_spec.model import Record

GOLDEN = Path(__file__).parent / "golden" / "cite"
CASES = sorted(path.name for path in GOLDEN.iterdir() if (path / "record.json").is_file())
BASE_URL = "https://negative.example.org/lab/"
UPDATE = bool(os.environ.get("NRR_UPDATE_GOLDEN"))


def load_case(case: str) -> Record:
    return Record.model_validate(json.loads((GOLDEN / case / "record.json").read_text(encoding="utf-8")))


class ExporterContract:
    """Subclasses set `fmt` and say how to read back the key, version, URL, DOI and title."""

    fmt: ClassVar[str]

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def key(self, parsed: Any) -> str | None:
        raise NotImplementedError

    def version(self, parsed: Any) -> str | None:
        raise NotImplementedError

    def urls(self, parsed: Any) -> list[str]:
        raise NotImplementedError

    def doi(self, parsed: Any) -> str | None:
        raise NotImplementedError

    def title(self, parsed: Any) -> str | None:
        raise NotImplementedError

    def load(self, case: str) -> Record:
        """The case's record as this format is given it (a format may need more than a case has)."""
        return load_case(case)

    # ------------------------------------------------------------------ the contract

    @pytest.mark.parametrize("case", CASES)
    def test_matches_golden_file(self, case: str) -> None:
        expected_path = GOLDEN / case / f"citation{SUFFIXES[self.fmt]}"
        actual = export(self.load(case), self.fmt, base_url=BASE_URL)
        if UPDATE:
            expected_path.write_text(actual, encoding="utf-8")
        assert expected_path.is_file(), f"no golden file {expected_path.name} for case {case}"
        assert actual == expected_path.read_text(encoding="utf-8")

    @pytest.mark.parametrize("case", CASES)
    def test_record_id_is_the_citation_key(self, case: str) -> None:
        record = self.load(case)
        assert self.key(self.parse(export(record, self.fmt, base_url=BASE_URL))) == record.id

    @pytest.mark.parametrize("case", CASES)
    def test_version_is_included(self, case: str) -> None:
        record = self.load(case)
        assert self.version(self.parse(export(record, self.fmt))) == str(record.version)

    @pytest.mark.parametrize("case", CASES)
    def test_catalogue_url_is_included_with_a_base_url(self, case: str) -> None:
        record = self.load(case)
        parsed = self.parse(export(record, self.fmt, base_url=BASE_URL))
        assert f"https://negative.example.org/lab/records/{record.id}/" in self.urls(parsed)

    def test_no_catalogue_url_without_a_base_url(self) -> None:
        record = self.load("minimal")
        assert not any("/records/" in url for url in self.urls(self.parse(export(record, self.fmt))))

    @pytest.mark.parametrize("case", CASES)
    def test_doi_appears_exactly_when_the_record_has_one(self, case: str) -> None:
        record = self.load(case)
        assert self.doi(self.parse(export(record, self.fmt, base_url=BASE_URL))) == record.doi

    @pytest.mark.parametrize("case", CASES)
    def test_title_survives_escaping(self, case: str) -> None:
        record = self.load(case)
        assert self.title(self.parse(export(record, self.fmt))) == clean(record.title)

    def test_output_is_stable_and_ends_with_one_newline(self) -> None:
        record = self.load("full")
        first = export(record, self.fmt, base_url=BASE_URL)
        assert first == export(record, self.fmt, base_url=BASE_URL)
        assert first.endswith("\n") and not first.endswith("\n\n")


def test_every_format_has_a_golden_file_in_every_case() -> None:
    expected = [f"{case}/citation{SUFFIXES[fmt]}" for case in CASES for fmt in FORMATS]
    missing = [name for name in expected if not (GOLDEN / name).is_file()]
    assert not missing
    assert len(CASES) >= 4


def test_unknown_format_is_a_clear_error() -> None:
    with pytest.raises(UnknownFormat, match="choose one of bibtex, ris"):
        export(load_case("minimal"), "endnote")
