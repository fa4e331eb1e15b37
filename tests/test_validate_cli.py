"""`nrr validate` end to end: exit codes, inputs, outputs, configuration and --fix."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main

ROOT = Path(__file__).resolve().parent.parent
CLEAN = ROOT / "examples" / "lint" / "harm-without-harm" / "record.yaml"  # one warning (NRR310), no errors
CASES = ROOT / "examples"


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(main, ["validate", *args], input=stdin, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # stops the configuration search here
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_exit_codes(workdir: Path) -> None:
    shutil.copy(CLEAN, workdir / "warn.yaml")
    assert run("warn.yaml")[0] == 0
    assert run("--strict", "warn.yaml")[0] == 1
    shutil.copy(CASES / "lint" / "dates" / "record.yaml", workdir / "error.yaml")
    assert run("error.yaml", "warn.yaml")[0] == 1


def test_nothing_to_validate_is_a_usage_error(workdir: Path) -> None:
    (workdir / "empty").mkdir()
    code, _, err = run("empty")
    assert code == 2 and "no record files found in empty" in err
    code, _, err = run("missing.yaml")
    assert code == 2 and "path not found: missing.yaml" in err
    code, _, err = run("*.nothing")
    assert code == 2 and "no files match" in err
    assert run()[0] == 2


def test_folders_globs_and_stdin(workdir: Path) -> None:
    (workdir / "records" / "nested").mkdir(parents=True)
    shutil.copy(CLEAN, workdir / "records" / "nested" / "a.yaml")
    shutil.copy(CASES / "invalid" / "jsonl-mixed" / "records.jsonl", workdir / "records" / "b.jsonl")
    code, out, _ = run("--format", "json", "records")
    assert code == 1 and json.loads(out)["summary"]["files"] == 2
    code, out, _ = run("--format", "json", "records/**/*.yaml")
    assert code == 0 and json.loads(out)["summary"] == {"files": 1, "records": 1, "errors": 0, "warnings": 1, "infos": 0}
    code, out, _ = run("--format", "json", "-", stdin='{"schema_version": "1.0", "id": "x"}')
    diagnostics = json.loads(out)["diagnostics"]
    assert code == 1 and {d["file"] for d in diagnostics} == {"<stdin>"} and "NRR105" in {d["code"] for d in diagnostics}


def test_output_file_and_formats(workdir: Path) -> None:
    shutil.copy(CLEAN, workdir / "a.yaml")
    code, out, _ = run("--format", "sarif", "--output", "report.sarif", "a.yaml")
    assert code == 0 and out == ""
    sarif = json.loads((workdir / "report.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["ruleId"] == "NRR310"
    code, out, _ = run("--format", "github", "a.yaml")
    assert out.startswith("::warning file=a.yaml,line=")


def test_select_ignore_and_configured_severity(workdir: Path) -> None:
    shutil.copy(CASES / "lint" / "missing-recommended" / "record.yaml", workdir / "r.yaml")

    def codes(*args: str) -> list[str]:
        return [d["code"] for d in json.loads(run("--format", "json", *args, "r.yaml")[1])["diagnostics"]]

    everything = codes()
    assert "NRR402" in everything and "NRR311" in everything
    assert codes("--select", "NRR3") == ["NRR311"]
    assert "NRR402" not in codes("--ignore", "NRR402,NRR41")
    (workdir / "pyproject.toml").write_text('[tool.nrr]\nignore = ["NRR41"]\n[tool.nrr.severity]\nNRR402 = "error"\n')
    found = json.loads(run("--format", "json", "r.yaml")[1])["diagnostics"]
    assert not any(d["code"].startswith("NRR41") for d in found)
    assert next(d for d in found if d["code"] == "NRR402")["severity"] == "error"
    assert run("r.yaml")[0] == 1
    assert run("--isolated", "r.yaml")[0] == 0
    (workdir / ".nrr.toml").write_text('[per-path-ignores]\n"r.yaml" = ["NRR4"]\n')
    assert not any(c.startswith("NRR4") for c in codes())


def test_bad_configuration_is_a_usage_error_with_the_file_named(workdir: Path) -> None:
    shutil.copy(CLEAN, workdir / "a.yaml")
    (workdir / ".nrr.toml").write_text('ignore = ["NRR999"]\n')
    code, _, err = run("a.yaml")
    assert code == 2 and ".nrr.toml" in err and "NRR999" in err
    (workdir / ".nrr.toml").write_text("ignore = [\n")
    code, _, err = run("a.yaml")
    assert code == 2 and "invalid TOML" in err
    code, _, err = run("--isolated", "--select", "XYZ", "a.yaml")
    assert code == 2 and "XYZ" in err


def test_fix_normalises_in_place_keeps_comments_and_reports_each_change(workdir: Path) -> None:
    source = CASES / "invalid" / "fixable" / "record.yaml"
    shutil.copy(source, workdir / "record.yaml")
    code, out, _ = run("--fix", "--format", "json", "record.yaml")
    report = json.loads(out)
    assert code == 0 and report["summary"]["errors"] == 0
    codes = ["NRR111", "NRR202", "NRR203", "NRR204", "NRR205", "NRR209", "NRR209", "NRR209"]  # 209: Ada Lovelace in parts
    assert sorted(f["code"] for f in report["fixes"]) == codes
    fixed = (workdir / "record.yaml").read_text()
    assert fixed.startswith("# Every problem here is fixed")
    assert 'schema_version: "1.1"\n' in fixed and "orcid: https://orcid.org/0000-0002-1825-0097" in fixed
    original_lines, fixed_lines = source.read_text().splitlines(), fixed.splitlines()
    assert len(fixed_lines) == len(original_lines) + 4  # schema_version and three name parts added; the rest in place
    assert run("--fix", "record.yaml")[0] == 0 and (workdir / "record.yaml").read_text() == fixed  # idempotent


def test_fix_quotes_a_schema_version_yaml_read_as_a_number(workdir: Path) -> None:
    shutil.copy(CASES / "invalid" / "schema-version-as-number" / "record.yaml", workdir / "r.yaml")
    assert run("r.yaml")[0] == 1
    code, out, _ = run("--fix", "r.yaml")
    assert code == 0 and "NRR110" in out
    assert (workdir / "r.yaml").read_text().startswith('schema_version: "1.0"\n')


def test_fix_json_and_jsonl_stay_json(workdir: Path) -> None:
    (workdir / "a.json").write_text('{\n    "id": "abc-def",\n    "license": "mit"\n}\n')
    (workdir / "b.jsonl").write_text('{"id": "abc-1"}\r\n{"schema_version": "1.0", "id": "abc-2", "license": "apache-2.0"}\r\n')
    run("--fix", "a.json", "b.jsonl")
    assert (workdir / "a.json").read_text() == '{\n    "schema_version": "1.1",\n    "id": "abc-def",\n    "license": "MIT"\n}\n'
    assert (workdir / "b.jsonl").read_bytes() == (
        b'{"schema_version": "1.1", "id": "abc-1"}\r\n{"schema_version": "1.0", "id": "abc-2", "license": "Apache-2.0"}\r\n'
    )


def test_json_lines_on_stdin_validate_as_a_jsonl_file_does(workdir: Path) -> None:
    converted = CliRunner().invoke(main, ["convert", "autoresearch", str(CASES / "logs" / "results.tsv"), "-o", "-"])
    assert converted.exit_code == 0, converted.stderr
    lines = converted.stdout
    (workdir / "saved.jsonl").write_text(lines, encoding="utf-8")
    saved = json.loads(run("--format", "json", "saved.jsonl")[1])["summary"]
    code, out, _ = run("--format", "json", "-", stdin=lines)
    assert code == 0 and json.loads(out)["summary"] == saved and saved["records"] == len(lines.splitlines()) > 1


def test_one_document_on_stdin_is_still_one_record(workdir: Path) -> None:
    record = json.loads((CASES / "records" / "autoresearch-batch-131k-crash.json").read_text(encoding="utf-8"))
    pretty = json.dumps(record, indent=2)
    for text in (pretty, json.dumps(record), CLEAN.read_text(encoding="utf-8")):
        code, out, _ = run("--format", "json", "-", stdin=text)
        assert json.loads(out)["summary"]["records"] == 1 and code == 0, out
    code, out, _ = run("--format", "json", "-", stdin='{"id": "a"}\n{"id": "b"\n')
    diagnostics = json.loads(out)["diagnostics"]
    assert code == 1 and json.loads(out)["summary"]["records"] == 1
    assert any(d["code"] == "NRR001" and d["line"] == 2 for d in diagnostics)
