"""Benchmark: `nrr build` against a plain mkdocs-material build of the same record pages.

Generates N records (nrr_spec.publish.synthetic), then in the same run:

- `nrr build` (validation, narrative pages through mkdocs, record/browse pages with jinja2, facet
  index, feeds, Pagefind search index), in a fresh process: wall time and peak memory;
- the anchor: mkdocs-material building one Markdown page per record, records out of the
  navigation, with the theme's built-in search (what a lab gets by pointing mkdocs at its records).

Prints seconds, peak memory, median record page size, search and facet index download sizes, and
the anchor/nrr time ratio. Sizes are bytes as served (Pagefind's files are already compressed; the
facet files are also shown gzipped, as a web server sends them).

Also measured: `nrr build --no-search`, to separate the publisher's own work from Pagefind's.
Pagefind keeps its whole index in memory (about 0.25 GB per 1,000 generated record pages), so
sizes above --search-max are built without the search index and say so.

    python bench/build.py [--records 1000 10000] [--no-anchor] [--repeat 1] [--search-max 20000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nrr_spec.publish.synthetic import generate  # noqa: E402

# Runs a command as a child and reports its wall time and the peak RSS of it and its children.
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)
wall = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": code, "seconds": wall, "peak_mb": peak_kb / 1024}))
"""


def measure(command: list[str], cwd: Path | None = None) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=cwd, check=False)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"{command[0]} failed ({result['code']}): {done.stderr[-2000:]}")
    return result  # type: ignore[no-any-return]


def write_records(records: list[dict[str, Any]], folder: Path) -> None:
    folder.mkdir(parents=True)
    for record in records:
        (folder / f"{record['id']}.json").write_text(json.dumps(record, indent=2), encoding="utf-8")


def markdown_page(record: dict[str, Any]) -> str:
    """The anchor's page for a record: the same sections as prose and a results table."""
    outcome = record["results"]["outcomes"][0]
    lines = [
        f"# {record['title']}", "", ", ".join(a["name"] for a in record["authors"]), "", record["summary"], "",
        "## Problem", "", record["problem"]["statement"], "", "## Hypothesis", "", record["hypothesis"]["statement"], "",
        "## Methods", "", record["methods"]["description"], "", "## Results", "", record["results"]["summary"], "",
        "| metric | value | baseline | delta |", "| --- | --- | --- | --- |",
        f"| {outcome['metric']} | {outcome['value']} | {outcome['baseline']} | {outcome['delta']} |", "",
        "## Interpretation", "", record["interpretation"]["explanation"], "",
    ]
    return "\n".join(lines) + "\n"


def write_anchor(records: list[dict[str, Any]], folder: Path) -> Path:
    docs = folder / "docs"
    (docs / "records").mkdir(parents=True)
    (docs / "index.md").write_text("# Catalogue\n\nNegative results.\n", encoding="utf-8")
    for record in records:
        (docs / "records" / f"{record['id']}.md").write_text(markdown_page(record), encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: Anchor\ntheme:\n  name: material\n  font: false\nnav:\n  - Home: index.md\n"
        "not_in_nav: |\n  /records/\nplugins:\n  - search\n", encoding="utf-8")
    return config


def dir_bytes(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes()))


def sizes(site: Path) -> dict[str, float]:
    pages = [p / "index.html" for p in (site / "records").iterdir() if (p / "index.html").is_file()]
    pagefind = site / "pagefind"
    index_chunks = sorted((p.stat().st_size for p in (pagefind / "index").glob("*")), reverse=True)
    fragments = sorted(p.stat().st_size for p in (pagefind / "fragment").glob("*"))
    # One query: the script, entry file, wasm, filters, one index chunk (the largest) and a page of 20 results.
    first_query = (
        sum(p.stat().st_size for p in pagefind.glob("*.js")) + (pagefind / "pagefind-entry.json").stat().st_size
        + sum(p.stat().st_size for p in pagefind.glob("wasm.*")) + dir_bytes(pagefind / "filter")
        + (index_chunks[0] if index_chunks else 0) + 20 * (statistics.median(fragments) if fragments else 0)
    )
    facets = site / "search" / "facets.json"
    return {
        "page_kb": statistics.median(p.stat().st_size for p in pages) / 1024,
        "pagefind_total_mb": dir_bytes(pagefind) / 1e6,
        "first_query_kb": first_query / 1024,
        "facets_kb": facets.stat().st_size / 1024,
        "facets_gz_kb": gz(facets) / 1024,
        "meta_chunk_gz_kb": gz(site / "search" / "meta" / "0.json") / 1024,
        "site_mb": dir_bytes(site) / 1e6,
    }


def run(n: int, anchor: bool, repeat: int, search: bool = True) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix=f"nrr-bench-{n}-"))
    try:
        records = generate(n, seed=n)
        write_records(records, work / "records")
        nrr = str(Path(sys.executable).parent / "nrr")
        command = [nrr, "build", str(work / "records"), "--quiet"]
        bare = [measure([*command, "--no-search", "--out", str(work / "bare")]) for _ in range(repeat)]
        shutil.rmtree(work / "bare", ignore_errors=True)
        builds = [measure([*command, "--out", str(work / "site")]) for _ in range(repeat)] if search else bare
        result: dict[str, Any] = {
            "records": n,
            "search": search,
            "nrr_s": statistics.median(b["seconds"] for b in builds),
            "nrr_peak_mb": max(b["peak_mb"] for b in builds),
            "nrr_no_search_s": statistics.median(b["seconds"] for b in bare),
            "nrr_no_search_peak_mb": max(b["peak_mb"] for b in bare),
        }
        if search:
            result.update(sizes(work / "site"))
        if anchor:
            config = write_anchor(records, work / "anchor")
            mkdocs = str(Path(sys.executable).parent / "mkdocs")
            plain = [measure([mkdocs, "build", "-q", "-f", str(config)], cwd=work / "anchor") for _ in range(repeat)]
            result["mkdocs_s"] = statistics.median(b["seconds"] for b in plain)
            result["mkdocs_peak_mb"] = max(b["peak_mb"] for b in plain)
            result["mkdocs_search_index_mb"] = (work / "anchor" / "site" / "search" / "search_index.json").stat().st_size / 1e6
            result["speedup"] = result["mkdocs_s"] / result["nrr_s"]
            result["speedup_no_search"] = result["mkdocs_s"] / result["nrr_no_search_s"]
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-anchor", action="store_true", help="skip the plain mkdocs-material build")
    parser.add_argument("--anchor-max", type=int, default=10000, help="largest size to build the anchor for")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--search-max", type=int, default=20000, help="largest size to build the Pagefind index for")
    args = parser.parse_args()
    for n in args.records:
        started = time.perf_counter()
        result = run(n, not args.no_anchor and n <= args.anchor_max, args.repeat, n <= args.search_max)
        line = f"{n:>7} records: nrr build {result['nrr_s']:.1f} s, peak {result['nrr_peak_mb']:.0f} MB"
        if result["search"]:
            line += (f"; without search {result['nrr_no_search_s']:.1f} s, peak {result['nrr_no_search_peak_mb']:.0f} MB; "
                     f"record page {result['page_kb']:.1f} KB; Pagefind {result['pagefind_total_mb']:.1f} MB total, "
                     f"first query ~{result['first_query_kb']:.0f} KB; facets {result['facets_kb']:.0f} KB "
                     f"({result['facets_gz_kb']:.0f} KB gzipped) + {result['meta_chunk_gz_kb']:.0f} KB per 500-row chunk")
        else:
            line += " (without the search index: over --search-max)"
        if "mkdocs_s" in result:
            line += (f"\n         plain mkdocs-material: {result['mkdocs_s']:.1f} s, peak {result['mkdocs_peak_mb']:.0f} MB, "
                     f"search index {result['mkdocs_search_index_mb']:.1f} MB -> time ratio mkdocs/nrr {result['speedup']:.2f} "
                     f"(without search {result['speedup_no_search']:.2f})")
        print(line, f"\n         (whole run {time.perf_counter() - started:.0f} s)", flush=True)
        print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
