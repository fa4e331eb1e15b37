"""Small SVG pictures drawn at build time: no script, no external file, every label escaped."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..model import Outcome
from ..model.vocabulary import CRASH_CLASSES, KEPT_OUTCOMES, ExperimentOutcome, FailureClass, values

# Each row: the outcome's name on a line of its own, the scale below it. Narrow enough (in viewBox
# units) that at 400 px wide the text is drawn at about its nominal size.
ROW = 48
LABEL_W = 10
PLOT_W = 340
WIDTH = LABEL_W + PLOT_W + 10
WIDE_PLOT_W = 700  # the wide column's drawing: a longer scale, the same text


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


def outcome_plots(outcomes: Sequence[Outcome]) -> Markup:
    """The outcome chart twice, drawn for a wide column and for a phone; the stylesheet shows one.
    Each is shown at about its own size, so its text reads at its nominal size at either width."""
    wide = outcome_plot(outcomes, plot_w=WIDE_PLOT_W, ident="nrr-plot-title")
    if not wide:
        return wide
    narrow = outcome_plot(outcomes, ident="nrr-plot-title-narrow")
    return Markup(f'<div class="nrr-chart-wide">{wide}</div><div class="nrr-chart-narrow">{narrow}</div>')  # noqa: S704 - escaped by outcome_plot


def outcome_plot(outcomes: Sequence[Outcome], *, plot_w: int = PLOT_W, ident: str = "nrr-plot-title") -> Markup:
    """Value against baseline, with the value's uncertainty, one row per outcome on its own scale.

    Outcomes measure different metrics in different units, so each row is scaled to itself; the
    picture shows direction and overlap, and the table beside it holds the numbers. `plot_w` is the
    scale's length in viewBox units, `ident` the id of the chart's title, unique on its page.
    """
    rows = [o for o in outcomes if o.baseline is not None and all(math.isfinite(v) for v in (o.value, o.baseline))]
    if not rows:
        return Markup("")
    width = LABEL_W + plot_w + 10
    height = ROW * len(rows) + 34  # room below the last row for its tick labels and the legend
    # Plain strings, not Markup.format: this runs once per record page; the text is escaped here.
    parts = [
        f'<svg class="nrr-plot" role="img" viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'xmlns="http://www.w3.org/2000/svg" aria-labelledby="{ident}">'
        f'<title id="{ident}">Measured value (dot, with uncertainty) against baseline (diamond) '
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
        parts.append(
            f'<g><title>{escape(title)}</title><text x="0" y="{y - 12:.1f}" class="nrr-plot-label">'
            f'{escape(label[:56])}</text><line x1="{LABEL_W:.1f}" x2="{LABEL_W + plot_w:.1f}" y1="{y:.1f}" '
            f'y2="{y:.1f}" class="nrr-plot-axis"/>'
        )
        if spread and all(math.isfinite(s) for s in spread):
            x0, x1 = (LABEL_W + (s - low) / span * plot_w for s in spread)
            parts.append(f'<line x1="{x0:.1f}" x2="{x1:.1f}" y1="{y:.1f}" y2="{y:.1f}" class="nrr-plot-err"/>')
            for xs in (x0, x1):
                parts.append(f'<line x1="{xs:.1f}" x2="{xs:.1f}" y1="{y - 5:.1f}" y2="{y + 5:.1f}" class="nrr-plot-err"/>')
        bx = LABEL_W + (outcome.baseline - low) / span * plot_w
        vx = LABEL_W + (outcome.value - low) / span * plot_w
        parts.append(
            f'<path d="M{bx:.1f} {y - 6:.1f}l6 6l-6 6l-6-6z" class="nrr-plot-base"/>'
            f'<circle cx="{vx:.1f}" cy="{y:.1f}" r="5" class="nrr-plot-value"/>'
            f'<text x="{LABEL_W:.1f}" y="{y + 15:.1f}" class="nrr-plot-tick">{_fmt(low + pad)}</text>'
            f'<text x="{LABEL_W + plot_w:.1f}" y="{y + 15:.1f}" class="nrr-plot-tick" text-anchor="end">'
            f"{_fmt(high - pad)}</text></g>"
        )
    legend_y = height - 6
    parts.append(
        f'<circle cx="{LABEL_W + 4}" cy="{legend_y - 4}" r="4" class="nrr-plot-value"/>'
        f'<text x="{LABEL_W + 12}" y="{legend_y}" class="nrr-plot-tick">value ± uncertainty</text>'
        f'<path d="M{LABEL_W + 150} {legend_y - 9}l5 5l-5 5l-5-5z" class="nrr-plot-base"/>'
        f'<text x="{LABEL_W + 160}" y="{legend_y}" class="nrr-plot-tick">baseline</text></svg>'
    )
    return Markup("".join(parts))  # noqa: S704 - every piece of record text above went through escape()


__all__ = ["Point", "escape", "outcome_plot", "outcome_plots", "session_plot", "session_plots", "unmeasured"]


@dataclass
class Point:
    """One experiment of a session: its place, value (None when it crashed), decision and failure class."""

    x: int
    value: float | None
    outcome: str
    failure_class: str | None
    label: str


FAILURE_CLASSES = tuple(c for c in values(FailureClass) if c not in CRASH_CLASSES)
_SW, _SH = 480, 270  # viewBox: at 400 px wide, 12 px text is drawn at 10 px
# The same chart for a wide column: its text, scaled to a column of 900 to 1200 px, stays near the
# page's own size, and the picture takes the column's width rather than half of it.
WIDE = (1000, 340)
_PL, _PR, _PT, _PB = 72, 10, 38, 50  # margins: y ticks and the word "crashed" left, legend above, x axis and crash row below


_LEGEND = (
    ("kept", "kept", '<path d="M0 -4h14" class="nrr-sp-kept"/>'),
    *((c, c.replace("_", " "), f'<circle cx="6" cy="-4" r="3" class="nrr-fc-{c}"/>') for c in FAILURE_CLASSES),
    ("other", "unclassified", '<circle cx="6" cy="-4" r="3" class="nrr-fc-other"/>'),
    (ExperimentOutcome.other.value + "-row", "undecided", '<circle cx="6" cy="-4" r="2.5" class="nrr-sp-undecided"/>'),
    (ExperimentOutcome.crash.value, "crash", '<path d="M2 -8l8 8m0 -8l-8 8" class="nrr-sp-crash"/>'),
)


_LEGEND_ROW = 20
_INSET = 8  # room between the frame and the first and last experiments' marks
_LEGEND_CHAR = 8.6  # width of a character of the legend's 15 px text (the stylesheet's size), in viewBox units


def _legend(items: Sequence[tuple[str, str]], across: int = _SW) -> tuple[list[str], int]:
    """The legend's keys laid out left to right, on a new row when the next would cross the right edge."""
    parts, lx, row = [], 4.0, 0
    for mark, name in items:
        width = 22 + _LEGEND_CHAR * len(name)
        if lx > 4 and lx + width > across:
            lx, row = 4.0, row + 1
        y = 16 + _LEGEND_ROW * row
        parts.append(f'<g transform="translate({lx:.0f} {y})">{mark}<text x="18" y="0" class="nrr-plot-tick">{name}</text></g>')
        lx += width + 12
    return parts, row + 1


def unmeasured(point: Point) -> bool:
    """Drawn as a cross below the axis: a crash, whatever value it logged, or a run with no value."""
    return point.outcome == ExperimentOutcome.crash or point.value is None or not math.isfinite(point.value)


def nice_ticks(low: float, high: float, most: int = 5) -> list[tuple[float, str]]:
    """Round values between `low` and `high` (steps of 1, 2, 2.5 or 5 times a power of ten, at most
    `most` of them) with their labels, as a person labels an axis: 1.6, 1.8, 2.0 rather than 1.452, 1.758."""
    span = high - low
    if not span > 0 or not math.isfinite(span):
        return [(low, _fmt(low))]
    magnitude = 10 ** math.floor(math.log10(span / most))
    for step in (m * u for u in (magnitude, magnitude * 10) for m in (1, 2, 2.5, 5)):
        first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
        if last - first + 1 <= most:
            break
    power = math.floor(math.log10(step) + 1e-9)
    decimals = max(0, -power + (1 if round(step / 10**power, 6) == 2.5 else 0))  # 0.25 needs two digits
    ticks = [(k * step, f"{k * step:.{decimals}f}") for k in range(first, last + 1)]
    return ticks


def session_plots(points: Sequence[Point], metric: str, direction: str | None) -> Markup:
    """The session chart twice, drawn for a wide column and for a phone; the stylesheet shows one.

    A viewBox scales text with the picture, so one drawing cannot both fill a 1200 px column and keep
    its words readable at 400 px.
    """
    wide = session_plot(points, metric, direction, size=WIDE, ident="nrr-session-plot-title")
    if not wide:
        return wide
    narrow = session_plot(points, metric, direction, ident="nrr-session-plot-title-narrow")
    return Markup(f'<div class="nrr-chart-wide">{wide}</div><div class="nrr-chart-narrow">{narrow}</div>')  # noqa: S704 - escaped by session_plot


def session_plot(
    points: Sequence[Point],
    metric: str,
    direction: str | None,
    *,
    size: tuple[int, int] = (_SW, _SH),
    ident: str = "nrr-session-plot-title",
) -> Markup:
    """The metric over a session's experiments: the kept result as a step line, each failure as a
    dot coloured by its failure class, crashes as crosses on a row of their own below the axis.

    Values far outside the kept line's range (a diverged run) are drawn at the edge as a triangle,
    so they do not flatten the rest of the picture. `size` is the viewBox's width and height;
    `ident` the id of the chart's title, unique on its page.
    """
    sw, sh = size
    if not points:
        return Markup("")
    kept = [p for p in points if p.outcome in KEPT_OUTCOMES and p.value is not None and math.isfinite(p.value)]
    # A crashed run's logged value (-1, 0, a timeout's cap) is a placeholder, not a result: it sets no scale.
    values = [p.value for p in points if not unmeasured(p) and p.value is not None and math.isfinite(p.value)]
    if not values:
        return Markup("")
    anchor = [p.value for p in kept if p.value is not None] or values
    ranked = sorted(values)
    # The kept line and the middle 90% of the results set the scale; the rest sit at the edge.
    low = min(min(anchor), ranked[int(0.05 * (len(ranked) - 1))])
    high = max(max(anchor), ranked[int(0.95 * (len(ranked) - 1))])
    spread = (high - low) or abs(anchor[0]) * 0.02 or 1.0
    if high <= low:
        low, high = low - spread, high + spread
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    xs = [p.x for p in points]
    x0, x1 = min(xs), max(max(xs), min(xs) + 1)
    plot_w, plot_h = sw - _PL - _PR, sh - _PT - _PB

    def px(x: float) -> float:
        # The first and last experiments sit a little inside the frame, not cut in half by it.
        return _PL + _INSET + (x - x0) / (x1 - x0) * (plot_w - 2 * _INSET)

    def py(v: float) -> float:
        return _PT + (high - v) / (high - low) * plot_h

    title = f"{metric} over {len(points)} experiments" + (f" ({direction} is better)" if direction else "")
    below = [p for p in points if p.outcome not in KEPT_OUTCOMES and unmeasured(p)]
    height = sh if below else sh - 26  # the row of crosses below the axis only when there are crashes
    # A discarded run with no value (none logged, or 0 for none) did not crash: the row says what it holds.
    only_crashes = all(p.outcome == ExperimentOutcome.crash for p in below)
    parts = [
        f'<svg class="nrr-session-plot" role="img" viewBox="0 0 {sw} {height}" width="100%" '
        'xmlns="http://www.w3.org/2000/svg" '
        f'aria-labelledby="{ident}"><title id="{ident}">{escape(title)}</title>',
        f'<rect x="{_PL}" y="{_PT}" width="{plot_w}" height="{plot_h}" class="nrr-sp-frame"/>',
    ]
    for v, tick in nice_ticks(low, high):
        parts.append(
            f'<text x="{_PL - 4}" y="{py(v) + 4:.1f}" text-anchor="end" class="nrr-plot-tick">{tick}</text>'
            f'<line x1="{_PL}" x2="{_PL + plot_w}" y1="{py(v):.1f}" y2="{py(v):.1f}" class="nrr-sp-grid"/>'
        )
    base_y = _PT + plot_h
    parts.append(
        f'<text x="{_PL}" y="{base_y + 14}" class="nrr-plot-tick">{x0}</text>'
        f'<text x="{_PL + plot_w}" y="{base_y + 14}" text-anchor="end" class="nrr-plot-tick">{x1}</text>'
        f'<text x="{_PL + plot_w / 2:.1f}" y="{base_y + 14}" text-anchor="middle" '
        'class="nrr-plot-tick">experiment</text>'
    )
    if kept:
        path = []
        for i, p in enumerate(kept):
            assert p.value is not None
            y = py(min(max(p.value, low), high))
            path.append(f"{'M' if i == 0 else 'H'}{px(p.x):.1f}" + (f" {y:.1f}" if i == 0 else f"V{y:.1f}"))
        path.append(f"H{px(x1):.1f}")
        parts.append(f'<path d="{" ".join(path)}" class="nrr-sp-kept"/>')
        for p in kept:
            assert p.value is not None
            parts.append(
                f'<circle cx="{px(p.x):.1f}" cy="{py(min(max(p.value, low), high)):.1f}" r="3.5" class="nrr-sp-keep">'
                f"<title>{escape(p.label)}</title></circle>"
            )
    crash_y = base_y + 30
    drawn: set[str] = {"kept"} if kept else set()
    for p in points:
        if p.outcome in KEPT_OUTCOMES:
            continue
        x = px(p.x)
        if unmeasured(p):
            drawn.add(ExperimentOutcome.crash.value)
            parts.append(
                f'<path d="M{x - 4:.1f} {crash_y - 4}l8 8m0 -8l-8 8" class="nrr-sp-crash"><title>{escape(p.label)}</title></path>'
            )
            continue
        assert p.value is not None  # a point without a value is drawn as crashed, above
        known = p.failure_class in FAILURE_CLASSES
        undecided = not known and p.outcome == ExperimentOutcome.other  # a row the loop neither kept nor discarded
        drawn.add(str(p.failure_class) if known else ExperimentOutcome.other.value + "-row" if undecided else "other")
        cls = f"nrr-fc-{p.failure_class}" if known else "nrr-sp-undecided" if undecided else "nrr-fc-other"
        if p.value > high or p.value < low:  # off the scale: a triangle at the edge, pointing out
            y, tip = (_PT + 1, -6) if p.value > high else (base_y - 1, 6)
            parts.append(
                f'<path d="M{x - 4:.1f} {y:.1f}l4 {tip}l4 {-tip}z" class="nrr-sp-fail {cls}"><title>{escape(p.label)}'
                "</title></path>"
            )
        else:
            parts.append(
                f'<circle cx="{x:.1f}" cy="{py(p.value):.1f}" r="3" class="nrr-sp-fail {cls}"><title>{escape(p.label)}'
                "</title></circle>"
            )
    if ExperimentOutcome.crash.value in drawn:  # ends clear of the first cross, which sits on the plot's left edge
        row = "crashed" if only_crashes else "no result"
        parts.append(f'<text x="{_PL - 10}" y="{crash_y + 4}" text-anchor="end" class="nrr-plot-tick">{row}</text>')
    # The legend names only what the picture shows: a key for a colour nobody can find is noise.
    names = {ExperimentOutcome.crash.value: "crash" if only_crashes else "no result"}
    legend, rows = _legend([(mark, names.get(key, name)) for key, name, mark in _LEGEND if key in drawn], sw)
    # A legend of two rows pushes the picture down rather than running off the side or over the top tick.
    shift = _LEGEND_ROW * (rows - 1)
    if shift:
        parts[0] = parts[0].replace(f'viewBox="0 0 {sw} {height}"', f'viewBox="0 0 {sw} {height + shift}"')
        parts.insert(1, f'<g transform="translate(0 {shift})">')
        parts.append("</g>")
    parts.extend(legend)
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 - every piece of record text above went through escape()
