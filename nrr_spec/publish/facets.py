"""The catalogue's facets and the small columnar index the browser filters on.

`facets.json` holds, per facet, the distinct values and one code (or list of codes) per record,
in catalogue order; titles and links sit in fixed-size chunks under `meta/` that the page fetches
only for the rows it shows. Filtering 100,000 records this way needs no server and downloads a
few hundred kilobytes, compressed.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model import Record
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


def _year(entry: Entry) -> list[str]:
    date = entry.first_date
    return [str(date.year)] if date else []


FACETS: tuple[Facet, ...] = (
    Facet("kind", "Kind", lambda e: _one(e.record.kind)),
    Facet("domain", "Domain", lambda e: _one(e.record.domain)),
    Facet("failure_class", "Failure class", lambda e: _one(_exp(e.record, "failure_class"))),
    Facet("change_category", "Change category", lambda e: _one(_exp(e.record, "change_category"))),
    Facet("cause", "Cause", _causes, multi=True),
    Facet("year", "Year", _year),
    Facet("author", "Author", lambda e: sorted({a.name for a in e.record.authors}), multi=True),
    Facet("tag", "Tag", lambda e: sorted(set(e.record.keywords)), multi=True),
)


def label(value: str) -> str:
    """A facet value as people read it: 'data.distribution_shift' -> 'data: distribution shift'."""
    return value.replace(".", ": ", 1).replace("_", " ") if value.islower() or "_" in value else value


def entry_facets(entry: Entry) -> dict[str, list[str]]:
    return {facet.key: facet.values(entry) for facet in FACETS}


def facet_counts(catalogue: Catalogue) -> dict[str, Counter[str]]:
    """How many public records carry each value of each facet."""
    counts: dict[str, Counter[str]] = {facet.key: Counter() for facet in FACETS}
    for entry in catalogue.entries:
        for key, values in entry_facets(entry).items():
            counts[key].update(values)
    return counts


def _summary(entry: Entry, limit: int = 220) -> str:
    text = " ".join((entry.record.summary or entry.record.results.summary).split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def write_index(catalogue: Catalogue, folder: Path, search_bundles: list[str] | None = None) -> dict[str, int]:
    """Write `facets.json` and the `meta/N.json` chunks; returns the bytes written per file kind.

    `search_bundles` names the Pagefind shards beyond the first (paths from the site root), which
    the page merges into its search.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta").mkdir(exist_ok=True)
    columns: list[dict[str, object]] = []
    per_entry = [entry_facets(e) for e in catalogue.entries]
    for facet in FACETS:
        counter: Counter[str] = Counter(v for values in per_entry for v in values[facet.key])
        # Most frequent first, so common values get short codes and lists read well.
        values = sorted(counter, key=lambda v: (-counter[v], v))
        code = {v: i for i, v in enumerate(values)}
        if facet.multi:
            data: list[object] = [[code[v] for v in values_[facet.key]] for values_ in per_entry]
        else:
            data = [code[values_[facet.key][0]] if values_[facet.key] else -1 for values_ in per_entry]
        columns.append({"key": facet.key, "label": facet.label, "multi": facet.multi,
                        "values": values, "labels": [label(v) for v in values], "codes": data})
    index = {"n": len(catalogue), "chunk": CHUNK, "facets": columns, "search": search_bundles or []}
    sizes = {"facets": _dump(index, folder / "facets.json"), "meta": 0}
    for start in range(0, len(catalogue), CHUNK):
        rows = [
            [e.id, e.record.title, e.date.isoformat() if e.date else "", label(str(e.record.kind or "")), _summary(e)]
            for e in catalogue.entries[start : start + CHUNK]
        ]
        sizes["meta"] += _dump(rows, folder / "meta" / f"{start // CHUNK}.json")
    return sizes


def _dump(data: object, path: Path) -> int:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))
