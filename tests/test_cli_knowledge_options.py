"""Options of the knowledge commands do what they say: `nrr replay --no-rows` leaves the rows out of
the JSON too, and `nrr check --session` warns when no record has the session it names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from nrr_spec.cli import main

LOG = """commit\tval_bpb\tmemory_gb\tstatus\tdescription
a000001\t1.000000\t44.0\tkeep\tbaseline
a000002\t0.990000\t44.0\tkeep\tincrease LR to 0.04
a000003\t0.995000\t44.0\tdiscard\tincrease warmdown to 0.6
a000004\t0.996000\t44.0\tdiscard\tincrease warmdown to 0.7
a000005\t0.985000\t44.0\tkeep\tdepth 9
"""


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = tmp_path / "results.tsv"
    path.write_text(LOG, encoding="utf-8")
    return path


@pytest.fixture
def records(log: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    converted = invoke("convert", "autoresearch", str(log), "-o", str(folder), "--session", "mar8")
    assert converted.exit_code == 0, converted.output
    return folder


def test_replay_json_without_rows(log: Path) -> None:
    with_rows = json.loads(invoke("replay", str(log), "--json").stdout)
    without = invoke("replay", str(log), "--json", "--no-rows")
    assert without.exit_code == 0
    data = json.loads(without.stdout)
    assert "rows" not in data and data["score"] == with_rows["score"] and with_rows["rows"]


def test_check_warns_of_a_session_no_record_has(records: Path) -> None:
    args = ["check", "increase LR to 0.05", "--records", str(records)]
    known = invoke(*args, "--session", "mar8")
    assert known.exit_code == 0 and "warning" not in known.stderr
    for extra in ([], ["--json"]):
        unknown = invoke(*args, "--session", "mar9", *extra)
        assert unknown.exit_code == 0
        assert f"warning: --session 'mar9': no record in {records} has that session" in unknown.stderr
        assert "sessions there: mar8" in unknown.stderr
    assert json.loads(invoke(*args, "--session", "mar9", "--json").stdout)["verdict"]  # stdout stays JSON


def test_check_names_a_few_sessions_and_counts_the_rest(log: Path, tmp_path: Path) -> None:
    folder = tmp_path / "many"
    for number in range(7):
        assert (
            invoke("convert", "autoresearch", str(log), "-o", str(folder / str(number)), "--session", f"s{number}").exit_code == 0
        )
    warned = invoke("check", "depth 10", "--records", str(folder), "--session", "nope")
    assert warned.exit_code == 0 and warned.stderr.rstrip().endswith(" and 2 more")
    named = warned.stderr.split("sessions there: ")[1].removesuffix(" and 2 more\n").split(", ")
    assert len(named) == 5 and all(name.endswith(tuple("0123456")) for name in named)


def test_check_fail_on_avoid_keeps_its_meaning_with_an_unknown_session(records: Path) -> None:
    result = invoke("check", "increase warmdown to 0.8", "--records", str(records), "--session", "x", "--fail-on-avoid")
    assert result.exit_code in (0, 1) and "warning: --session 'x'" in result.stderr
    verdict = json.loads(
        invoke("check", "increase warmdown to 0.8", "--records", str(records), "--session", "x", "--json").stdout
    )
    assert result.exit_code == (1 if verdict["verdict"] == "avoid" else 0)
