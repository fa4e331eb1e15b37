"""The dashboards: what failed and why across the public catalogue, drawn at build time."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any
from urllib.parse import urlencode

from ..model.vocabulary import CHANGE_GERUND, ChangeCategory, ExperimentOutcome, FailureClass, values
from ..urls import session_path
from .bars import Bar, bar_chart
from .collect import Catalogue, is_negative_result
from .facets import facet_counts, label
from .sessions import findings, gather_sessions

TOP = 15
OUTCOMES = (ExperimentOutcome.discard.value, ExperimentOutcome.crash.value, ExperimentOutcome.keep.value)


def _browse(key: str, value: str) -> str:
    return "../browse/?" + urlencode({key: value})


def _facet_bars(counts: Counter[str], key: str) -> list[Bar]:
    # A failure class's bar is drawn in that class's colour, as on the session pages.
    classes = key == "failure_class"
    return [Bar(label(v), n, _browse(key, v), key=f"nrr-fc-{v}" if classes else None) for v, n in counts.most_common(TOP)]


def charts(catalogue: Catalogue) -> list[dict[str, Any]]:
    """Chart title, caption and SVG for each dashboard panel."""
    counts = facet_counts(catalogue)
    out: list[dict[str, Any]] = [
        {
            "title": "Failures by cause",
            "caption": "Records by the cause their authors give (a record may give several).",
            "bars": _facet_bars(counts["cause"], "cause"),
        },
        {
            "title": "Failures by domain",
            "caption": "Records by application domain.",
            "bars": _facet_bars(counts["domain"], "domain"),
        },
        {
            "title": "Failure classes of automated experiments",
            "caption": "How automated experiments failed.",
            "bars": _facet_bars(counts["failure_class"], "failure_class"),
        },
    ]
    tried: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    by_month: dict[str, Counter[str]] = defaultdict(Counter)
    # Kept changes are context, not published as records, but they say what improved. A baseline
    # tried nothing, and a row its loop neither kept nor discarded (a sweep's) was decided by nobody.
    for entry in [*catalogue.entries, *catalogue.context]:
        exp = entry.record.experiment
        if exp is None or str(exp.outcome) not in OUTCOMES:
            continue
        category = str(exp.change_category or ChangeCategory.other)
        tried[category] += 1
        if exp.outcome == ExperimentOutcome.keep:
            kept[category] += 1
        date = entry.first_date
        if date:
            by_month[f"{date.year}-{date.month:02d}"][str(exp.outcome)] += 1
    never = [
        Bar(label(c), n, _browse("change_category", c))
        for c, n in tried.most_common()
        if kept[c] == 0 and c != ChangeCategory.baseline
    ][:TOP]
    out.append(
        {
            "title": "Change categories that never improved",
            "caption": "Categories of automated changes with no kept experiment among the published records, by number tried.",
            "bars": never,
        }
    )
    out.append(_classes_over_time(catalogue))
    months = sorted(by_month)[-24:]
    out.append(
        {
            "title": "Outcomes of automated experiments over time",
            "caption": "Experiments per month, by the loop's decision.",
            "bars": [Bar(m, sum(by_month[m].values()), None, tuple(by_month[m][o] for o in OUTCOMES)) for m in months],
            "legend": OUTCOMES,
            "keys": tuple(f"nrr-oc-{o}" for o in OUTCOMES),
        }
    )
    out += [_strongest_patterns(catalogue), _repeated_failures(catalogue), _session_table(catalogue)]
    for chart in out:
        if "bars" in chart:
            chart["picture"] = bar_chart(
                chart["title"], chart["bars"], legend=chart.get("legend", ()), keys=chart.get("keys", ())
            )
    return out


CLASSES = values(FailureClass)


def _classes_over_time(catalogue: Catalogue) -> dict[str, Any]:
    """Failed automated experiments per month, by failure class; undated ones are counted in the caption."""
    by_month: dict[str, Counter[str]] = defaultdict(Counter)
    undated = 0
    for entry in catalogue.entries:
        exp = entry.record.experiment
        if exp is None or exp.failure_class is None or not is_negative_result(entry.record):
            continue
        date = entry.first_date
        if date is None:
            undated += 1
            continue
        by_month[f"{date.year}-{date.month:02d}"][str(exp.failure_class)] += 1
    months = sorted(by_month)[-24:]
    caption = "Failed automated experiments per month (by the date of the record, or of its commit where the converter read it)."
    if undated:
        many = undated != 1
        caption += f" {undated} failed experiment{'s' if many else ''} without a date {'are' if many else 'is'} not shown."
    return {
        "title": "Failure classes over time",
        "caption": caption,
        "bars": [Bar(m, sum(by_month[m].values()), None, tuple(by_month[m][c] for c in CLASSES)) for m in months],
        "legend": tuple(label(c) for c in CLASSES),
        "keys": tuple(f"nrr-fc-{c}" for c in CLASSES),
    }


def _strongest_patterns(catalogue: Catalogue) -> dict[str, Any]:
    """The changes the records say most clearly rarely improve, with the evidence behind each."""
    found = [f for f in findings([*catalogue.entries, *catalogue.context], min_tried=3) if f.level == "change"]
    found.sort(key=lambda f: (f.estimate, -f.tried, f.what))
    items = [
        f"{f.what}: {f.improved} of {f.tried} improved (keep rate {f.estimate:.0%}, 95% interval "
        f"{f.low:.0%} to {f.high:.0%}; {f.verdict})"
        for f in found[:TOP]
    ]
    return {
        "title": "The clearest patterns",
        "caption": "Kinds of change tried at least three times, the least likely to improve first, with the keep rate "
        "the knowledge engine estimates (shrunk towards the rate of all changes, so a few attempts prove "
        "little) and whether it is clearly below the rest.",
        "lines": items,
    }


def _repeated_failures(catalogue: Catalogue) -> dict[str, Any]:
    """The changes that failed most often: the same idea, tried again and again."""
    counts: Counter[tuple[str, str]] = Counter()
    for entry in catalogue.entries:
        exp = entry.record.experiment
        if exp is None or not is_negative_result(entry.record):
            continue
        for change in {(c.parameter, str(c.direction)) for c in exp.changes}:
            counts[change] += 1
    bars = [
        Bar(f"{CHANGE_GERUND.get(d, d)} {p}", n, "../browse/?" + urlencode({"q": p}))
        for (p, d), n in counts.most_common(TOP)
        if n > 1
    ]
    return {
        "title": "The most-repeated failed changes",
        "caption": "Changes that failed more than once across the published experiments.",
        "bars": bars,
    }


def _session_table(catalogue: Catalogue) -> dict[str, Any]:
    rows = [
        {
            "name": s.name,
            "href": "../" + session_path(s.slug),
            "n": len(s.rows),
            "kept": s.count(ExperimentOutcome.keep),
            "discarded": s.count(ExperimentOutcome.discard),
            "crashed": s.count(ExperimentOutcome.crash),
            "negative": len(s.negative),
        }
        for s in gather_sessions(catalogue)
    ]
    return {"title": "Sessions", "caption": "Every automated session: what it tried and how it ended.", "sessions": rows}
