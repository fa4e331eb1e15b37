"""Whether lower or higher is better: from the user, the metric's name, or the kept values."""

from __future__ import annotations

import re

from ..model.vocabulary import Direction

LOWER = re.compile(
    r"(bpb|bpc|loss|rmse|mse|mae|wer|cer|fid|(^|_)ms($|_)|latency|error|err|perplexity|ppl|exploitability|gates|toffoli|"
    r"clifford|qubits|(^|_)time|seconds|secs|duration|bytes|size|drawdown|max_dd|regret|nll|distance|cost|ece|gap_to|"
    r"runtime|(^|_)wall($|_)|energy|(^|_)kl($|_)|divergence|bits_per|failures|violations|(^|_)cycles|"
    # a perceptual distance, a probabilistic forecast's and a percentage error's scores
    r"lpips|brier|mape|crps|(^|_)eer($|_))",
    re.I,
)
HIGHER = re.compile(
    r"(acc|accuracy|auc|sharpe|tok_?s|tok/s|tokens_per_s|per_s($|_)|per_sec|throughput|speedup|score|f1|psnr|ssim|reward|yield|"
    r"similarity|(^|_)sim($|_)|coverage|(^|_)hits($|_)|"
    r"win_rate|precision|recall|bleu|rouge|map(?!e)|mcc|corr|return|profit|generations|reduction|performance|pass|"
    r"auprc|auroc|(^|_)roi($|_)|youden|(^|_)j_index($|_)|kappa|"
    r"(^|_)elo($|_)|(^|_)top_?\d|success|ndcg|(^|_)mrr|iou($|_)|(^|_)dice($|_)|(^|_)r2($|_)|(^|_)[tgp]flops|(^|_)[ftqr]ps($|_)|"
    r"(^|_)mfu($|_)|solved|exact_match|(^|_)cagr|sortino|calmar)",
    re.I,
)


def direction_from_name(name: str | None) -> str | None:
    """The direction a metric's name makes unambiguous, else None."""
    if not name:
        return None
    lower, higher = bool(LOWER.search(name)), bool(HIGHER.search(name))
    if lower and higher and _SCORED_LOWER.search(name):  # "brier_score": a score named for what it penalises
        return Direction.lower.value
    if lower != higher:
        return Direction.lower.value if lower else Direction.higher.value
    return None


# Scores the field names for a loss, lower the better, whatever "score" beside them says.
_SCORED_LOWER = re.compile(r"brier|lpips|crps|mape|(^|_)nll($|_)|log_?loss", re.I)


# A column that is already a comparison: each run against the best of the moment (`delta`, `diff`).
_DIFFERENCE = re.compile(r"(^|_)(delta|deltas|diff|difference)($|_)", re.I)


def is_difference(name: str | None) -> bool:
    """Whether a metric's name says each value is a run's difference from the baseline of the moment."""
    return bool(name) and bool(_DIFFERENCE.search(re.sub(r"[^A-Za-z0-9]+", "_", name or "")))


def direction_from_counts(down: int, up: int) -> str | None:
    """The direction from how often a kept value was below (`down`) or above (`up`) the kept one before it."""
    if down + up < 2:
        return None
    if down >= 3 * up:
        return Direction.lower.value
    if up >= 3 * down:
        return Direction.higher.value
    return None


def better(a: float, b: float, direction: str | None) -> bool:
    """Whether `a` beats `b` in `direction` (higher is better unless it is `lower`)."""
    return a < b if direction == Direction.lower else a > b
