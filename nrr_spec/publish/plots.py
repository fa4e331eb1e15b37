"""Small SVG pictures drawn at build time: no script, no external file, every label escaped."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import Outcome

ROW = 34
LABEL_W = 170
PLOT_W = 300
WIDTH = LABEL_W + PLOT_W + 20


def _fmt(value: float) -> str:
    return f"{value:.4g}"


def _spread(outcome: Outcome) -> tuple[float, float] | None:
    unc = outcome.uncertainty
    if unc is None:
        return None
    if unc.lower is not None and unc.upper is not None:
        return unc.lower, unc.upper
    if unc.value is not None:
        return outcome.value - unc.value, outcome.value + unc.value
    return None


def outcome_plot(outcomes: Sequence[Outcome]) -> Markup:
    """Value against baseline, with the value's uncertainty, one row per outcome on its own scale.

    Outcomes measure different metrics in different units, so each row is scaled to itself; the
    picture shows direction and overlap, and the table beside it holds the numbers.
    """
    rows = [o for o in outcomes if o.baseline is not None and all(math.isfinite(v) for v in (o.value, o.baseline))]
    if not rows:
        return Markup("")
    height = ROW * len(rows) + 44  # room below the last row for its tick labels and the legend
    parts = [
        Markup('<svg class="nrr-plot" role="img" viewBox="0 0 {w} {h}" width="100%" style="max-width:{w}px" '
               'xmlns="http://www.w3.org/2000/svg" aria-labelledby="nrr-plot-title">').format(w=WIDTH, h=height),
        Markup('<title id="nrr-plot-title">Measured value (dot, with uncertainty) against baseline (diamond) '
               "for each outcome</title>"),
    ]
    for i, outcome in enumerate(rows):
        assert outcome.baseline is not None
        spread = _spread(outcome)
        points = [outcome.value, outcome.baseline, *(spread or ())]
        points = [p for p in points if math.isfinite(p)]
        low, high = min(points), max(points)
        pad = (high - low) * 0.15 or abs(high) * 0.05 or 1.0
        low, high = low - pad, high + pad

        def x(v: float, low: float = low, high: float = high) -> float:
            return LABEL_W + (v - low) / (high - low) * PLOT_W

        y = 16 + i * ROW + ROW / 2
        label = outcome.metric + (f" · {outcome.condition}" if outcome.condition else "")
        unit = f" {outcome.unit}" if outcome.unit else ""
        parts.append(Markup('<g><title>{}</title>').format(
            f"{label}: {_fmt(outcome.value)}{unit} against baseline {_fmt(outcome.baseline)}{unit}"))
        parts.append(Markup('<text x="0" y="{:.1f}" class="nrr-plot-label">{}</text>').format(y + 4, label[:28]))
        parts.append(Markup('<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" class="nrr-plot-axis"/>').format(
            LABEL_W, LABEL_W + PLOT_W, y, y))
        if spread and all(math.isfinite(s) for s in spread):
            parts.append(Markup('<line x1="{:.1f}" x2="{:.1f}" y1="{:.1f}" y2="{:.1f}" class="nrr-plot-err"/>').format(
                x(spread[0]), x(spread[1]), y, y))
            for s in spread:
                parts.append(Markup('<line x1="{0:.1f}" x2="{0:.1f}" y1="{1:.1f}" y2="{2:.1f}" class="nrr-plot-err"/>').format(
                    x(s), y - 5, y + 5))
        bx = x(outcome.baseline)
        parts.append(Markup('<path d="M{:.1f} {:.1f}l6 6l-6 6l-6-6z" class="nrr-plot-base"/>').format(bx, y - 6))
        parts.append(Markup('<circle cx="{:.1f}" cy="{:.1f}" r="5" class="nrr-plot-value"/>').format(x(outcome.value), y))
        parts.append(Markup('<text x="{:.1f}" y="{:.1f}" class="nrr-plot-tick">{}</text>').format(
            LABEL_W, y + 15, _fmt(low + pad)))
        parts.append(Markup('<text x="{:.1f}" y="{:.1f}" class="nrr-plot-tick" text-anchor="end">{}</text>').format(
            LABEL_W + PLOT_W, y + 15, _fmt(high - pad)))
        parts.append(Markup("</g>"))
    legend_y = height - 6
    parts.append(Markup(
        '<circle cx="{x0}" cy="{y}" r="4" class="nrr-plot-value"/>'
        '<text x="{x1}" y="{ty}" class="nrr-plot-tick">value ± uncertainty</text>'
        '<path d="M{x2} {py}l5 5l-5 5l-5-5z" class="nrr-plot-base"/><text x="{x3}" y="{ty}" class="nrr-plot-tick">baseline</text>'
    ).format(x0=LABEL_W + 4, x1=LABEL_W + 12, x2=LABEL_W + 140, x3=LABEL_W + 150, y=legend_y - 4, ty=legend_y, py=legend_y - 9))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


@dataclass
class Bar:
    label: str
    value: int
    href: str | None = None  # a browse link with the facet selected
    segments: tuple[int, ...] = ()  # stacked parts, for outcome charts


def bar_chart(title: str, bars: Sequence[Bar], *, legend: Sequence[str] = ()) -> Markup:
    """A horizontal bar chart; with `segments`, stacked bars whose parts `legend` names."""
    if not bars:
        return Markup('<p class="nrr-empty">{}: nothing to show yet.</p>').format(title)
    top = max(b.value for b in bars) or 1
    bar_h, gap, label_w, plot_w = 18, 8, 210, 300
    legend_h = 22 if legend else 0
    height = len(bars) * (bar_h + gap) + legend_h + 4
    width = label_w + plot_w + 60
    slug = "".join(c if c.isalnum() else "-" for c in title.lower())
    parts = [
        Markup('<svg class="nrr-chart" role="img" viewBox="0 0 {w} {h}" width="100%" style="max-width:{w}px" '
               'xmlns="http://www.w3.org/2000/svg" aria-labelledby="chart-{s}">').format(w=width, h=height, s=slug),
        Markup('<title id="chart-{}">{}</title>').format(slug, title),
    ]
    for i, bar in enumerate(bars):
        y = legend_h + i * (bar_h + gap)
        label = Markup('<text x="{x}" y="{y}" text-anchor="end" class="nrr-chart-label">{t}</text>').format(
            x=label_w - 8, y=y + bar_h - 5, t=bar.label[:32])
        if bar.href:
            label = Markup('<a href="{}">{}</a>').format(bar.href, label)
        parts.append(label)
        x = float(label_w)
        for j, part in enumerate(bar.segments or (bar.value,)):
            w = part / top * plot_w
            parts.append(Markup('<rect x="{:.1f}" y="{}" width="{:.1f}" height="{}" class="nrr-chart-bar nrr-seg-{}">'
                                '<title>{}</title></rect>').format(
                x, y, w, bar_h, j, f"{bar.label}: {part}" + (f" {legend[j]}" if j < len(legend) else "")))
            x += w
        parts.append(Markup('<text x="{:.1f}" y="{}" class="nrr-chart-value">{}</text>').format(x + 6, y + bar_h - 5, bar.value))
    for j, name in enumerate(legend):
        lx = label_w + j * 110
        parts.append(Markup('<rect x="{}" y="4" width="12" height="12" class="nrr-chart-bar nrr-seg-{}"/>'
                            '<text x="{}" y="15" class="nrr-chart-label">{}</text>').format(lx, j, lx + 16, name))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


__all__ = ["Bar", "bar_chart", "escape", "outcome_plot"]
