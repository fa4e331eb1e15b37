"""Held-out measurement of the calibrated model: every figure comes from logs the model never saw.

- `leave_one_log_out`: each log is scored by coefficients fitted on the other logs only.
- `choose`: the L2 strength and the prior of the in-log offset (`in_log`; or no updating) picked
  by grouped cross-validation over the logs it is given (whole logs held out per fold, pooled
  log-loss), so the choice never sees a row of a scored log.
- `nested`: leave-one-log-out where penalty and prior for each scored log are chosen by `choose`
  on the other logs only: no decision about the model is taken while looking at the scored log.
- `split_halves`: the logs are cut in two halves by a hash of their names; the penalty, the prior
  and the feature families are chosen on one half (leave-one-log-out within it) and the chosen model,
  fitted on that half, is scored on the other half. This measures what choosing costs: a choice
  that only fits the logs it was made on scores worse on the half it did not see.
- `in_sample`: the model fitted on the very logs it scores (it reads each row's outcome, so it is
  never a result): where it scores no better than the held-out figure, what is missing is signal in
  the features, not fit.
- `feature_aucs`: each feature alone as a ranking of the rows of each log; measured again on logs
  whose outcomes are dealt out at random, it gives the feature's chance level (a feature read from
  the log's own earlier outcomes ranks below 0.5 by chance, see `bench/replay.py --shuffled`).
"""

from __future__ import annotations

import hashlib
import math
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .calibrated import L2, fit_scaled
from .in_log import PRIORS, keep_only_share
from .replay import Prediction, Step, auc, predictions, score
from .signals import FEATURES, HISTORY

PENALTIES = (0.5, 2.0, 8.0, 32.0, 128.0)
FOLDS = 4
# Feature families that can be left out as a whole; the intercept always stays.
FAMILIES: dict[str, tuple[str, ...]] = {
    "history": HISTORY,
    "track record": ("idea", "direct", "similar", "repeat_failed", "repeat_kept", "kept_before", "closest_kept"),
    "follow-up": ("touches_last_kept", "touches_last_failed"),
    "combined": ("joined",),
}

Logs = Mapping[str, Sequence[Step]]


def masked(steps: Sequence[Step], dropped: frozenset[str]) -> list[Step]:
    """The steps with the features in `dropped` set to zero (a zero column gets a zero weight)."""
    if not dropped:
        return list(steps)
    keep = [name not in dropped for name in FEATURES]
    out = []
    for s in steps:
        x = [v if k else 0.0 for v, k in zip(s.features, keep, strict=True)]
        out.append(Step(s.row, x, s.verdict, s.base_rate, s.raw_rate, s.outcome, s.improved, s.description, s.cut))
    return out


def share_kept_only(logs: Logs, names: Iterable[str]) -> float:
    """The prior share of logs that log only what they keep, from the logs `names` (`in_log`)."""
    chosen = list(names)
    return keep_only_share(sum(1 for name in chosen if all(s.improved for s in logs[name])), len(chosen))


def fitted(logs: Logs, names: Iterable[str], l2: float) -> list[float]:
    """The model fitted on the logs `names` (the penalty in units of each feature's spread there)."""
    rows = [s for name in names for s in logs[name]]
    return fit_scaled([s.features for s in rows], [s.improved for s in rows], l2=l2)


@dataclass(frozen=True)
class Choice:
    """What is chosen about the model: the L2 penalty and the in-log offset's prior (None: off)."""

    l2: float = L2
    prior: float | None = None

    def __str__(self) -> str:
        prior = "off" if self.prior is None else f"{self.prior:g}"
        return f"penalty {self.l2:g}, in-log prior {prior}"


def leave_one_log_out(logs: Logs, choice: Callable[[str], Choice] | Choice = Choice()) -> dict[str, list[Prediction]]:
    """Predictions for every log from coefficients fitted without it (`choice`: one for all, or one per log)."""
    out: dict[str, list[Prediction]] = {}
    for name, steps in logs.items():
        chosen = choice(name) if callable(choice) else choice
        others = [other for other in logs if other != name]
        weights = fitted(logs, others, chosen.l2)
        out[name] = predictions(list(steps), weights, chosen.prior, share_kept_only(logs, others))
    return out


def trained_on_others(logs: Logs, unseen: Logs, choice: Choice = Choice()) -> dict[str, list[Prediction]]:
    """Predictions for every log of `unseen` from coefficients fitted on every log of `logs`: how the
    model, as shipped, scores logs it was never fitted, tuned or chosen on."""
    weights, share = fitted(logs, list(logs), choice.l2), share_kept_only(logs, logs)
    return {name: predictions(list(steps), weights, choice.prior, share) for name, steps in unseen.items()}


def in_sample(logs: Logs, choice: Choice = Choice(PENALTIES[0])) -> dict[str, list[Prediction]]:
    """Predictions for every log from coefficients fitted on all of them, its own rows included (by
    default at the weakest penalty): a comparison for the held-out figures, never a measure. It
    minimises log-loss on these rows, so its Brier score and per-log ranking can still come out no
    better than a model fitted elsewhere."""
    weights, share = fitted(logs, list(logs), choice.l2), share_kept_only(logs, logs)
    return {name: predictions(list(steps), weights, choice.prior, share) for name, steps in logs.items()}


def log_loss(preds: Iterable[Prediction]) -> float:
    total, n = 0.0, 0
    for p in preds:
        q = min(max(p.probability, 1e-6), 1 - 1e-6)
        total += -math.log(q if p.improved else 1 - q)
        n += 1
    return total / n if n else float("nan")


def folds_of(names: Iterable[str], k: int = FOLDS) -> list[list[str]]:
    """Whole logs in `k` folds, assigned by a hash of the name (stable, independent of order)."""
    out: list[list[str]] = [[] for _ in range(k)]
    for name in sorted(names):
        out[_hash(name) % k].append(name)
    return [f for f in out if f]


def choose(
    logs: Logs, names: Sequence[str], grid: Sequence[float] = PENALTIES, priors: Sequence[float | None] = PRIORS
) -> Choice:
    """The penalty and in-log prior with the lowest pooled log-loss over grouped folds of `names` only
    (ties: the stronger penalty, then no updating, then the stronger prior)."""
    folds = folds_of(names)
    held: dict[Choice, list[Prediction]] = {}
    for l2 in grid:
        for fold in folds:
            training = [n for n in names if n not in fold]
            weights, share = fitted(logs, training, l2), share_kept_only(logs, training)
            for prior in priors:
                held.setdefault(Choice(l2, prior), []).extend(
                    p for name in fold for p in predictions(list(logs[name]), weights, prior, share)
                )
    losses = {c: log_loss(preds) for c, preds in held.items()}
    return min(losses, key=lambda c: (losses[c], -c.l2, c.prior is not None, -(c.prior or 0.0)))


def nested(logs: Logs) -> tuple[dict[str, list[Prediction]], dict[str, Choice]]:
    """Leave-one-log-out with penalty and prior for each log chosen on the other logs only."""
    chosen = {name: choose(logs, [n for n in logs if n != name]) for name in logs}
    return leave_one_log_out(logs, chosen.__getitem__), chosen


@dataclass
class Summary:
    """The figures the targets are stated in, for a set of per-log predictions."""

    logs: int
    rows: int
    ratio: float
    mean_auc: float
    median_auc: float
    quartiles: tuple[float, float]
    blocked_share: float
    log_loss: float

    def line(self) -> str:
        return (
            f"{self.logs} logs, {self.rows} rows: Brier ratio {self.ratio:.3f}, mean per-log AUC {self.mean_auc:.3f} "
            f"(median {self.median_auc:.3f}, quartiles {self.quartiles[0]:.3f}-{self.quartiles[1]:.3f}), "
            f"successes answered avoid {self.blocked_share:.1%}, log-loss {self.log_loss:.4f}"
        )


def summarise(per_log: Mapping[str, Sequence[Prediction]]) -> Summary:
    pooled = [p for preds in per_log.values() for p in preds]
    total = score(pooled)
    aucs = sorted(a for a in (auc([(p.probability, p.improved) for p in preds]) for preds in per_log.values()) if a is not None)
    quart = statistics.quantiles(aucs, n=4) if len(aucs) >= 2 else [float("nan")] * 3
    return Summary(
        logs=len(per_log),
        rows=total.rows,
        ratio=total.ratio if total.ratio is not None else float("nan"),
        mean_auc=sum(aucs) / len(aucs) if aucs else float("nan"),
        median_auc=statistics.median(aucs) if aucs else float("nan"),
        quartiles=(quart[0], quart[2]),
        blocked_share=total.successes_blocked / total.successes if total.successes else 0.0,
        log_loss=log_loss(pooled),
    )


def auc_by_view(per_log: Mapping[str, Sequence[Prediction]]) -> dict[str, tuple[float, int]]:
    """Mean per-log AUC on the rows whose description the proposal view left whole, and on the rows
    it cut (with how many logs have both outcomes among each). A model that reads only what was
    known before the run ranks both alike; one that reads the future through what the view leaves
    of a report ranks the cut rows better (`replay.Step.cut`)."""
    out: dict[str, tuple[float, int]] = {}
    for name, cut in (("whole", False), ("cut", True)):
        aucs = [
            a
            for preds in per_log.values()
            if (a := auc([(p.probability, p.improved) for p in preds if p.cut == cut])) is not None
        ]
        out[name] = (sum(aucs) / len(aucs) if aucs else float("nan"), len(aucs))
    return out


@dataclass
class HalfResult:
    chosen_on: list[str]
    scored_on: list[str]
    choice: Choice
    dropped: frozenset[str]
    selection: Summary  # leave-one-log-out within the half the choice was made on
    held_out: Summary  # the chosen model, fitted on that half, on the other half


def halves(names: Iterable[str]) -> tuple[list[str], list[str]]:
    ordered = sorted(names)
    return [n for n in ordered if _hash(n) % 2 == 0], [n for n in ordered if _hash(n) % 2 == 1]


def split_halves(logs: Logs, grid: Sequence[float] = PENALTIES, priors: Sequence[float | None] = PRIORS) -> list[HalfResult]:
    """Choose penalty, in-log prior and feature families on one half (by pooled log-loss,
    leave-one-log-out within it), fit the choice on that half, score it on the other; both ways round.

    Log-loss, not the mean per-log AUC: chosen by AUC, a half picked models that were worse than the
    running rate on the very logs they were chosen on (Brier ratio 1.17 and 1.06), since the AUC of a
    short log swings with one row and says nothing about calibration."""
    first, second = halves(logs)
    candidates = [frozenset[str]()] + [frozenset(f) for f in FAMILIES.values()]
    out = []
    for chosen_on, scored_on in ((first, second), (second, first)):
        best: tuple[float, Choice, frozenset[str], Summary] | None = None
        for dropped in candidates:
            view = {n: masked(logs[n], dropped) for n in chosen_on}
            for l2 in grid:
                weights = {n: fitted(view, [m for m in chosen_on if m != n], l2) for n in chosen_on}
                shares = {n: share_kept_only(view, [m for m in chosen_on if m != n]) for n in chosen_on}
                for prior in priors:
                    summary = summarise({n: predictions(view[n], weights[n], prior, shares[n]) for n in chosen_on})
                    if best is None or summary.log_loss < best[0]:
                        best = (summary.log_loss, Choice(l2, prior), dropped, summary)
        assert best is not None
        _, choice, dropped, selection = best
        train = {n: masked(logs[n], dropped) for n in chosen_on}
        final = fitted(train, chosen_on, choice.l2)
        share = share_kept_only(train, chosen_on)
        held = {n: predictions(masked(logs[n], dropped), final, choice.prior, share) for n in scored_on}
        out.append(HalfResult(chosen_on, scored_on, choice, dropped, selection, summarise(held)))
    return out


def feature_aucs(logs: Logs) -> dict[str, float]:
    """The mean per-log AUC of each feature but the intercept taken alone as the score (ties count
    half), over the logs with both outcomes."""
    out: dict[str, float] = {}
    for j, name in enumerate(FEATURES):
        if name == "bias":
            continue
        aucs = [a for steps in logs.values() if (a := auc([(s.features[j], s.improved) for s in steps])) is not None]
        out[name] = sum(aucs) / len(aucs) if aucs else float("nan")
    return out


def family_of(dropped: frozenset[str]) -> str:
    for name, members in FAMILIES.items():
        if dropped == frozenset(members):
            return name
    return "none" if not dropped else ", ".join(sorted(dropped))


def _hash(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big")
