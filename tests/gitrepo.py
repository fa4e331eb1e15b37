"""Git repositories for the tests: commits by a fixed author at a fixed time, so a test reads the same
history on every machine, whatever the user's own git configuration says."""

from __future__ import annotations

import subprocess
from pathlib import Path

ADA = ("Ada Lovelace", "ada@example.org")
WHEN = "2026-03-08T10:00:00+00:00"


def git(folder: Path, *args: str, author: tuple[str, str] = ADA, when: str = WHEN) -> str:
    """Runs git in `folder` as `author` at `when`, with no global configuration (HOME is the folder); its output, stripped."""
    name, email = author
    env = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "HOME": str(folder),
        "PATH": "/usr/bin:/bin",
    }
    return subprocess.run(["git", "-C", str(folder), *args], check=True, capture_output=True, text=True, env=env).stdout.strip()


def commit(folder: Path, files: dict[str, str | None], message: str, author: tuple[str, str] = ADA, when: str = WHEN) -> str:
    """Writes `files` (None removes one) and commits them; the new commit's hash."""
    for name, text in files.items():
        path = folder / name
        if text is None:
            git(folder, "rm", "-q", name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        git(folder, "add", "-f", name)
    git(folder, "commit", "-q", "-m", message, author=author, when=when)
    return git(folder, "rev-parse", "HEAD")


def new_repo(folder: Path, files: dict[str, str | None]) -> Path:
    """A new repository at `folder` on branch main, whose one commit ("baseline") holds `files`."""
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    commit(folder, files, "baseline")
    return folder
