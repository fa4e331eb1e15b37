"""The dashboards: what failed and why across the public catalogue, drawn as SVG at build time."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any
from urllib.parse import urlencode

from .collect import Catalogue
from .facets import facet_counts, label
from .plots import Bar, bar_chart

TOP = 15
OUTCOMES = ("discard", "crash", "keep")


def _browse(key: str, value: str) -> str:
    return "../browse/?" + urlencode({key: value})


def _facet_bars(counts: Counter[str], key: str) -> list[Bar]:
    return [Bar(label(v), n, _browse(key, v)) for v, n in counts.most_common(TOP)]


def charts(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Chart title, caption and SVG for each dashboard panel."""
    counts = facet_counts(catalogue)
    out: list[dict[str, Any]] = [
        {"title": "Failures by cause", "caption": "Records by the cause their authors give (a record may give several).",
         "bars": _facet_bars(counts["cause"], "cause")},
        {"title": "Failures by domain", "caption": "Records by application domain.",
         "bars": _facet_bars(counts["domain"], "domain")},
        {"title": "Failure classes of automated experiments", "caption": "How automated experiments failed.",
         "bars": _facet_bars(counts["failure_class"], "failure_class")},
    ]
    tried: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    by_month: dict[str, Counter[str]] = defaultdict(Counter)
    # Kept changes and baselines are context, not published as records, but they say what improved.
    for entry in [*catalogue.entries, *catalogue.context]:
        exp = entry.record.experiment
        if exp is None or exp.outcome == "baseline":
            continue
        category = str(exp.change_category or "other")
        tried[category] += 1
        if exp.outcome == "keep":
            kept[category] += 1
        date = entry.first_date
        if date:
            outcome = str(exp.outcome) if str(exp.outcome) in OUTCOMES else "discard"
            by_month[f"{date.year}-{date.month:02d}"][outcome] += 1
    never = [Bar(label(c), n, _browse("change_category", c)) for c, n in tried.most_common()
             if kept[c] == 0 and c != "baseline"][:TOP]
    out.append({"title": "Change categories that never improved",
                "caption": "Categories of automated changes with no kept experiment among the published records, "
                           "by number tried.",
                "bars": never})
    months = sorted(by_month)[-24:]
    out.append({"title": "Outcomes of automated experiments over time",
                "caption": "Experiments per month, by the loop's decision.",
                "bars": [Bar(m, sum(by_month[m].values()), None, tuple(by_month[m][o] for o in OUTCOMES)) for m in months],
                "legend": OUTCOMES})
    for chart in out:
        chart["svg"] = bar_chart(chart["title"], chart["bars"], legend=chart.get("legend", ()))
    return out
