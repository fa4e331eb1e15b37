"""Benchmark: convert a generated 200,000-row autoresearch log to JSON Lines.

Compares against the floor of merely reading the same file, in the same run: with the csv module
for a `results.tsv`, with `json.loads` on each line for pi-autoresearch's `autoresearch.jsonl`
(`--format jsonl`: the same runs, with a config line heading them). Each measurement runs in a
fresh subprocess (peak memory is that process's max RSS); the median of three runs is printed,
with the ratios converter / floor.

    .venv/bin/python bench/convert.py [--rows 200000] [--repeat 3] [--format tsv|jsonl]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TEMPLATES = [
    "increase LR to {v}",
    "matrix LR {a} to {v}",
    "WARMDOWN_RATIO={v}",
    "reduce weight decay from {a} to {v}",
    "DEPTH={i} (too slow)",
    "switch to GeLU activation",
    "add dropout {v}",
    "halve batch {k}K to {h}K",
    "Adam beta2 {a} to {v} — worse",
    "agent{i}: x0_lambda init {v} (concurrent)",
    "remove value embeddings",
]
STATUSES = ["keep"] * 2 + ["discard"] * 7 + ["crash"]

FLOOR = """
import csv, resource, sys, time
start = time.perf_counter()
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    rows = sum(1 for _ in csv.reader(handle, delimiter="\\t"))
elapsed = time.perf_counter() - start
print(rows, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

FLOOR_JSONL = """
import json, resource, sys, time
start = time.perf_counter()
with open(sys.argv[1], encoding="utf-8") as handle:
    rows = sum(1 for line in handle if json.loads(line))
elapsed = time.perf_counter() - start
print(rows, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

CONVERT = """
import resource, sys, time
start = time.perf_counter()
from nrr_spec.convert.pipeline import ConvertOptions, iter_log
from nrr_spec.convert.output import write_jsonl
with open(sys.argv[2], "w", encoding="utf-8") as out:
    result, records = iter_log(sys.argv[1], ConvertOptions())
    written = write_jsonl(records, out)
elapsed = time.perf_counter() - start
print(written, elapsed, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def runs(rows: int, seed: int = 7) -> list[tuple[str, float, float, str, str]]:
    """(commit, val_bpb, memory_gb, status, description) of a loop's runs, the first its baseline."""
    rng = random.Random(seed)
    best = 1.0
    out = [(f"{0:07x}", 1.0, 44.0, "keep", "baseline")]
    for i in range(1, rows):
        status = rng.choice(STATUSES)
        value = 0.0 if status == "crash" else best * (1 + rng.uniform(-0.004, 0.01))
        if status == "keep":
            best = min(best, value)
        text = rng.choice(TEMPLATES).format(
            v=round(rng.uniform(0.01, 0.9), 3), a=round(rng.uniform(0.01, 0.9), 3), i=rng.randint(2, 24), k=512, h=256
        )
        out.append((f"{i:07x}", value, round(rng.uniform(40, 48), 1), status, text))
    return out


def generate(path: Path, rows: int, fmt: str = "tsv") -> None:
    with path.open("w", encoding="utf-8") as handle:
        if fmt == "jsonl":  # as pi-autoresearch appends them
            config = {"type": "config", "name": "bench", "metricName": "val_bpb", "metricUnit": "", "bestDirection": "lower"}
            handle.write(json.dumps(config) + "\n")
            for i, (commit, value, memory, status, text) in enumerate(runs(rows), start=1):
                line = {"run": i, "commit": commit, "metric": round(value, 6), "metrics": {"memory_gb": memory}}
                line.update({"status": status, "description": text, "timestamp": 1767225600000 + i * 300_000, "segment": 0})
                handle.write(json.dumps(line) + "\n")
            return
        handle.write("commit\tval_bpb\tmemory_gb\tstatus\tdescription\n")
        for commit, value, memory, status, text in runs(rows):
            handle.write(f"{commit}\t{value:.6f}\t{memory:.1f}\t{status}\t{text}\n")


def run(code: str, *args: str) -> tuple[int, float, int]:
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True)
    count, seconds, rss_kb = done.stdout.split()
    return int(count), float(seconds), int(rss_kb)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--format", choices=("tsv", "jsonl"), default="tsv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        name = "autoresearch.jsonl" if args.format == "jsonl" else "results.tsv"
        log, out = Path(tmp) / name, Path(tmp) / "records.jsonl"
        generate(log, args.rows, args.format)
        floor = FLOOR_JSONL if args.format == "jsonl" else FLOOR
        floors = [run(floor, str(log)) for _ in range(args.repeat)]
        converts = [run(CONVERT, str(log), str(out)) for _ in range(args.repeat)]
        lines = sum(1 for _ in out.open(encoding="utf-8"))
        sample = json.loads(out.open(encoding="utf-8").readline())
    floor_s = statistics.median(t for _, t, _ in floors)
    floor_mb = statistics.median(m for _, _, m in floors) / 1024
    conv_s = statistics.median(t for _, t, _ in converts)
    conv_mb = statistics.median(m for _, _, m in converts) / 1024
    rows = args.rows
    print(f"log: {rows} rows ({log.name}); records written: {lines} (first id {sample['id']})")
    reader = "json.loads    " if args.format == "jsonl" else "csv.reader    "
    print(f"floor   {reader}  {rows / floor_s:>12,.0f} rows/s  {floor_s:7.2f} s  peak RSS {floor_mb:7.1f} MB")
    print(f"convert to JSON Lines   {rows / conv_s:>12,.0f} rows/s  {conv_s:7.2f} s  peak RSS {conv_mb:7.1f} MB")
    print(
        f"ratio convert/floor     time x{conv_s / floor_s:.1f}   peak memory x{conv_mb / floor_mb:.1f}"
        f"   (median of {args.repeat})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
