"""Citations of converted records: a creator (the loop), the URL with a base URL, one resource type
across formats; every export read by the official validators; the build warns without a base URL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from citecheck import csl_validator, datacite_validator, parse_bibtex
from click.testing import CliRunner
from test_cite_names import CFF

from nrr_spec.cite import FORMATS, CitationRefused, export
from nrr_spec.cli import main
from nrr_spec.store import RecordsFolder

ROOT = Path(__file__).resolve().parent.parent
BASE = "https://lab.example.org/nrr/"


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> list:
    out = tmp_path_factory.mktemp("converted")
    result = CliRunner().invoke(
        main, ["convert", "autoresearch", str(ROOT / "examples" / "logs" / "results.tsv"), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    records = RecordsFolder(out).valid_records()
    assert records and all(not record.authors for record in records)  # the log names nobody
    return records


def test_every_format_names_the_loop_and_links_the_record(converted: list) -> None:
    for record in converted:
        texts = {fmt: export(record, fmt, base_url=BASE) for fmt in FORMATS if fmt != "zenodo"}
        session = record.experiment.session
        agent = f"autoresearch agent (session {session})"
        (person,) = parse_bibtex(texts["bibtex"]).entries[record.id].persons["author"]
        assert person.last_names == ["{" + agent + "}"]
        csl = json.loads(texts["csl"])
        csl_validator().validate(csl)
        assert csl[0]["author"] == [{"literal": agent}] and csl[0]["URL"] == f"{BASE}records/{record.id}/"
        datacite = json.loads(texts["datacite"])
        datacite_validator().validate(datacite)
        assert datacite["creators"] == [{"name": agent}]
        cff = yaml.safe_load(texts["cff"])
        jsonschema.Draft7Validator(CFF, format_checker=jsonschema.FormatChecker()).validate(cff)
        assert cff["authors"] == [{"name": agent}] and cff["url"] == f"{BASE}records/{record.id}/"
        with pytest.raises(CitationRefused, match="has none; add `license`"):  # the log states no licence
            export(record, "zenodo")
        licensed = record.model_copy(update={"license": "CC0-1.0"})
        assert json.loads(export(licensed, "zenodo"))["creators"] == [{"name": agent}]


def test_one_resource_type_across_formats(converted: list) -> None:
    record = converted[0]
    assert json.loads(export(record, "csl"))[0]["type"] == "dataset"
    assert export(record, "ris").startswith("TY  - DATA\n")
    assert json.loads(export(record, "datacite"))["types"]["resourceTypeGeneral"] == "Dataset"
    assert json.loads(export(record, "jsonld"))["@type"] == "Dataset"
    assert yaml.safe_load(export(record, "cff"))["type"] == "dataset"
    assert json.loads(export(record.model_copy(update={"license": "CC0-1.0"}), "zenodo"))["upload_type"] == "dataset"


def test_build_warns_without_a_base_url(converted: list, tmp_path: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / "r.json").write_text((ROOT / "examples" / "records" / "autoresearch-batch-131k-crash.json").read_text())
    result = CliRunner().invoke(main, ["build", str(records), "--out", str(tmp_path / "site"), "--no-search"])
    assert result.exit_code == 0, result.output
    assert "warning: no base URL" in result.output
    with_url = CliRunner().invoke(
        main, ["build", str(records), "--out", str(tmp_path / "site"), "--no-search", "--base-url", BASE]
    )
    assert with_url.exit_code == 0 and "no base URL" not in with_url.output


def _with_code(record: Any, repository: str) -> Any:
    """The record as if its code lived at `repository`."""
    data = record.model_dump(mode="json", exclude_none=True)
    data["reproducibility"] = {"code": {"repository": repository, "commit": "a1b2c3d"}}
    return type(record).model_validate(data)


def test_a_repository_on_the_converting_machine_is_never_cited(converted: list) -> None:
    # `nrr convert --repo` on a clone without a remote records file:///... : a path on one machine.
    local = _with_code(converted[0], "file:///home/ada/loop")
    cff = yaml.safe_load(export(local, "cff", base_url=BASE))
    assert "repository-code" not in cff and "commit" not in cff  # a commit means nothing without its repository
    assert "file:///home/ada/loop" not in export(local, "datacite", base_url=BASE)
    public = _with_code(converted[0], "https://github.com/ada/loop")
    assert yaml.safe_load(export(public, "cff", base_url=BASE))["repository-code"] == "https://github.com/ada/loop"
