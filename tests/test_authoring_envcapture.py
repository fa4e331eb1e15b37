"""--capture-env: the machine's description, and never a secret, token, credential or home path."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from nrr_spec.envcapture import capture_environment, clean_remote, scrub
from nrr_spec.model import Reproducibility

SECRETS = ("ghp_PlantedToken123456", "hunter2-planted-password", "sk-planted-api-key-999")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://user:ghp_PlantedToken123456@github.com/org/repo.git", "https://github.com/org/repo.git"),
        ("https://oauth2:tok@gitlab.example.org:8443/a/b.git?private_token=x#frag", "https://gitlab.example.org:8443/a/b.git"),
        ("git@github.com:org/repo.git", "https://github.com/org/repo.git"),
        ("ssh://git@github.com:22/org/repo.git", "https://github.com/org/repo.git"),
        ("/home/ada/src/repo", None),
        ("file:///home/ada/src/repo", None),
        ("../other-checkout", None),
    ],
)
def test_remote_urls_lose_credentials(url: str, expected: str | None) -> None:
    assert clean_remote(url) == expected


def test_scrub_drops_values_holding_forbidden_text() -> None:
    data = {"a": "/home/ada/x", "b": ["ok", "token=s3cr3t!"], "c": {"d": 1}}
    assert scrub(data, ["/home/ada", "s3cr3t!"]) == {"b": ["ok"], "c": {"d": 1}}


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_planted_secrets_never_reach_the_record(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home" / "ada"
    work = home / "projects" / "tent"
    work.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GITHUB_TOKEN", SECRETS[0])
    monkeypatch.setenv("DB_PASSWORD", SECRETS[1])
    monkeypatch.setenv("OPENAI_API_KEY", SECRETS[2])
    # A fake nvidia-smi that echoes the environment: whatever it prints must not leak either.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    smi = bin_dir / "nvidia-smi"
    smi.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "--query-gpu=name,driver_version" ]; then\n'
        '  echo "NVIDIA A100 $GITHUB_TOKEN, 535.1"; echo "NVIDIA A100, 535.1"\n'
        'else echo "| NVIDIA-SMI 535.1   Driver Version: 535.1   CUDA Version: 12.2 |"; fi\n',
        encoding="utf-8",
    )
    smi.chmod(smi.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(work), *args], check=True, capture_output=True)

    git("init", "-q")
    git("remote", "add", "origin", f"https://ada:{SECRETS[0]}@github.com/example/tent.git?auth={SECRETS[2]}")
    git("remote", "add", "backup", str(home / "backup.git"))
    (work / "train.py").write_text("print('hi')\n", encoding="utf-8")
    git("add", ".")
    git("-c", "user.name=Ada", "-c", "user.email=ada@example.org", "commit", "-q", "-m", "init")

    section = capture_environment(work)
    text = json.dumps(section)
    for secret in (*SECRETS, str(home), "ada:"):
        assert secret not in text
    assert section["code"]["repository"] == "https://github.com/example/tent.git"
    assert len(section["code"]["commit"]) == 40
    assert section["environment"]["cuda"] == "12.2" and section["hardware"]["count"] == 2
    assert "accelerator" not in section["hardware"], "the first GPU line echoed a token, so it is dropped"
    Reproducibility.model_validate(section)


def test_without_git_or_gpu_it_still_describes_the_machine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no git, no nvidia-smi
    section = capture_environment(tmp_path, packages=["pytest", "no-such-package-xyz"])
    assert "code" not in section and "cuda" not in section["environment"]
    assert set(section["environment"]["packages"]) == {"pytest"} and section["environment"]["python"].count(".") == 2
    Reproducibility.model_validate(section)


def test_attach_environment_keeps_what_records_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nrr_spec.envcapture import attach_environment

    monkeypatch.setenv("PATH", str(tmp_path))
    records = [{"id": "a-record"}, {"id": "b-record", "reproducibility": {"environment": {"python": "3.9.1"}}}]
    attach_environment(records, tmp_path)
    assert records[0]["reproducibility"]["environment"]["python"].count(".") == 2
    assert records[1]["reproducibility"]["environment"] == {"python": "3.9.1"} and "hardware" in records[1]["reproducibility"]
