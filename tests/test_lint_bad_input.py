"""Bad input never stops a run: every broken file is a diagnostic with a position, and the run goes on."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nrr_spec.io import parse_bytes, parse_text
from nrr_spec.lint.api import validate, validate_record_data
from nrr_spec.lint.config import LintConfig
from nrr_spec.lint.diagnostics import Report
from nrr_spec.lint.engine import MAX_LISTED, Linter

NRR = str(Path(sys.executable).parent / "nrr")
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


# ---------------------------------------------------------------- inputs that once stopped the run


def _run_nrr(*args: str, stdin: object = None, timeout: float = 120) -> tuple[subprocess.CompletedProcess[str], int]:
    """Run `nrr` in a child process; its output and its peak memory in MB (the largest child so far)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    done = subprocess.run([NRR, *args], stdin=stdin, capture_output=True, text=True, timeout=timeout, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return done, max(before, after) // 1024


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_device_files_are_read_only_up_to_the_size_limit(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    report = validate(device)
    assert [d.code for d in report.diagnostics] == ["NRR004"]
    done, peak_mb = _run_nrr("validate", device)
    assert done.returncode == 1 and "NRR004" in done.stdout and "Traceback" not in done.stderr
    assert peak_mb < 400, f"validating {device} peaked at {peak_mb} MB"


def test_endless_standard_input_is_read_only_up_to_the_size_limit() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with open("/dev/zero", "rb") as zeros:
        done, peak_mb = _run_nrr("validate", "-", stdin=zeros)
    assert done.returncode == 1 and "stdin" in done.stdout and "NRR004" in done.stdout
    assert peak_mb < 400


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_convert_refuses_device_files(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    done, _ = _run_nrr("convert", "autoresearch", device, "--output", str(tmp_path / "out"), timeout=60)
    assert done.returncode == 1 and "a device, not a log file" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_convert_stops_at_a_line_without_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nrr_spec.convert import reader
    from nrr_spec.convert.pipeline import convert_log

    monkeypatch.setattr(reader, "MAX_LINE_BYTES", 1000)
    log = tmp_path / "results.tsv"
    log.write_bytes(b"commit\tval_bpb\tstatus\tdescription\n" + b"\x00" * 5000)
    result = convert_log(log)
    assert not result.records and "line 2 runs past" in result.errors[0]


WONT_PARSE = {
    "big-int.json": ('{"schema_version": "1.1", "version": ' + "9" * 5000 + "}", "NRR010", (1, 38)),
    "big-int.yaml": ('schema_version: "1.1"\nversion: ' + "9" * 5000 + "\n", "NRR010", (2, 10)),
    "big-int.jsonl": ('\n{"version": ' + "9" * 5000 + "}\n", "NRR010", (2, 13)),
    "hex-int.yaml": ("version: 0x1FFFFFFFFFFFFFFFF\n", "NRR010", (1, 10)),
    "huge-version.json": ('{"schema_version": "1.1", "id": "x-y-z", "version": ' + "1" + "0" * 300 + "}", "NRR010", (1, 53)),
    "sequence.json": ('{"schema_version": "1.1", "experiment": {"sequence": 9223372036854775808}}', "NRR010", (1, 54)),
    "negative.json": ('{"schema_version": "1.1", "version": -9223372036854775809}', "NRR010", (1, 38)),
    "set.yaml": ("keywords: !!set {a, b}\n", "NRR009", (1, 11)),
    "binary.yaml": ("title: !!binary aGVsbG8=\n", "NRR009", (1, 8)),
    "omap.yaml": ("extensions: !!omap [a: 1]\n", "NRR009", (1, 13)),
    "number-key.yaml": ("title: x\n2024: y\n", "NRR009", (2, 1)),
    "surrogate-yaml.yaml": ('title: "\\ud800"\n', "NRR001", (1, 11)),
    "bool-tag.yaml": ("results: !!bool maybe\n", "NRR001", (1, 10)),  # values that do not fit an explicit tag
    "empty-int-tag.yaml": ("a: !!int\nb: 1\n", "NRR001", (1, 4)),
    "float-tag.yaml": ("a: !!float aGVsbG8=\n", "NRR001", (1, 4)),
    "map-tag.yaml": ("authors: !!map [1, 2]\n", "NRR001", (1, 10)),
    "escape-past-unicode.yaml": ('a: &x "\\U00110000"\nb: *x\n', "NRR001", (1, 1)),  # the pure-Python loader (aliases)
}
WONT_CHECK = {
    "surrogate-value.json": ('{"schema_version": "1.1", "title": "\\ud800"}', "NRR009", "/title"),
    "surrogate-key.json": ('{"schema_version": "1.1", "extensions": {"\\udfff": 1}}', "NRR009", "/extensions"),
    "surrogate.jsonl": ('{"schema_version": "1.1", "title": "a \\uD83D b"}\n', "NRR009", "/title"),
    "deep-extensions.json": (
        '{"schema_version": "1.1", "extensions": {"x": ' + "[" * 255 + "]" * 255 + "}}",
        "NRR005",
        "/extensions/x" + "/0" * 98,  # the first list past 100 levels (the record itself is level 1)
    ),
}


def test_values_no_tool_can_carry_are_diagnostics_and_the_run_goes_on(tmp_path: Path) -> None:
    for name, (text, _, _) in {**WONT_PARSE, **WONT_CHECK}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "good.yaml").write_text(GOOD.read_text())
    report = validate(tmp_path)
    found = codes(report)
    assert found.pop("good.yaml") == ["NRR310"]  # checked as always, after all the others
    assert found == {name: [code] for name, (_, code, _) in {**WONT_PARSE, **WONT_CHECK}.items()}
    by_file = {Path(d.file or "").name: d for d in report.diagnostics}
    for name, (_, _, position) in WONT_PARSE.items():
        assert (by_file[name].line, by_file[name].column) == position, name
    for name, (_, _, pointer) in WONT_CHECK.items():
        assert by_file[name].pointer == pointer, name
    done, _ = _run_nrr("validate", str(tmp_path))
    assert done.returncode == 1 and "Traceback" not in done.stderr and "Checked 22 files" in done.stdout


def test_values_no_tool_can_carry_given_as_data() -> None:
    for value, code in [({"a", "b"}, "NRR009"), (b"\x00", "NRR009"), ("\ud800", "NRR009"), (2**64, "NRR010")]:
        assert [d.code for d in validate_record_data({**BASE, "extensions": {"x": value}})] == [code]
    assert [d.code for d in validate_record_data({**BASE, "extensions": {1: "x"}})] == ["NRR009"]
    looped: dict[str, object] = {}
    looped["self"] = looped  # a value that contains itself ends at the depth bound, not in a loop
    assert [d.code for d in validate_record_data({**BASE, "extensions": looped})] == ["NRR005"]


def test_the_index_skips_integers_sqlite_cannot_hold(tmp_path: Path) -> None:
    from nrr_spec.knowledge.index import open_index

    source = Path(__file__).resolve().parent.parent / "examples" / "records" / "autoresearch-batch-131k-crash.json"
    record = json.loads(source.read_text())
    (tmp_path / "ok.json").write_text(json.dumps(record))
    record["id"], record["experiment"]["sequence"] = "sequence-past-64-bits", 2**63
    (tmp_path / "big.json").write_text(json.dumps(record))
    with open_index(tmp_path) as index:
        refreshed = index.refresh()
    assert any("big.json" in line and "64-bit" in line for line in refreshed.unreadable)
    assert refreshed.added == 2


def test_json_lines_split_only_at_line_feeds() -> None:
    text = json.dumps({**BASE, "title": "before\u2028after\u0085\x1c\x0c"}, ensure_ascii=False) + "\n"
    assert "\u2028" in text
    documents, failures = parse_text(text + text, "records.jsonl", "jsonl")
    assert not failures and len(documents) == 2
    assert documents[1].data["title"] == "before\u2028after\u0085\x1c\x0c" and documents[1].line_offset == 1


def test_an_unlistable_folder_is_named_and_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.yaml").write_text(GOOD.read_text())
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden-from-us.json").write_text("{}")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # as root, permissions never stop a listing: stand in for one
        if Path(os.fsdecode(path)) == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", lambda path: scandir(path))
    report = validate(tmp_path)
    assert codes(report) == {"good.yaml": ["NRR310"], "locked": ["NRR007"]}
    (failure,) = [d for d in report.diagnostics if d.code == "NRR007"]
    assert failure.file == str(locked) and failure.message == "cannot read folder: Permission denied"
    assert report.exit_code() == 1


@pytest.mark.skipif(os.geteuid() == 0 or not hasattr(os, "geteuid"), reason="root reads every folder")
def test_an_unreadable_folder_fails_validation(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD.read_text())
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "r.json").write_text("{}")
    locked.chmod(0)
    try:
        report = validate(tmp_path)
    finally:
        locked.chmod(0o755)
    assert "locked" in codes(report) and report.exit_code() == 1


@pytest.mark.parametrize(
    ("name", "text"),
    [("map.yaml", "metric: val_loss\nmetric: val_bpb\n"), ("map.json", '{"metric": "val_loss", "metric": "val_bpb"}')],
)
def test_mapping_files_with_duplicate_keys_are_refused(tmp_path: Path, name: str, text: str) -> None:
    from nrr_spec.convert.mapping import MappingError, load_mapping

    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(MappingError, match="'metric'"):
        load_mapping(path)
    (tmp_path / "numbers.yaml").write_text("status_map: {0: keep, 1: crash}\n")  # exit codes as keys stay allowed
    assert load_mapping(tmp_path / "numbers.yaml")["status_map"] == {"0": "keep", "1": "crash"}


def test_convert_reads_json_lines_logs_with_lone_surrogates_and_huge_numbers(tmp_path: Path) -> None:
    from nrr_spec.convert.pipeline import convert_log

    log = tmp_path / "runs.jsonl"
    rows = [
        '{"commit": "a1b2c3d", "val_bpb": 1.0, "status": "keep", "description": "baseline \\ud800"}',
        '{"commit": "a1b2c3e", "val_bpb": 0.9, "status": "keep", "description": "lr up", "n": ' + "9" * 5000 + "}",
    ]
    log.write_text("\n".join(rows) + "\n")
    result = convert_log(log)
    assert [r["experiment"]["description"] for r in result.records if "description" in r.get("experiment", {})] in (
        [],
        ["baseline \ufffd"],
    )
    assert all("\ud800" not in json.dumps(r, ensure_ascii=False) for r in result.records)
    assert result.rows_read == 2 and len(result.records) + len(result.skipped) == 2
    done, _ = _run_nrr("convert", "autoresearch", str(log), "--output", str(tmp_path / "out"))
    assert "Traceback" not in done.stderr
    assert validate(tmp_path / "out").errors == 0


def test_files_written_honour_the_umask_and_keep_the_mode_they_had(tmp_path: Path) -> None:
    from nrr_spec.io import atomic_write
    from nrr_spec.lint.fixes import fix_file

    old = os.umask(0o002)
    try:
        atomic_write(tmp_path / "new.json", "{}\n")
        atomic_write(tmp_path / "new.bin", b"\x00")
        assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o664
        assert (tmp_path / "new.bin").stat().st_mode & 0o777 == 0o664
        kept = tmp_path / "kept.json"
        kept.write_text("{}\n")
        kept.chmod(0o640)
        atomic_write(kept, '{"a": 1}\n')
        assert kept.stat().st_mode & 0o777 == 0o640 and kept.read_text() == '{"a": 1}\n'
        record = tmp_path / "record.json"
        record.write_text(json.dumps({**BASE, "doi": "https://doi.org/10.5281/zenodo.1"}, indent=2))
        record.chmod(0o664)
        assert fix_file(record)  # --fix rewrote it
        assert record.stat().st_mode & 0o777 == 0o664
    finally:
        os.umask(old)
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    ("key", "kind"),
    [("1", "a number"), ("2.5", "a number"), ("yes", "true/false"), ("true", "true/false")],
)
def test_a_yaml_key_that_is_not_text_is_named_by_what_yaml_reads_it_as(tmp_path: Path, key: str, kind: str) -> None:
    path = tmp_path / "record.yaml"
    path.write_text(f'schema_version: "1.0"\nid: key-kinds\n{key}: x\ntitle: t\n', encoding="utf-8")
    assert [(d.code, d.message) for d in validate([str(path)]).diagnostics] == [
        ("NRR009", f"the key {key!r} is read as {kind}, not text")
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": {1, 2}}, "the value is a set, which JSON cannot hold"),
        ({"title": b"t"}, "the value is binary data, which JSON cannot hold"),
        ({(1, 2): "x"}, "a key is a pair (1, 2), not text"),
    ],
)
def test_a_value_json_cannot_hold_is_named_in_words(data: dict, message: str) -> None:
    diagnostics = validate_record_data({"schema_version": "1.0", "id": "value-kinds", **data})
    assert [(d.code, d.message) for d in diagnostics] == [("NRR009", message)]
