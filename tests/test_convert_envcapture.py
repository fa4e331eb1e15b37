"""`nrr convert ... --capture-env`: converted records describe the machine, once per run, and never leak a secret."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import CONVERT_MLFLOW_TABLE, SECRETS

from nrr_spec.cli import main
from nrr_spec.convert.record_ids import source_tag
from nrr_spec.model import Record

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "logs"
LOG = (
    "commit\tval_bpb\tmemory_gb\tstatus\tdescription\n"
    "a1b2c3d\t0.997900\t44.0\tkeep\tbaseline\n"
    "b2c3d4e\t0.993200\t44.2\tkeep\tincrease LR to 0.04\n"
    "c3d4e5f-dirty\t1.005000\t44.0\tdiscard\tswitch to GeLU activation\n"
    "unknown\t0.000000\t0.0\tcrash\tdouble model width (OOM)\n"
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")


@pytest.fixture
def machine(planted_machine: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The planted working folder with a log in it, as the current folder."""
    (planted_machine / "results.tsv").write_text(LOG, encoding="utf-8")
    monkeypatch.chdir(planted_machine)
    return planted_machine


def _head(folder: Path) -> str:
    done = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], check=True, capture_output=True, text=True)
    return done.stdout.strip()


def _no_secrets(text: str, home: str) -> None:
    for secret in (*SECRETS, home, "ada:"):
        assert secret not in text


def test_json_lines_records_carry_the_machine_and_no_secret(machine: Path) -> None:
    result = CliRunner().invoke(main, ["convert", "autoresearch", "results.tsv", "--output", "-", "--capture-env"])
    assert result.exit_code == 0, result.output
    _no_secrets(result.output, str(machine.parent.parent))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 4
    sections = [r["reproducibility"] for r in records]
    for record, section in zip(records, sections, strict=True):
        Record.model_validate(record)
        assert section["code"]["repository"] == "https://github.com/example/tent.git"
        assert section["environment"]["cuda"] == "12.2" and section["hardware"]["count"] == 2
        assert "accelerator" not in section["hardware"], "the GPU line that echoed a token is dropped"
        assert section["environment"] == sections[0]["environment"] and section["hardware"] == sections[0]["hardware"]
    # The code of an experiment is the commit its row names; a dirty tree is no commit; without one, the folder's HEAD.
    assert [s["code"].get("commit") for s in sections] == ["a1b2c3d", "b2c3d4e", None, _head(machine)]
    again = CliRunner().invoke(main, ["convert", "autoresearch", "results.tsv", "--output", "-", "--capture-env"])
    assert again.stdout == result.stdout, "the same machine state gives the same bytes"


def test_without_the_flag_nothing_is_captured(machine: Path) -> None:
    result = CliRunner().invoke(main, ["convert", "autoresearch", "results.tsv", "--output", "-"])
    assert result.exit_code == 0
    assert all("reproducibility" not in json.loads(line) for line in result.stdout.splitlines())


def test_capture_runs_once_per_run_not_per_row_or_log(machine: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nrr_spec.envcapture as envcapture

    calls: list[object] = []
    real = envcapture.capture_environment

    def counted(*args: object, **kwargs: object) -> dict[str, object]:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(envcapture, "capture_environment", counted)
    shutil.copy(machine / "results.tsv", machine / "second.tsv")
    result = CliRunner().invoke(main, ["convert", "autoresearch", "results.tsv", "second.tsv", "--output", "-", "--capture-env"])
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 8 and len(calls) == 1


def test_a_reproducibility_section_a_person_wrote_is_kept_and_reconversion_is_byte_identical(machine: Path) -> None:
    args = ["convert", "autoresearch", "results.tsv", "--output", "records", "--capture-env"]
    assert CliRunner().invoke(main, args).exit_code == 0
    path = machine / "records" / f"results-{source_tag('../results.tsv')}-b2c3d4e.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    assert record["reproducibility"]["code"]["commit"] == "b2c3d4e"
    mine = {"seeds": [0, 1], "commands": ["python train.py --lr 0.04"]}
    record["reproducibility"] = mine
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in sorted((machine / "records").glob("*.json"))}
    second = CliRunner().invoke(main, args)
    assert second.exit_code == 0 and "0 written, 4 unchanged" in second.output
    after = {p.name: p.read_bytes() for p in sorted((machine / "records").glob("*.json"))}
    assert after == before
    assert json.loads(path.read_text(encoding="utf-8"))["reproducibility"] == mine
    for text in after.values():
        _no_secrets(text.decode("utf-8"), str(machine.parent.parent))


def test_records_converted_earlier_without_capture_get_it_later(machine: Path) -> None:
    plain = ["convert", "autoresearch", "results.tsv", "--output", "records"]
    assert CliRunner().invoke(main, plain).exit_code == 0
    path = machine / "records" / f"results-{source_tag('../results.tsv')}-b2c3d4e.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["hypothesis"] = {"statement": "A higher LR trains faster."}
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert CliRunner().invoke(main, [*plain, "--capture-env"]).exit_code == 0
    merged = json.loads(path.read_text(encoding="utf-8"))
    assert merged["hypothesis"] == record["hypothesis"] and merged["reproducibility"]["code"]["commit"] == "b2c3d4e"


def test_the_table_converter_captures_too(machine: Path) -> None:
    result = CliRunner().invoke(main, [*CONVERT_MLFLOW_TABLE, "--capture-env"])
    assert result.exit_code == 0, result.output
    _no_secrets(result.output, str(machine.parent.parent))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 6
    # A tracker's run id (hex, like 3f2a9c01) is not a git commit: the code is the folder's HEAD.
    assert {r["reproducibility"]["code"]["commit"] for r in records} == {_head(machine)}
    assert all(r["reproducibility"]["code"]["repository"] == "https://github.com/example/tent.git" for r in records)
    for record in records:
        Record.model_validate(record)
