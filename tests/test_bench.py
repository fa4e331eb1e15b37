"""Every benchmark runs at a small size, so none of them rots between the runs made by hand.

The figures are not checked against targets (speed is measured, not asserted); what is checked is
that each benchmark measures both sides in one run and reports the ratio of the numbers it printed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from nrr_spec.cli import main

pytestmark = pytest.mark.xdist_group("bench")  # each runs builds of its own; two at once only add noise


def _bench(script: str, *args: str, timeout: float = 300) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_build_benchmark_compares_with_plain_mkdocs_material(tmp_path: Path) -> None:
    out = _bench("build.py", "--records", "120", "--repeat", "1", "--rebuild", "--work", str(tmp_path))
    result = json.loads(out.strip().splitlines()[-1])
    assert result["records"] == 120
    for key in (
        "nrr_s",
        "nrr_no_search_s",
        "mkdocs_s",
        "nrr_peak_mb",
        "nrr_tree_mb",
        "page_kb",
        "first_query_kb",
        "facets_gz_kb",
        "mkdocs_search_index_mb",
    ):
        assert result[key] > 0, key
    assert result["search_shards"] == 1
    assert result["speedup"] == pytest.approx(result["mkdocs_s"] / result["nrr_s"])
    assert result["speedup_no_search"] == pytest.approx(result["mkdocs_s"] / result["nrr_no_search_s"])
    assert f"time ratio mkdocs/nrr {result['speedup']:.2f}" in out
    assert result["rebuild_s"] > 0 and result["rebuild_first_s"] > 0
    assert result["rebuild_speedup"] == pytest.approx(result["mkdocs_rebuild_s"] / result["rebuild_s"])
    assert f"ratio mkdocs/nrr {result['rebuild_speedup']:.1f}" in out
    assert not list(tmp_path.iterdir()), "the benchmark left its sites behind"


def test_validate_benchmark_compares_with_check_jsonschema() -> None:
    out = _bench("validate.py", "--records", "60", "--rich-records", "30", "--repeat", "1")
    ratios = re.findall(r"^(rich|generated) ratio: nrr validate(.*?) is ([0-9.]+)x faster than check-jsonschema", out, re.M)
    variants = {"", " -j 1", " --format json", " --format json -j 1"}
    assert {(s, v) for s, v, _ in ratios} == {(s, v) for s in ("rich", "generated") for v in variants}, out
    assert len(ratios) == 8 and all(float(r) > 0 for _, _, r in ratios), out
    assert "rich records: 30 files" in out and "generated records: 60 files" in out


def test_convert_benchmark_compares_with_the_csv_floor() -> None:
    out = _bench("convert.py", "--rows", "1500", "--repeat", "1")
    assert "records written: 1500" in out
    ratio = re.search(r"ratio convert/floor\s+time x([0-9.]+)\s+peak memory x([0-9.]+)", out)
    assert ratio is not None and float(ratio.group(1)) > 0 and float(ratio.group(2)) > 0, out


def test_check_latency_benchmark_reports_against_the_start_up_floor() -> None:
    out = _bench("check_latency.py", "--records", "150", "--repeat", "2", "--queries", "5")
    assert re.search(r"cold start floor \(nrr --version\), median:\s+\d+ ms", out), out
    for layout in ("JSON Lines files of 1,000", "one file per record"):
        assert f"layout: {layout}\n" in out, out
    assert len(re.findall(r"check_proposal, 150 records: p50 [0-9.]+ ms, p95 [0-9.]+ ms", out)) == 2, out


def test_replay_benchmark_scores_against_the_running_base_rate(corpus_dir: Path) -> None:
    scores = json.loads(_bench("replay.py", "--corpus", str(corpus_dir), "--json"))
    pooled = scores["pooled"]
    assert pooled["rows"] > 1000 and 0 < pooled["successes"] < pooled["rows"]
    assert pooled["ratio"] == pytest.approx(pooled["brier"] / pooled["base_brier"])
    assert 0.0 <= scores["mean_per_log_auc"] <= 1.0 and 0.0 <= scores["successes_avoided_share"] <= 1.0


def test_replay_benchmark_scores_unseen_logs_as_nrr_replay_does(corpus_dir: Path, tmp_path: Path) -> None:
    # A bare folder of logs, scored by the model fitted on the whole corpus: the shipped model, so
    # the figures are those `nrr replay` gives the same log.
    log = "karpathy__autoresearch__pr246__results.tsv"
    (tmp_path / log).write_bytes((corpus_dir / "logs" / log).read_bytes())
    scores = json.loads(_bench("replay.py", "--corpus", str(corpus_dir), "--unseen", str(tmp_path), "--json"))
    assert list(scores["logs"]) == [log]
    direct = CliRunner().invoke(main, ["replay", "--json", str(tmp_path / log)])
    assert direct.exit_code == 0, direct.output
    expected = json.loads(direct.output)["score"]
    assert scores["pooled"]["rows"] == expected["rows"]
    assert scores["pooled"]["brier"] == pytest.approx(expected["brier"], abs=1e-4)
    assert "corpus logs, scored on the 1 logs" in scores["protocol"]


def test_replay_benchmark_reports_no_auc_where_no_log_kept_a_run(corpus_dir: Path, tmp_path: Path) -> None:
    # A folder whose only log discarded every run has no AUC to give: the figures say so, and the
    # Brier ratio is still printed.
    rows = "".join(f"c{i}\t{1.0 + i / 100:.2f}\tdiscard\tdropout 0.{i}\n" for i in range(1, 9))
    (tmp_path / "results.tsv").write_text("commit\tval_bpb\tstatus\tdescription\nc0\t1.00\tkeep\tbaseline\n" + rows)
    out = _bench("replay.py", "--corpus", str(corpus_dir), "--unseen", str(tmp_path))
    assert "mean per-log AUC: n/a over 0 logs with both outcomes" in out, out
    assert re.search(r"pooled Brier ratio against the running base rate: \d+\.\d{3}", out), out


def test_replay_benchmark_sets_the_held_out_figures_beside_the_model_fitted_on_the_same_logs(corpus_dir: Path) -> None:
    scores = json.loads(_bench("replay.py", "--corpus", str(corpus_dir), "--logs", "12", "--in-sample", "--json"))
    fitted_here, held_out = scores["in_sample"], scores["pooled"]
    assert fitted_here["rows"] == held_out["rows"] and fitted_here["logs"] == len(scores["logs"])
    assert fitted_here["log_loss"] != pytest.approx(scores["log_loss"])  # one fit on every log, not one without each
    assert json.loads(_bench("replay.py", "--corpus", str(corpus_dir), "--logs", "3", "--json"))["in_sample"] is None


def test_replay_benchmark_sets_each_feature_beside_its_chance_level(corpus_dir: Path) -> None:
    out = _bench("replay.py", "--corpus", str(corpus_dir), "--logs", "12", "--feature-aucs")
    rows = re.findall(r"^(\w+)\s+([0-9.]+)\s+([0-9.]+)\s+([-+][0-9.]+)$", out, re.M)
    assert {name for name, *_ in rows} >= {"recent", "fail_streak", "idea", "closest_kept"}, out
    for _, alone, chance, gap in rows:
        assert float(gap) == pytest.approx(float(alone) - float(chance), abs=0.0015)


def test_validate_errors_benchmark_reports_growth_against_check_jsonschema() -> None:
    out = _bench("validate_errors.py", "--sizes", "200", "400", "--repeat", "1")
    rows = re.findall(r"^\s+(\d+)\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)\s", out, re.M)
    assert [int(r[0]) for r in rows] == [200, 400], out
    for _, nrr_s, anchor_s, ratio in rows:
        # times are printed to 0.01 s and the ratio to 0.01: what those roundings allow, and no more
        nrr, anchor = float(nrr_s), float(anchor_s)
        assert float(ratio) == pytest.approx(nrr / anchor, abs=0.005 + (nrr + 0.005) / (anchor - 0.005) - nrr / anchor)
    assert re.search(r"ratio: errors x2, nrr time x[0-9.]+", out), out


def test_fuzz_benchmark_counts_examples_and_failures() -> None:
    out = _bench("fuzz_bad_input.py", "--examples", "40")
    ran = re.search(r"examples run: ([\d,]+)", out)
    failed = re.search(r"failures: ([\d,]+) in ([\d,]+) examples", out)
    rate = re.search(r"ratio: failures per example ([0-9.]+)", out)
    assert ran and failed and rate, out
    examples, failures = int(ran.group(1).replace(",", "")), int(failed.group(1).replace(",", ""))
    assert examples == int(failed.group(2).replace(",", "")) >= 40
    assert float(rate.group(1)) == pytest.approx(failures / examples, abs=1e-4)


def test_device_memory_benchmark_reports_peaks_against_the_floor() -> None:
    out = _bench("device_memory.py", "--timeout", "60")
    peaks = {name.strip(): float(mb) for name, mb in re.findall(r"^(.+?)\s+peak\s+([0-9.]+) MB", out, re.M)}
    assert "floor: nrr --version" in peaks and "nrr validate record.yaml" in peaks, out
    ratio = re.search(r"ratio: the largest peak on an endless input \((.+?)\) is x([0-9.]+) the floor", out)
    if ratio:  # where /dev/zero exists
        # the peaks are printed to 0.1 MB and the ratio to 0.01: what those roundings allow, and no more
        worst, floor = peaks[ratio.group(1)], peaks["floor: nrr --version"]
        allowed = 0.005 + (worst + 0.05) / (floor - 0.05) - worst / floor
        assert float(ratio.group(2)) == pytest.approx(worst / floor, abs=allowed)


def test_build_benchmark_makes_a_work_folder_that_does_not_exist_yet(tmp_path: Path) -> None:
    work = tmp_path / "not" / "yet"
    out = _bench("build.py", "--records", "5", "--no-anchor", "--search-max", "0", "--work", str(work))
    result = json.loads(out.strip().splitlines()[-1])
    assert Path(result["work"]).parent == work and work.is_dir()
    # A folder that cannot be made is a usage error, said in one line, not a traceback.
    (tmp_path / "a file").write_text("", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "build.py"), "--records", "5", "--work", str(tmp_path / "a file" / "work")],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "--work" in done.stderr.splitlines()[-1] and "cannot make the folder" in done.stderr
