"""A small calibrated model: logistic regression on `signals.FEATURES`, fitted across logs.

Plain Python (no NumPy): with a few dozen features and a few thousand rows, Newton's method (iteratively
reweighted least squares) with an L2 penalty converges in a handful of steps, each one small linear solve.
The intercept is not penalised; every other coefficient is penalised in units of its feature's spread
on the fitting rows (`fit_scaled`), so that a feature measured on a small scale (a share, a
similarity) is not held back more than one measured on a large one (a count's logarithm), and the
weights are returned on the features' own scale. The coefficients fitted on the bundled corpus of autoresearch logs
ship as package data (`coefficients.json`, with the penalty they were fitted with and the prior of the
offset that updates them within a log, `in_log`); `bench/replay.py`
measures the model leave-one-log-out, refitting without the log it scores (`held_out`), and
`--write-coefficients` refits them on every log with the penalty chosen by grouped cross-validation
over whole logs.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from .signals import FEATURES

L2 = 2.0  # default penalty on each coefficient but the intercept, in units of one row's log-likelihood
COEFFICIENTS = "coefficients.json"


def log_odds(weights: Sequence[float], x: Sequence[float]) -> float:
    return sum(w * v for w, v in zip(weights, x, strict=True))


def predict(weights: Sequence[float], x: Sequence[float]) -> float:
    return sigmoid(log_odds(weights, x))


def sigmoid(z: float) -> float:
    """The probability of log-odds `z`, without overflow at either end."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Solve a symmetric positive-definite system by Gaussian elimination with partial pivoting."""
    n = len(vector)
    a = [[*row, vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        if abs(a[col][col]) < 1e-12:
            a[col][col] = 1e-12
        for r in range(col + 1, n):
            f = a[r][col] / a[col][col]
            if f:
                row, top = a[r], a[col]
                for c in range(col, n + 1):
                    row[c] -= f * top[c]
    out = [0.0] * n
    for r in range(n - 1, -1, -1):
        out[r] = (a[r][n] - sum(a[r][c] * out[c] for c in range(r + 1, n))) / a[r][r]
    return out


def fit(
    rows: Sequence[Sequence[float]],
    labels: Sequence[bool],
    l2: float = L2,
    start: Sequence[float] | None = None,
    steps: int = 25,
    weights: Sequence[float] | None = None,
) -> list[float]:
    """Penalised maximum-likelihood weights (the first feature is the unpenalised intercept);
    `weights` count each row (default 1)."""
    n = len(rows[0]) if rows else len(FEATURES)
    w = list(start) if start is not None else [0.0] * n
    for _ in range(steps):
        grad = [l2 * w[j] if j else 0.0 for j in range(n)]
        hess = [[0.0] * n for _ in range(n)]
        for j in range(1, n):
            hess[j][j] = l2
        for i, (x, y) in enumerate(zip(rows, labels, strict=True)):
            p = predict(w, x)
            c = weights[i] if weights is not None else 1.0
            r = c * (p - (1.0 if y else 0.0))
            s = c * p * (1.0 - p)
            nz = [(j, v) for j, v in enumerate(x) if v]
            for j, v in nz:
                grad[j] += r * v
                sv = s * v
                hj = hess[j]
                for k, u in nz:
                    if k >= j:
                        hj[k] += sv * u
        for j in range(n):
            for k in range(j):
                hess[j][k] = hess[k][j]
        step = _solve(hess, grad)
        w = [a - b for a, b in zip(w, step, strict=True)]
        if max(abs(b) for b in step) < 1e-7:
            break
    return w


def spreads(rows: Sequence[Sequence[float]]) -> list[float]:
    """The population standard deviation of each feature over `rows` (1 for the intercept and for a
    feature that does not vary, which gets no weight anyway)."""
    if not rows:
        return [1.0] * len(FEATURES)
    n = len(rows)
    out = [1.0]
    for j in range(1, len(rows[0])):
        mean = sum(x[j] for x in rows) / n
        spread = math.sqrt(sum((x[j] - mean) ** 2 for x in rows) / n)
        out.append(spread if spread > 1e-12 else 1.0)
    return out


def fit_scaled(rows: Sequence[Sequence[float]], labels: Sequence[bool], l2: float = L2) -> list[float]:
    """`fit` with each feature divided by its spread over `rows` (`spreads`), the weights returned on
    the features' own scale: the model predicts as one fitted on the raw features, with a penalty
    that treats a feature the same whatever its unit.

    Measured leave-one-log-out on the corpus at the shipped penalty and prior (128, 3), against the
    raw-scale penalty: mean per-log AUC 0.518 -> 0.552 at the same Brier ratio (0.876) and log-loss
    (0.3940 -> 0.3938), the features as shipped; the raw penalty held the proposal's own small-scale
    terms back and leant on the log's history, whose within-log ranking is biased (see
    `bench/replay.py --feature-aucs`)."""
    scale = spreads(rows)
    weights = fit([[v / s for v, s in zip(x, scale, strict=True)] for x in rows], labels, l2=l2)
    return [w / s for w, s in zip(weights, scale, strict=True)]


@lru_cache(maxsize=1)
def _shipped_document() -> dict[str, object]:
    """The shipped `coefficients.json`, read once; empty when it is missing or not a JSON object."""
    try:
        data = json.loads(resources.files(__package__).joinpath(COEFFICIENTS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _positive(value: object) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0 else None


@lru_cache(maxsize=1)
def shipped() -> tuple[float, ...]:
    """The coefficients fitted on the corpus; without them, a neutral model (every probability 1/2)."""
    data = _shipped_document()
    names, weights = data.get("features"), data.get("weights")
    if not isinstance(names, list) or not isinstance(weights, list):
        return (0.0,) * len(FEATURES)
    by_name = dict(zip(names, weights, strict=False))
    try:
        return tuple(float(by_name.get(name, 0.0)) for name in FEATURES)
    except (TypeError, ValueError):
        return (0.0,) * len(FEATURES)


def shipped_prior() -> float | None:
    """The precision of the prior on the in-log offset the shipped model was chosen with (`in_log`);
    None when the model is not updated within a log."""
    return _positive(_shipped_document().get("in_log_prior"))


def shipped_keep_only() -> float:
    """The prior share of logs that log only what they keep, from the logs the shipped model was
    fitted on (`in_log.keep_only_share`); 0 (no mixing) when the coefficients do not say."""
    share = _positive(_shipped_document().get("keep_only_share"))
    return share if share is not None and share < 1 else 0.0


def coefficients_document(
    weights: Sequence[float],
    logs: int,
    rows: int,
    l2: float = L2,
    in_log_prior: float | None = None,
    keep_only_share: float | None = None,
) -> str:
    return (
        json.dumps(
            {
                "features": list(FEATURES),
                "weights": [round(w, 6) for w in weights],
                "l2": l2,
                "in_log_prior": in_log_prior,
                "keep_only_share": None if keep_only_share is None else round(keep_only_share, 6),
                "fitted_on": {"logs": logs, "rows": rows},
            },
            indent=2,
        )
        + "\n"
    )
