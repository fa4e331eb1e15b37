"""DOI deposit metadata for a whole catalogue: the public records as parts of one citable collection.

Every public record is a part, named by its DOI or else by its address in the catalogue; a record
with neither would be left out while the description still counts it, so without a base URL such a
catalogue is refused (`UnaddressedRecords`). The collection's publisher is the one who publishes the
catalogue (`nrr cite --publisher`, else `publisher` in the site configuration), never guessed from
one record's affiliation: the records may come from several institutions.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Record
from .common import UNAVAILABLE, CitationRefused, clean, keywords, record_url
from .datacite import SCHEMA_VERSION, checked_prefix
from .datacite import creator as datacite_creator
from .zenodo import creator as zenodo_creator
from .zenodo import zenodo_licence


def _people(records: list[Record]) -> list[Any]:
    """Every author once, in order of first appearance; the same ORCID iD or name is the same person."""
    seen: dict[str, Any] = {}
    for record in records:
        for author in record.authors:
            key = author.orcid.rsplit("/", 1)[-1] if author.orcid else clean(author.name).casefold()
            seen.setdefault(key, author)
    return list(seen.values())


class UnaddressedRecords(CitationRefused):
    """Public records with no DOI and, without a base URL, no address: the deposit could not list them."""


def _parts(records: list[Record], base_url: str | None) -> list[tuple[str, str]]:
    parts = []
    for record in records:
        if record.doi:
            parts.append((record.doi, "DOI"))
        else:
            url = record_url(record, base_url)
            if url is None:
                raise UnaddressedRecords(_unaddressed(records))
            parts.append((url, "URL"))
    return parts


def _unaddressed(records: list[Record]) -> str:
    missing = [record.id for record in records if not record.doi]
    shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
    return (
        f"{len(missing)} of the catalogue's {len(records)} public records ({shown}) have no DOI, and without a "
        "base URL no address either, so the deposit could not list them as parts: give --base-url "
        "(or base_url in nrr-site.toml), the address the catalogue is served from"
    )


def _shared_licence(records: list[Record]) -> str | None:
    licences = {record.license for record in records}
    return licences.pop() if len(licences) == 1 else None


def _words(records: list[Record]) -> list[str]:
    return list(dict.fromkeys(word for record in records for word in keywords(record)))


@dataclass(frozen=True)
class Deposit:
    """What deposit metadata says of a whole catalogue: its public records as parts, and who made them."""

    title: str
    public: list[Record]  # sorted by id
    people: list[Any]  # every author once, in order of first appearance
    parts: list[tuple[str, str]]  # (identifier, DOI or URL) of each public record
    licence: str | None
    version: str
    today: dt.date
    base_url: str | None = None
    doi_prefix: str | None = None
    publisher: str | None = None

    @property
    def description(self) -> str:
        return f"A catalogue of {len(self.public)} negative results in machine-learning research, one citable record each."


def deposit(
    records: Iterable[Record],
    *,
    title: str,
    base_url: str | None = None,
    version: str | None = None,
    today: dt.date | None = None,
    licence: str | None = None,
    doi_prefix: str | None = None,
    publisher: str | None = None,
) -> Deposit:
    """The catalogue of `records`; restricted and embargoed ones are left out.

    `licence` is the catalogue's licence (default: the one licence all its records share); `doi_prefix`
    lets DataCite mint the catalogue's DOI; `publisher` is who publishes the catalogue (DataCite's
    "not available" when not given). Raises UnaddressedRecords when a public record has no DOI and
    there is no `base_url` to give it an address.
    """
    today = today or dt.date.today()
    public = sorted((record for record in records if record.public(today)), key=lambda record: record.id)
    return Deposit(
        title,
        public,
        _people(public),
        _parts(public, base_url),
        licence or _shared_licence(public),
        version or today.isoformat(),
        today,
        base_url,
        doi_prefix,
        clean(publisher) if publisher else None,
    )


def datacite_catalogue(catalogue: Deposit) -> str:
    """DataCite metadata of the catalogue, a Collection with each public record as a part."""
    data: dict[str, Any] = {}
    if catalogue.doi_prefix:
        data["prefix"] = checked_prefix(catalogue.doi_prefix)
    if catalogue.base_url:
        data["url"] = catalogue.base_url
    data |= {
        "types": {"resourceTypeGeneral": "Collection", "resourceType": "Catalogue of negative result records"},
        "creators": [datacite_creator(person) for person in catalogue.people] or [{"name": UNAVAILABLE}],
        "titles": [{"title": clean(catalogue.title)}],
        "publisher": {"name": catalogue.publisher or UNAVAILABLE},
        "publicationYear": str(catalogue.today.year),
        "version": catalogue.version,
        "descriptions": [{"description": catalogue.description, "descriptionType": "Abstract"}],
        "schemaVersion": SCHEMA_VERSION,
    }
    words = _words(catalogue.public)
    if words:
        data["subjects"] = [{"subject": word} for word in words]
    if catalogue.parts:
        data["relatedIdentifiers"] = [
            {"relatedIdentifier": ident, "relatedIdentifierType": kind, "relationType": "HasPart"}
            for ident, kind in catalogue.parts
        ]
    licence = catalogue.licence
    if licence:
        data["rightsList"] = [{"rights": licence, "rightsIdentifier": licence.lower(), "rightsIdentifierScheme": "SPDX"}]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def zenodo_catalogue(catalogue: Deposit) -> str:
    """Zenodo deposit metadata of the catalogue, a dataset with each public record as a part."""
    if not catalogue.people:
        raise CitationRefused("the catalogue: Zenodo needs at least one creator, and no public record names an author")
    zenodo: dict[str, Any] = {
        "upload_type": "dataset",
        "title": clean(catalogue.title),
        "creators": [zenodo_creator(person) for person in catalogue.people],
        "description": f"<p>{catalogue.description}</p>",
        "version": catalogue.version,
        "publication_date": catalogue.today.isoformat(),
        "access_right": "open",
    }
    # An open deposit without a licence would be published under whatever Zenodo defaults to.
    zenodo["license"] = zenodo_licence(
        catalogue.licence, "the catalogue (its records carry different licences or none; give one)"
    )
    words = _words(catalogue.public)
    if words:
        zenodo["keywords"] = words
    base_url = catalogue.base_url
    related = [{"identifier": base_url, "relation": "isIdenticalTo", "scheme": "url"}] if base_url else []
    related += [{"identifier": ident, "relation": "hasPart", "scheme": kind.lower()} for ident, kind in catalogue.parts]
    if related:
        zenodo["related_identifiers"] = related
    return json.dumps(zenodo, indent=2, ensure_ascii=False) + "\n"
