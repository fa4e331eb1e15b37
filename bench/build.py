"""Benchmark: `nrr build` against a plain mkdocs-material build of the same record pages.

Generates N records (nrr_spec.publish.synthetic), then in the same run:

- `nrr build` (validation, narrative pages through mkdocs, record/browse pages with jinja2, facet
  index, feeds, Pagefind search index), in a fresh process: wall time and peak memory;
- the anchor: mkdocs-material building one Markdown page per record, records out of the
  navigation, with the theme's built-in search (what a lab gets by pointing mkdocs at its records).

Prints seconds, peak memory, median record page size, search and facet index download sizes, and
the anchor/nrr time ratio. Sizes are bytes as served (Pagefind's files are already compressed; the
facet files are also shown gzipped, as a web server sends them).

Also measured: `nrr build --no-search`, to separate the publisher's own work from Pagefind's;
and, with `--rebuild`, the rebuild after a small change (one record edited, three added) that
the build cache makes incremental, against plain mkdocs-material building the changed site again
(it has no incremental build). The first rebuild after a clean build also makes the cache's copy
of the site (hard links); it is shown apart from the rebuild that follows an earlier rebuild.
Peak memory is shown two ways: the largest single process (what getrusage reports), and the whole
process tree (the sum of PSS of the build, its page renderers and Pagefind, sampled).

    python bench/build.py [--records 1000 10000] [--no-anchor] [--anchor-max 10000] [--repeat 1] [--work DIR]
        [--rebuild] [--rebuild-repeat N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
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

# Runs a command as a child and reports its wall time, the peak RSS of the largest process in its
# tree (getrusage), and the peak of the whole tree's memory: the sum of its processes' PSS (shared
# pages counted once, split between the processes that share them), sampled every 0.2 s.
MEASURE = """
import json, os, resource, subprocess, sys, time

def tree_pss_kb(root):
    children = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                total += next(int(line.split()[1]) for line in f if line.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total

start = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
tree = 0
while child.poll() is None:
    tree = max(tree, tree_pss_kb(child.pid))
    time.sleep(0.2)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"code": child.returncode, "seconds": wall, "peak_mb": usage.ru_maxrss / 1024, "tree_mb": tree / 1024,
                  "cpu_s": usage.ru_utime + usage.ru_stime, "sys_s": usage.ru_stime}))
"""


def measure(command: list[str], cwd: Path | None = None) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=cwd, check=False)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    if result["code"] != 0:
        raise SystemExit(f"{command[0]} failed ({result['code']}): {done.stderr[-2000:]}")
    steps = re.search(r"^Time by step: (.*)$", done.stderr, re.M)  # nrr build without --quiet says where the time went
    if steps:
        result["steps"] = {step: float(s) for step, s in re.findall(r"([^;]+?) ([0-9.]+) s(?:; |$)", steps.group(1))}
    return result  # type: ignore[no-any-return]


def write_records(records: list[dict[str, Any]], folder: Path, exist_ok: bool = False) -> None:
    folder.mkdir(parents=True, exist_ok=exist_ok)
    for record in records:
        (folder / f"{record['id']}.json").write_text(json.dumps(record, indent=2), encoding="utf-8")


def markdown_page(record: dict[str, Any]) -> str:
    """The anchor's page for a record: the same sections as prose and a results table."""
    outcome = record["results"]["outcomes"][0]
    lines = [
        f"# {record['title']}",
        "",
        ", ".join(a["name"] for a in record["authors"]),
        "",
        record["summary"],
        "",
    ]
    sections = [
        ("Problem", [record["problem"]["statement"]]),
        ("Hypothesis", [record["hypothesis"]["statement"]]),
        ("Methods", [record["methods"]["description"]]),
        (
            "Results",
            [
                record["results"]["summary"],
                "",
                "| metric | value | baseline | delta |",
                "| --- | --- | --- | --- |",
                f"| {outcome['metric']} | {outcome['value']} | {outcome['baseline']} | {outcome['delta']} |",
            ],
        ),
        ("Interpretation", [record["interpretation"]["explanation"]]),
    ]
    for heading, body in sections:
        lines += [f"## {heading}", "", *body, ""]
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
        "not_in_nav: |\n  /records/\nplugins:\n  - search\n",
        encoding="utf-8",
    )
    return config


def dir_bytes(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes()))


def sizes(site: Path) -> dict[str, float]:
    pages = [p / "index.html" for p in (site / "records").iterdir() if (p / "index.html").is_file()]
    pagefind = site / "pagefind"
    index = json.loads((site / "search" / "facets.json").read_text(encoding="utf-8"))
    bundles = [pagefind, *(site / path for path in index.get("search", []))]
    fragments = sorted(p.stat().st_size for b in bundles for p in (b / "fragment").glob("*"))
    # One query, as the catalogue page makes it: pagefind.js and its worker once, then for each
    # shard its entry file, metadata, wasm and one index chunk (the largest: a pessimistic guess),
    # plus the 20 result fragments of the first page: then the results show. The filter index
    # (for the facet counts of the results) loads beside it, and the counts follow.
    first_results = (pagefind / "pagefind.js").stat().st_size + (pagefind / "pagefind-worker.js").stat().st_size
    filters = 0
    for bundle in bundles:
        chunks = sorted((p.stat().st_size for p in (bundle / "index").glob("*")), reverse=True)
        first_results += (
            (bundle / "pagefind-entry.json").stat().st_size
            + sum(p.stat().st_size for p in bundle.glob("*.pf_meta"))
            + (
                (bundle / "wasm.en.pagefind").stat().st_size if (bundle / "wasm.en.pagefind").is_file() else 0
            )  # shards share the first's
            + (chunks[0] if chunks else 0)
        )
        filters += dir_bytes(bundle / "filter")
    first_results += 20 * (statistics.median(fragments) if fragments else 0)
    facets = site / "search" / "facets.json"
    return {
        "page_kb": statistics.median(p.stat().st_size for p in pages) / 1024,
        "pagefind_total_mb": dir_bytes(pagefind) / 1e6,
        "search_shards": len(bundles),
        "first_results_kb": first_results / 1024,
        "first_query_kb": (first_results + filters) / 1024,
        "facets_kb": facets.stat().st_size / 1024,
        "facets_gz_kb": gz(facets) / 1024,
        "meta_chunk_gz_kb": gz(site / "search" / "meta" / "0.json") / 1024,
        "site_mb": dir_bytes(site) / 1e6,
    }


def run(
    n: int,
    anchor: bool,
    repeat: int,
    search: bool = True,
    work_root: str | None = None,
    rebuilds: bool = False,
    rebuild_repeat: int = 1,
) -> dict[str, Any]:
    # Every build writes into a new folder, and nothing is deleted until the end: on ext4, creating
    # files shortly after many were deleted is several times slower (the allocator skips inodes
    # freed in the last minute or more), which would penalise whichever build came second.
    work = Path(tempfile.mkdtemp(prefix=f"nrr-bench-{n}-", dir=work_root))
    result: dict[str, Any] = {"records": n, "search": search, "work": str(work)}
    try:
        records = generate(n, seed=n)
        write_records(records, work / "records")
        nrr = str(Path(sys.executable).parent / "nrr")
        command = [nrr, "build", str(work / "records"), "--quiet"]
        bare = [measure([*command, "--no-search", "--out", str(work / f"bare-{i}")]) for i in range(repeat)]
        builds = [measure([*command, "--out", str(work / f"site-{i}")]) for i in range(repeat)] if search else []
        for key, runs in (("nrr", builds), ("nrr_no_search", bare)):
            if runs:
                result[f"{key}_s"] = statistics.median(b["seconds"] for b in runs)
                result[f"{key}_runs_s"] = [round(b["seconds"], 1) for b in runs]
                result[f"{key}_cpu_s"] = statistics.median(b["cpu_s"] for b in runs)
                result[f"{key}_sys_s"] = statistics.median(b["sys_s"] for b in runs)
                result[f"{key}_peak_mb"] = max(b["peak_mb"] for b in runs)
                result[f"{key}_tree_mb"] = max(b["tree_mb"] for b in runs)
        result.update(sizes(work / "site-0") if search else {"page_kb": sizes_without_search(work / "bare-0")})
        if anchor:
            config = write_anchor(records, work / "anchor")
            mkdocs = str(Path(sys.executable).parent / "mkdocs")
            plain = [
                measure([mkdocs, "build", "-q", "-f", str(config), "-d", str(work / "anchor" / f"site-{i}")], cwd=work / "anchor")
                for i in range(repeat)
            ]
            result["mkdocs_s"] = statistics.median(b["seconds"] for b in plain)
            result["mkdocs_runs_s"] = [round(b["seconds"], 1) for b in plain]
            result["mkdocs_cpu_s"] = statistics.median(b["cpu_s"] for b in plain)
            result["mkdocs_sys_s"] = statistics.median(b["sys_s"] for b in plain)
            result["mkdocs_peak_mb"] = max(b["peak_mb"] for b in plain)
            result["mkdocs_tree_mb"] = max(b["tree_mb"] for b in plain)
            result["mkdocs_search_index_mb"] = (work / "anchor" / "site-0" / "search" / "search_index.json").stat().st_size / 1e6
            if search:
                result["speedup"] = result["mkdocs_s"] / result["nrr_s"]
            result["speedup_no_search"] = result["mkdocs_s"] / result["nrr_no_search_s"]
        if rebuilds and search:
            result.update(rebuild(n, records, work, anchor, rebuild_repeat))
        return result
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


def change_records(records: list[dict[str, Any]], folder: Path, seed: int) -> list[dict[str, Any]]:
    """Edit one record (title and summary) and add three new ones, published after all the others."""
    edited = json.loads(json.dumps(records[len(records) // 2]))
    edited["title"] = f"{edited['title']} (revised {seed})"
    edited["summary"] = f"{edited['summary']} Revised after a reader's comment ({seed})."
    latest = max(r["created"] for r in records)
    added = []
    for k, record in enumerate(generate(3, seed=seed)):
        record["id"] = f"added-{seed}-{k}"
        record["created"] = latest
        record.pop("related", None)
        if record.get("experiment", {}).get("outcome") in ("keep", "baseline"):  # context, not a record: make it one
            del record["experiment"]
            record["kind"] = "existing_method"
        added.append(record)
    write_records([edited, *added], folder, exist_ok=True)
    by_id = {r["id"]: r for r in records}
    by_id[edited["id"]] = edited
    return [*by_id.values(), *added]


def rebuild(n: int, records: list[dict[str, Any]], work: Path, anchor: bool, repeat: int = 1) -> dict[str, Any]:
    """`nrr build` again after small changes, as CI does when a lab adds records, and as `nrr serve` does."""
    nrr = str(Path(sys.executable).parent / "nrr")
    out = work / "site-0"
    command = [nrr, "build", str(work / "records"), "--out", str(out)]
    result: dict[str, Any] = {}
    records = change_records(records, work / "records", seed=1)
    first = measure(command)  # also links the cache's copy of the site
    runs = []
    for seed in range(2, 2 + max(1, repeat)):
        records = change_records(records, work / "records", seed=seed)
        runs.append(measure(command))
    second = sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]  # the median run, with its breakdown
    result.update(
        rebuild_first_s=first["seconds"],
        rebuild_s=second["seconds"],
        rebuild_runs_s=[round(r["seconds"], 2) for r in runs],
        rebuild_cpu_s=second["cpu_s"],
        rebuild_sys_s=second["sys_s"],
        rebuild_tree_mb=second["tree_mb"],
        rebuild_steps=second.get("steps", {}),
    )
    if anchor:
        folder = work / "anchor"
        for record in records:
            page = folder / "docs" / "records" / f"{record['id']}.md"
            if not page.exists() or record["id"].startswith("added-") or "(revised" in record["title"]:
                page.write_text(markdown_page(record), encoding="utf-8")
        mkdocs = str(Path(sys.executable).parent / "mkdocs")
        again = measure([mkdocs, "build", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site-rebuilt")], cwd=folder)
        result["mkdocs_rebuild_s"] = again["seconds"]
        result["rebuild_speedup"] = again["seconds"] / second["seconds"]
    return result


def sizes_without_search(site: Path) -> float:
    return statistics.median((p / "index.html").stat().st_size for p in (site / "records").iterdir()) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--no-anchor", action="store_true", help="skip the plain mkdocs-material build")
    parser.add_argument("--anchor-max", type=int, default=10000, help="largest size to build the anchor for")
    parser.add_argument("--repeat", type=int, default=1, help="builds of each kind per size; medians are shown")
    parser.add_argument("--search-max", type=int, default=100000, help="largest size to build the Pagefind index for")
    parser.add_argument("--work", help="folder for the generated records and sites (default: the system's temp folder)")
    parser.add_argument("--rebuild", action="store_true", help="also measure the rebuild after one edit and three new records")
    parser.add_argument("--rebuild-repeat", type=int, help="rebuilds measured per size (default: --repeat); the median is shown")
    args = parser.parse_args()
    if args.work:  # made here, as `nrr build --out` makes its folder, rather than a traceback from mkdtemp
        try:
            Path(args.work).mkdir(parents=True, exist_ok=True)
        except OSError as error:
            parser.error(f"--work {args.work}: cannot make the folder ({error.strerror or error})")
    done: list[str] = []
    for n in args.records:
        started = time.perf_counter()
        result = run(
            n,
            not args.no_anchor and n <= args.anchor_max,
            args.repeat,
            n <= args.search_max,
            args.work,
            args.rebuild,
            args.rebuild_repeat or args.repeat,
        )
        line = f"{n:>7} records:"
        if result["search"]:
            line += (
                f" nrr build {result['nrr_s']:.1f} s (runs {result['nrr_runs_s']}, "
                f"CPU {result['nrr_cpu_s']:.0f} s, {result['nrr_sys_s']:.0f} s of it system), peak process "
                f"{result['nrr_peak_mb']:.0f} MB, whole tree {result['nrr_tree_mb']:.0f} MB;"
            )
        line += (
            f" without search {result['nrr_no_search_s']:.1f} s (runs {result['nrr_no_search_runs_s']}, "
            f"CPU {result['nrr_no_search_cpu_s']:.0f} s, {result['nrr_no_search_sys_s']:.0f} s system), peak process "
            f"{result['nrr_no_search_peak_mb']:.0f} MB, whole tree {result['nrr_no_search_tree_mb']:.0f} MB; "
            f"record page {result['page_kb']:.1f} KB"
        )
        if result["search"]:
            line += (
                f"\n         Pagefind {result['pagefind_total_mb']:.1f} MB total in {result['search_shards']} shard(s), "
                f"first query ~{result['first_query_kb']:.0f} KB (results after ~{result['first_results_kb']:.0f} KB); "
                f"facets {result['facets_kb']:.0f} KB "
                f"({result['facets_gz_kb']:.0f} KB gzipped) + {result['meta_chunk_gz_kb']:.0f} KB per 500-row chunk"
            )
        if "mkdocs_s" in result:
            line += (
                f"\n         plain mkdocs-material: {result['mkdocs_s']:.1f} s (runs {result['mkdocs_runs_s']}, "
                f"CPU {result['mkdocs_cpu_s']:.0f} s, {result['mkdocs_sys_s']:.0f} s system), "
                f"peak {result['mkdocs_peak_mb']:.0f} MB, search index {result['mkdocs_search_index_mb']:.1f} MB -> "
                + (f"time ratio mkdocs/nrr {result['speedup']:.2f}, " if result["search"] else "")
                + f"without search {result['speedup_no_search']:.2f}"
            )
        if "rebuild_s" in result:
            line += (
                f"\n         rebuild after 1 edit + 3 new records: {result['rebuild_s']:.2f} s (runs {result['rebuild_runs_s']}, "
                f"CPU {result['rebuild_cpu_s']:.1f} s, {result['rebuild_sys_s']:.1f} s system; the first rebuild "
                f"after a clean build, which also links the cache's copy: {result['rebuild_first_s']:.2f} s)"
            )
            if "mkdocs_rebuild_s" in result:
                line += (
                    f"; plain mkdocs-material builds the changed site in {result['mkdocs_rebuild_s']:.1f} s -> "
                    f"ratio mkdocs/nrr {result['rebuild_speedup']:.1f}"
                )
            if result.get("rebuild_steps"):
                steps = result["rebuild_steps"]
                line += (
                    f"\n         where the rebuild's time went ({sum(steps.values()):.2f} s in steps; the rest is "
                    "starting Python and importing): " + "; ".join(f"{k} {v:.2f} s" for k, v in steps.items())
                )
        print(line, f"\n         (whole run {time.perf_counter() - started:.0f} s)", flush=True)
        print(json.dumps(result), flush=True)
        done.append(result["work"])
    # Removed only after the last size: on ext4, files created within minutes of many deletions
    # take several times longer (see run()), which would slow every size after the first.
    for work in done:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
