"""What git adds to a converted record: exact changes, the patch, the base commit, date, author, hypothesis."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

from ..changes.categories import categorise
from ..changes.change import Change
from ..changes.fold import said_by
from ..changes.git import ExperimentDiff, Repository

# A git trailer line ("Co-Authored-By: ...", "Signed-off-by: ..."), as git interpret-trailers reads one.
_TRAILER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*: \S")
_SCP = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>[\w./~-]+?)(?:\.git)?/?$")
# Accounts that are a machine's, never a person's: git names a commit after them when nobody set user.name.
_SYSTEM_ACCOUNTS = frozenset({"root", "(none)"})
# Mail domains git makes up from a host name when nobody set user.email (`root@localhost`,
# `user@3f2a9c1b7d4e` in a container, `me@laptop.local`), and that no person reads mail at.
_MACHINE_DOMAIN = re.compile(r"^(?:[^.]*|.*\.(?:local|localdomain|lan|internal|home|\(none\)))$", re.I)


def machine_identity(name: str, email: str) -> bool:
    """Whether a commit's author is a machine's default identity rather than a person's name.

    `root`, whatever its address, is a superuser, never a researcher. Another one-word login name
    is a machine's when the address is too: none at all, or the same login at a host with no domain
    (what git writes when user.name and user.email were never set). "Ada Lovelace <ada@laptop>"
    keeps its name: git took it from the account's full name, which a person wrote.
    """
    name = name.strip()
    login = name.lower()
    if not name or login in _SYSTEM_ACCOUNTS:
        return True
    local, at, domain = email.strip().partition("@")
    machine_address = not at or not domain or bool(_MACHINE_DOMAIN.match(domain))
    return machine_address and " " not in name and (not at or local.lower() == login)


def is_value(change: Change) -> bool:
    """A change of a value (a constant, keyword, number, config key), not an edit of code."""
    return change.get("from") is not None or change.get("to") is not None


def merged_changes(diff: ExperimentDiff | None, described: list[Change]) -> tuple[list[Change], str | None]:
    """The record's changes and category when git is in use.

    A diff of values only is the whole truth: its changes, exactly. A diff that edits code names
    the code it touched, and the description's reading stays beside it (`evidence: description`).
    Without a diff, the description's reading is all there is. The category is None when it should
    come from the description.
    """
    reading = [{**c, "evidence": "description"} for c in described]
    if diff is None or not diff.changes:
        return reading, None
    exact = [dict(c) for c in diff.changes]
    used = diff.categories  # what the code uses a name for, where the name itself says nothing
    if all(is_value(c) for c in exact):
        return exact, categorise(exact, known=used)
    named = {str(c["parameter"]) for c in exact}
    beside = [c for c in reading if str(c["parameter"]) not in named and not said_by(c, exact)]
    values = [c for c in exact if is_value(c)] + beside
    category = categorise(values, known=used) if values else categorise(exact, known=used)
    return exact + beside, category


def repository_url(repository: Repository) -> str:
    """The repository's public address (its `origin`), else a file URI of where it is."""
    done = subprocess.run(
        ["git", "--git-dir", repository.git_dir, "config", "--get", "remote.origin.url"],
        capture_output=True,
        text=True,
        check=False,
    )
    url = done.stdout.strip()
    if url.startswith(("https://", "http://")):
        return re.sub(r"//[^/@]+@", "//", url)  # never a token written into the remote's address
    scp = _SCP.match(url)
    if scp and "/" in scp.group("path") and not url.startswith(("/", ".")):
        return f"https://{scp.group('host')}/{scp.group('path')}"
    folder = Path(repository.git_dir)
    if folder.name == ".git":
        folder = folder.parent
    return folder.resolve().as_uri()


def add_git_sections(
    record: dict[str, Any], diff: ExperimentDiff | None, base: str | None, url: str, author_given: bool
) -> str | None:
    """Fill reproducibility.code, the date, the author and the hypothesis from the row's commit.

    Returns the commit's author identity ("root <root@localhost>") when it is a machine's default
    (see `machine_identity`) and so was not written as the record's author; None otherwise.
    """
    reproducibility = record.setdefault("reproducibility", {})
    code = reproducibility.get("code") if isinstance(reproducibility.get("code"), dict) else {}
    code["repository"] = code.get("repository") or url
    if diff is not None:
        code["commit"] = diff.commit.sha
        if diff.base:
            code["base_commit"] = diff.base
        if diff.patch:
            code["patch"] = diff.patch
    elif base:
        code["base_commit"] = base
    reproducibility["code"] = code
    if diff is None:
        return None
    commit = diff.commit
    if commit.time:
        record["created"] = commit.time[:10]
    unknown = None
    if not author_given and machine_identity(commit.author, commit.email):
        unknown = f"{commit.author.strip() or '(no name)'} <{commit.email.strip()}>"
    elif not author_given:
        record["authors"] = [{"name": commit.author.strip()}]
    motivation = without_trailers(commit.body)
    if motivation and "hypothesis" not in record:
        record["hypothesis"] = {"statement": motivation[:4000]}
    return unknown


def without_trailers(body: str) -> str:
    """A commit message body less its closing block of trailers: who co-authored or signed off is
    about the commit, not why the experiment was tried (a body of trailers alone says nothing)."""
    paragraphs = body.strip().split("\n\n")
    if all(_TRAILER.match(line) for line in paragraphs[-1].splitlines()):
        paragraphs.pop()
    return "\n\n".join(paragraphs).strip()
