"""Benchmark: `nrr validate` (all rules) against `check-jsonschema` (schema only) on the same records.

`nrr validate` is timed as it runs by default (one process per CPU for large collections) and
with -j 1 (one process, like check-jsonschema).

Generates 10,000 records of realistic size (the example records, varied; about 10% with errors,
70% JSON and 30% YAML) into a temporary folder, runs both tools on them in the same run, repeats,
and prints the median times and their ratio. check-jsonschema is the anchor: the ratio is what
matters, not the absolute seconds of this machine.

    python bench/validate.py [--records 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def templates() -> list[dict[str, Any]]:
    """Schema-valid records to vary: the example records and the complete lint base record."""
    found = []
    for path in [
        *sorted((ROOT / "examples" / "records").glob("*")),
        ROOT / "examples" / "lint" / "harm-without-harm" / "record.yaml",
    ]:
        if path.suffix in (".json", ".yaml", ".yml"):
            text = path.read_text(encoding="utf-8")
            data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
            found.append(json.loads(json.dumps(data, default=str)))
    return found


def break_record(record: dict[str, Any], rng: random.Random) -> None:
    """Introduce one error of a kind people make: schema errors and semantic ones."""
    choice = rng.randrange(6)
    if choice == 0:
        record["title"] = ""
    elif choice == 1:
        record["kind"] = "negative"
    elif choice == 2:
        record["titel"] = record.pop("title")
    elif choice == 3:
        record["created"] = "01/03/2025"
    elif choice == 4:
        record.setdefault("authors", [{"name": "Ada Lovelace"}])[0]["orcid"] = "https://orcid.org/0000-0002-1825-0098"
    else:
        record["results"].setdefault("outcomes", [{"metric": "accuracy", "value": 0.9}])[0]["p_value"] = 1.5


def generate(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    pool = templates()
    for i in range(count):
        record = copy.deepcopy(rng.choice(pool))
        record["id"] = f"{record['id'][:60]}-{i:05d}"
        record.pop("related", None)  # links between generated copies would not resolve
        if rng.random() < 0.10:
            break_record(record, rng)
        sub = folder / f"batch{i % 20:02d}"
        sub.mkdir(exist_ok=True)
        if rng.random() < 0.7:
            (sub / f"r{i:05d}.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        else:
            (sub / f"r{i:05d}.yaml").write_text(yaml.safe_dump(record, sort_keys=False, allow_unicode=True), encoding="utf-8")


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start, result.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nrr-bench-") as tmp:
        folder = Path(tmp) / "records"
        folder.mkdir()
        generate(folder, args.records)
        files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
        schema = str(ROOT / "schema" / "record-1.0.schema.json")
        report = str(Path(tmp) / "report.json")  # outside the records, or later rounds would validate it
        commands = {
            "check-jsonschema": [str(BIN / "check-jsonschema"), "--schemafile", schema, *files],
            "nrr validate": [str(BIN / "nrr"), "validate", "--isolated", "--format", "json", "--output", report, "."],
            "nrr validate -j 1": [
                str(BIN / "nrr"),
                "validate",
                "--isolated",
                "-j",
                "1",
                "--format",
                "json",
                "--output",
                report,
                ".",
            ],
        }
        times: dict[str, list[float]] = {name: [] for name in commands}
        for round_ in range(1, args.repeat + 1):
            shown = []
            for name, command in commands.items():
                seconds, code = timed(command, folder)
                times[name].append(seconds)
                shown.append(f"{name} {seconds:.2f} s (exit {code})")
            print(f"round {round_}: " + ", ".join(shown))
        summary = json.loads(Path(report).read_text())["summary"]
        print(f"records: {len(files)} files; nrr validate found {summary['errors']} errors and {summary['warnings']} warnings")
        medians = {name: statistics.median(values) for name, values in times.items()}
        for name, median in medians.items():
            print(f"median {name + ':':<20} {median:.2f} s")
        anchor = medians["check-jsonschema"]
        default = anchor / medians["nrr validate"]
        print(f"ratio: nrr validate (default, one process per CPU) is {default:.1f}x faster than check-jsonschema")
        print(f"ratio: nrr validate -j 1 (one process) is {anchor / medians['nrr validate -j 1']:.1f}x faster (target >= 5x)")


if __name__ == "__main__":
    main()
