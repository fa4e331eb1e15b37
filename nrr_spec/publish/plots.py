"""Small SVG pictures drawn at build time: no script, no external file, every label escaped."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import Outcome

# Each row: the outcome's name on a line of its own, the scale below it. Narrow enough (in viewBox
# units) that at 400 px wide the text is drawn at about its nominal size.
ROW = 48
LABEL_W = 10
PLOT_W = 340
WIDTH = LABEL_W + PLOT_W + 10


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
    height = ROW * len(rows) + 34  # room below the last row for its tick labels and the legend
    # Plain strings, not Markup.format: this runs once per record page; the text is escaped here.
    parts = [
        f'<svg class="nrr-plot" role="img" viewBox="0 0 {WIDTH} {height}" width="100%" style="max-width:{WIDTH}px" '
        'xmlns="http://www.w3.org/2000/svg" aria-labelledby="nrr-plot-title">'
        '<title id="nrr-plot-title">Measured value (dot, with uncertainty) against baseline (diamond) '
        "for each outcome</title>",
    ]
    for i, outcome in enumerate(rows):
        assert outcome.baseline is not None
        spread = _spread(outcome)
        points = [outcome.value, outcome.baseline, *(spread or ())]
        points = [p for p in points if math.isfinite(p)]
        low, high = min(points), max(points)
        pad = (high - low) * 0.15 or abs(high) * 0.05 or 1.0
        low, high = low - pad, high + pad
        span = high - low

        y = 30 + i * ROW
        label = outcome.metric + (f" · {outcome.condition}" if outcome.condition else "")
        unit = f" {outcome.unit}" if outcome.unit else ""
        title = f"{label}: {_fmt(outcome.value)}{unit} against baseline {_fmt(outcome.baseline)}{unit}"
        parts.append(f'<g><title>{escape(title)}</title><text x="0" y="{y - 12:.1f}" class="nrr-plot-label">'
                     f'{escape(label[:56])}</text><line x1="{LABEL_W:.1f}" x2="{LABEL_W + PLOT_W:.1f}" y1="{y:.1f}" '
                     f'y2="{y:.1f}" class="nrr-plot-axis"/>')
        if spread and all(math.isfinite(s) for s in spread):
            x0, x1 = (LABEL_W + (s - low) / span * PLOT_W for s in spread)
            parts.append(f'<line x1="{x0:.1f}" x2="{x1:.1f}" y1="{y:.1f}" y2="{y:.1f}" class="nrr-plot-err"/>')
            for xs in (x0, x1):
                parts.append(f'<line x1="{xs:.1f}" x2="{xs:.1f}" y1="{y - 5:.1f}" y2="{y + 5:.1f}" class="nrr-plot-err"/>')
        bx = LABEL_W + (outcome.baseline - low) / span * PLOT_W
        vx = LABEL_W + (outcome.value - low) / span * PLOT_W
        parts.append(f'<path d="M{bx:.1f} {y - 6:.1f}l6 6l-6 6l-6-6z" class="nrr-plot-base"/>'
                     f'<circle cx="{vx:.1f}" cy="{y:.1f}" r="5" class="nrr-plot-value"/>'
                     f'<text x="{LABEL_W:.1f}" y="{y + 15:.1f}" class="nrr-plot-tick">{_fmt(low + pad)}</text>'
                     f'<text x="{LABEL_W + PLOT_W:.1f}" y="{y + 15:.1f}" class="nrr-plot-tick" text-anchor="end">'
                     f"{_fmt(high - pad)}</text></g>")
    legend_y = height - 6
    parts.append(
        f'<circle cx="{LABEL_W + 4}" cy="{legend_y - 4}" r="4" class="nrr-plot-value"/>'
        f'<text x="{LABEL_W + 12}" y="{legend_y}" class="nrr-plot-tick">value ± uncertainty</text>'
        f'<path d="M{LABEL_W + 150} {legend_y - 9}l5 5l-5 5l-5-5z" class="nrr-plot-base"/>'
        f'<text x="{LABEL_W + 160}" y="{legend_y}" class="nrr-plot-tick">baseline</text></svg>'
    )
    return Markup("".join(parts))  # noqa: S704 - every piece of record text above went through escape()


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
