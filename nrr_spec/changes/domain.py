"""What kind of work a whole log records, and what that says about the parameters the ML taxonomy cannot place.

Autoresearch loops tune more than models: the speed of a program (an inference server, a kernel, a
prover, a web page) and decision rules (a trading strategy, a game solver). The changes of such a
log are of that kind whatever their names: `n_max` in a log that measures tokens per second is a
systems setting, `alpha` in a log that measures a solver's exploitability is part of its strategy.
So the category of a parameter the taxonomy does not know is decided once for the whole log, from
its metric's name first and, when the name says nothing, from the parameters its rows name:

- `ml`: the metric is measured on held-out data or is a model-quality figure (`val_bpb`, `loss`,
  `accuracy`, `wer`), or the log's known parameters are mostly ML ones; unknown parameters keep the
  log's dominant category, as before;
- `systems`: the metric is a speed, a time, a size or a use of memory (`tok_s`, `latency_ms`);
- `strategy`: the metric scores decisions (`sharpe`, `pnl`, `win_rate`, `elo`, `exploitability`);
- `other`: the metric counts the state of a piece of software or a product (`coverage`,
  `tests_green`, `features_complete`, `lint_warnings`, `ux_debt`): the changes are the work itself
  (a test, a feature, a fix), which no category of the taxonomy names.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence

from ..model.vocabulary import ChangeCategory

ML, SYSTEMS, STRATEGY = "ml", "systems", "strategy"
OTHER_WORK = ChangeCategory.other.value


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The split a measurement is taken on (`val_bpb`, `train_loss`). A held-out split in a metric's own
# name says ML (`val_score`); beside another kind's word no split says anything (`val_drawdown`).
HELD_OUT = _words("val valid validation eval evaluation test holdout oof")
TRAINING = _words("train training")
SPLITS = HELD_OUT | TRAINING
# Words of a metric's name, by the kind of work they measure.
METRIC_WORDS: dict[str, frozenset[str]] = {
    ML: HELD_OUT
    | _words(
        "loss bpb bpc bpd nll ppl perplexity acc accuracy top1 top5 "
        "auc roc f1 iou dice wer cer bleu rouge meteor fid psnr ssim lpips rmse mse mae mape smape r2 "
        "logloss xent mcc corr spearman pearson ndcg mrr elbo kl"
    ),
    SYSTEMS: _words(
        "tok tokens tps throughput latency ms us ns sec secs seconds time runtime walltime wallclock "
        "duration speed speedup fps qps rps cycles instructions cpu mem memory gb mb kb bytes rss vram"
    ),
    STRATEGY: _words(
        "sharpe sortino calmar pnl profit drawdown cagr winrate elo exploitability payoff equity trade trades "
        "wins win solved puzzles games"
    ),
}
# Words of a metric's name that count the state of software or a product. Only a metric's name says
# so: in a description "tests" and "features" are as often an ML log's.
WORK_WORDS = _words("coverage tests passing green features lint warnings debt compliance bugs sorry todos")
_WORD = re.compile(r"[a-z]+\d*")
# Two words that make one ("win_rate", "per_s").
# Bits or nats per symbol, character, byte or dimension are an entropy: a model's loss, as `bpb` is.
_JOINED = {
    ("win", "rate"): "winrate",
    ("per", "s"): "tps",
    ("per", "sec"): "tps",
    ("max", "dd"): "drawdown",
    ("bits", "per"): "bpb",
    ("nats", "per"): "bpb",
}
# The categories of the ML taxonomy that only ML work has: every category but those any search may
# have (numeric precision, systems work), the trading one and the bookkeeping ones.
ML_CATEGORIES = frozenset(ChangeCategory) - {
    ChangeCategory.precision,
    ChangeCategory.systems,
    ChangeCategory.strategy,
    ChangeCategory.baseline,
    ChangeCategory.multiple,
    ChangeCategory.other,
}


def metric_domain(metric: str | None) -> str | None:
    """The kind of work a metric's name says the log records, or None when its words say none or several."""
    if not metric:
        return None
    words = _name_words(metric)
    words += [_JOINED[pair] for pair in itertools.pairwise(words) if pair in _JOINED]
    found = {domain for domain, known in METRIC_WORDS.items() if any(w in known for w in words)}
    if any(w in WORK_WORDS for w in words):
        found.add(OTHER_WORK)
    return found.pop() if len(found) == 1 else None


def _name_words(name: str) -> list[str]:
    """The words of a column's name, in any case convention (`val_bpb`, `testF1`)."""
    name = name.replace("µ", "u").replace("μ", "u")  # combined_µs: microseconds, the micro sign or the Greek mu
    return _WORD.findall(re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower())


# What every kind of loop logs beside its score (memory, time): it says nothing of the kind of work.
# Durations count as such too: a trading window's hours, a budget's minutes, a run's days.
MEMORY = _words("mem memory gb mb kb vram rss bytes")
RESOURCES = MEMORY | _words(
    "time runtime walltime wallclock duration sec secs seconds ms min mins minute minutes hour hours day days week weeks"
)


def _measured_domain(name: str) -> str | None:
    """The kind of work a measurement's name says, the split it is taken on aside."""
    return metric_domain("_".join(w for w in _name_words(name) if w not in SPLITS))


def _column_domain(name: str) -> str | None:
    """The kind of work another measured column names, or None for resources and unknown words."""
    if set(_name_words(name)) & RESOURCES:
        return None
    return _measured_domain(name)


# The words of a log's descriptions decide its kind of work only when they say it clearly: this many
# words of one kind, and this many times the words of any other (a trading log's descriptions name
# its trades and stops many times over; an ML log's name losses, layers and rates).
DESCRIBED_AT_LEAST = 5
DESCRIBED_RATIO = 3


def described_domain(described: Mapping[str, int]) -> str | None:
    """The kind of work a log's descriptions name clearly (`described_work`), or None."""
    return _leading(described, DESCRIBED_RATIO, DESCRIBED_AT_LEAST)


# The other measured columns decide when one kind is named this many times as often as any other
# (`wfo_mean_sharpe`, `max_drawdown_pct`, `total_trades` and `profit_concentration_pct` beside one
# `bootstrap_p_loss_pct`: a strategy's backtest).
MEASURED_RATIO = 2


def _leading(counts: Mapping[str, int], ratio: int, at_least: int = 1) -> str | None:
    """The kind counted most, when it is counted at least `at_least` times and `ratio` times as often
    as any other; None otherwise."""
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < at_least:
        return None
    top, count = ranked[0]
    return top if all(count >= ratio * n for _, n in ranked[1:]) else None


def log_domain(
    metric: str | None,
    parameter_categories: Mapping[str, int],
    measured: Sequence[str] = (),
    described: Mapping[str, int] | None = None,
) -> str | None:
    """The kind of work a log records: its metric's word; else the words of the other columns it
    measures, when they name one kind or one clearly more than any other (a `score` logged beside
    `train_drawdown` and `val_return` scores a strategy), memory and time left out since every kind
    of loop logs them; else a held-out
    split in the metric's name (`val_score` alone is ML, beside `val_drawdown` a strategy's); else
    the words of its descriptions, when they name one kind clearly (`described`, counted by
    `described_work`: "cooldown 4→8 bars", "PF 1.05, WR 48.7%" in a log whose metric is `metric`);
    else the categories of the parameters its rows name.

    `parameter_categories` counts the taxonomy's category of each parameter the log's rows change.
    None when nothing says (a log that names no known parameter and whose metric is `score`).
    """
    by_metric = _measured_domain(metric) if metric else None
    if by_metric:
        return by_metric
    by_columns = _leading(Counter(found for name in measured if (found := _column_domain(name)) is not None), MEASURED_RATIO)
    if by_columns:
        return by_columns
    by_split = metric_domain(metric)
    if by_split:
        return by_split
    by_words = described_domain(described or {})
    if by_words:
        return by_words
    ml = sum(n for category, n in parameter_categories.items() if category in ML_CATEGORIES)
    systems, strategy = parameter_categories.get(SYSTEMS, 0), parameter_categories.get(STRATEGY, 0)
    if ml == systems == strategy == 0:
        return None
    if ml >= max(systems, strategy):
        return ML
    return SYSTEMS if systems > strategy else STRATEGY


# Outside ML the model is given, not trained: the words of its parts (`attention`, `expert`, `layer`)
# and of evaluating it (`eval_eq_4`) name parts of the program or the strategy being tuned.
PARTS_OF_THE_PROGRAM = frozenset({"architecture", "evaluation"})


def category_in_domain(category: str | None, domain: str | None) -> str | None:
    """A parameter's category in a log of `domain`: the taxonomy's where it places the parameter; else,
    outside ML, the log's own kind of change (in an ML log an unplaced parameter stays unplaced).

    Outside ML, what the taxonomy files under a model's architecture or its evaluation takes the
    log's kind too (a fused attention kernel, an expert cache, an `eval_*` function of a prover are
    systems changes in a log that measures speed). The training categories keep their place (a
    batch size is a batch size, a quantisation a precision): recasting them as well was measured
    to lose a labelled row on logs the rule was not developed on, recasting these two lost none.
    """
    if domain in (None, ML):
        return category
    if category is None or category in PARTS_OF_THE_PROGRAM:
        return domain
    return category
