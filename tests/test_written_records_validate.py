"""Whatever nrr writes, nrr validates first: a log, an agent or the machine never makes nrr write a
record that `nrr validate` refuses."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import anyio
import pytest
from click.testing import CliRunner
from conftest import NEW_RECORD

from nrr_spec.checked_write import MAX_TEXT_CHARS, RecordRefused, checked_json, cut_text, record_problems
from nrr_spec.cli import main
from nrr_spec.io import MAX_FILE_BYTES
from nrr_spec.knowledge import api

BIG = MAX_FILE_BYTES + 1_000_000  # characters: one more megabyte than a record file may hold
NEW = [
    "new",
    "--no-input",
    "--template",
    "tiny",
    *NEW_RECORD,
    "--hypothesis",
    "h",
    "--result",
    "r",
]


def _validate(*paths: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *map(str, paths)])
    return result.exit_code, result.output


def test_a_huge_description_is_cut_and_a_huge_other_cell_skips_its_row(tmp_path: Path) -> None:
    log = tmp_path / "results.tsv"
    log.write_text(
        "commit\tval_bpb\tstatus\tdescription\n"
        "a1b2c3d\t1.00\tkeep\tbaseline\n"
        f"b2c3d4e\t1.01\tdiscard\tincrease LR to 0.05 {'x' * BIG}\n"
        f"{'c' * BIG}\t1.02\tdiscard\tswitch to GeLU\n",
        encoding="utf-8",
    )
    out = tmp_path / "records"
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "--output", str(out)])
    assert result.exit_code == 0, result.output[-2000:]
    assert "3 rows read, 2 records made" in result.output and "1 skipped" in result.output, "the counts add up"
    assert f"row 2: description cut to its first {MAX_TEXT_CHARS:,} characters" in result.output
    assert "row 3 skipped: its record would not validate: the record is 22.0 MB, over the 20 MB limit" in result.output
    files = sorted(out.glob("*.json"))
    assert len(files) == 2 and all(p.stat().st_size < MAX_FILE_BYTES for p in files)
    cut = next(json.loads(p.read_text(encoding="utf-8")) for p in files if "b2c3d4e" in p.name)
    assert cut["experiment"]["description"].startswith("increase LR to 0.05 xxx")
    assert cut["experiment"]["description"].endswith(f"characters; cut to the first {MAX_TEXT_CHARS:,}]")
    assert _validate(out)[0] == 0


def test_json_lines_output_skips_what_would_not_validate_too(tmp_path: Path) -> None:
    log = tmp_path / "results.tsv"
    log.write_text(
        f"commit\tval_bpb\tstatus\tdescription\na1b2c3d\t1.0\tkeep\tbaseline\n{'9' * BIG}\t1.1\tdiscard\tmore\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "--output", "-"])
    assert result.exit_code == 0
    assert len([line for line in result.stdout.splitlines() if line.startswith("{")]) == 1
    assert "2 rows read, 1 records to stdout, 1 skipped" in result.stderr


def test_an_agent_s_nan_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    for field in ("value", "baseline"):
        with pytest.raises(ValueError, match=f"{field} must be a finite number"):
            api.record_experiment("increase LR to 0.05", "discard", records_dir=tmp_path, metric="val_bpb", **{field: math.nan})
    assert not list(tmp_path.glob("*.json"))


def test_the_mcp_tool_answers_nan_with_a_tool_error(tmp_path: Path) -> None:
    from mcp.server.mcpserver.exceptions import ToolError

    from nrr_spec.mcp.server import build_server

    server = build_server(tmp_path)

    async def call() -> None:
        await server.call_tool(
            "record_experiment",
            {"description": "increase LR to 0.05", "outcome": "discard", "metric": "val_bpb", "value": math.inf},
        )

    with pytest.raises(ToolError, match="value: got Infinity; expected a finite number"):
        anyio.run(call)
    assert not list(tmp_path.glob("*.json"))


def test_an_agent_s_huge_description_is_cut_and_the_record_validates(tmp_path: Path) -> None:
    written = api.record_experiment(
        "increase LR to 0.05 " + "y" * BIG,
        "discard",
        records_dir=tmp_path,
        metric="val_bpb",
        value=1.01,
        baseline=1.0,
        direction="lower",
    )
    path = Path(written["path"])
    assert path.stat().st_size < MAX_FILE_BYTES and any("description cut" in note for note in written["notes"])
    assert _validate(path)[0] == 0


def test_an_agent_s_huge_metric_name_is_refused_whole(tmp_path: Path) -> None:
    with pytest.raises(RecordRefused, match="over the 20 MB limit"):
        api.record_experiment("increase LR to 0.05", "discard", records_dir=tmp_path, metric="m" * BIG, value=1.0)
    assert not list(tmp_path.iterdir()) or not list(tmp_path.glob("*.json"))


def test_checked_json_names_every_kind_of_problem() -> None:
    with pytest.raises(RecordRefused, match=r"/results/outcomes/0/value: a number that is not finite"):
        checked_json({"id": "abc", "results": {"outcomes": [{"value": math.nan}]}})
    assert any("NRR101" in p for p in record_problems({"schema_version": "1.0", "id": "abc-def", "title": "t"}))
    assert cut_text("short") == ("short", 0)
    text, cut = cut_text("z" * 1000, 100)
    assert len(text) <= 100 and cut == 900 and text.endswith("cut to the first 100]")


@pytest.fixture
def ubuntu_machine(planted_machine: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An Ubuntu desktop (DESKTOP_SESSION=ubuntu) whose remote holds "ubuntu": the scrub drops the URL."""
    monkeypatch.setenv("DESKTOP_SESSION", "ubuntu")
    subprocess.run(
        ["git", "-C", str(planted_machine), "remote", "set-url", "origin", "https://github.com/ubuntu-labs/tent.git"], check=True
    )
    monkeypatch.chdir(planted_machine)
    return planted_machine


def test_nrr_new_survives_a_scrubbed_repository(ubuntu_machine: Path) -> None:
    records = ubuntu_machine / "records"
    result = CliRunner().invoke(main, [*NEW, "--records", str(records), "--capture-env"])
    assert result.exit_code == 0, result.output
    written = next(records.glob("*.yaml"))
    assert "ubuntu" not in written.read_text(encoding="utf-8") and "code:" not in written.read_text(encoding="utf-8")
    assert _validate(written)[0] == 0


def test_nrr_convert_writes_valid_records_with_a_scrubbed_repository(ubuntu_machine: Path) -> None:
    (ubuntu_machine / "results.tsv").write_text(
        "commit\tval_bpb\tstatus\tdescription\na1b2c3d\t1.0\tkeep\tbaseline\nb2c3d4e\t1.1\tdiscard\tmore\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["convert", "autoresearch", "results.tsv", "--capture-env"])
    assert result.exit_code == 0, result.output
    records = sorted((ubuntu_machine / "records").glob("*.json"))
    assert len(records) == 2 and all("code" not in json.loads(p.read_text())["reproducibility"] for p in records)
    assert _validate(ubuntu_machine / "records")[0] == 0


@pytest.mark.parametrize("command", ["new", "convert"])
def test_an_scp_remote_s_query_string_never_reaches_a_record(
    planted_machine: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    subprocess.run(
        [
            "git",
            "-C",
            str(planted_machine),
            "remote",
            "set-url",
            "origin",
            "git@github.com:org/repo.git?token=s3cr3t-scp-token#frag",
        ],
        check=True,
    )
    monkeypatch.chdir(planted_machine)
    if command == "new":
        args = [*NEW, "--records", "records", "--capture-env"]
    else:
        (planted_machine / "results.tsv").write_text("val_bpb\tstatus\tdescription\n1.0\tkeep\tbaseline\n", encoding="utf-8")
        args = ["convert", "autoresearch", "results.tsv", "--capture-env"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = next(p for p in (planted_machine / "records").iterdir() if p.suffix in (".json", ".yaml")).read_text()
    assert "s3cr3t" not in text and "token" not in text and "#frag" not in text
    assert "https://github.com/org/repo.git" in text
