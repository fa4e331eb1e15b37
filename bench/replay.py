"""Benchmark: replay every corpus log with keep/discard outcomes and score the engine's advice.

Each log is replayed on its own (before each row, only that log's earlier rows are known). The
metric direction comes from the corpus INDEX.tsv where it says lower or higher, otherwise from the
converter. Prints per log and pooled: rows scored, successes, the engine's Brier score, the running
base rate's (smoothed, and raw), their ratio, AUC, failures avoided and successes blocked.

    .venv/bin/python bench/replay.py --corpus PATH/TO/corpus/autoresearch [--json]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

from nrr_spec.convert.autoresearch import ConvertOptions
from nrr_spec.knowledge.replay import Prediction, replay_log, score


def directions(corpus: Path) -> dict[str, str]:
    with (corpus / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {r["file"]: r["direction"] for r in rows if r.get("direction") in ("lower", "higher")}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("NRR_CORPUS", str(Path(__file__).resolve().parents[2] / "shared" / "corpus" / "autoresearch"))
    parser.add_argument("--corpus", default=default, help="folder with INDEX.tsv and logs/")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "logs").is_dir():
        print(f"no logs/ under {corpus}; pass --corpus", file=sys.stderr)
        return 2
    known = directions(corpus)
    pooled: list[Prediction] = []
    table = []
    for log in sorted((corpus / "logs").iterdir()):
        result = replay_log(log, ConvertOptions(direction=known.get(log.name)))
        if not result.predictions or not any(p.outcome in ("keep", "discard") for p in result.predictions):
            continue
        pooled.extend(result.predictions)
        table.append((log.name, result.score))
    total = score(pooled)
    if args.json:
        print(json.dumps({"logs": {name: s.as_dict() for name, s in table}, "pooled": total.as_dict()}, indent=2))
        return 0
    print(f"{'log':60} {'rows':>5} {'keep':>4} {'brier':>6} {'base':>6} {'raw':>6} {'ratio':>6} {'auc':>5} {'b.auc':>5} "
          f"{'avoid':>5} {'block':>5}")
    for name, s in [*table, ("POOLED", total)]:
        auc = f"{s.auc:.3f}" if s.auc is not None else "  -  "
        base_auc = f"{s.base_auc:.3f}" if s.base_auc is not None else "  -  "
        print(f"{name[:60]:60} {s.rows:5d} {s.successes:4d} {s.brier:6.3f} {s.base_brier:6.3f} {s.raw_base_brier:6.3f} "
              f"{(s.ratio or 0):6.3f} {auc:>5} {base_auc:>5} {s.failures_avoided:5d} {s.successes_blocked:5d}")
    blocked = total.successes_blocked / total.successes if total.successes else 0.0
    worse = [name for name, s in table if s.ratio is not None and s.ratio > 1.0]
    # Pooled AUC mixes logs with different keep rates; the row-weighted mean of each log's own AUC
    # says how well the engine ranks experiments within one search.
    ranked = [(s.auc, s.base_auc, s.rows) for _, s in table if s.auc is not None and s.base_auc is not None]
    within = sum(a * n for a, _, n in ranked) / sum(n for *_, n in ranked)
    within_base = sum(b * n for _, b, n in ranked) / sum(n for *_, n in ranked)
    print(f"\npooled: ratio {total.ratio:.3f} (against the raw running rate {total.brier / total.raw_base_brier:.3f}), "
          f"AUC {total.auc:.3f} (base rate {total.base_auc:.3f}), within-log AUC {within:.3f} (base rate {within_base:.3f}), "
          f"failures avoided {total.failures_avoided}, successes blocked {total.successes_blocked}/{total.successes} "
          f"({blocked:.1%}); logs {len(table)}, worse than base rate on {len(worse)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
