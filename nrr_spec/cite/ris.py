"""RIS: a report (TY RPRT), or a data file (TY DATA) for an automated experiment as every format
types it (`common.resource_type`); one tag per line, never a newline inside a value."""

from __future__ import annotations

from ..model import Record
from .common import (
    RESOURCE_TYPE,
    cited,
    clean,
    inverted,
    name_of,
)

# Values longer than this are cut: several readers reject longer lines in short tags.
SHORT_TAG_LIMIT = 255
SHORT_TAGS = frozenset({"TI", "AU", "KW", "PB", "ET", "M3"})


def value(text: str, tag: str = "") -> str:
    """A tag value: one line, control characters dropped, short tags cut at 255 characters."""
    text = clean(text)
    if tag in SHORT_TAGS and len(text) > SHORT_TAG_LIMIT:
        text = text[: SHORT_TAG_LIMIT - 1].rstrip() + "…"
    return text


def export_ris(record: Record, base_url: str | None = None) -> str:
    facts = cited(record, base_url)
    kind = "DATA" if facts.kind == "dataset" else "RPRT"
    lines: list[tuple[str, str]] = [("TY", kind), ("ID", record.id), ("TI", record.title)]
    lines += [("AU", inverted(name_of(author))) for author in facts.people]
    date = facts.date
    if date:
        lines += [("PY", str(date.year)), ("DA", date.strftime("%Y/%m/%d/"))]
    lines += [("AB", facts.abstract), ("ET", f"Version {record.version}"), ("M3", RESOURCE_TYPE)]
    lines += [("KW", word) for word in facts.keywords]
    pub = facts.publisher
    if pub:
        lines.append(("PB", pub))
    if record.doi:
        lines.append(("DO", record.doi))
    url = facts.link
    if url:
        lines.append(("UR", url))
    if record.license:
        lines.append(("N1", f"Licence: {record.license}"))
    text = "".join(f"{tag}  - {value(content, tag)}\n" for tag, content in lines)
    return text + "ER  - \n"
