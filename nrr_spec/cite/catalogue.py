"""DOI deposit metadata for a whole catalogue: the public records as parts of one citable collection."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from typing import Any

from ..model import Record
from .common import UNAVAILABLE, CitationRefused, clean, keywords, publisher, record_url
from .datacite import DOI_PREFIX, SCHEMA_VERSION
from .datacite import creator as datacite_creator
from .zenodo import creator as zenodo_creator
from .zenodo import zenodo_licence

CATALOGUE_FORMATS = ("zenodo", "datacite")


def _people(records: list[Record]) -> list[Any]:
    """Every author once, in order of first appearance; the same ORCID iD or name is the same person."""
    seen: dict[str, Any] = {}
    for record in records:
        for author in record.authors:
            key = author.orcid.rsplit("/", 1)[-1] if author.orcid else clean(author.name).casefold()
            seen.setdefault(key, author)
    return list(seen.values())


def _parts(records: list[Record], base_url: str | None) -> list[tuple[str, str]]:
    parts = []
    for record in records:
        if record.doi:
            parts.append((record.doi, "DOI"))
        else:
            url = record_url(record, base_url)
            if url:
                parts.append((url, "URL"))
    return parts


def _shared_licence(records: list[Record]) -> str | None:
    licences = {record.license for record in records}
    return licences.pop() if len(licences) == 1 else None


def _words(records: list[Record]) -> list[str]:
    return list(dict.fromkeys(word for record in records for word in keywords(record)))


def export_catalogue(
    records: Iterable[Record],
    fmt: str,
    *,
    title: str,
    base_url: str | None = None,
    version: str | None = None,
    today: dt.date | None = None,
    licence: str | None = None,
    doi_prefix: str | None = None,
) -> str:
    """Zenodo or DataCite metadata for the catalogue of `records`; restricted and embargoed ones are left out.

    `licence` is the catalogue's licence (default: the one licence all its records share); `doi_prefix`
    lets DataCite mint the catalogue's DOI.
    """
    today = today or dt.date.today()
    public = sorted((record for record in records if record.public(today)), key=lambda record: record.id)
    if fmt not in CATALOGUE_FORMATS:
        raise ValueError(f"catalogue metadata is written as {' or '.join(CATALOGUE_FORMATS)}, not {fmt!r}")
    description = f"A catalogue of {len(public)} negative results in machine-learning research, one citable record each."
    people, parts = _people(public), _parts(public, base_url)
    licence = licence or _shared_licence(public)
    version = version or today.isoformat()
    if fmt == "datacite":
        data: dict[str, Any] = {}
        if doi_prefix:
            if not DOI_PREFIX.match(doi_prefix):
                raise CitationRefused(f"DOI prefix {doi_prefix!r} is not one (10. and 4 to 9 digits, e.g. 10.5072)")
            data["prefix"] = doi_prefix
        if base_url:
            data["url"] = base_url
        data |= {
            "types": {"resourceTypeGeneral": "Collection", "resourceType": "Catalogue of negative result records"},
            "creators": [datacite_creator(person) for person in people] or [{"name": UNAVAILABLE}],
            "titles": [{"title": clean(title)}],
            "publisher": {"name": next((p for p in map(publisher, public) if p), UNAVAILABLE)},
            "publicationYear": str(today.year),
            "version": version,
            "descriptions": [{"description": description, "descriptionType": "Abstract"}],
            "schemaVersion": SCHEMA_VERSION,
        }
        words = _words(public)
        if words:
            data["subjects"] = [{"subject": word} for word in words]
        if parts:
            data["relatedIdentifiers"] = [
                {"relatedIdentifier": ident, "relatedIdentifierType": kind, "relationType": "HasPart"} for ident, kind in parts
            ]
        if licence:
            data["rightsList"] = [{"rights": licence, "rightsIdentifier": licence.lower(), "rightsIdentifierScheme": "SPDX"}]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if not people:
        raise CitationRefused("the catalogue: Zenodo needs at least one creator, and no public record names an author")
    zenodo: dict[str, Any] = {
        "upload_type": "dataset",
        "title": clean(title),
        "creators": [zenodo_creator(person) for person in people],
        "description": f"<p>{description}</p>",
        "version": version,
        "publication_date": today.isoformat(),
        "access_right": "open",
    }
    # An open deposit without a licence would be published under whatever Zenodo defaults to.
    zenodo["license"] = zenodo_licence(licence, "the catalogue (its records carry different licences or none; give one)")
    words = _words(public)
    if words:
        zenodo["keywords"] = words
    related = [{"identifier": base_url, "relation": "isIdenticalTo", "scheme": "url"}] if base_url else []
    related += [{"identifier": ident, "relation": "hasPart", "scheme": kind.lower()} for ident, kind in parts]
    if related:
        zenodo["related_identifiers"] = related
    return json.dumps(zenodo, indent=2, ensure_ascii=False) + "\n"
