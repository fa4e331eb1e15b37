"""The Beta distribution's CDF and quantiles, from the standard library only.

The regularized incomplete beta function I_x(a, b) is evaluated with the continued fraction of
Numerical Recipes (modified Lentz), which converges fast for x < (a + 1) / (a + b + 2); the
symmetry I_x(a, b) = 1 - I_{1-x}(b, a) covers the rest. Quantiles invert the CDF by Newton's
method from a normal approximation, kept inside a shrinking bracket (a step that would leave it
bisects instead): a handful of CDF evaluations where bisection takes thirty, and never diverges.
"""

from __future__ import annotations

import math
from statistics import NormalDist

_EPS = 1e-14
_TINY = 1e-300


def _continued_fraction(x: float, a: float, b: float) -> float:
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > _TINY else _TINY)
        c = 1.0 + aa / c
        c = c if abs(c) > _TINY else _TINY
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _EPS:
            break
    return h


def beta_cdf(x: float, a: float, b: float) -> float:
    """P(X <= x) for X ~ Beta(a, b), a, b > 0."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _continued_fraction(x, a, b) / a
    return 1.0 - front * _continued_fraction(1.0 - x, b, a) / b


def beta_quantile(q: float, a: float, b: float) -> float:
    """The x with P(X <= x) = q for X ~ Beta(a, b)."""
    if q <= 0.0:
        return 0.0
    if q >= 1.0:
        return 1.0
    lo, hi = 0.0, 1.0
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    mean, spread = a / (a + b), math.sqrt(a * b / ((a + b) ** 2 * (a + b + 1)))
    x = min(max(mean + NormalDist().inv_cdf(q) * spread, 1e-12), 1 - 1e-12)
    # Stop on the CDF, not on x: with a shape below 1 the CDF is so steep near 0 that a tiny step
    # in x is a large step in probability.
    for _ in range(200):
        c = beta_cdf(x, a, b)
        if abs(c - q) < 1e-9 or hi - lo < 1e-300:
            break
        if c < q:
            lo = x
        else:
            hi = x
        step = _newton_step(x, c - q, log_norm, a, b)
        x = step if lo < step < hi and step != x else (lo + hi) / 2
    return x


def _newton_step(x: float, error: float, log_norm: float, a: float, b: float) -> float:
    """x less the CDF's error over its slope (the density); -1 (out of any bracket) when the
    density is zero or too large to use."""
    if not 0.0 < x < 1.0:
        return -1.0
    log_density = log_norm + (a - 1) * math.log(x) + (b - 1) * math.log1p(-x)
    if not -700.0 < log_density < 700.0:
        return -1.0
    return x - error / math.exp(log_density)


def credible_interval(a: float, b: float, level: float = 0.95) -> tuple[float, float]:
    """Equal-tailed credible interval of Beta(a, b)."""
    tail = (1.0 - level) / 2
    return beta_quantile(tail, a, b), beta_quantile(1.0 - tail, a, b)
