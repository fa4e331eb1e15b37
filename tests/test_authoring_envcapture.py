"""--capture-env: the machine's description, and never a secret, token, credential or home path."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import SECRETS
from table_tests import table_test

from nrr_spec.envcapture import capture_environment, clean_remote, scrub
from nrr_spec.model import Reproducibility

test_remote_urls_lose_credentials = table_test(
    clean_remote,
    [
        ("https://user:ghp_PlantedToken123456@github.com/org/repo.git", "https://github.com/org/repo.git"),
        ("https://oauth2:tok@gitlab.example.org:8443/a/b.git?private_token=x#frag", "https://gitlab.example.org:8443/a/b.git"),
        ("git@github.com:org/repo.git", "https://github.com/org/repo.git"),
        ("git@github.com:org/repo.git?token=ghp_PlantedToken123456", "https://github.com/org/repo.git"),
        ("deploy:hunter2@gitlab.example.org:a/b.git#sk-planted", "https://gitlab.example.org/a/b.git"),
        ("git@github.com:?token=x", None),
        ("ssh://git@github.com:22/org/repo.git", "https://github.com/org/repo.git"),
        ("/home/ada/src/repo", None),
        ("file:///home/ada/src/repo", None),
        ("../other-checkout", None),
    ],
)


def test_scrub_drops_values_holding_forbidden_text() -> None:
    data = {"a": "/home/ada/x", "b": ["ok", "token=s3cr3t!"], "c": {"d": 1}}
    assert scrub(data, ["/home/ada", "s3cr3t!"]) == {"b": ["ok"], "c": {"d": 1}}


def test_planted_secrets_never_reach_the_record(planted_machine: Path) -> None:
    work = planted_machine
    home = work.parent.parent
    subprocess.run(["git", "-C", str(work), "remote", "add", "backup", str(home / "backup.git")], check=True)

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
