"""Bad input never stops a run: every broken file is a diagnostic with a position, and the run goes on."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrr_spec.config import LintConfig
from nrr_spec.io import parse_bytes, parse_text
from nrr_spec.lint.api import validate, validate_record_data
from nrr_spec.lint.diagnostics import Report
from nrr_spec.lint.engine import MAX_LISTED, Linter

GOOD = Path(__file__).resolve().parent.parent / "examples" / "lint" / "harm-without-harm" / "record.yaml"


def codes(report: Report) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for diag in report.diagnostics:
        found.setdefault(Path(diag.file or "").name, []).append(diag.code)
    return found


def test_each_bad_file_is_a_diagnostic_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "huge.json").touch()
    with open(tmp_path / "huge.json", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    (tmp_path / "binary.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "latin1.yaml").write_bytes("title: caf\xe9\n".encode("latin-1"))
    (tmp_path / "deep.json").write_text('{"a": ' + "[" * 50_000 + "]" * 50_000 + "}")
    (tmp_path / "deep.yaml").write_text("a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    (tmp_path / "compact.yaml").write_text("- " * 100_000 + "x\n")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "good.yaml").write_text(GOOD.read_text())
    report = validate(sorted(tmp_path.iterdir()))
    assert codes(report) == {
        "binary.json": ["NRR003"],
        "compact.yaml": ["NRR005"],
        "dangling.yaml": ["NRR007"],
        "deep.json": ["NRR005"],
        "deep.yaml": ["NRR005"],
        "good.yaml": ["NRR310"],  # the good record still gets its ordinary check
        "huge.json": ["NRR004"],
        "latin1.yaml": ["NRR003"],
    }
    assert report.files == 8 and report.records == 1
    latin1 = next(d for d in report.diagnostics if d.file and d.file.endswith("latin1.yaml"))
    assert (latin1.line, latin1.column) == (1, 11)


def test_documents_deep_enough_to_parse_but_not_to_check() -> None:
    data = {"schema_version": "1.0", "extensions": {"x": json.loads("[" * 900 + "]" * 900)}}
    assert [d.code for d in validate_record_data(data)] == ["NRR005"]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)
# Records that get past the schema now and then, so the semantic rules see odd values too.
record_keys = st.sampled_from(
    [
        "schema_version",
        "id",
        "title",
        "problem",
        "results",
        "kind",
        "authors",
        "license",
        "created",
        "updated",
        "revisions",
        "version",
        "related",
        "dual_use",
        "experiment",
        "methods",
    ]
)


def _base_record() -> dict[str, object]:
    import yaml

    loaded: dict[str, object] = yaml.safe_load(GOOD.read_text())
    return json.loads(json.dumps(loaded, default=str))


BASE = _base_record()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.sampled_from(["json", "yaml", "jsonl"]))
def test_arbitrary_bytes_give_a_report(raw: bytes, fmt: str) -> None:
    documents, failures = parse_bytes(raw, f"fuzz.{fmt}", fmt)
    report = Linter().run(documents, failures, files=1)
    assert report.files == 1
    assert all(d.line is None or d.line >= 1 for d in report.diagnostics)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_values, st.sampled_from(["json", "yaml"]))
def test_arbitrary_documents_give_a_report(value: object, fmt: str) -> None:
    import yaml

    text = json.dumps(value) if fmt == "json" else yaml.safe_dump(value)
    documents, failures = parse_text(text, f"fuzz.{fmt}", fmt)
    report = Linter().run(documents, failures, files=1)
    assert report.files == 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(record_keys, json_values, max_size=4), st.sampled_from(["json", "yaml"]))
def test_mutated_records_give_a_report_with_positions(changes: dict[str, object], fmt: str) -> None:
    import yaml

    data = {**BASE, **changes}
    text = json.dumps(data, indent=2) if fmt == "json" else yaml.safe_dump(data, sort_keys=False)
    documents, failures = parse_text(text, f"fuzz.{fmt}", fmt)
    report = Linter().run(documents, failures, files=1)
    for diag in report.diagnostics:
        assert diag.line is not None and 1 <= diag.line <= text.count("\n") + 1


orcids = st.sampled_from(["0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0097", "0000-0002-1825-0098", "x"])
dois = st.sampled_from(["10.5281/zenodo.1", "https://doi.org/10.5281/zenodo.1", "doi:10.5281/zenodo.1", "DOI: 10.1/x"])
licences = st.sampled_from(["mit", "MIT", "cc-by-4.0", "Apache-2.0 OR mit", "not a licence"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(orcids, dois, licences, st.booleans(), st.sampled_from(["json", "yaml"]), st.text(max_size=30))
def test_fix_keeps_everything_else_and_is_idempotent(
    tmp_path: Path, orcid: str, doi: str, licence: str, drop_version: bool, fmt: str, note: str
) -> None:
    import yaml

    from nrr_spec.io import read_file
    from nrr_spec.lint.fixes import fix_file

    data = {
        **BASE,
        "authors": [{"name": "Ada", "orcid": orcid}],
        "doi": doi,
        "license": licence,
        "extensions": {"lab:note": note},
    }
    if drop_version:
        data.pop("schema_version")
    path = tmp_path / f"record.{fmt}"
    path.write_text(json.dumps(data, indent=2) if fmt == "json" else "# kept\n" + yaml.safe_dump(data, sort_keys=False))
    applied = fix_file(path)
    (doc,), failures = read_file(path)
    assert not failures
    changed = {fix.pointer for fix in applied}
    assert doc.data["extensions"] == data["extensions"]
    assert ("/schema_version" in changed) == drop_version
    for key in ("title", "problem", "results", "methods"):
        assert doc.data[key] == data[key]
    assert fix_file(path) == []  # nothing left to fix
    if fmt == "yaml":
        assert path.read_text().startswith("# kept\n")


def test_many_errors_in_one_record_are_listed_up_to_a_cap_and_counted(tmp_path: Path) -> None:
    path = tmp_path / "record.json"
    path.write_text(json.dumps({**BASE, "authors": list(range(3000))}, indent=2))  # one schema error per author
    report = validate(path)
    listed = [d for d in report.diagnostics if d.code != "NRR011"]
    (note,) = [d for d in report.diagnostics if d.code == "NRR011"]
    assert len(listed) == MAX_LISTED and all(d.code == "NRR103" for d in listed)
    assert [d.pointer for d in listed] == [f"/authors/{i}" for i in range(MAX_LISTED)]  # the first ones, in file order
    assert note.message.startswith(f"{3000 - MAX_LISTED:,} more errors in this record not listed")
    assert (note.file, note.line, note.severity) == (str(path), 1, "info")
    api = validate_record_data({**BASE, "authors": list(range(3000))})
    assert len(api) == MAX_LISTED + 1 and api[-1].code == "NRR011"


def test_the_cap_lists_errors_before_infos_and_follows_the_configuration(tmp_path: Path) -> None:
    authors = [{"name": f"Author {i}", "orcid": "0000-0002-1825-0097"} for i in range(300)]  # NRR202 infos
    path = tmp_path / "record.json"
    path.write_text(json.dumps({**BASE, "authors": authors, "license": "not a licence"}, indent=2))
    report = validate(path)
    listed = [d for d in report.diagnostics if d.code != "NRR011"]
    (note,) = [d for d in report.diagnostics if d.code == "NRR011"]
    assert len(listed) == MAX_LISTED
    assert any(d.severity == "error" and d.pointer == "/license" for d in listed)  # last in the file, listed first
    assert note.message.startswith("202 more infos") and "error" not in note.message.split(" in this record")[0]
    quiet = validate(path, LintConfig(ignore=("NRR202",)))
    assert not [d for d in quiet.diagnostics if d.code in ("NRR011", "NRR202")]
