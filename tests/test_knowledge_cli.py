"""`nrr check | similar | patterns | replay | index`: output, JSON, bad input, light imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.knowledge.replay import Prediction, auc, replay_records, score

LOG = """commit\tval_bpb\tmemory_gb\tstatus\tdescription
a000001\t1.000000\t44.0\tkeep\tbaseline
a000002\t0.990000\t44.0\tkeep\tincrease LR to 0.04
a000003\t0.995000\t44.0\tdiscard\tincrease warmdown to 0.6
a000004\t0.996000\t44.0\tdiscard\tincrease warmdown to 0.7
a000005\t0.000000\t0.0\tcrash\tdouble model width (OOM)
a000006\t0.985000\t44.0\tkeep\tdepth 9
a000007\t0.997000\t44.0\tdiscard\tincrease warmdown to 0.8
a000008\t0.998000\t44.0\tdiscard\tincrease warmdown to 0.9
a000009\t0.980000\t44.0\tkeep\tdecrease LR to 0.03
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def records(tmp_path: Path) -> Path:
    log = tmp_path / "results.tsv"
    log.write_text(LOG, encoding="utf-8")
    folder = tmp_path / "records"
    code, _, err = run("convert", "autoresearch", str(log), "-o", str(folder))
    assert code == 0, err
    return folder


def test_check_text_and_json(records: Path) -> None:
    code, out, _ = run("check", "increase warmdown to 0.95", "--records", str(records))
    assert code == 0
    first, reason = out.splitlines()[:2]
    assert first.split(":")[0] in ("proceed", "caution", "avoid") and "95% CI" in first
    assert reason.startswith("increasing warmdown_ratio: 0 of 4 improved here")
    code, out, _ = run("check", "--change", "warmdown_ratio=0.95", "--records", str(records), "--json")
    data = json.loads(out)
    assert {"verdict", "probability", "interval", "reason", "groups", "similar", "notes"} <= data.keys()
    assert data["similar"][0]["description"].startswith("increase warmdown")


def test_a_proposal_that_names_no_change_reads_as_a_change_not_as_a_category_word(records: Path) -> None:
    _, out, _ = run("check", "rerun the same config", "--records", str(records))
    assert out.splitlines()[1].startswith("a change: never tried here")  # not "a other change"


def test_check_a_record_file(records: Path, tmp_path: Path) -> None:
    some = next(p for p in sorted(records.glob("*.json")) if "0.8" in json.loads(p.read_text())["title"])
    code, out, _ = run("check", "--record", str(some), "--records", str(records), "--json")
    data = json.loads(out)
    assert code == 0 and data["evidence"] >= 1
    assert json.loads(some.read_text())["id"] not in [m["id"] for m in data["similar"]]  # not its own neighbour
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    code, _, err = run("check", "--record", str(broken))
    assert code == 2 and "invalid JSON" in err


def test_fail_on_avoid_sets_the_exit_status(tmp_path: Path) -> None:
    log = tmp_path / "results.tsv"
    rows = [f"b{i:06d}\t{1.0 + i / 1000:.6f}\t44.0\tdiscard\tincrease warmdown to 0.{i + 1}" for i in range(1, 9)]
    keeps = [f"c{i:06d}\t{0.99 - i / 1000:.6f}\t44.0\tkeep\tdepth {8 + i}" for i in range(1, 9)]
    log.write_text(LOG.splitlines()[0] + "\n" + "\n".join(x for pair in zip(keeps, rows, strict=True) for x in pair) + "\n")
    folder = tmp_path / "records"
    run("convert", "autoresearch", str(log), "-o", str(folder))
    code, out, _ = run("check", "increase warmdown to 0.95", "--records", str(folder), "--fail-on-avoid")
    assert out.startswith("avoid") and code == 1
    code, out, _ = run("check", "depth 20", "--records", str(folder), "--fail-on-avoid")
    assert code == 0


def test_check_without_a_proposal_is_a_usage_error() -> None:
    code, _, err = run("check")
    assert code == 2 and "describe the change" in err


def test_check_on_an_empty_folder_says_no_evidence(tmp_path: Path) -> None:
    code, out, _ = run("check", "increase the learning rate to 0.05", "--records", str(tmp_path))
    assert code == 0 and out.startswith("proceed") and "no evidence" in out


def test_similar_finds_an_experiment_written_in_other_word_forms(tmp_path: Path) -> None:
    log = tmp_path / "results.tsv"
    log.write_text(
        "commit\tval_bpb\tstatus\tdescription\n"
        "b1\t1.00\tkeep\tbaseline\n"
        "b2\t1.02\tdiscard\tweight tying of input and output embeddings\n"
        "b3\t1.01\tdiscard\tembedding dropout 0.1\n"
        "b4\t0.99\tkeep\tmore attention heads\n",
        encoding="utf-8",
    )
    code, _, err = run("convert", "autoresearch", str(log), "-o", str(tmp_path / "records"))
    assert code == 0, err
    code, out, _ = run("similar", "tie the embedding weights", "--records", str(tmp_path / "records"), "--json")
    assert json.loads(out)[0]["description"] == "weight tying of input and output embeddings"


def test_similar_patterns_and_index(records: Path) -> None:
    code, out, _ = run("similar", "increase warmdown to 0.7", "--records", str(records), "--json")
    assert json.loads(out)[0]["description"] == "increase warmdown to 0.7"
    code, out, _ = run("patterns", "--records", str(records), "--min-tried", "2", "--json")
    assert any(p["statement"] == "increasing warmdown_ratio: 0 of 4 improved" for p in json.loads(out))
    code, out, _ = run("index", "--records", str(records), "--rebuild", "--json")
    data = json.loads(out)
    assert code == 0 and data["records"] == 9 and data["decided"] == 8
    code, _, err = run("index", "--records", str(records / "nope"))
    assert code == 2 and "does not exist" in err
    for args in (["patterns"], ["similar", "depth 9"], ["check", "depth 9"]):
        code, out, err = run(*args, "--records", str(records / "nope"))
        assert code == 2 and "does not exist" in err and "proceed" not in out


def test_replay_json_rows_and_score(tmp_path: Path) -> None:
    log = tmp_path / "results.tsv"
    log.write_text(LOG, encoding="utf-8")
    code, out, _ = run("replay", str(log), "--json")
    assert code == 0
    data = json.loads(out)
    assert [r["row"] for r in data["rows"]] == [3, 4, 5, 6, 7, 8, 9]  # decided rows after the first decided one
    assert all(set(r) >= {"row", "probability", "verdict"} for r in data["rows"])
    assert data["score"]["rows"] == 7 and data["score"]["successes"] == 2
    code, out, _ = run("replay", str(log), "--no-rows")
    assert "Brier" in out and "successes" in out


def test_replay_bad_input(tmp_path: Path) -> None:
    code, _, err = run("replay", str(tmp_path / "missing.tsv"))
    assert code == 2 and "no such file" in err
    log = tmp_path / "results.tsv"
    log.write_text(LOG, encoding="utf-8")
    code, _, err = run("replay", str(log), "--metric", "nope")
    assert code == 2 and "no column named 'nope'" in err


def test_replay_uses_only_earlier_rows() -> None:
    rows = [
        {
            "experiment": {
                "outcome": o,
                "change_category": "lr_schedule",
                "description": "d",
                "changes": [{"parameter": "warmdown_ratio", "direction": "increase"}],
            },
            "provenance": {"source": {"row": i}},
        }
        for i, o in enumerate(["keep", "discard", "discard", "keep"], 1)
    ]
    before = replay_records(rows)
    flipped = [*rows[:3], {**rows[3], "experiment": {**rows[3]["experiment"], "outcome": "discard"}}]
    after = replay_records(flipped)
    assert [p.probability for p in before] == [p.probability for p in after]  # the last outcome changes nothing before it
    assert [p.row for p in before] == [2, 3, 4]


def test_auc_and_brier() -> None:
    assert auc([(0.9, True), (0.1, False)]) == 1.0
    assert auc([(0.1, True), (0.9, False)]) == 0.0
    assert auc([(0.5, True), (0.5, False)]) == 0.5
    assert auc([(0.5, True)]) is None
    preds = [
        Prediction(1, 0.8, "proceed", 0.5, 0.5, "keep", True),
        Prediction(2, 0.1, "avoid", 0.5, 0.5, "discard", False),
        Prediction(3, 0.1, "avoid", 0.5, 0.5, "keep", True),
    ]
    s = score(preds)
    assert s.brier == pytest.approx((0.04 + 0.01 + 0.81) / 3)
    assert s.base_brier == pytest.approx(0.25)
    assert (s.failures_avoided, s.successes_blocked) == (1, 1)


def test_replay_counts_exact_repeats_of_failures_and_how_they_ended(tmp_path: Path) -> None:
    # the warmdown rows after the first two repeat a failed change ("increase warmdown to 0.7" twice)
    log = (
        LOG
        + "a000010\t0.999000\t44.0\tdiscard\tincrease warmdown to 0.7\na000011\t0.970000\t44.0\tkeep\tincrease warmdown to 0.7\n"
    )
    path = tmp_path / "results.tsv"
    path.write_text(log, encoding="utf-8")
    code, out, _ = run("replay", str(path), "--json")
    assert code == 0
    data = json.loads(out)["score"]
    assert (data["repeated_failures"], data["repeated_failures_kept"], data["repeated_failures_proceed"]) == (2, 1, 0)


def test_check_imports_neither_pydantic_nor_jsonschema(records: Path) -> None:
    probe = (
        "import sys\n"
        "from nrr_spec.cli import main\n"
        "try:\n"
        f"    main(['check', 'increase warmdown to 0.95', '--records', {str(records)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('pydantic', 'jsonschema', 'yaml', 'mcp'))\n"
        "print('HEAVY', heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "HEAVY []" in out
