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
