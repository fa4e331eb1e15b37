"""Bar charts for the dashboards, drawn in HTML and CSS: the labels are page text, so they keep the
page's size and wrap at any width (an SVG chart scales its text down with it: 6 px at 400 px)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup


@dataclass
class Bar:
    label: str
    value: int
    href: str | None = None  # a browse link with the facet selected
    segments: tuple[int, ...] = ()  # stacked parts, for outcome charts
    key: str | None = None  # the CSS class colouring an unstacked bar (a failure class's own colour)


def bar_chart(title: str, bars: Sequence[Bar], *, legend: Sequence[str] = (), keys: Sequence[str] = ()) -> Markup:
    """A horizontal bar chart; with `segments`, stacked bars whose parts `legend` names and `keys`
    colours (a CSS class per part, so a failure class has one colour on every page)."""
    if not bars:
        return Markup('<p class="nrr-empty">{}: nothing to show yet.</p>').format(title)
    top = max(b.value for b in bars) or 1
    colours = [keys[j] if j < len(keys) else f"nrr-seg-{j}" for j in range(max(len(legend), 1))]
    parts: list[Markup] = []
    # The key names only the parts some bar has: a swatch for a colour no bar shows is noise.
    shown = {j for b in bars for j, part in enumerate(b.segments) if part} if any(b.segments for b in bars) else None
    if legend:
        swatches = Markup("").join(
            Markup('<li><span class="nrr-swatch {}" aria-hidden="true"></span>{}</li>').format(colours[j], name)
            for j, name in enumerate(legend)
            if shown is None or j in shown
        )
        parts.append(Markup('<ul class="nrr-bars-key" aria-label="Key">{}</ul>').format(swatches))
    rows = []
    for bar in bars:
        label = Markup('<a href="{}">{}</a>').format(bar.href, bar.label) if bar.href else Markup("{}").format(bar.label)
        pieces = bar.segments or (bar.value,)
        fill = Markup("").join(
            Markup('<span class="nrr-bar {}" style="width:{:.2f}%" title="{}"></span>').format(
                bar.key if bar.key and not bar.segments else colours[j] if j < len(colours) else f"nrr-seg-{j}",
                100 * part / top,
                f"{legend[j]}: {part}" if j < len(legend) else str(part),
            )
            for j, part in enumerate(pieces)
            if part
        )
        # What the colours say, for a reader who cannot see them.
        spoken = ", ".join(f"{legend[j]} {part}" for j, part in enumerate(pieces) if part and j < len(legend))
        rows.append(
            Markup(
                '<li><span class="nrr-bar-label">{}</span><span class="nrr-bar-track" aria-hidden="true">{}</span>'
                '<span class="nrr-bar-value">{}{}</span></li>'
            ).format(label, fill, bar.value, Markup('<span class="sr-only"> ({})</span>').format(spoken) if spoken else "")
        )
    parts.append(Markup('<ol class="nrr-bars" aria-label="{}">{}</ol>').format(title, Markup("").join(rows)))
    return Markup("").join(parts)
