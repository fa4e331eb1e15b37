"""Which git diff belongs to which row of a log, decided per log.

A loop's commit cell does not mean the same thing everywhere. Usually the commit holds the row's
change (`own`); some loops log the base the run started from (`base`): a kept change is then the
child commit and a failed one was never committed. Both readings are tried on the log's rows and
the one whose diffs agree with the rows' descriptions wins. A diff goes to a row only where that
reading says it belongs: a commit several rows share goes to the rows whose description it
agrees with (or to all of them when they are re-runs of one description), never to the others.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..changes.git import ExperimentDiff, GitError, Repository
from ..changes.numbers import is_factor, parse_number
from ..changes.resolve import resolve_parameter
from ..changes.text import parse_stateless
from ..model.vocabulary import KEPT_OUTCOMES, ExperimentOutcome

_FAILED = (ExperimentOutcome.discard.value, ExperimentOutcome.crash.value)  # a failed change was never committed

if TYPE_CHECKING:
    from .options import ConvertResult
    from .reader import LogText

SAMPLE = 80  # rows tried with each reading


@dataclass
class LogRow:
    row: int
    commit: str | None
    description: str
    outcome: str | None


@dataclass
class GitLink:
    """The diffs of a log's rows, and what the commit cell was found to mean."""

    repository: Repository
    meaning: str = "own"  # "own": the commit holds the row's change; "base": the commit is what the run started from
    diffs: dict[int, ExperimentDiff] = field(default_factory=dict)  # row -> its experiment's diff
    bases: dict[int, str] = field(default_factory=dict)  # row -> the commit the experiment started from
    present: int = 0  # rows whose commit is in the repository
    present_rows: set[int] = field(default_factory=set)
    named: int = 0  # rows that name a commit
    shared: int = 0  # rows on a commit another row names too
    agreement: tuple[int, int] = (0, 0)  # rows whose diff agrees with the description, of those tried
    unreadable: set[str] = field(default_factory=set)
    shallow: int = 0  # rows whose commit is at the edge of a shallow clone (its parent not fetched)
    aside: dict[str, int] = field(default_factory=dict)  # files the log's diffs seldom touch -> diffs touching them

    def summary(self) -> str:
        meaning = (
            "each row's commit holds its change"
            if self.meaning == "own"
            else "each row's commit is the base it started from (a kept change is the child commit)"
        )
        agree, tried = self.agreement
        text = (
            f"{self.named} rows name a commit, {self.present} present; {meaning} "
            f"({agree} of {tried} diffs tried agree with their descriptions); {len(self.diffs)} rows read from git"
        )
        if self.shared:
            text += f"; {self.shared} rows share a commit with another row"
        if self.shallow:
            text += (
                f"; {self.shallow} rows' commits are at the edge of a shallow clone (their parents were not fetched): "
                "read from their descriptions; `git fetch --unshallow` lets git say what they changed"
            )
        if self.aside:
            files = ", ".join(f"{name} ({count} of {len(self.diffs)} diffs)" for name, count in sorted(self.aside.items()))
            text += f"; changes in {files} are kept in the patches but not read as the experiments' changes"
        return text


def agrees(diff: ExperimentDiff, description: str) -> bool:
    """Whether a diff and a row's description say the same change: a parameter in common, with the
    same new value where the description gives a number."""
    described, _ = parse_stateless(description)
    if not described or not diff.changes:
        return False
    names: dict[str, int] = {}
    for c in diff.changes:
        names[str(c["parameter"])] = 1
    for change in described:
        found = resolve_parameter(str(change["parameter"]), names)
        if found.how == "unknown":
            continue
        wanted = parse_number(change.get("to"))
        if wanted is None or is_factor(change.get("to")):
            return True
        for c in diff.changes:
            if resolve_parameter(str(change["parameter"]), {str(c["parameter"]): 1}).how == "unknown":
                continue
            value = parse_number(c.get("to"))
            if value is not None and abs(wanted - value) <= 0.05 * max(abs(value), 1e-12):
                return True
    return False


def undoes_parent(diff: ExperimentDiff, parent: ExperimentDiff | None, description: str) -> bool:
    """Whether the diff puts back every value its parent changed, a parent that is not a kept row.

    Loops that do not reset a failed try revert its values in the next experiment's commit (the
    parent set `DEPTH = 8` -> `12` and was discarded unlogged; the child sets `MATRIX_LR` and
    `DEPTH = 12` -> `8`): the row's change is then against the state before that try. A parent
    that edited code, or a value the row's description names, is left as it is.
    """
    if parent is None or not parent.changes or not parent.base:
        return False
    if any(c.get("from") is None and c.get("to") is None for c in parent.changes):
        return False
    back = {(c["parameter"], c.get("from"), c.get("to")) for c in diff.changes}
    if any((c["parameter"], c.get("to"), c.get("from")) not in back for c in parent.changes):
        return False
    described = [str(c["parameter"]) for c in parse_stateless(description)[0]]
    return not any(
        resolve_parameter(name, {str(c["parameter"]): 1}).how != "unknown" for name in described for c in parent.changes
    )


def link(rows: list[LogRow], repository: Repository, base_column: bool = False) -> GitLink:
    """Decide what the log's commit cell means and which row gets which diff."""
    result = GitLink(repository)
    named = [r for r in rows if r.commit]
    result.named = len(named)
    resolved = repository.resolve([r.commit for r in named if r.commit])
    present = [r for r in named if r.commit and resolved.get(r.commit.lower())]
    result.present = len(present)
    result.present_rows = {r.row for r in present}
    if not present:
        return result
    sha = {r.row: str(resolved[r.commit.lower()]) for r in present if r.commit}
    uses = Counter(sha.values())
    result.shared = sum(1 for r in present if uses[sha[r.row]] > 1)
    cache: dict[str, ExperimentDiff | None] = {}

    def own(commit: str) -> ExperimentDiff | None:
        if commit not in cache:
            try:
                cache[commit] = repository.diff(commit)
            except GitError:
                cache[commit] = None
        return cache[commit]

    def child(r: LogRow) -> ExperimentDiff | None:
        kids = [d for d in (own(c) for c in repository.children(sha[r.row])) if d is not None]
        agreeing = [d for d in kids if agrees(d, r.description)]
        if len(agreeing) == 1:
            return agreeing[0]
        return kids[0] if len(kids) == 1 and r.outcome == ExperimentOutcome.keep and not agreeing else None

    tried = [r for r in present if r.description.strip() and parse_stateless(r.description)[0]][:SAMPLE]
    own_agree = sum(1 for r in tried if (d := own(sha[r.row])) is not None and agrees(d, r.description))
    base_agree = 0
    if base_column or own_agree * 2 < len(tried):  # the own reading fits most rows: no need to look for children
        base_agree = sum(1 for r in tried if (d := child(r)) is not None and agrees(d, r.description))
    if (base_agree >= 2 and base_agree > 1.5 * own_agree) or (base_column and base_agree >= own_agree):
        result.meaning = "base"
    result.agreement = (base_agree if result.meaning == "base" else own_agree, len(tried))
    by_commit: dict[str, list[LogRow]] = {}
    for r in present:
        by_commit.setdefault(sha[r.row], []).append(r)
    failed = {sha[r.row] for r in present if r.outcome in _FAILED}
    kept_commits = {sha[r.row] for r in present if r.outcome in KEPT_OUTCOMES}
    last_kept: dict[int, str] = {}
    kept: str | None = None
    for r in present:
        if kept:
            last_kept[r.row] = kept
        if r.outcome in KEPT_OUTCOMES:
            kept = sha[r.row]
    for r in present:
        commit = sha[r.row]
        if result.meaning == "base":
            result.bases[r.row] = commit
            if r.outcome not in (*_FAILED, ExperimentOutcome.baseline):
                diff = child(r)
                if diff is not None:
                    result.diffs[r.row] = diff
            continue
        diff = own(commit)
        if diff is not None and diff.base in failed and last_kept.get(r.row) and last_kept[r.row] != diff.base:
            # discards not reverted: the parent is a failed experiment; the change is against the last kept state
            try:
                diff = repository.diff(commit, last_kept[r.row])
            except GitError:
                diff = None
        elif diff is not None and diff.base and diff.base not in kept_commits:
            parent = own(diff.base)
            if parent is not None and parent.base and undoes_parent(diff, parent, r.description):
                try:
                    diff = repository.diff(commit, parent.base)
                except GitError:
                    diff = None
        if diff is not None and diff.shallow:
            result.shallow += 1
        if diff is None or not diff.code_files:
            continue
        sharing = by_commit[commit]
        reruns = len({" ".join(s.description.split()).lower() for s in sharing}) == 1
        if len(sharing) == 1 or reruns or agrees(diff, r.description):
            result.diffs[r.row] = diff
            result.unreadable.update(diff.unreadable)
        else:
            result.bases[r.row] = commit  # the row ran something on top of this commit
    set_aside_seldom_touched(result)
    return result


def start_day(link: GitLink) -> str | None:
    """The day a loop's first runs ran on, when the repository makes it certain: they ran after the
    commit the first diff starts from and before that diff's commit; if both are of one day, so
    are the runs. (A loop started from an upstream commit of months before gives no day.)"""
    if not link.diffs:
        return None
    first = link.diffs[min(link.diffs)]
    if not first.base or not first.commit.time:
        return None
    try:
        started = link.repository.commit(first.base).time
    except GitError:
        return None
    day = first.commit.time[:10]
    return day if started[:10] == day else None


# A file edited in at most this share of a long log's diffs, beside the files its experiments edit,
# is not the experiment (a plotting script committed with one run).
SELDOM, LONG_LOG = 0.05, 20


def set_aside_seldom_touched(result: GitLink) -> None:
    """Keep out of the rows' changes the edits to files a long log's diffs seldom touch, where the
    same diff also edits the files the experiments are made in; the patch keeps them."""
    if len(result.diffs) < LONG_LOG:
        return
    touched = Counter(name for diff in result.diffs.values() for name in set(diff.code_files))
    seldom = {name for name, count in touched.items() if count <= SELDOM * len(result.diffs)}
    for diff in result.diffs.values():
        files = set(diff.code_files)
        if not files & seldom or not files - seldom:
            continue
        kept = [c for c in diff.changes if str(c.get("location") or "").rsplit(":", 1)[0] not in seldom]
        if kept:
            for name in files & seldom:
                result.aside[name] = touched[name]
            diff.changes = kept


def in_work_tree(path: str | os.PathLike[str] | None) -> bool:
    """Whether a log file sits in a git work tree (whose commits its rows may name)."""
    if path is None:
        return False
    try:
        return Repository(Path(path).resolve().parent).top is not None
    except GitError:
        return False


def names_commits(log: LogText) -> bool:
    """A commit column named as one (`parent_commit`, `base_commit`), which the record's own commit is not."""
    index = log.layout.index("commit")
    return index is not None and "commit" in log.layout.columns[index].lower()


def attach_repository(
    log_path: str | os.PathLike[str] | None,
    repo: str | os.PathLike[str] | None,
    rows: list[LogRow],
    log: LogText,
    result: ConvertResult,
) -> tuple[GitLink | None, str]:
    """The log's rows linked to `repo` (default: the work tree holding the log), with what was found said in `result`."""
    from .fromgit import repository_url

    name = log.name
    if repo is None:
        if log_path is None:
            return None, ""
        try:
            repository = Repository(Path(log_path).resolve().parent)
        except GitError:
            return None, ""  # a log outside any work tree: descriptions only, as before
        where = f"the work tree holding the log ({repository.top or repository.git_dir})"
    else:
        try:
            repository = Repository(repo)
        except GitError as exc:
            result.errors.append(f"{name}: --repo {repo}: {exc}. Give a git work tree or a bare repository, or --no-repo.")
            return None, ""
        where = str(repo)
    column = log.layout.columns[log.layout.index("commit") or 0].lower()
    try:
        found = link(rows, repository, base_column=any(w in column for w in ("parent", "base")))
    except GitError as exc:
        result.errors.append(f"{name}: reading {where}: {exc}")
        return None, ""
    if repo is None and not found.present:
        return None, ""  # a log kept in some other project's work tree: nothing of it is there
    result.notes.append(f"{name}: git: {where}: {found.summary()}")
    if found.unreadable:
        result.notes.append(
            f"{name}: git: {len(found.unreadable)} file(s) are not in this clone "
            f"(e.g. {sorted(found.unreadable)[0]}); their changes are named by file only"
        )
    return found, repository_url(repository)
