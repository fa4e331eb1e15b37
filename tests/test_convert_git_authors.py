"""Authors read from git: a person's name is the record's author; a machine's default identity
(`root`, a login at a host with no domain) is not a name, and the summary says how to give one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from gitrepo import ADA, commit, git

from nrr_spec.cli import main
from nrr_spec.convert.fromgit import machine_identity

TRAIN = "DEPTH = 8\nMATRIX_LR = 0.04\n"


@pytest.fixture
def loop(tmp_path: Path) -> tuple[Path, Path]:
    """A loop's work tree whose commits are by root, by a container's login, and by a person."""
    folder = tmp_path / "loop"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "main")
    root, login = ("root", "root@localhost"), ("ubuntu", "ubuntu@3f2a9c1b7d4e")
    base = commit(folder, {"train.py": TRAIN}, "baseline", author=root)
    by_root = commit(folder, {"train.py": TRAIN.replace("0.04", "0.05")}, "raise lr", author=root)
    by_login = commit(folder, {"train.py": TRAIN.replace("0.04", "0.05").replace("= 8", "= 10")}, "deeper", author=login)
    by_person = commit(folder, {"train.py": TRAIN.replace("0.04", "0.06")}, "raise lr more", author=ADA)
    rows = [(base, "1.000", "keep", "baseline"), (by_root, "0.990", "keep", "raise lr"), (by_login, "1.010", "discard", "deeper")]
    rows.append((by_person, "1.020", "discard", "raise lr more"))
    log = folder / "results.tsv"
    lines = ["commit\tval_bpb\tmemory_gb\tstatus\tdescription"] + ["\t".join((c, v, "44.0", s, d)) for c, v, s, d in rows]
    log.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder, log


def _convert(log: Path, repo: Path, *options: str) -> tuple[dict[int, dict], str]:
    result = CliRunner().invoke(
        main, ["convert", "autoresearch", str(log), "--repo", str(repo), "-o", "-", "--no-progress", *options]
    )
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    return {r["provenance"]["source"]["row"]: r for r in records}, result.stderr


def test_a_machine_identity_is_not_written_as_an_author(loop: tuple[Path, Path]) -> None:
    repo, log = loop
    rows, summary = _convert(log, repo)
    assert [rows[n].get("authors") for n in (2, 3, 4)] == [None, None, [{"name": "Ada Lovelace"}]]
    assert rows[2]["created"] == "2026-03-08", "the commit's date is still read"
    note = next(line for line in summary.splitlines() if "authors could not be read from git" in line)
    assert "3 record(s)" in note and "--author" in note
    assert "root <root@localhost>" in note and "ubuntu <ubuntu@3f2a9c1b7d4e>" in note


def test_author_option_names_them_and_the_summary_says_nothing(loop: tuple[Path, Path]) -> None:
    repo, log = loop
    rows, summary = _convert(log, repo, "--author", "Grace Hopper")
    assert {json.dumps(r["authors"]) for r in rows.values()} == {json.dumps([{"name": "Grace Hopper"}])}
    assert "authors could not be read" not in summary


@pytest.mark.parametrize(
    ("name", "email", "machine"),
    [
        ("root", "root@localhost", True),
        ("root", "root@a1b2c3d4e5f6", True),
        ("Root", "", True),
        ("root", "ops@lab.example.org", True),  # a superuser, whatever its address
        ("", "someone@example.org", True),
        ("ubuntu", "ubuntu@ip-10-0-0-12.ec2.internal", True),
        ("jovyan", "jovyan@jupyter-ada", True),
        ("runner", "", True),
        ("Ada Lovelace", "ada@laptop", False),  # a full name: a person set it
        ("ada", "ada@example.org", False),  # a login at a real domain: a person's address
        ("ada", "ada@users.noreply.github.com", False),
        ("Claude", "noreply@anthropic.com", False),
        ("Grace Hopper", "", False),
    ],
)
def test_machine_identity(name: str, email: str, machine: bool) -> None:
    assert machine_identity(name, email) is machine
