"""CSL-JSON: a one-item array, as citeproc processors, Zotero and pandoc read it.

Only CSL variables appear: the CSL-data schema closes the item, so a field it does not define (the
licence, for one) makes the whole file invalid to strict readers.
"""

from __future__ import annotations

import json
from typing import Any

from ..model import Author, Record
from .common import (
    RESOURCE_TYPE,
    cited,
    name_of,
)


def _author(author: Author) -> dict[str, str]:
    name = name_of(author)
    if not name.family:
        return {"literal": name.display}
    parts = {"family": name.family, "given": name.given, "non-dropping-particle": name.particle, "suffix": name.suffix}
    return {key: value for key, value in parts.items() if value}


def csl_item(record: Record, base_url: str | None = None) -> dict[str, Any]:
    facts = cited(record, base_url)
    item: dict[str, Any] = {
        "id": record.id,
        "type": facts.kind,
        "genre": RESOURCE_TYPE,
        "title": facts.title,
        "version": str(record.version),
        "abstract": facts.abstract,
    }
    people = facts.people
    if people:
        item["author"] = [_author(author) for author in people]
    date = facts.date
    if date:
        item["issued"] = {"date-parts": [[date.year, date.month, date.day]]}
    pub = facts.publisher
    if pub:
        item["publisher"] = pub
    if record.doi:
        item["DOI"] = record.doi
    url = facts.link
    if url:
        item["URL"] = url
    words = facts.keywords
    if words:
        item["keyword"] = ", ".join(words)
    return item


def export_csl(record: Record, base_url: str | None = None) -> str:
    return json.dumps([csl_item(record, base_url)], indent=2, ensure_ascii=False) + "\n"
