"""What an experiment's git commit changed: exact changes, the patch, the commit's author, time and message.

Reads a work tree or a bare repository with the `git` command. Objects count when present, reachable
or not (a loop's reset discards stay until git collects garbage). A partial clone's missing blobs
are never fetched: a file that cannot be read is reported, not guessed.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import NrrError
from .change import Change, diff_change
from .code_constants import constant_changes
from .configs import CONFIG_SUFFIXES, config_changes
from .fold import once
from .pycode import python_changes, whole_module
from .uses import categories_by_use

PATCH_LIMIT = 64 * 1024  # bytes of a patch kept in a record
_SHA = re.compile(r"^[0-9a-f]{7,40}$")
# Files that are a loop's bookkeeping, its data or its outputs, not its code (binary files are
# recognised by their content too).
_NOT_CODE = re.compile(
    r"(^|/)([^/]*\.(tsv|csv|jsonl|log|md|txt|rst|png|jpe?g|gif|webp|svg|pdf|ipynb|lock|parquet|npy|npz|pt|pth|bin|"
    r"safetensors|ckpt|onnx|h5|pkl|pickle|zip|gz|tar|wav|mp3|mp4|woff2?|ttf)|LICENSE[^/]*|\.gitignore|\.gitattributes|"
    r"\.DS_Store)$",
    re.I,
)
_WHOLE = {"A": "add", "D": "remove"}
_HUNK_FUNCTION = re.compile(r"^@@ [^@]+ @@ ?(.*)$", re.M)
# The function a hunk header names: the word before its first parenthesis, else the name after `struct`, `impl`...
_CALLED = re.compile(r"([A-Za-z_]\w*)\s*\(")
_DECLARED = re.compile(r"\b(?:fn|def|class|struct|impl|enum|trait|mod|func|function)\s+([A-Za-z_]\w*)")


class GitError(NrrError):
    """The folder is not a git repository, or git is not installed."""


@dataclass
class Commit:
    sha: str
    parents: list[str]
    author: str
    email: str
    time: str  # ISO 8601 with offset
    subject: str
    body: str


@dataclass
class ExperimentDiff:
    """What one commit changed against its parent."""

    commit: Commit
    base: str | None  # the parent the diff is taken against
    changes: list[Change] = field(default_factory=list)
    code_files: list[str] = field(default_factory=list)
    patch: str | None = None
    unreadable: list[str] = field(default_factory=list)  # files whose content is not in the repository
    shallow: bool = False  # the commit's parents were not fetched (a shallow clone): what it changed is unknown
    categories: dict[str, str] = field(default_factory=dict)  # what the code uses a changed name for (`uses`)


class Repository:
    """A git repository, read with `git --git-dir`."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        try:
            done = subprocess.run(
                ["git", "-C", str(self.path), "rev-parse", "--absolute-git-dir"], capture_output=True, text=True, check=False
            )
        except OSError as exc:
            raise GitError(f"cannot run git: {exc.strerror or exc}") from exc
        if done.returncode != 0:
            raise GitError(f"{self.path} is not a git repository (work tree or bare)")
        self.git_dir = done.stdout.strip()
        top = subprocess.run(
            ["git", "-C", str(self.path), "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=False
        )
        self.top = top.stdout.strip() if top.returncode == 0 else None  # the work tree; None for a bare repository
        self._resolved: dict[str, str | None] = {}
        self._children: dict[str, list[str]] | None = None
        # A shallow clone lists the commits whose parents it did not fetch; git shows them parentless.
        shallow = Path(self.git_dir) / "shallow"
        self.shallow = (
            frozenset(shallow.read_text(encoding="ascii", errors="replace").split()) if shallow.is_file() else frozenset()
        )

    def _git(self, *args: str, input_text: str | None = None, check: bool = True) -> str:
        env = {**os.environ, "GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
        done = subprocess.run(
            ["git", "--git-dir", self.git_dir, "-c", "core.quotepath=off", *args],
            input=input_text,
            capture_output=True,
            text=True,
            errors="replace",
            env=env,
            check=False,
        )
        if check and done.returncode != 0:
            raise GitError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"git {args[0]} failed")
        return done.stdout

    def resolve(self, cells: list[str]) -> dict[str, str | None]:
        """Full commit hashes for commit cells (abbreviated hashes), None where no such commit is present."""
        wanted = [c for c in dict.fromkeys(c.lower() for c in cells) if c not in self._resolved]
        if wanted:
            valid = [c for c in wanted if _SHA.match(c)]
            for c in wanted:
                self._resolved[c] = None
            if valid:
                out = self._git(
                    "cat-file",
                    "--batch-check=%(objectname) %(objecttype)",
                    input_text="".join(f"{c}^{{commit}}\n" for c in valid),
                    check=False,
                ).splitlines()
                for cell, line in zip(valid, out, strict=False):
                    parts = line.split()
                    if len(parts) == 2 and parts[1] == "commit":
                        self._resolved[cell] = parts[0]
        return {c.lower(): self._resolved.get(c.lower()) for c in cells}

    @lru_cache(maxsize=4096)  # noqa: B019  (one repository object per conversion)
    def commit(self, sha: str) -> Commit:
        raw = self._git("show", "-s", "--format=%H%x00%P%x00%an%x00%ae%x00%aI%x00%s%x00%b", sha)
        parts = raw.rstrip("\n").split("\x00")
        parts += [""] * (7 - len(parts))
        return Commit(parts[0], parts[1].split(), parts[2], parts[3], parts[4], parts[5], parts[6].strip())

    def children(self, sha: str) -> list[str]:
        """Commits whose parent is `sha`: from every ref, the reflogs and unreachable commits still present."""
        if self._children is None:
            self._children = {}
            listing = self._git("rev-list", "--all", "--reflog", "--parents", check=False)
            dangling = self._git("fsck", "--unreachable", "--no-reflogs", "--connectivity-only", "--no-progress", check=False)
            extra = [line.split()[2] for line in dangling.splitlines() if line.startswith("unreachable commit")]
            if extra:
                listing += self._git("rev-list", "--parents", "--no-walk", *extra, check=False)
            for line in listing.splitlines():
                commit, *parents = line.split()
                for parent in parents:
                    self._children.setdefault(parent, [])
                    if commit not in self._children[parent]:
                        self._children[parent].append(commit)
        return list(self._children.get(sha, []))

    def file(self, sha: str, path: str) -> str | None:
        """A file's text at a commit; None when absent or not in this (partial) clone."""
        done = subprocess.run(
            ["git", "--git-dir", self.git_dir, "cat-file", "blob", f"{sha}:{path}"],
            capture_output=True,
            env={**os.environ, "GIT_NO_LAZY_FETCH": "1", "GIT_TERMINAL_PROMPT": "0"},
            check=False,
        )
        if done.returncode != 0:
            return None
        return done.stdout.decode("utf-8", errors="replace")

    def diff(self, sha: str, base: str | None = None) -> ExperimentDiff:
        """What `sha` changed against `base` (default: its first parent)."""
        commit = self.commit(sha)
        if base is None and commit.sha in self.shallow:
            return ExperimentDiff(commit, None, shallow=True)  # not everything added: its parent is only not here
        base = base or (commit.parents[0] if commit.parents else None)
        against = base or "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # the empty tree
        result = ExperimentDiff(commit, base)
        pathspec: list[str] = []
        for status, before, path in self._files(against, sha):
            if _NOT_CODE.search(path) or _is_tool_state(path):
                continue
            found = self._file_changes(against if base else None, sha, path, status, result, before)
            if found is None:
                continue  # a binary file
            result.code_files.append(path)
            pathspec += [before, path] if before != path else [path]
            result.changes.extend(found)
        result.changes = once(result.changes)  # the same edit in several files is one change
        if result.code_files:
            result.patch = self._patch(against, sha, pathspec)
        return result

    def _files(self, base: str, sha: str) -> list[tuple[str, str, str]]:
        """(status, path before, path after) of each file `sha` changed against `base`. A file renamed
        with edits is read as edited (a loop that renames its script still changed its settings); NUL
        separators keep paths with tabs, quotes or newlines whole."""
        fields = self._git("diff", "-z", "--find-renames", "--name-status", base, sha, check=False).split("\0")
        found: list[tuple[str, str, str]] = []
        at = 0
        while at + 1 < len(fields):
            status = fields[at]
            if status[:1] in ("R", "C") and at + 2 < len(fields):
                found.append(("M" if status[:1] == "R" else "A", fields[at + 1], fields[at + 2]))
                at += 3
            else:
                found.append((status, fields[at + 1], fields[at + 1]))
                at += 2
        return [entry for entry in found if entry[2]]

    def _file_changes(
        self, base: str | None, sha: str, path: str, status: str, result: ExperimentDiff, before: str | None = None
    ) -> list[Change] | None:
        """The changes of one file (`before`: its path in `base`, where it was renamed); None for a
        binary file, which is no code."""
        before = before or path
        old = self.file(base, before) if base and not status.startswith("A") else None
        new = self.file(sha, path) if not status.startswith("D") else None
        if any(text is not None and "\x00" in text[:8000] for text in (old, new)):
            return None  # as git itself decides: a NUL byte in the first 8000 bytes
        if (old is None and base and not status.startswith("A")) or (new is None and not status.startswith("D")):
            result.unreadable.append(path)
            return [_file_change(path, status)]
        if status[:1] in ("A", "D"):  # a file added or deleted is one change: its contents are not settings that moved
            return [whole_module(path, _WHOLE[status[:1]]) if path.endswith(".py") else _file_change(path, status)]
        found: list[Change] | None = None
        if path.endswith(".py"):
            found = python_changes(old, new, path)
            result.categories.update(categories_by_use(new, found or ()))
        elif path.endswith(CONFIG_SUFFIXES):
            found = config_changes(old, new, path)
        elif old is not None and new is not None:
            found = constant_changes(old, new, path)  # C, CUDA, Rust...: only where nothing but constants moved
        if found is not None:
            return found
        return self._hunk_changes(base, sha, path, status, before)

    def _hunk_changes(self, base: str | None, sha: str, path: str, status: str, before: str) -> list[Change]:
        """Code git cannot parse for us (Rust, Metal, C): the functions its hunk headers name, else the file."""
        if status[:1] in ("A", "D") or not base:
            return [_file_change(path, status)]
        text = self._git("diff", "-U0", "--find-renames", base, sha, "--", *dict.fromkeys((before, path)), check=False)
        names: list[str] = []
        for header in _HUNK_FUNCTION.findall(text):
            match = _CALLED.search(header) or _DECLARED.search(header)
            name = match.group(1) if match else None
            if name and name not in names:
                names.append(name)
        if not names:
            return [_file_change(path, status)]
        return [diff_change(_snake(name), "replace", path) for name in names[:8]]

    def _patch(self, base: str, sha: str, paths: list[str]) -> str:
        text = self._git("diff", "--no-color", "--no-ext-diff", "--find-renames", base, sha, "--", *paths, check=False)
        return cap_patch(text)


def cap_patch(text: str, limit: int = PATCH_LIMIT) -> str:
    """The patch, cut at a line boundary to `limit` bytes with a note saying how much was left out."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    note = "\n[patch cut at 64 KiB: {} of {} bytes shown]\n"
    room = limit - len(note.format(limit, len(data)).encode("utf-8")) - 8
    head = data[:room].decode("utf-8", errors="ignore")
    head = head[: head.rfind("\n") + 1] if "\n" in head else head
    return head + note.format(len(head.encode("utf-8")), len(data)).lstrip("\n")


def _is_tool_state(path: str) -> bool:
    """A hidden file that is neither Python nor configuration by its suffix: a tool's state (an
    assistant's input history, an editor's settings, an environment file), not the experiment's code."""
    name = path.rsplit("/", 1)[-1]
    return name.startswith(".") and not name.endswith((".py", *CONFIG_SUFFIXES))


def _snake(name: str) -> str:
    from .names import snake_case

    return snake_case(name) or name


def _file_change(path: str, status: str) -> Change:
    direction = {"A": "add", "D": "remove"}.get(status[:1], "replace")
    return diff_change(_snake(Path(path).name), direction, path)
