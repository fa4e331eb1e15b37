"""Benchmark: `nrr validate` time against the number of errors in one record (it must grow linearly).

One record with N wrong authors (each a number instead of a mapping: one schema error each) is
validated for each N, doubling, by `nrr validate -j 1` and by `check-jsonschema` (the anchor,
schema only). Printed per size: both times, their ratio, and the growth of nrr's time against the
previous size (2.0 when the errors double is linear; 4.0 would be quadratic).

    python bench/validate_errors.py [--sizes 1000 2000 4000 8000 16000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from nrr_spec.schema import schema_path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BASE = ROOT / "examples" / "lint" / "harm-without-harm" / "record.yaml"


def write_record(path: Path, wrong_authors: int) -> None:
    record = json.loads(json.dumps(yaml.safe_load(BASE.read_text(encoding="utf-8")), default=str))
    record["authors"] = [index for index in range(wrong_authors)]
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")


def timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return time.perf_counter() - start, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000, 16000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    schema = str(schema_path("1.0"))
    print(
        f"{'errors':>7} {'nrr s':>8} {'check-jsonschema s':>19} {'ratio nrr/anchor':>17} {'nrr growth':>11}  listed, not listed"
    )
    previous: float | None = None
    first: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory(prefix="nrr-bench-errors-") as tmp:
        for size in args.sizes:
            record = Path(tmp) / f"authors-{size}.json"
            write_record(record, size)
            nrr = [str(BIN / "nrr"), "validate", "--isolated", "-j", "1", "--format", "json", str(record)]
            anchor = [str(BIN / "check-jsonschema"), "--schemafile", schema, str(record)]
            nrr_times, anchor_times = [], []
            report: dict[str, object] = {}
            for _ in range(args.repeat):
                seconds, done = timed(nrr)
                nrr_times.append(seconds)
                report = json.loads(done.stdout)
                anchor_times.append(timed(anchor)[0])
            nrr_s, anchor_s = statistics.median(nrr_times), statistics.median(anchor_times)
            diagnostics = report["diagnostics"]
            assert isinstance(diagnostics, list)
            note = next((d["message"] for d in diagnostics if d["code"] == "NRR011"), "")
            listed = sum(1 for d in diagnostics if d["code"] != "NRR011")
            growth = f"x{nrr_s / previous:.2f}" if previous else "-"
            print(f"{size:>7} {nrr_s:>8.2f} {anchor_s:>19.2f} {nrr_s / anchor_s:>17.2f} {growth:>11}  {listed}, {note[:40]}")
            previous = nrr_s
            first = first or (size, nrr_s)
    assert first is not None and previous is not None
    errors_ratio = args.sizes[-1] / first[0]
    print(f"ratio: errors x{errors_ratio:.0f}, nrr time x{previous / first[1]:.2f} (linear would be at most x{errors_ratio:.0f})")


if __name__ == "__main__":
    main()
