"""The pre-commit hook, for real: pre-commit installs this repository as a hook repo and runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "examples" / "lint"


def git(*args: str, cwd: Path) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


@pytest.mark.slow
def test_pre_commit_hook_fails_on_a_bad_record_and_passes_on_a_good_one(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout of this repository as the hook repository")
    rev = git("rev-parse", "HEAD", cwd=ROOT)
    if "nrr-validate" not in git("show", f"{rev}:.pre-commit-hooks.yaml", cwd=ROOT):
        pytest.fail(".pre-commit-hooks.yaml with the nrr-validate hook is not committed")
    repo = tmp_path / "lab"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {ROOT}\n    rev: {rev}\n    hooks:\n      - id: nrr-validate\n        files: ^records/\n"
    )
    (repo / "records").mkdir()
    shutil.copy(CASES / "harm-without-harm" / "record.yaml", repo / "records" / "good.yaml")  # a warning, no error
    (repo / "package.json").write_text('{"name": "not-a-record"}\n')  # outside `files`: never checked
    git("add", ".", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"]

    passed = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "nrr validate" in passed.stdout and "Passed" in passed.stdout

    shutil.copy(CASES / "dates" / "record.yaml", repo / "records" / "bad.yaml")
    git("add", ".", cwd=repo)
    failed = subprocess.run(command, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout and "NRR207" in failed.stdout and "records/bad.yaml" in failed.stdout


@pytest.mark.slow
def test_default_hook_checks_records_only_and_against_the_committed_ones(tmp_path: Path) -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout of this repository as the hook repository")
    rev = git("rev-parse", "HEAD", cwd=ROOT)
    repo = tmp_path / "lab"
    (repo / "records" / "2025").mkdir(parents=True)
    (repo / ".github" / "workflows").mkdir(parents=True)
    git("init", "-q", cwd=repo)
    # No `files:` of its own: the hook's default decides what is a record.
    config = f"repos:\n  - repo: {ROOT}\n    rev: {rev}\n    hooks:\n      - id: nrr-validate\n"
    (repo / ".pre-commit-config.yaml").write_text(config)
    (repo / "package.json").write_text('{"name": "not-a-record"}\n')
    (repo / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {}\n")
    shutil.copy(CASES / "harm-without-harm" / "record.yaml", repo / "records" / "2025" / "committed.yaml")
    git("add", ".", cwd=repo)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "NO_COLOR": "1"}
    run = [sys.executable, "-m", "pre_commit", "run", "--color", "never"]
    everything = subprocess.run([*run, "--all-files"], cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert everything.returncode == 0, everything.stdout + everything.stderr
    assert "package.json" not in everything.stdout and "ci.yml" not in everything.stdout
    git("commit", "-q", "-m", "first record", cwd=repo)

    # A new file reusing the committed record's id: only the new file is staged and passed to the hook.
    text = (CASES / "harm-without-harm" / "record.yaml").read_text(encoding="utf-8")
    (repo / "records" / "copy.yaml").write_text(text, encoding="utf-8")
    git("add", "records/copy.yaml", cwd=repo)
    staged = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=600)
    assert staged.returncode == 1, staged.stdout + staged.stderr
    assert "NRR601" in staged.stdout and "records/2025/committed.yaml" in staged.stdout


def test_against_reads_other_records_for_the_collection_rules_only(tmp_path: Path) -> None:
    import yaml
    from click.testing import CliRunner

    from nrr_spec.cli import main

    committed = yaml.safe_load((CASES / "harm-without-harm" / "record.yaml").read_text(encoding="utf-8"))
    records = tmp_path / "records"
    records.mkdir()
    (records / "committed.yaml").write_text(yaml.safe_dump(committed), encoding="utf-8")
    broken = dict(committed, id="broken-committed-record", created="2099-01-01")  # its own NRR207 is not ours to report
    (records / "broken.yaml").write_text(yaml.safe_dump(broken), encoding="utf-8")
    (records / "notes.json").write_text('{"id": "not-a-record"}', encoding="utf-8")  # no schema_version: not a record
    new = dict(
        committed,
        related=[{"id": "broken-committed-record", "relation": "extends"}, {"id": "not-a-record", "relation": "extends"}],
    )
    (tmp_path / "new.yaml").write_text(yaml.safe_dump(new), encoding="utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "--format", "json", str(tmp_path / "new.yaml"), "--against", str(records)])
    codes = {(d["code"], d["pointer"]) for d in __import__("json").loads(result.output)["diagnostics"]}
    assert ("NRR601", "/id") in codes  # the id is committed already
    assert ("NRR602", "/related/0/id") not in codes and ("NRR602", "/related/1/id") in codes
    assert "NRR207" not in {code for code, _ in codes}
    alone = runner.invoke(main, ["validate", "--format", "json", str(records / "committed.yaml"), "--against", str(records)])
    assert alone.exit_code == 0, alone.output  # a file is never its own duplicate
    missing = runner.invoke(main, ["validate", str(tmp_path / "new.yaml"), "--against", str(tmp_path / "nope")])
    assert missing.exit_code == 2 and "--against" in missing.output and "path not found" in missing.output
