"""Benchmark: how fast the knowledge engine answers.

1. `nrr check` from a cold start (a fresh process each time), median of N, against a small records
   folder and against the large index; beside it the floor of starting Python and importing the
   CLI group (`nrr --version`), measured in the same run.
2. `check_proposal` in one process against an index of generated records (default 100,000), in
   two layouts: JSON Lines files of 1,000 records, and one `<id>.json` per record in one folder
   (what `nrr convert` writes, the usual lab): p50 and p95 over varied proposals, with the index
   refresh included, as in real use.
3. `record_experiment` into that index: one record file written, the index brought up to date;
   into a new session, into a session of 1,000 (a loop's own, whose weights all move), and with a
   sweep due (`NRR_INDEX_SWEEP=0`: a loop whose runs outlast the sweep interval sweeps once a run).
4. `nrr index` on the unchanged folder: a sweep, which stamps every record file (a check sweeps
   when the last sweep is older than `NRR_INDEX_SWEEP` seconds, 60 by default).
5. `check_proposal` with a sweep due: swept on the call (`nrr check`), and left to a background
   thread (`sweep_if_due=False`, as the MCP server's requests do).

    .venv/bin/python bench/check_latency.py [--records 100000] [--repeat 15] [--queries 200] [--layout both]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PARAMETERS = [
    ("learning_rate", "learning_rate"),
    ("matrix_lr", "learning_rate"),
    ("embedding_lr", "learning_rate"),
    ("warmdown_ratio", "lr_schedule"),
    ("warmup_ratio", "lr_schedule"),
    ("weight_decay", "regularization"),
    ("dropout", "regularization"),
    ("batch_size", "batch_size"),
    ("depth", "architecture"),
    ("n_head", "architecture"),
    ("model_dim", "architecture"),
    ("adam_beta2", "optimizer"),
    ("seq_len", "data"),
    ("label_smoothing", "loss"),
]
WORDS = [
    "try",
    "bigger",
    "smaller",
    "faster",
    "schedule",
    "cosine",
    "linear",
    "stable",
    "noisy",
    "per",
    "layer",
    "value",
    "embedding",
    "residual",
    "attention",
    "window",
    "muon",
    "adam",
    "clip",
    "norm",
    "softcap",
    "rope",
    "gelu",
]


def make_record(rng: random.Random, session: str, sequence: int) -> dict[str, object]:
    parameter, category = rng.choice(PARAMETERS)
    direction = rng.choice(["increase", "decrease", "set"])
    value = round(rng.lognormvariate(0, 1.5), 4)
    outcome = rng.choices(["keep", "discard", "crash"], weights=[2, 7, 1])[0]
    words = " ".join(rng.sample(WORDS, 3))
    description = f"{direction} {parameter} to {value} ({words})"
    experiment: dict[str, object] = {
        "outcome": outcome,
        "change_category": category,
        "description": description,
        "session": session,
        "sequence": sequence,
        "changes": [{"parameter": parameter, "from": None, "to": str(value), "direction": direction}],
    }
    if outcome != "keep":
        experiment["failure_class"] = "crash_code" if outcome == "crash" else "regression"
    return {
        "schema_version": "1.0",
        "id": f"{session}-{sequence}",
        "title": description,
        "problem": {"statement": "p"},
        "results": {"summary": "s"},
        "experiment": experiment,
        "provenance": {"source": {"file": f"{session}.tsv", "row": sequence}},
    }


def generate(folder: Path, records: int, per_file: int = 1000, seed: int = 5) -> None:
    """`per_file` records per JSON Lines file, or with `per_file=1` one `<id>.json` each, as `nrr convert` writes."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    if per_file == 1:
        for i in range(records):
            record = make_record(rng, f"session-{i // 1000:04d}", i % 1000 + 1)
            (folder / f"{record['id']}.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        return
    for start in range(0, records, per_file):
        session = f"session-{start // per_file:04d}"
        lines = [json.dumps(make_record(rng, session, i + 1)) for i in range(min(per_file, records - start))]
        (folder / f"{session}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def cold(command: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(nrr: str, folder: Path, args: argparse.Namespace) -> dict[str, float | list[float]]:
    """Index build, cold `nrr check`, warm `check_proposal` and `record_experiment` on one folder."""
    start = time.perf_counter()
    subprocess.run([nrr, "index", "--records", str(folder)], capture_output=True, check=True)
    build = time.perf_counter() - start
    cold_check = cold([nrr, "check", PROPOSAL, "--records", str(folder)], args.repeat)

    from nrr_spec.knowledge.api import check_proposal, record_experiment

    rng = random.Random(11)
    check_proposal(PROPOSAL, records_dir=folder)  # warm the page cache and imports
    times = []
    for _ in range(args.queries):
        parameter, _ = rng.choice(PARAMETERS)
        text = f"{rng.choice(['increase', 'decrease'])} {parameter} to {round(rng.lognormvariate(0, 1.5), 3)}"
        start = time.perf_counter()
        check_proposal(text, records_dir=folder)
        times.append(time.perf_counter() - start)
    sweep = cold([nrr, "index", "--records", str(folder)], 3)
    writes = {}
    for kind, session, sweep_due in (
        ("write", "bench", False),
        ("write_long", "session-0000", False),
        ("write_swept", "bench", True),
    ):
        took = []
        for i in range(5):
            start = time.perf_counter()
            with _sweep_every_call(sweep_due):
                record_experiment(f"increase warmdown_ratio to 0.{i + 5}", "discard", records_dir=folder, session=session)
            took.append(time.perf_counter() - start)
        writes[kind] = statistics.median(took)
    for kind, on_call in (("due_swept", True), ("due_left", False)):
        took = []
        for _ in range(5):
            _make_sweep_due(folder)
            start = time.perf_counter()
            check_proposal(PROPOSAL, records_dir=folder, sweep_if_due=on_call)
            took.append(time.perf_counter() - start)
        writes[kind] = statistics.median(took)
    return {"build": build, "cold": cold_check, "times": times, "sweep": sweep, **writes}


def _make_sweep_due(folder: Path) -> None:
    from nrr_spec.knowledge.index import index_path

    late = time.time_ns() - 3600 * 10**9
    os.utime(index_path(folder).parent / "swept", ns=(late, late))


@contextlib.contextmanager
def _sweep_every_call(due: bool) -> Iterator[None]:
    held = os.environ.get("NRR_INDEX_SWEEP")
    if due:
        os.environ["NRR_INDEX_SWEEP"] = "0"
    try:
        yield
    finally:
        if held is None:
            os.environ.pop("NRR_INDEX_SWEEP", None)
        else:
            os.environ["NRR_INDEX_SWEEP"] = held


PROPOSAL = "increase warmdown_ratio to 0.8"
LAYOUTS = {"jsonl": ("JSON Lines files of 1,000", 1000), "per-file": ("one file per record", 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15, help="cold starts per measurement")
    parser.add_argument("--queries", type=int, default=200, help="check_proposal calls for p50/p95")
    parser.add_argument("--layout", choices=[*LAYOUTS, "both"], default="both")
    args = parser.parse_args()
    nrr = str(Path(sys.executable).with_name("nrr"))
    work = Path(tempfile.mkdtemp(prefix="nrr-bench-"))
    results = {}
    try:
        small = work / "small"
        generate(small, 200, per_file=1)
        subprocess.run([nrr, "index", "--records", str(small)], capture_output=True, check=True)
        floor = cold([nrr, "--version"], args.repeat)
        cold_small = cold([nrr, "check", PROPOSAL, "--records", str(small)], args.repeat)
        for layout in LAYOUTS if args.layout == "both" else [args.layout]:
            folder = work / layout
            generate(folder, args.records, per_file=LAYOUTS[layout][1])
            results[layout] = measure(nrr, folder, args)
            shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} ({os.cpu_count()} cores)")
    print(f"cold start floor (nrr --version), median:   {floor * 1000:7.0f} ms")
    print(f"nrr check cold, 200 records, median:        {cold_small * 1000:7.0f} ms  ({cold_small / floor:.2f}x floor)")
    for layout, result in results.items():
        times = result["times"]
        assert isinstance(times, list)
        build, cold_large, write, sweep = (float(result[k]) for k in ("build", "cold", "write", "sweep"))  # type: ignore[arg-type]
        write_long, write_swept = (float(result[k]) for k in ("write_long", "write_swept"))  # type: ignore[arg-type]
        print(f"layout: {LAYOUTS[layout][0]}")
        print(f"  index build, {args.records:,} records:           {build:7.2f} s (one time; later refreshes are incremental)")
        print(
            f"  nrr check cold, {args.records:,} records, median: {cold_large * 1000:7.0f} ms ({cold_large / floor:.2f}x floor)"
        )
        print(
            f"  check_proposal, {args.records:,} records: p50 {percentile(times, 0.5) * 1000:.1f} ms, "
            f"p95 {percentile(times, 0.95) * 1000:.1f} ms over {len(times)} queries"
        )
        print(f"  record_experiment into it (write + index), median of 5: {write * 1000:.0f} ms")
        print(f"  the same into a session of 1,000, median of 5: {write_long * 1000:.0f} ms")
        print(f"  the same with a sweep due (NRR_INDEX_SWEEP=0), median of 5: {write_swept * 1000:.0f} ms")
        print(f"  nrr index on it unchanged (a sweep: every file stamped), median of 3: {sweep * 1000:.0f} ms")
        due_swept, due_left = (float(result[k]) for k in ("due_swept", "due_left"))  # type: ignore[arg-type]
        print(
            f"  check_proposal with a sweep due, median of 5: swept on the call {due_swept * 1000:.0f} ms, "
            f"left to a background thread {due_left * 1000:.1f} ms ({due_swept / due_left:.0f}x)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
