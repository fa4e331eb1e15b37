"""The file system says no: a full disk, a folder that cannot be written, a port in use, an id that is
a path. Each is one line saying what failed and what to do, with the right exit code, and nothing
already written is lost."""

from __future__ import annotations

import errno
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nrr_spec.cli import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "records"
NRR = str(Path(sys.executable).parent / "nrr")
CONVERTED = "autoresearch-batch-131k-crash"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def records(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    shutil.copytree(EXAMPLES, folder)
    return folder


@pytest.fixture
def blocker(tmp_path: Path) -> Path:
    """A file where a folder would have to be: writing under it fails as an unwritable parent does."""
    path = tmp_path / "a-file"
    path.write_text("")
    return path


def exited(result: Result, code: int) -> bool:
    """The command ended with `code` by itself, not by an exception it let through."""
    return result.exit_code == code and (result.exception is None or isinstance(result.exception, SystemExit))


def _disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_build_into_an_unwritable_place_says_so(runner: CliRunner, records: Path, blocker: Path) -> None:
    result = runner.invoke(main, ["build", str(records), "--no-search", "-q", "--out", str(blocker / "site")])
    assert exited(result, 1) and "Traceback" not in result.output
    assert "nrr build: cannot write the site" in result.output and "was left as it was" in result.output


def test_a_disk_full_during_the_build_keeps_the_previous_site(
    runner: CliRunner, records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    assert runner.invoke(main, ["build", str(records), "--no-search", "-q", "--out", str(out)]).exit_code == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    monkeypatch.setattr("nrr_spec.publish.build.write_page", _disk_full)  # the last file the build writes
    result = runner.invoke(main, ["build", str(records), "--no-search", "-q", "--out", str(out)])
    assert exited(result, 1)
    assert "No space left on device; the disk is full" in result.output and "Traceback" not in result.output
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    # No half-built folder left (the build cache stays).
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site.") and p.name != ".site.cache"] == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 12 MB tmpfs, where root may mount one; the test skips elsewhere."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small file system needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode()[:200]}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def _build_in_a_process(records: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [NRR, "build", str(records), "--no-search", "-q", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_a_really_full_disk_keeps_the_previous_site(records: Path, small_disk: Path) -> None:
    out = small_disk / "site"
    first = _build_in_a_process(records, out)
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - 256 * 1024))  # room for a quarter of a megabyte
    again = _build_in_a_process(records, out)
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert "No space left on device" in again.stderr and "was left as it was" in again.stderr
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in small_disk.iterdir()) == [".site.cache", "filler", "site"]  # and the build cache


def test_revise_on_a_full_disk_changes_nothing(runner: CliRunner, records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = records / f"{CONVERTED}.json"
    before = path.read_bytes()
    monkeypatch.setattr("nrr_spec.io.os.replace", _disk_full)
    result = runner.invoke(main, ["revise", CONVERTED, "--records", str(records), "-m", "typo"])
    assert exited(result, 1) and "Traceback" not in result.output
    assert "No space left on device; the disk is full" in result.output and "nothing was changed" in result.output
    assert path.read_bytes() == before
    assert not [p for p in records.rglob("*.tmp")]


def test_new_on_a_full_disk_writes_nothing(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("nrr_spec.io.os.replace", _disk_full)
    folder = tmp_path / "records"
    answers = [
        "--title",
        "Nothing fits",
        "--problem",
        "A full disk.",
        "--author",
        "Ada Lovelace",
        "--hypothesis",
        "It fits.",
        "--result",
        "It did not.",
        "--explanation",
        "The disk was full.",
    ]
    result = runner.invoke(main, ["new", "--no-input", "--template", "tiny", "--records", str(folder), *answers])
    assert exited(result, 1) and "Traceback" not in result.output, result.output
    assert "No space left on device" in result.output
    assert not folder.exists() or not [p for p in folder.rglob("*") if p.is_file()]


def test_validate_report_to_an_unwritable_place(runner: CliRunner, records: Path, blocker: Path) -> None:
    result = runner.invoke(main, ["validate", str(records), "-o", str(blocker / "report.txt")])
    assert exited(result, 2)
    assert "nrr validate: cannot write the report" in result.output and "a file is in the way" in result.output


def test_cite_to_an_unwritable_place(runner: CliRunner, records: Path, blocker: Path) -> None:
    result = runner.invoke(main, ["cite", CONVERTED, "--records", str(records), "-o", str(blocker / "x.bib")])
    assert exited(result, 1) and "cannot write the citation" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("bad_id", ["/etc/passwd", "**", "../records", "a" * 300, "UPPER-case"])
@pytest.mark.parametrize("command", [["cite"], ["score"], ["review", "--no-input"], ["revise", "-m", "x"]])
def test_ids_that_are_not_ids_are_refused_by_name(runner: CliRunner, records: Path, command: list[str], bad_id: str) -> None:
    result = runner.invoke(main, [*command, bad_id, "--records", str(records)])
    assert exited(result, 1), result.output
    assert "is not a record id" in result.output and "Traceback" not in result.output
    assert len(result.output) < 600  # a 300-character id is shortened, not echoed whole


def test_serve_on_a_port_in_use(records: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [NRR, "serve", str(records), "--no-search", "--port", str(port), "--out", str(tmp_path / "site")],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"nrr serve: cannot listen on 127.0.0.1:{port}: Address already in use" in done.stderr
    assert "choose another with --port" in done.stderr


def test_serve_names_itself_when_its_input_is_refused(tmp_path: Path) -> None:
    done = subprocess.run(
        [NRR, "serve", str(tmp_path / "nope"), "--no-search", "--out", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "nrr serve: refused: " in done.stderr and "nope: no such file or folder" in done.stderr
    assert "nrr build" not in done.stderr


def test_a_killed_build_leaves_temporary_folders_that_the_next_build_removes(
    runner: CliRunner, records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nrr_spec.publish.swap import clean_stale_temp

    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr("tempfile.tempdir", None)  # read TMPDIR again
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True)
    killed = [temp / f"nrr-search-{dead.stdout.strip()}-abc123", temp / f"nrr-mkdocs-{dead.stdout.strip()}-def456"]
    running = temp / f"nrr-search-{os.getpid()}-live00"  # a build still at work: left alone
    old_style = temp / "nrr-mkdocs-k2j3h4g5"  # named before folders carried a process id, a day old
    for folder in [*killed, running, old_style]:
        folder.mkdir()
        (folder / "page.html").write_text("x")
    os.utime(old_style, (0, 0))
    result = runner.invoke(main, ["build", str(records), "--no-search", "-q", "--out", str(tmp_path / "site")])
    assert exited(result, 0), result.output
    assert sorted(p.name for p in temp.iterdir()) == [running.name]
    assert clean_stale_temp(temp) == []


def test_build_refuses_when_a_folder_cannot_be_listed(
    runner: CliRunner, records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = records / "locked"
    locked.mkdir()
    shutil.copy(EXAMPLES / f"{CONVERTED}.json", locked / "hidden.json")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:  # as root, permissions never stop a listing: stand in for one
        if Path(os.fsdecode(path)) == locked:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return real_scandir(path)  # type: ignore[arg-type]

    real_listdir = os.listdir

    def listdir(path: object = ".") -> list[str]:
        if Path(os.fsdecode(path)) == locked:  # type: ignore[arg-type]
            raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(path))  # type: ignore[arg-type]
        return real_listdir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "listdir", listdir)
    result = runner.invoke(main, ["build", str(records), "--no-search", "-q", "--out", str(tmp_path / "site")])
    assert exited(result, 1), result.output
    assert f"{locked}:1:1: NRR007 cannot read folder: Permission denied" in result.output
    assert not (tmp_path / "site").exists()
