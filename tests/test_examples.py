"""The example records: valid for an independent validator, loadable, linked, and covering the standard."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.io import read_paths
from nrr_spec.model import Record
from nrr_spec.schema import schema_path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = schema_path()
INVALID = ROOT / "examples" / "invalid"
RECORD_SUFFIXES = {".json", ".yaml", ".yml", ".jsonl"}


def _check_jsonschema(files: list[Path]) -> subprocess.CompletedProcess[str]:
    """One run of the independent check-jsonschema CLI over all files, JSON report on stdout."""
    command = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA), "-o", "json", *map(str, files)]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def example_files(examples_dir: Path) -> list[Path]:
    files = sorted(p for p in examples_dir.iterdir() if p.suffix in RECORD_SUFFIXES)
    assert len(files) >= 12, f"expected at least 12 example records in {examples_dir}, found {len(files)}"
    return files


@pytest.fixture(scope="module")
def records(example_files: list[Path]) -> dict[str, Record]:
    result = read_paths(example_files)
    assert not result.failures, result.failures
    loaded = {}
    for doc in result.documents:
        record = Record.model_validate(doc.data)
        assert Path(doc.path).stem == record.id, f"{doc.path}: file name must be <id>{Path(doc.path).suffix}"
        assert record.id not in loaded, f"duplicate id {record.id}"
        loaded[record.id] = record
    return loaded


def test_examples_pass_check_jsonschema(example_files: list[Path]) -> None:
    result = _check_jsonschema(example_files)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert json.loads(result.stdout)["status"] == "ok"


def test_examples_load_as_records(records: dict[str, Record], example_files: list[Path]) -> None:
    assert len(records) == len(example_files)


def test_examples_are_clean_for_nrr_validate(examples_dir: Path, example_files: list[Path]) -> None:
    result = CliRunner().invoke(main, ["validate", str(examples_dir), "--format", "json"])
    assert result.exit_code == 0, result.output[-4000:]
    report = json.loads(result.output)
    assert report["summary"]["records"] == len(example_files)
    assert report["summary"]["errors"] == 0
    # Only the tiny report may lack recommended parts; every full example is complete.
    warned = {Path(d["file"]).name for d in report["diagnostics"] if d["severity"] != "info"}
    assert warned <= {"dropout-no-gain-small-tabular.yaml"}, sorted(warned)


def test_related_links_resolve_within_the_folder(records: dict[str, Record]) -> None:
    links = [(record.id, link.id) for record in records.values() for link in record.related]
    assert len(links) >= 4
    assert [pair for pair in links if pair[1] not in records] == []
    linked_both_ways = [(a, b) for a, b in links if any(link.id == a for link in records[b].related)]
    assert linked_both_ways, "at least one pair of records should reference each other"


def test_examples_cover_the_standard(records: dict[str, Record], example_files: list[Path]) -> None:
    rs = list(records.values())
    assert {r.kind for r in rs} >= {"novel_method", "existing_method", "replication", "applied", "automated_experiment"}
    assert {p.suffix for p in example_files} >= {".json", ".yaml"}
    assert {r.results.evidence_class for r in rs} >= {"inconclusive", "evidence_of_absence", "evidence_of_harm"}
    replication = [r for r in rs if r.kind == "replication"]
    assert any(ref.relation == "fails_to_replicate" for r in replication for ref in r.hypothesis.prior_work if r.hypothesis)
    absence = [r for r in rs if r.results.evidence_class == "evidence_of_absence"]
    assert all(r.methods and r.methods.power_analysis for r in absence)
    assert all(any(o.equivalence_test for o in r.results.outcomes) for r in absence)
    restricted = [r for r in rs if r.dual_use and r.dual_use.disclosure == "restricted"]
    assert restricted and all(r.dual_use.assessment and r.dual_use.reviewers for r in restricted if r.dual_use)
    embargoed = [r for r in rs if r.dual_use and r.dual_use.disclosure == "embargoed"]
    assert embargoed and all(r.dual_use and r.dual_use.embargo_until for r in embargoed)
    # Publishers must leave these out; the examples keep both ways of being non-public.
    assert {r.id for r in rs if not r.public(today=dt.date(2026, 11, 22))} == {r.id for r in restricted + embargoed}
    automated = [r for r in rs if r.kind == "automated_experiment"]
    assert automated and all(r.experiment and r.experiment.changes and r.provenance for r in automated)
    revised = [r for r in rs if r.version > 1]
    assert revised and all(len(r.revisions) == r.version - 1 for r in revised)
    assert len({r.domain for r in rs if r.domain}) >= 8
    assert len({c.category for r in rs if r.interpretation for c in r.interpretation.causes}) >= 8


def test_tiny_example_has_only_required_fields(example_files: list[Path]) -> None:
    required = set(json.loads(SCHEMA.read_text(encoding="utf-8"))["required"])
    tiny = [doc.data for doc in read_paths(example_files).documents if set(doc.data) == required]
    assert tiny, "one example must hold only the required properties"
    assert set(tiny[0]["problem"]) == {"statement"} and set(tiny[0]["results"]) == {"summary"}


def test_autoresearch_examples_point_at_real_log_rows(records: dict[str, Record], corpus_dir: Path) -> None:
    gold: dict[tuple[str, int], dict[str, Any]] = {}
    for line in (corpus_dir / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold[(row["file"], row["row"])] = row
    for record in records.values():
        if record.provenance is None or record.experiment is None:
            continue
        source = record.provenance.source
        lines = (corpus_dir / "logs" / source.file).read_text(encoding="utf-8").splitlines()
        assert source.line is not None
        cells = lines[source.line - 1].split("\t")
        assert record.experiment.commit == cells[0] and record.experiment.description == cells[-1], record.id
        labelled = gold.get((source.file, source.row))
        if labelled:
            assert record.experiment.change_category == labelled["category"], record.id


# Invalid cases: owned by the validator; each case folder holds records that must fail the schema.


def _invalid_cases() -> dict[str, list[Path]]:
    cases: dict[str, list[Path]] = {}
    if INVALID.is_dir():
        for case in sorted(p for p in INVALID.iterdir() if p.is_dir()):
            cases[case.name] = sorted(
                p for p in case.rglob("*") if p.suffix in RECORD_SUFFIXES and not p.name.startswith("expected")
            )
    return cases


def test_every_invalid_case_fails_check_jsonschema() -> None:
    cases = _invalid_cases()
    assert cases, f"no cases under {INVALID.relative_to(ROOT)}/: add one folder per invalid record"
    empty = [name for name, files in cases.items() if not files]
    assert not empty, f"invalid cases without a record file: {empty}"
    # Files that are not JSON or YAML documents at all fail before any schema is consulted. They are
    # kept from check-jsonschema because some are built to exhaust a naive loader (an alias bomb
    # took it over a minute and several GB); the validator's own tests cover those.
    unparseable = {Path(f.path).resolve() for f in read_paths([INVALID]).failures}
    failing: dict[str, int] = defaultdict(int)
    for path in unparseable:
        failing[path.relative_to(INVALID).parts[0]] += 1
    parseable = [f for files in cases.values() for f in files if f.resolve() not in unparseable]
    result = _check_jsonschema(parseable)
    report = json.loads(result.stdout)
    for problem in report.get("errors", []) + report.get("parse_errors", []):
        failing[Path(problem["filename"]).resolve().relative_to(INVALID).parts[0]] += 1
    passing = [name for name in cases if not failing[name]]
    assert not passing, f"invalid cases that check-jsonschema accepts: {passing}"
