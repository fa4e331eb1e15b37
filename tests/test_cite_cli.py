"""`nrr cite`: finds the record by id and prints or writes its citation; bad input gets a message."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.urls import base_url_problem

GOLDEN = Path(__file__).parent / "golden" / "cite"


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    shutil.copy(GOLDEN / "full" / "record.json", folder / "some-other-name.json")
    (folder / "broken.json").write_text('{"id": "broken-record", "title": ""}', encoding="utf-8")
    return folder


def test_prints_the_golden_citation(records: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "cite",
            "tent-fails-under-scanner-shift",
            "--records",
            str(records),
            "-f",
            "bibtex",
            "--base-url",
            "https://negative.example.org/lab/",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output == (GOLDEN / "full" / "citation.bib").read_text(encoding="utf-8")


def test_writes_zenodo_metadata_to_a_file(records: Path, tmp_path: Path) -> None:
    out = tmp_path / ".zenodo.json"
    args = ["cite", "tent-fails-under-scanner-shift", "--records", str(records), "--format", "zenodo", "-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["publication_type"] == "report"


def test_default_folder_is_records_under_the_current_folder(records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(records.parent)
    result = CliRunner().invoke(main, ["cite", "tent-fails-under-scanner-shift", "-f", "ris"])
    assert result.exit_code == 0 and "ID  - tent-fails-under-scanner-shift" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["cite", "no-such-record"], "no record with id 'no-such-record'"),
        (["cite", "broken-record"], "is not a valid record"),
        (["cite", "broken-record"], "problem: Field required"),
        (["cite", "tent-fails-under-scanner-shift", "-f", "endnote"], "'endnote' is not one of"),
    ],
)
def test_bad_input_is_a_message_not_a_traceback(records: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, [*args, "--records", str(records)])
    assert result.exit_code != 0
    assert message in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, (KeyError, AttributeError, TypeError))


def test_missing_records_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["cite", "x-y-z", "--records", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "does not exist" in result.output


@pytest.mark.parametrize("fmt", ["bibtex", "ris", "cff", "csl", "jsonld", "datacite", "zenodo"])
def test_a_withheld_record_is_cited_only_when_asked(records: Path, fmt: str) -> None:
    data = json.loads((GOLDEN / "embargoed" / "record.json").read_text(encoding="utf-8"))
    (records / "embargoed.json").write_text(json.dumps(data), encoding="utf-8")
    args = ["cite", "jailbreak-filter-bypass-fails", "--records", str(records), "-f", fmt]
    refused = CliRunner().invoke(main, args)
    assert refused.exit_code == 1 and "embargoed after a dual-use review" in refused.output
    assert "--include-withheld" in refused.output
    assert "prompt filter" not in refused.output and "never succeeded" not in refused.output
    asked = CliRunner().invoke(main, [*args, "--include-withheld"])
    assert asked.exit_code == 0 and "jailbreak-filter-bypass-fails" in asked.output
    if fmt == "zenodo":  # Zenodo shows every deposit's metadata to everyone
        assert "never succeeded" not in asked.output


def test_datacite_mints_under_a_prefix_from_the_option_or_the_site_configuration(
    records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from citecheck import datacite_validator

    data = json.loads((GOLDEN / "minimal" / "record.json").read_text(encoding="utf-8"))
    (records / "minimal.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["cite", "lr-warmup-no-gain", "--records", str(records), "-f", "datacite"]
    assert "prefix" not in json.loads(CliRunner().invoke(main, args).output)
    given = json.loads(CliRunner().invoke(main, [*args, "--doi-prefix", "10.5072"]).output)
    assert given["prefix"] == "10.5072" and "doi" not in given
    datacite_validator().validate(given)
    config = 'doi_prefix = "10.80001"\nbase_url = "https://lab.example.org/nrr/"\n'
    (tmp_path / "nrr-site.toml").write_text(config, encoding="utf-8")
    configured = json.loads(CliRunner().invoke(main, args).output)
    assert configured["prefix"] == "10.80001" and configured["url"] == "https://lab.example.org/nrr/records/lr-warmup-no-gain/"
    bad = CliRunner().invoke(main, [*args, "--doi-prefix", "10.12"])
    assert bad.exit_code == 2 and "'--doi-prefix'" in bad.output and "is not one" in bad.output
    (tmp_path / "nrr-site.toml").write_text('doi_prefix = "doi:10.5072"\n', encoding="utf-8")
    bad_config = CliRunner().invoke(main, args)
    assert bad_config.exit_code == 2 and "doi_prefix must be a DOI prefix" in bad_config.output


@pytest.mark.parametrize(
    "base_url", ["not a url", "lab.example.org/nrr", "ftp://lab.example.org/", "https://lab example.org/", "https://"]
)
def test_a_base_url_is_checked_as_build_checks_it(records: Path, base_url: str) -> None:
    cited = CliRunner().invoke(
        main, ["cite", "tent-fails-under-scanner-shift", "--records", str(records), "--base-url", base_url]
    )
    problem = base_url_problem(base_url)
    assert problem is not None
    assert cited.exit_code == 2 and "--base-url" in cited.output and problem in cited.output
    built = CliRunner().invoke(main, ["build", str(records), "--base-url", base_url, "--out", str(records.parent / "site")])
    assert built.exit_code == 2 and problem in built.output
