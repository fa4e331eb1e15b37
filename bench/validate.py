"""Benchmark: `nrr validate` (all rules) against `check-jsonschema` (schema only) on the same records.

Two sets of records, each measured in the same run as its anchor:

- generated: 10,000 records of realistic size (the example records, varied; about 10% with
  errors, 70% JSON and 30% YAML) in 20 folders;
- rich: 2,000 copies of the bundled example records as people wrote them (text untouched but for
  the id, so most carry the warnings and links of the originals: every finding needs a position).

`nrr validate` is timed as it runs by default (text report, one process per CPU for large
collections), with -j 1 (one process, like check-jsonschema), and with --format json on both.
Rounds alternate between the tools; the medians and their ratios are printed, of wall-clock time
(what a user waits) and of CPU time (steadier on a shared machine; it counts worker processes
too, so parallel runs show their overhead there). check-jsonschema is the anchor: the ratio is
what matters, not the absolute seconds of this machine.

    python bench/validate.py [--records 10000] [--rich-records 2000] [--repeat 3] [--nrr PATH]
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import re
import resource
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
EXAMPLES = ROOT / "examples" / "records"


def templates() -> list[dict[str, Any]]:
    """Schema-valid records to vary: the example records and the complete lint base record."""
    found = []
    for path in [*sorted(EXAMPLES.glob("*")), ROOT / "examples" / "lint" / "harm-without-harm" / "record.yaml"]:
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


# The record's own id: the first `id` key at the top level of a JSON or YAML record as written.
_TOP_ID = re.compile(r'^(?:id:[ \t]*|[ \t]{0,4}"id"[ \t]*:[ \t]*")(?P<id>[a-z0-9][a-z0-9-]*)', re.MULTILINE)


def copy_examples(folder: Path, count: int) -> None:
    """`count` copies of the example records, byte for byte as written but for a new id."""
    sources = [p for p in sorted(EXAMPLES.iterdir()) if p.suffix in (".json", ".yaml", ".yml")]
    for i in range(count):
        source = sources[i % len(sources)]
        text = source.read_text(encoding="utf-8")
        match = _TOP_ID.search(text)
        if match is None:
            raise SystemExit(f"{source}: no top-level id to change")
        new_id = f"{match['id'][:70]}-{i:05d}"
        text = text[: match.start("id")] + new_id + text[match.end("id") :]
        sub = folder / f"lab{i % 10:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"{new_id}{source.suffix}").write_text(text, encoding="utf-8")


def timed(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds (user and system, the command's worker processes included)
    and exit code of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.returncode


def commands(nrr: str, files: list[str], report: str) -> dict[str, list[str]]:
    from nrr_spec.schema import schema_path

    validate = [nrr, "validate", "--isolated"]
    return {
        "check-jsonschema": [str(BIN / "check-jsonschema"), "--schemafile", str(schema_path()), *files],
        "nrr validate": [*validate, "."],  # the text report, to standard output
        "nrr validate -j 1": [*validate, "-j", "1", "."],
        "nrr validate --format json": [*validate, "--format", "json", "--output", report, "."],
        "nrr validate --format json -j 1": [*validate, "--format", "json", "-j", "1", "--output", report, "."],
    }


def measure(name: str, folder: Path, nrr: str, repeat: int, report: Path) -> None:
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    runs = commands(nrr, files, str(report))  # the report lies outside the records, or later rounds would validate it
    times: dict[str, list[float]] = {command: [] for command in runs}
    cpu_times: dict[str, list[float]] = {command: [] for command in runs}
    for round_ in range(1, repeat + 1):
        shown = []
        for command, argv in runs.items():
            seconds, cpu, code = timed(argv, folder)
            times[command].append(seconds)
            cpu_times[command].append(cpu)
            shown.append(f"{command} {seconds:.2f} s, CPU {cpu:.2f} s (exit {code})")
        print(f"{name} round {round_}: " + ", ".join(shown), flush=True)
    summary = json.loads(report.read_text())["summary"]
    print(f"{name} records: {len(files)} files; nrr validate found {summary['errors']} errors and {summary['warnings']} warnings")
    medians = {command: statistics.median(values) for command, values in times.items()}
    cpu_medians = {command: statistics.median(values) for command, values in cpu_times.items()}
    for command, median in medians.items():
        print(f"{name} median {command + ':':<34} {median:.2f} s, CPU {cpu_medians[command]:.2f} s")
    anchor, cpu_anchor = medians["check-jsonschema"], cpu_medians["check-jsonschema"]
    for command, median in medians.items():
        if command != "check-jsonschema":
            print(
                f"{name} ratio: {command} is {anchor / median:.1f}x faster than check-jsonschema (target >= 5x); "
                f"CPU time {cpu_anchor / cpu_medians[command]:.1f}x less"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="generated records (0 to skip the set)")
    parser.add_argument("--rich-records", type=int, default=2_000, help="copies of the example records (0 to skip)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--nrr", default=str(BIN / "nrr"), help="the nrr command to time (another installation, say)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nrr-bench-") as tmp:
        report = Path(tmp) / "report.json"
        for name, count, make in (("rich", args.rich_records, copy_examples), ("generated", args.records, generate)):
            if count <= 0:
                continue
            folder = Path(tmp) / name
            folder.mkdir()
            make(folder, count)
            measure(name, folder, args.nrr, args.repeat, report)


if __name__ == "__main__":
    main()
