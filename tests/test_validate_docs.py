"""The CI examples in the guides are real: the workflow is a valid GitHub workflow and its commands run."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner

from nrr_spec.cli import main

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guides" / "github-actions.md"


def workflow_text() -> str:
    match = re.search(r"```yaml\n(name: records\n.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert match, "the workflow block is missing from the guide"
    return match.group(1)


def test_workflow_is_a_valid_github_workflow(tmp_path: Path) -> None:
    workflow = tmp_path / "records.yml"
    workflow.write_text(workflow_text(), encoding="utf-8")
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_nrr_commands_run_on_records(tmp_path: Path) -> None:
    steps = yaml.safe_load(workflow_text())["jobs"]["validate"]["steps"]
    commands = [s["run"] for s in steps if "run" in s and s["run"].startswith("nrr validate")]
    assert len(commands) == 2
    records = ROOT / "examples" / "records"
    for command in commands:
        args = shlex.split(command.split("||")[0])[1:]
        args = [str(records) if a == "records/" else str(tmp_path / a) if a.endswith(".sarif") else a for a in args]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    assert (tmp_path / "nrr.sarif").read_text().startswith("{")
