"""Deposit metadata for a whole catalogue: public records only, each a part; golden files; DataCite-valid."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pytest
from citecheck import datacite_validator
from click.testing import CliRunner
from test_cite_contract import CASES, GOLDEN, load_case

from nrr_spec.cite import CitationRefused, export_catalogue
from nrr_spec.cite.catalogue import UnaddressedRecords
from nrr_spec.cli import main

EXPECTED = GOLDEN / "_catalogue"
TODAY = dt.date(2025, 9, 1)  # before the embargoed case's end date
BASE = ["--base-url", "https://negative.example.org/lab"]


@pytest.mark.parametrize("fmt", ["zenodo", "datacite"])
def test_catalogue_golden(fmt: str) -> None:
    text = export_catalogue(
        [load_case(case) for case in CASES],
        fmt,
        title="Acme Lab negative results",
        base_url="https://negative.example.org/lab",
        today=TODAY,
        licence="CC-BY-4.0",
        doi_prefix="10.5072",
        publisher="Acme Lab",
    )
    expected = EXPECTED / f"catalogue.{fmt}.json"
    if os.environ.get("NRR_UPDATE_GOLDEN"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
    assert "jailbreak-filter-bypass-fails" not in text and "prompt filter" not in text  # the embargoed case
    data = json.loads(text)
    if fmt == "datacite":
        datacite_validator().validate(data)
        assert data["prefix"] == "10.5072" and "doi" not in data
        assert data["types"]["resourceTypeGeneral"] == "Collection"
        parts = [item["relatedIdentifier"] for item in data["relatedIdentifiers"]]
    else:
        parts = [item["identifier"] for item in data["related_identifiers"] if item["relation"] == "hasPart"]
    assert parts == [  # by id; a part is cited by its DOI where it has one
        "https://negative.example.org/lab/records/lr-warmup-no-gain/",
        "10.1234/odd_doi(2025)#5",
        "10.5281/zenodo.1234567",
    ]


def test_cli_all(tmp_path: Path) -> None:
    for case in CASES:
        shutil.copy(GOLDEN / case / "record.json", tmp_path / f"{case}.json")
    runner = CliRunner()
    ok = runner.invoke(main, ["cite", "--all", "--format", "datacite", "--title", "Acme", "--records", str(tmp_path), *BASE])
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["titles"] == [{"title": "Acme"}]
    no_title = runner.invoke(main, ["cite", "--all", "--format", "zenodo", "--records", str(tmp_path)])
    assert no_title.exit_code == 2 and "--all needs --title" in no_title.output
    wrong_format = runner.invoke(main, ["cite", "--all", "--format", "bibtex", "--title", "Acme", "--records", str(tmp_path)])
    assert wrong_format.exit_code == 2 and "deposit metadata" in wrong_format.output
    both = runner.invoke(main, ["cite", "lr-warmup-no-gain", "--all", "--records", str(tmp_path)])
    assert both.exit_code == 2 and "or --all" in both.output
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    broken = runner.invoke(main, ["cite", "--all", "--format", "zenodo", "--title", "Acme", "--records", str(tmp_path)])
    assert broken.exit_code == 1 and "broken.json" in broken.output and "invalid JSON" in broken.output


def test_zenodo_catalogue_is_never_open_without_a_licence(tmp_path: Path) -> None:
    records = [load_case(case) for case in CASES]
    assert len({record.license for record in records if record.public(TODAY)}) > 1
    with pytest.raises(CitationRefused, match=r"the catalogue .*records carry different licences or none"):
        export_catalogue(records, "zenodo", title="Acme", base_url=BASE[1], today=TODAY)
    shared = [record.model_copy(update={"license": "CC0-1.0"}) for record in records]
    assert json.loads(export_catalogue(shared, "zenodo", title="Acme", base_url=BASE[1], today=TODAY))["license"] == "cc0-1.0"
    for case in CASES:
        shutil.copy(GOLDEN / case / "record.json", tmp_path / f"{case}.json")
    args = ["cite", "--all", "--format", "zenodo", "--title", "Acme", "--records", str(tmp_path), *BASE]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1 and "give one" in refused.output and "Traceback" not in refused.output
    given = CliRunner().invoke(main, [*args, "--license", "CC-BY-4.0"])
    assert given.exit_code == 0 and json.loads(given.output)["license"] == "cc-by-4.0"


def test_zenodo_catalogue_invents_no_creator() -> None:
    anonymous = [load_case(case).model_copy(update={"authors": []}) for case in CASES]
    with pytest.raises(CitationRefused, match="no public record names an author"):
        export_catalogue(anonymous, "zenodo", title="Acme", base_url=BASE[1], today=TODAY, licence="MIT")


def test_records_without_an_address_are_not_dropped_silently(tmp_path: Path) -> None:
    records = [load_case(case) for case in CASES]
    without_doi = [record.id for record in records if record.public(TODAY) and not record.doi]
    assert without_doi == ["lr-warmup-no-gain"]
    with pytest.raises(UnaddressedRecords, match=r"1 of the catalogue's 3 public records \(lr-warmup-no-gain\) have no DOI"):
        export_catalogue(records, "datacite", title="Acme", today=TODAY)
    for case in CASES:
        shutil.copy(GOLDEN / case / "record.json", tmp_path / f"{case}.json")
    for fmt in ("datacite", "zenodo"):
        args = ["cite", "--all", "--format", fmt, "--title", "Acme", "--license", "MIT", "--records", str(tmp_path)]
        refused = CliRunner().invoke(main, args)
        assert refused.exit_code == 2 and "give --base-url" in refused.output and "Traceback" not in refused.output
        assert CliRunner().invoke(main, [*args, *BASE]).exit_code == 0
    with_dois = [record.model_copy(update={"doi": f"10.5072/{record.id}"}) for record in records]
    assert export_catalogue(with_dois, "datacite", title="Acme", today=TODAY)  # every part has a DOI: no address needed


def test_the_publisher_is_the_catalogues_not_a_records_affiliation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = [load_case(case) for case in CASES]
    assert any(author.affiliation for record in records for author in record.authors)
    unnamed = json.loads(export_catalogue(records, "datacite", title="Acme", base_url=BASE[1], today=TODAY))
    assert unnamed["publisher"] == {"name": "(:unav)"}
    for case in CASES:
        shutil.copy(GOLDEN / case / "record.json", tmp_path / f"{case}.json")
    monkeypatch.chdir(tmp_path)
    args = ["cite", "--all", "--format", "datacite", "--title", "Acme", "--records", str(tmp_path), *BASE]
    noted = CliRunner().invoke(main, args)
    assert noted.exit_code == 0 and "names no publisher" in noted.stderr
    (tmp_path / "nrr-site.toml").write_text('publisher = "Acme Lab"\n', encoding="utf-8")
    assert json.loads(CliRunner().invoke(main, args).stdout)["publisher"] == {"name": "Acme Lab"}
    given = CliRunner().invoke(main, [*args, "--publisher", "Acme Robotics"])
    assert json.loads(given.stdout)["publisher"] == {"name": "Acme Robotics"}
