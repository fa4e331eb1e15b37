"""Benchmark: how long after a record file is saved `nrr serve` serves the changed page.

Generates N records, starts `nrr serve` on them (its first build is a clean one, timed as the
anchor: what every edit cost before rebuilds were incremental, and about what plain mkdocs-material
costs, whose `mkdocs serve` builds the whole site again on each change), then edits one record's
title several times, each time timing from the write until the record page served over HTTP shows
the new title (the page, its search shard and every page that depends on it are swapped in together).

With `--pause`, each edit waits that long after the one before, so that it finds the server idle
(the rebuild after an edit, and the search index brought up to date after it, take seconds at
10,000 records; an edit made during them waits for them). The server's own log lines (how long
each rebuild took) are printed at the end.

    python bench/serve_latency.py [--records 10000] [--edits 5] [--pause 2] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nrr_spec.publish.synthetic import generate  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter()
        time.sleep(0.01)
    raise SystemExit(f"{url} did not show {text!r} within {timeout:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between one edit being shown and the next edit")
    parser.add_argument("--work", help="folder for the records and the site (default: the system's temp folder)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="nrr-serve-", dir=args.work))
    server = None
    try:
        records = generate(args.records, seed=args.records)
        folder = work / "records"
        folder.mkdir()
        for record in records:
            (folder / f"{record['id']}.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
        port = free_port()
        nrr = str(Path(sys.executable).parent / "nrr")
        started = time.perf_counter()
        log = (work / "serve.log").open("w")
        server = subprocess.Popen(
            [nrr, "serve", str(folder), "--out", str(work / "site"), "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},  # its log lines as they happen
        )
        edited = records[len(records) // 2]
        page = f"http://127.0.0.1:{port}/records/{edited['id']}/"
        wait_for(page, edited["title"], 1800)
        first = time.perf_counter() - started
        shown = []
        for n in range(args.edits):
            time.sleep(args.pause)  # the previous rebuild's last steps (the swap) are done
            title = f"Edited title number {n}"
            record = {**edited, "title": title}
            saved = time.perf_counter()
            (folder / f"{edited['id']}.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
            shown.append(wait_for(page, title, 120) - saved)
        median = statistics.median(shown)
        print(
            f"{args.records} records: first build by nrr serve {first:.1f} s; an edit shows after "
            f"{median:.2f} s (median of {len(shown)}: {[round(s, 2) for s in shown]}) -> "
            f"ratio first build/edit {first / median:.1f}"
        )
        log.flush()
        print(
            "nrr serve said:",
            *[line for line in (work / "serve.log").read_text(encoding="utf-8").splitlines() if " in " in line],
            sep="\n  ",
        )
        print(
            json.dumps(
                {
                    "records": args.records,
                    "first_build_s": first,
                    "edit_shown_s": median,
                    "edit_runs_s": shown,
                    "ratio": first / median,
                }
            )
        )
    except SystemExit:
        print((work / "serve.log").read_text(encoding="utf-8")[-3000:], file=sys.stderr)
        raise
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
