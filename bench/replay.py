"""Benchmark: replay every corpus log, leave-one-log-out, and score the engine's advice.

Each log is converted and walked in order: before each decided row the engine sees only the
earlier rows of that log, read through the proposal view (outcome words, results and comparisons
cut from the description, see `nrr_spec.knowledge.proposal_view`). The calibrated model that turns
those features into a probability is fitted on the *other* logs only (leave-one-log-out), so no
log is scored by a model that has seen it. The metric direction comes from the corpus INDEX.tsv
where it says lower or higher, otherwise from the converter.

Prints per log and pooled: rows scored, successes, the engine's Brier score, the running base
rate's (smoothed; raw beside it), their ratio, AUC (and the running base rate's), failures avoided
and successes answered "avoid"; then the mean per-log AUC, its median and quartiles, and the
worst logs. The protocol itself is `nrr_spec.knowledge.held_out`.

`--nested` also takes the choice of the penalty and of the in-log offset's prior away from the
scored log (chosen per scored log by grouped cross-validation on the others); `--split-halves`
chooses penalty, prior and feature families on one half of the logs and reports the choice on the
other half, both ways round.

    .venv/bin/python bench/replay.py [--corpus PATH/TO/corpus/autoresearch] [--json]
    .venv/bin/python bench/replay.py --nested --split-halves   # what choosing the model costs
    .venv/bin/python bench/replay.py --write-coefficients   # refit the shipped model on every log
    .venv/bin/python bench/replay.py --shuffled 1   # the same with every log's outcomes dealt out at random
    .venv/bin/python bench/replay.py --feature-aucs   # each feature alone, beside its chance level
    .venv/bin/python bench/replay.py --unseen FOLDER   # logs outside the corpus, scored by the shipped model
    .venv/bin/python bench/replay.py --unseen FOLDER --in-sample   # beside the model fitted on those logs

`--shuffled SEED` measures what the figures are worth by chance. Within one log, any prediction
that follows the log's own earlier outcomes ranks its rows below chance: a kept row raises the
running rate of the rows after it, which are then compared with it, so per-log AUC under no signal
at all is well below 0.5 for such a model (as for the hot hand in a finite sequence).
`--feature-aucs` prints that per feature: its mean per-log AUC taken alone, on the logs and on the
logs with their outcomes dealt out at random (the mean over `CHANCE_SEEDS` deals), and the gap
between the two, which is what the feature tells beyond the bias of the measure.
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
import math
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from nrr_spec.convert.pipeline import ConvertOptions, convert_log
from nrr_spec.knowledge.calibrated import COEFFICIENTS, L2, coefficients_document
from nrr_spec.knowledge.features import DECIDED
from nrr_spec.knowledge.held_out import (
    PENALTIES,
    Choice,
    auc_by_view,
    choose,
    family_of,
    feature_aucs,
    fitted,
    in_sample,
    leave_one_log_out,
    nested,
    share_kept_only,
    split_halves,
    summarise,
    trained_on_others,
)
from nrr_spec.knowledge.replay import Score, Step, replay_steps, score

TARGET_RATIO, TARGET_AUC, TARGET_BLOCKED = 0.90, 0.60, 0.05
CHANCE_SEEDS = (1, 2, 3)


def directions(corpus: Path) -> dict[str, str]:
    with (corpus / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        return {r["file"]: r["direction"] for r in rows if r.get("direction") in ("lower", "higher")}


def load(corpus: Path, only: int | None, shuffle: int | None = None) -> dict[str, list[Step]]:
    """The replay steps of every log under `corpus`/logs (or `corpus` itself when it has no logs/)."""
    known = directions(corpus) if (corpus / "INDEX.tsv").is_file() else {}
    folder = corpus / "logs" if (corpus / "logs").is_dir() else corpus
    logs: dict[str, list[Step]] = {}
    for log in sorted(p for p in folder.iterdir() if p.is_file() and p.name != "INDEX.tsv")[:only]:
        converted = convert_log(log, ConvertOptions(direction=known.get(log.name)))
        if converted.errors:
            continue
        records = converted.records if shuffle is None else shuffled(converted.records, random.Random(f"{shuffle}:{log.name}"))
        steps = replay_steps(records)
        if steps and any(s.outcome in ("keep", "discard") for s in steps):
            logs[log.name] = steps
    return logs


def shuffled(records: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
    """The log with the outcomes of its decided rows dealt out again at random: no row's change or
    history tells its outcome any more, and the log keeps as many as it did."""
    out = copy.deepcopy(records)
    decided = [
        r["experiment"] for r in out if isinstance(r.get("experiment"), dict) and r["experiment"].get("outcome") in DECIDED
    ]
    dealt = [(e.get("outcome"), e.get("failure_class")) for e in decided]
    rng.shuffle(dealt)
    for experiment, (outcome, failure_class) in zip(decided, dealt, strict=True):
        experiment["outcome"] = outcome
        experiment.pop("failure_class", None)
        if failure_class is not None:
            experiment["failure_class"] = failure_class
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("NRR_CORPUS", str(Path(__file__).resolve().parents[2] / "shared" / "corpus" / "autoresearch"))
    parser.add_argument("--corpus", default=default, help="folder with INDEX.tsv and logs/")
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--logs", type=int, help="only the first N logs (a quick run)")
    parser.add_argument("--worst", type=int, default=8, help="how many worst logs to list")
    parser.add_argument(
        "--write-coefficients",
        action="store_true",
        help="write the model fitted on every log (penalty and in-log prior chosen by grouped cross-validation) "
        "into coefficients.json",
    )
    parser.add_argument("--l2", type=float, help="score with this penalty instead of the shipped model's")
    parser.add_argument(
        "--in-log-prior", type=float, help="score with this in-log prior instead of the shipped model's (0: no updating)"
    )
    parser.add_argument(
        "--nested",
        action="store_true",
        help="choose penalty and in-log prior for each scored log by cross-validation on the other logs (slow)",
    )
    parser.add_argument(
        "--split-halves",
        action="store_true",
        help="choose penalty, in-log prior and feature families on half the logs, report on the other half (slow)",
    )
    parser.add_argument(
        "--shuffled",
        type=int,
        metavar="SEED",
        help="replay every log with its outcomes dealt out again at random (no signal): what the figures are by chance",
    )
    parser.add_argument(
        "--unseen",
        metavar="FOLDER",
        help="score the logs of FOLDER (a folder of logs, or one with logs/ and an INDEX.tsv) with the model fitted on "
        "every corpus log at the shipped penalty and prior: logs it was never fitted, tuned or chosen on",
    )
    parser.add_argument(
        "--in-sample",
        action="store_true",
        help="also score the logs with the model fitted on them, their own outcomes included: what fitting can reach "
        "with these features on these logs, beside what is measured held out (a comparison, never a result)",
    )
    parser.add_argument(
        "--feature-aucs",
        action="store_true",
        help="print each feature's mean per-log AUC alone, beside the same with outcomes dealt out at random",
    )
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "logs").is_dir():
        print(f"no logs/ under {corpus}; pass --corpus", file=sys.stderr)
        return 2
    if args.unseen and not Path(args.unseen).is_dir():
        print(f"{args.unseen}: no such folder; pass --unseen a folder of logs (or one with logs/ in it)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    logs = load(corpus, None if args.unseen else args.logs, None if args.unseen else args.shuffled)
    if args.feature_aucs:
        _print_feature_aucs(logs, [load(corpus, args.logs, seed) for seed in CHANCE_SEEDS])
        return 0
    featured = time.perf_counter() - start
    if args.unseen:
        unseen = load(Path(args.unseen), args.logs, args.shuffled)
        shipped = shipped_choice()
        per_log = trained_on_others(logs, unseen, shipped)
        protocol = f"fitted on the {len(logs)} corpus logs, scored on the {len(unseen)} logs of {args.unseen}, {shipped}"
    elif args.nested:
        per_log, chosen = nested(logs)
        counts = {str(c): sum(1 for v in chosen.values() if v == c) for c in sorted(set(chosen.values()), key=str)}
        protocol = f"nested leave-one-log-out (choice per log made on the others: {counts})"
    else:
        shipped = shipped_choice()
        l2 = args.l2 if args.l2 is not None else shipped.l2
        prior = shipped.prior if args.in_log_prior is None else (args.in_log_prior or None)
        per_log = leave_one_log_out(logs, Choice(l2, prior))
        protocol = f"leave-one-log-out, {Choice(l2, prior)}"
    elapsed = time.perf_counter() - start - featured
    table = [(name, score(p)) for name, p in per_log.items()]
    total = score([p for preds in per_log.values() for p in preds])
    aucs = [s.auc for _, s in table if s.auc is not None]
    mean_auc = sum(aucs) / len(aucs) if aucs else float("nan")
    blocked = total.successes_blocked / total.successes if total.successes else 0.0
    summary = summarise(per_log)
    by_view = auc_by_view(per_log)
    if args.write_coefficients:
        best = choose(logs, list(logs))
        weights = fitted(logs, list(logs), best.l2)
        target = Path(__file__).resolve().parents[1] / "nrr_spec" / "knowledge" / COEFFICIENTS
        share = share_kept_only(logs, logs)
        target.write_text(coefficients_document(weights, len(logs), total.rows, best.l2, best.prior, share), encoding="utf-8")
        print(f"wrote {target} ({best}, chosen by grouped cross-validation over the logs)", file=sys.stderr)
    halves = split_halves(logs) if args.split_halves else []
    fitted_here = None
    if args.in_sample:
        # The weakest penalty and the shipped in-log offset: the shipped model, as closely fitted as it gets.
        fitted_here = summarise(in_sample(unseen if args.unseen else logs, Choice(PENALTIES[0], shipped_choice().prior)))
    if args.json:
        print(
            json.dumps(
                {
                    "logs": {name: s.as_dict() for name, s in table},
                    "pooled": total.as_dict(),
                    "mean_per_log_auc": mean_auc,
                    "median_per_log_auc": summary.median_auc,
                    "per_log_auc_quartiles": summary.quartiles,
                    "mean_per_log_auc_by_view": {k: {"auc": a, "logs": n} for k, (a, n) in by_view.items()},
                    "mean_per_log_proposal_auc": _mean([s.proposal_auc for _, s in table if s.auc is not None]),
                    "successes_avoided_share": blocked,
                    "log_loss": summary.log_loss,
                    "protocol": protocol,
                    "in_sample": fitted_here.__dict__ if fitted_here else None,
                    "split_halves": [
                        {
                            "penalty": h.choice.l2,
                            "in_log_prior": h.choice.prior,
                            "dropped_family": family_of(h.dropped),
                            "selection": h.selection.__dict__,
                            "held_out": h.held_out.__dict__,
                        }
                        for h in halves
                    ],
                },
                indent=2,
            )
        )
        return 0
    _print_table(table, total)
    ratio = total.ratio or float("nan")
    print(
        f"\n{protocol} over {len(table)} logs ({total.rows} rows scored, {total.successes} kept); "
        f"features {featured:.0f} s, fits {elapsed:.0f} s"
    )
    print(
        f"pooled Brier ratio against the running base rate: {ratio:.3f} (target <= {TARGET_RATIO}; "
        f"against the raw running rate {_fig(total.brier / total.raw_base_brier if total.raw_base_brier else None)})"
    )
    print(
        f"mean per-log AUC: {_fig(mean_auc)} over {len(aucs)} logs with both outcomes (target >= {TARGET_AUC}; "
        f"running base rate {_fig(_mean([s.base_auc for _, s in table if s.auc is not None]))}); pooled AUC {_fig(total.auc)}"
    )
    print(
        f"per-log AUC distribution: median {_fig(summary.median_auc)}, quartiles {_fig(summary.quartiles[0])}-"
        f"{_fig(summary.quartiles[1])}; below 0.5 on {sum(1 for a in aucs if a < 0.5)} of {len(aucs)} logs"
    )
    (whole, n_whole), (cut, n_cut) = by_view["whole"], by_view["cut"]
    print(
        f"mean per-log AUC on rows whose description held no result (the proposal view left it whole): {_fig(whole)} "
        f"over {n_whole} logs; on rows it cut: {_fig(cut)} over {n_cut} logs"
    )
    own = [s.proposal_auc for _, s in table if s.auc is not None and s.proposal_auc is not None]
    print(
        f"mean per-log AUC of the proposal's own part (the model without the log's history, which is the same for "
        f"every proposal made at one moment): {_mean(list(own)):.3f} (median {statistics.median(own):.3f})"
        if own
        else "no per-log AUC of the proposal's own part"
    )
    print(
        f"successes answered 'avoid': {total.successes_blocked} of {total.successes} ({blocked:.1%}, target <= "
        f"{TARGET_BLOCKED:.0%}); failures avoided {total.failures_avoided} of {total.rows - total.successes}; "
        f"'caution' on {total.cautioned} rows"
    )
    failed_again = total.repeated_failures - total.repeated_failures_kept
    print(
        f"exact repeats of failed changes: {total.repeated_failures} rows, {failed_again} of them failed again "
        f"({failed_again / total.repeated_failures if total.repeated_failures else 0.0:.0%}, against "
        f"{(total.rows - total.successes) / total.rows if total.rows else 0.0:.0%} of all rows); "
        f"answered 'proceed': {total.repeated_failures_proceed}"
    )
    worse = [name for name, s in table if s.ratio is not None and s.ratio > 1.0]
    print(f"worse than the running base rate on {len(worse)} of {len(table)} logs")
    print("\nworst logs by Brier ratio:")
    for name, s in sorted(table, key=lambda t: -(t[1].ratio or 0))[: args.worst]:
        print(f"  {(s.ratio or 0):6.3f}  rows {s.rows:4d}  kept {s.successes:3d}  {name}")
    print("worst logs by AUC:")
    for name, s in sorted([t for t in table if t[1].auc is not None], key=lambda t: t[1].auc or 0)[: args.worst]:
        print(f"  {(s.auc or 0):6.3f}  rows {s.rows:4d}  kept {s.successes:3d}  {name}")
    if fitted_here is not None:
        print(f"\nin sample, the model fitted on these same logs (their own outcomes included): {fitted_here.line()}")
    for h in halves:
        print(
            f"\nsplit halves: chosen on {len(h.chosen_on)} logs ({h.choice}, family left out: "
            f"{family_of(h.dropped)})\n  where chosen: {h.selection.line()}\n  other half:   {h.held_out.line()}"
        )
    return 0


def shipped_choice() -> Choice:
    try:
        data = json.loads((Path(__file__).resolve().parents[1] / "nrr_spec" / "knowledge" / COEFFICIENTS).read_text())
        prior = data.get("in_log_prior")
        return Choice(float(data["l2"]), float(prior) if prior else None)
    except (OSError, ValueError, KeyError, TypeError):
        return Choice(L2, None)


def _fig(value: float | None) -> str:
    """A figure to three places, or "n/a" where there is none (no log with both outcomes has an AUC)."""
    return f"{value:.3f}" if value is not None and not math.isnan(value) else "n/a"


def _mean(values: list[float | None]) -> float:
    real = [v for v in values if v is not None]
    return sum(real) / len(real) if real else float("nan")


def _print_feature_aucs(logs: dict[str, list[Step]], dealt: list[dict[str, list[Step]]]) -> None:
    real = feature_aucs(logs)
    chance = [feature_aucs(d) for d in dealt]
    print(f"{'feature':26} {'alone':>6} {'chance':>6} {'gap':>7}  (mean per-log AUC; chance: outcomes dealt at random)")
    for name, value in real.items():
        level = _mean([c[name] for c in chance])
        print(f"{name:26} {value:6.3f} {level:6.3f} {value - level:+7.3f}")


def _print_table(table: list[tuple[str, Score]], total: Score) -> None:
    print(
        f"{'log':60} {'rows':>5} {'keep':>4} {'brier':>6} {'base':>6} {'raw':>6} {'ratio':>6} {'auc':>5} {'b.auc':>5} "
        f"{'avoid':>5} {'block':>5}"
    )
    for name, s in [*table, ("POOLED", total)]:
        auc = f"{s.auc:.3f}" if s.auc is not None else "  -  "
        base_auc = f"{s.base_auc:.3f}" if s.base_auc is not None else "  -  "
        print(
            f"{name[:60]:60} {s.rows:5d} {s.successes:4d} {s.brier:6.3f} {s.base_brier:6.3f} {s.raw_base_brier:6.3f} "
            f"{(s.ratio or 0):6.3f} {auc:>5} {base_auc:>5} {s.failures_avoided:5d} {s.successes_blocked:5d}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
