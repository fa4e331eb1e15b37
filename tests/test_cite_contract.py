"""The contract every citation exporter's tests inherit, so each format covers the same ground.

A case is a folder under tests/golden/cite/ with a record.json and one expected file per format
(`citation<suffix>`). Set NRR_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change,
then read the diff.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Where:
    """Where a parsed citation holds what the contract reads back: a dotted path of keys and list
    indexes for each (`titles.0.title`). A format whose citation is not one JSON-like tree, or holds
    a value where no path reaches, overrides that accessor instead."""

    key: str = "id"
    version: str = "version"
    url: str = "url"
    doi: str = "doi"
    title: str = "title"


def dig(parsed: Any, path: str) -> Any:
    """The value at `path` in a parsed citation, or None where the path leads nowhere."""
    for step in path.split("."):
        if isinstance(parsed, list) and step.isdigit() and int(step) < len(parsed):
            parsed = parsed[int(step)]
        elif isinstance(parsed, dict) and step in parsed:
            parsed = parsed[step]
        else:
            return None
    return parsed


class ExporterContract:
    """Subclasses set `fmt`, parse their text, and say where to read back the key, version, URL, DOI
    and title (`where`, or an accessor of their own)."""

    fmt: ClassVar[str]
    where: ClassVar[Where] = Where()

    def parse(self, text: str) -> Any:
        raise NotImplementedError

    def key(self, parsed: Any) -> str | None:
        return dig(parsed, self.where.key)

    def version(self, parsed: Any) -> str | None:
        return dig(parsed, self.where.version)

    def urls(self, parsed: Any) -> list[str]:
        url = dig(parsed, self.where.url)
        return [] if url is None else [url]

    def doi(self, parsed: Any) -> str | None:
        return dig(parsed, self.where.doi)

    def title(self, parsed: Any) -> str | None:
        return dig(parsed, self.where.title)

    def read_back(self, parsed: Any) -> dict[str, str | None]:
        return {"key": self.key(parsed), "version": self.version(parsed), "doi": self.doi(parsed), "title": self.title(parsed)}

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

    @pytest.mark.parametrize("base_url", [None, BASE_URL])
    @pytest.mark.parametrize("case", CASES)
    def test_key_version_doi_and_title_read_back(self, case: str, base_url: str | None) -> None:
        """The record id is the citation key; the version is included; the DOI appears exactly when
        the record has one; the title survives escaping."""
        record = self.load(case)
        parsed = self.parse(export(record, self.fmt, base_url=base_url))
        expected = {"key": record.id, "version": str(record.version), "doi": record.doi, "title": clean(record.title)}
        assert self.read_back(parsed) == expected

    @pytest.mark.parametrize("case", CASES)
    def test_catalogue_url_is_included_with_a_base_url(self, case: str) -> None:
        record = self.load(case)
        parsed = self.parse(export(record, self.fmt, base_url=BASE_URL))
        assert f"https://negative.example.org/lab/records/{record.id}/" in self.urls(parsed)

    def test_no_catalogue_url_without_a_base_url(self) -> None:
        record = self.load("minimal")
        assert not any("/records/" in url for url in self.urls(self.parse(export(record, self.fmt))))

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
