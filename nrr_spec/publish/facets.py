"""The catalogue's facets and the small columnar index the browser filters on.

`facets.json` holds, per facet, the distinct values and one code (or list of codes) per record,
in catalogue order; titles and links sit in fixed-size chunks under `meta/` that the page fetches
only for the rows it shows. Filtering 100,000 records this way needs no server and downloads a
few hundred kilobytes, compressed.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Record
from ..model.vocabulary import Direction
from .collect import Catalogue, Entry

CHUNK = 500  # records per meta chunk: one chunk covers ten browse pages


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    values: Callable[[Entry], list[str]]
    multi: bool = False


def _one(value: object) -> list[str]:
    return [str(value)] if value not in (None, "") else []


def _exp(record: Record, name: str) -> object:
    return getattr(record.experiment, name, None) if record.experiment else None


def _causes(entry: Entry) -> list[str]:
    interp = entry.record.interpretation
    return sorted({str(c.category) for c in interp.causes}) if interp else []


HAND_WRITTEN = "written up"


def _outcome(entry: Entry) -> list[str]:
    """The loop's decision for an automated experiment; a record written by people is 'written up'."""
    experiment = entry.record.experiment
    return [str(experiment.outcome)] if experiment else [HAND_WRITTEN]


def effect(record: Record) -> tuple[str, float] | None:
    """(metric name, relative change in percent, positive when better) of the record's main result, if known."""
    experiment = record.experiment
    if experiment and experiment.logged_no_result():
        return None
    if experiment and experiment.metric:
        m = experiment.metric
        direction = str(m.direction) if m.direction else None
        value, baseline, name = m.value, m.baseline, m.name
    else:
        outcome = next((o for o in record.results.outcomes if o.baseline is not None), None)
        if outcome is None:
            return None
        metrics = {x.name: x for x in (record.methods.metrics if record.methods else [])}
        declared = metrics.get(outcome.metric)
        direction = str(declared.direction) if declared and declared.direction else None
        value, baseline, name = outcome.value, outcome.baseline, outcome.metric
    if value is None or baseline is None or not baseline or direction not in (Direction.lower, Direction.higher):
        return None
    change = (value - baseline) / abs(baseline) * 100
    if not math.isfinite(change):
        return None
    return name, -change if direction == Direction.lower else change


def effect_text(found: tuple[str, float] | None) -> str:
    if found is None:
        return ""
    name, change = found
    if change == 0:
        return f"{name} unchanged"
    size = f"{abs(change):.2g}" if abs(change) < 10 else f"{abs(change):.0f}"
    return f"{name} {size}% {'better' if change > 0 else 'worse'}"


def _year(entry: Entry) -> list[str]:
    date = entry.first_date
    return [str(date.year)] if date else []


FACETS: tuple[Facet, ...] = (
    Facet("outcome", "Outcome", _outcome),
    Facet("kind", "Kind", lambda e: _one(e.record.kind)),
    Facet("domain", "Domain", lambda e: _one(e.record.domain)),
    Facet("failure_class", "Failure class", lambda e: _one(_exp(e.record, "failure_class"))),
    Facet("change_category", "Change category", lambda e: _one(_exp(e.record, "change_category"))),
    Facet("cause", "Cause", _causes, multi=True),
    Facet("session", "Session", lambda e: _one(_exp(e.record, "session"))),
    Facet("year", "Year", _year),
    Facet("author", "Author", lambda e: sorted({a.name for a in e.record.authors}), multi=True),
    Facet("tag", "Tag", lambda e: sorted(set(e.record.keywords)), multi=True),
)


def label(value: str) -> str:
    """A facet value as people read it: 'data.distribution_shift' -> 'data: distribution shift'."""
    return value.replace(".", ": ", 1).replace("_", " ") if value.islower() or "_" in value else value


def entry_facets(entry: Entry) -> dict[str, list[str]]:
    """A record's value(s) of each facet; kept on the entry once made (the facet index, the search
    index and the dashboards all count them)."""
    cached: dict[str, list[str]] | None = getattr(entry, "_facets", None)
    if cached is not None:
        return cached
    found = {facet.key: facet.values(entry) for facet in FACETS}
    setattr(entry, "_facets", found)  # noqa: B010 - a cache beside the dataclass's fields, not one of them
    return found


def facet_counts(catalogue: Catalogue) -> dict[str, Counter[str]]:
    """How many public records carry each value of each facet; counted once per catalogue (the
    dashboards and the facet index both ask)."""
    known: dict[str, Counter[str]] | None = getattr(catalogue, "_facet_counts", None)
    if known is not None:
        return known
    # Gathered into one list per facet and counted once (Counter.update per record and facet, 96,000
    # calls at 10,000 records, took twice as long); first-seen order, and so ties, are as before.
    found: dict[str, list[str]] = {facet.key: [] for facet in FACETS}
    for entry in catalogue.entries:
        for key, values in entry_facets(entry).items():
            found[key] += values
    counts = {key: Counter(values) for key, values in found.items()}
    setattr(catalogue, "_facet_counts", counts)  # noqa: B010 - a cache beside the dataclass's fields, not one of them
    return counts


def _summary(entry: Entry, limit: int = 220) -> str:
    text = " ".join((entry.record.summary or entry.record.results.summary).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def row_meta(entry: Entry) -> list[str]:
    """What a list row shows: id, title, date, kind, summary, authors, failure class and effect.

    Kept on the entry once made: the search index, the facet index and the browse pages all show it.
    """
    cached: list[str] | None = getattr(entry, "_row_meta", None)
    if cached is not None:
        return cached
    record = entry.record
    failure = _exp(record, "failure_class")
    found = effect(record)
    row = [
        entry.id,
        record.title,
        entry.date.isoformat() if entry.date else "",
        label(str(record.kind or "")),
        _summary(entry),
        authors_text(record),
        label(str(failure)) if failure else "",
        effect_text(found),
        f"{abs(found[1]):.6g}" if found else "",
    ]
    setattr(entry, "_row_meta", row)  # noqa: B010 - a cache beside the dataclass's fields, not one of them
    return row


def authors_text(record: Record) -> str:
    names = [a.name for a in record.authors]
    return ", ".join(names[:3]) + (" et al." if len(names) > 3 else "")


def search_meta(entry: Entry) -> dict[str, str]:
    """Pagefind metadata of a record: its title and the list row's fields, so results read like the list,
    and the size of its effect, to sort results by."""
    _, title, date, kind, summary, authors, failure, change, size = row_meta(entry)
    meta = {
        "title": title,
        "summary": summary,
        "date": date,
        "kind": kind,
        "authors": authors,
        "failure": failure,
        "effect": change,
        "size": size,
    }
    return {key: value for key, value in meta.items() if value}


def write_index(catalogue: Catalogue, folder: Path, search_bundles: list[str] | None = None) -> dict[str, int]:
    """Write `facets.json` and the `meta/N.json` chunks; returns the bytes written per file kind.

    `search_bundles` names the Pagefind shards beyond the first (paths from the site root), which
    the page merges into its search.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta").mkdir(exist_ok=True)
    columns: list[dict[str, object]] = []
    per_entry = [entry_facets(e) for e in catalogue.entries]
    counts = facet_counts(catalogue)
    for facet in FACETS:
        counter = counts[facet.key]
        # Most frequent first, so common values get short codes and lists read well.
        values = sorted(counter, key=lambda v: (-counter[v], v))
        code = {v: i for i, v in enumerate(values)}
        if facet.multi:
            data: list[object] = [[code[v] for v in values_[facet.key]] for values_ in per_entry]
        else:
            data = [code[values_[facet.key][0]] if values_[facet.key] else -1 for values_ in per_entry]
        columns.append(
            {
                "key": facet.key,
                "label": facet.label,
                "multi": facet.multi,
                "values": values,
                "labels": [label(v) for v in values],
                "codes": data,
            }
        )
    # A number per record to sort on: how large its effect is (null when it has none).
    sizes_ = [float(size) if (size := row_meta(e)[8]) else None for e in catalogue.entries]
    index = {"n": len(catalogue), "chunk": CHUNK, "facets": columns, "search": search_bundles or [], "effect": sizes_}
    sizes = {"facets": _dump(index, folder / "facets.json"), "meta": 0}
    for start in range(0, len(catalogue), CHUNK):
        rows = [row_meta(e)[:8] for e in catalogue.entries[start : start + CHUNK]]
        sizes["meta"] += _dump(rows, folder / "meta" / f"{start // CHUNK}.json")
    return sizes


def _dump(data: object, path: Path) -> int:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))
