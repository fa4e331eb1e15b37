"""A converted record's id names its log, and a conversion never replaces a record of another source."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.convert import record_ids
from nrr_spec.convert.record_ids import log_identity, source_tag

RUN_A = "val_bpb\tstatus\tdescription\n1.00\tkeep\tbaseline\n0.98\tkeep\tincrease LR to 0.04\n1.02\tdiscard\tswitch to GeLU\n"
RUN_B = "val_bpb\tstatus\tdescription\n1.10\tkeep\tbaseline\n1.12\tdiscard\tdouble the batch\n1.09\tkeep\tadd warmup\n"


def _convert(log: Path, out: Path, *more: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(log), *map(str, more), "--output", str(out)])
    return result.exit_code, result.output


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


def _record(out: Path, log: Path, row: int) -> tuple[Path, dict]:
    path = out / f"results-{source_tag(log_identity(log, out))}-r{row}.json"
    return path, json.loads(path.read_text(encoding="utf-8"))


def _person_adds(out: Path, log: Path, row: int, **sections: Any) -> dict[str, Any]:
    """A person writes `sections` into the record converted from `row` of `log`; returns the record."""
    path, record = _record(out, log, row)
    record.update(sections)
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return record


@pytest.fixture
def two_runs(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Two loops' logs, both called results.tsv and without a commit column, and one records folder."""
    (tmp_path / "run-a").mkdir()
    (tmp_path / "run-b").mkdir()
    a, b = tmp_path / "run-a" / "results.tsv", tmp_path / "run-b" / "results.tsv"
    a.write_text(RUN_A, encoding="utf-8")
    b.write_text(RUN_B, encoding="utf-8")
    return a, b, tmp_path / "records"


def test_two_logs_of_one_name_keep_their_own_records_and_a_person_s_text(two_runs: tuple[Path, Path, Path]) -> None:
    a, b, out = two_runs
    assert _convert(a, out)[0] == 0
    record = _person_adds(out, a, 3, interpretation={"explanation": "GeLU loses to ReLU squared under Muon."})
    before = _snapshot(out)
    code, output = _convert(b, out)
    assert code == 0, output
    assert "3 written, 0 unchanged" in output
    after = _snapshot(out)
    assert {name: after[name] for name in before} == before, "run A's records are untouched"
    assert len(after) == 6
    assert _record(out, b, 3)[1]["experiment"]["description"] == "add warmup"
    assert _record(out, a, 3)[1]["interpretation"] == record["interpretation"]
    assert _record(out, a, 3)[1]["experiment"]["description"] == "switch to GeLU"


def test_ids_are_the_same_from_another_working_folder(two_runs: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    a, _, out = two_runs
    assert _convert(a, out)[0] == 0
    before = _snapshot(out)
    monkeypatch.chdir(a.parent)
    code, output = _convert(Path("results.tsv"), Path("..") / "records")
    assert code == 0 and "0 written, 3 unchanged" in output, output
    assert _snapshot(out) == before


def test_a_log_read_through_a_link_to_its_folder_keeps_its_session_and_records(two_runs: tuple[Path, Path, Path]) -> None:
    a, _, out = two_runs
    assert _convert(a, out)[0] == 0
    before = _snapshot(out)
    link = a.parent.parent / "link"
    link.symlink_to(a.parent, target_is_directory=True)
    code, output = _convert(link / "results.tsv", out)
    assert code == 0 and "0 written, 3 unchanged" in output, output
    assert _snapshot(out) == before


def test_a_log_replaced_at_the_same_path_is_refused_and_nothing_changes(two_runs: tuple[Path, Path, Path]) -> None:
    a, _, out = two_runs
    assert _convert(a, out)[0] == 0
    before = _snapshot(out)
    a.write_text(RUN_B + "1.20\tdiscard\tdeeper model\n", encoding="utf-8")  # a new run, same place, one row longer
    code, output = _convert(a, out)
    assert code == 1
    assert "refusing to replace record" in output and "none written" in output
    assert "'switch to GeLU'" in output and "'add warmup'" in output, "both sources are named"
    assert output.count("refusing to replace") == 3, "every conflict is reported, not only the first"
    assert _snapshot(out) == before, "not even the new fourth row is written"


def test_an_appended_log_adds_the_new_rows_and_leaves_the_earlier_records_byte_for_byte(
    two_runs: tuple[Path, Path, Path],
) -> None:
    a, _, out = two_runs
    assert _convert(a, out)[0] == 0
    record = _person_adds(out, a, 2, hypothesis={"statement": "A higher learning rate converges faster."})
    before = _snapshot(out)
    with a.open("a", encoding="utf-8") as handle:
        handle.write("0.97\tkeep\tadd warmup\n")
    code, output = _convert(a, out)
    assert code == 0, output
    assert "1 written, 3 unchanged" in output
    after = _snapshot(out)
    assert {name: after[name] for name in before} == before, "a loop's log grows after every run: its earlier records stay"
    assert _record(out, a, 2)[1]["hypothesis"] == record["hypothesis"]
    added = _record(out, a, 4)[1]
    assert added["experiment"]["description"] == "add warmup"
    assert added["provenance"]["source"]["checksum"] != record["provenance"]["source"]["checksum"]  # the log as it is now


def test_a_record_a_person_wrote_under_that_id_is_never_replaced(two_runs: tuple[Path, Path, Path]) -> None:
    a, _, out = two_runs
    out.mkdir()
    mine = out / f"results-{source_tag(log_identity(a, out))}-r1.json"
    mine.write_text('{"id": "written-by-hand", "title": "Mine"}\n', encoding="utf-8")
    code, output = _convert(a, out)
    assert code == 1 and "a person or another tool wrote it" in output
    assert _snapshot(out) == {mine.name: b'{"id": "written-by-hand", "title": "Mine"}\n'}


def test_two_logs_that_would_make_one_id_in_one_run_write_nothing(
    two_runs: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    a, b, out = two_runs
    monkeypatch.setattr("nrr_spec.convert.pipeline.source_tag", lambda identity: "0000aaaa")
    code, output = _convert(a, out, b)
    assert code == 1 and "is made twice in this run" in output
    assert "'switch to GeLU'" in output and "'add warmup'" in output
    assert not out.exists() or not list(out.iterdir())


def test_the_same_log_given_twice_is_converted_once(two_runs: tuple[Path, Path, Path]) -> None:
    a, _, out = two_runs
    code, output = _convert(a, out, a.parent / ".." / "run-a" / "results.tsv")
    assert code == 0 and "given twice; converted once" in output and len(list(out.glob("*.json"))) == 3


def test_ids_fit_the_standard_with_a_long_session_a_commit_and_a_long_log() -> None:
    prefix = f"{record_ids.session_slug('x' * 200)}-{source_tag('results.tsv')}"
    longest = record_ids.record_id(prefix, 10**9 - 1, "a" * 40, __import__("collections").Counter(), None)
    assert len(longest) <= 81 and longest.startswith("x")
    repeated = record_ids.record_id(prefix, 10**8, "a" * 40, __import__("collections").Counter({"a" * 12: 1}))
    assert len(repeated) <= 81 and repeated.endswith(f"-r{10**8}")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_what_a_killed_conversion_left_is_removed_by_the_next(two_runs: tuple[Path, Path, Path]) -> None:
    a, _, out = two_runs
    out.mkdir()
    staged = out / f".nrr-convert-{_dead_pid()}-x1y2z3"
    staged.mkdir()
    (staged / "results-0000aaaa-r1.json").write_text("", encoding="utf-8")
    legacy = out / ".results-0000aaaa-r1.json.abcd_123.tmp"  # what an interrupted atomic write leaves
    legacy.write_text("", encoding="utf-8")
    old = time.time() - 3600
    os.utime(legacy, (old, old))
    recent = out / ".results-0000aaaa-r2.json.efgh_456.tmp"  # perhaps another writer's, in progress
    recent.write_text("", encoding="utf-8")
    mine = out / f".nrr-convert-{os.getpid()}-still-running"  # a live process's staging
    mine.mkdir()
    assert _convert(a, out)[0] == 0
    hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert hidden == sorted([recent.name, mine.name])


def test_a_conversion_killed_at_any_moment_leaves_nothing_after_the_next(tmp_path: Path) -> None:
    log = tmp_path / "results.tsv"
    rows = "".join(f"{1 + i / 1e5:.5f}\tdiscard\tincrease LR to 0.0{i % 9 + 1} ({i})\n" for i in range(20_000))
    log.write_text("val_bpb\tstatus\tdescription\n" + rows, encoding="utf-8")
    out = tmp_path / "records"
    nrr = [sys.executable, "-c", "from nrr_spec.cli import main; main()"]
    command = [*nrr, "convert", "autoresearch", str(log), "--output", str(out)]
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not any(out.glob(".nrr-convert-*/*.json")):
        time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert list(out.glob(".nrr-convert-*")), "killed while staging: its folder is left behind"
    assert not list(out.glob("*.json")), "nothing was renamed into place before every record was checked"
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert len(list(out.glob("*.json"))) == 20_000


def test_records_under_the_ids_of_an_earlier_version_are_named_and_left_alone(two_runs: tuple[Path, Path, Path]) -> None:
    a, _, out = two_runs
    out.mkdir()
    earlier = out / "results-r3.json"  # how this row was named before ids carried the log's tag
    earlier.write_text('{"id": "results-r3", "interpretation": {"explanation": "mine"}}\n', encoding="utf-8")
    code, output = _convert(a, out)
    assert code == 0 and "1 record(s)" in output and "(first: results-r3.json)" in output
    assert earlier.read_text(encoding="utf-8") == '{"id": "results-r3", "interpretation": {"explanation": "mine"}}\n'
    assert len(list(out.glob("*.json"))) == 4
