"""Git repositories for the tests: commits by a fixed author at a fixed time, so a test reads the same
history on every machine, whatever the user's own git configuration says."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
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


@dataclass
class Loop:
    """An autoresearch loop run in `repo`, writing its log as it goes: each experiment's row is
    (commit, metric, status, description). Loops name one of two commits in a row: the commit
    that holds the experiment's change (`logs_base` False; a discard is committed, then reset away
    when `reset`), or the commit the experiment started from (`logs_base` True; only a kept
    change is committed, after its row is written)."""

    repo: Path
    logs_base: bool = False
    rows: list[tuple[str, str, str, str]] = field(default_factory=list)

    def baseline(self, metric: str) -> str:
        """The first row: the repository as it stands, kept."""
        head = git(self.repo, "rev-parse", "HEAD")
        self.rows.append((head[:7], metric, "keep", "baseline"))
        return head

    def run(
        self,
        status: str,
        description: str,
        metric: str,
        files: dict[str, str | None] | None = None,
        message: str = "",
        reset: bool = False,
    ) -> str:
        """One experiment: its change (`files`, committed with `message`), then its row; the commit
        that holds the change (HEAD when none was made)."""
        head = git(self.repo, "rev-parse", "HEAD")
        changed = commit(self.repo, files, message or description) if files and (status == "keep" or not self.logs_base) else head
        self.rows.append(((head if self.logs_base else changed)[:7], metric, status, description))
        if reset:
            git(self.repo, "reset", "-q", "--hard", head)  # the loop's discard: unreachable, still present
        return changed
