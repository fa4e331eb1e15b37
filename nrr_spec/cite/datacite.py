"""DataCite Metadata Schema 4.5 in its JSON form (the REST API's attributes), resource type Report
(Dataset for an automated experiment)."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from ..model import Record
from .common import (
    RESOURCE_TYPE,
    UNAVAILABLE,
    CitationRefused,
    cited,
    clean,
    inverted,
    issued,
    license_url,
    name_of,
    orcid_url,
    ror_url,
)
from .links import related_links

SCHEMA_VERSION = "http://datacite.org/schema/kernel-4"
DOI_PREFIX = re.compile(r"^10\.[0-9]{4,9}$")  # as the DataCite 4.5 schema has it


def creator(author: Any) -> dict[str, Any]:
    """A DataCite creator: the name inverted, split where it splits, with ORCID iD and ROR affiliation."""
    name = name_of(author)
    creator: dict[str, Any] = {"name": inverted(name)}
    if name.family_with_particle:
        creator["nameType"] = "Personal"
        if name.given:
            creator["givenName"] = name.given
        creator["familyName"] = name.family_with_particle
    elif name.entity == "organization":
        creator["nameType"] = "Organizational"
    orcid = orcid_url(author)
    if orcid:
        creator["nameIdentifiers"] = [
            {"nameIdentifier": orcid, "nameIdentifierScheme": "ORCID", "schemeUri": "https://orcid.org"}
        ]
    if author.affiliation:
        affiliation: dict[str, str] = {"name": clean(author.affiliation)}
        ror = ror_url(author)
        if ror:
            affiliation |= {"affiliationIdentifier": ror, "affiliationIdentifierScheme": "ROR", "schemeUri": "https://ror.org"}
        creator["affiliation"] = [affiliation]
    return creator


def checked_prefix(doi_prefix: str) -> str:
    """The DOI prefix to mint under, or CitationRefused when it is not one."""
    if not DOI_PREFIX.match(doi_prefix):
        raise CitationRefused(f"DOI prefix {doi_prefix!r} is not one (10. and 4 to 9 digits, e.g. 10.5072)")
    return doi_prefix


def _year(record: Record) -> int:
    # DataCite requires a year; a record with no dates at all is being deposited now, so now it is.
    first = record.created or issued(record)
    return first.year if first else dt.date.today().year


def datacite_data(record: Record, base_url: str | None = None, doi_prefix: str | None = None) -> dict[str, Any]:
    """The DataCite attributes as a mapping (what a DOI registration sends, less the `event`).

    A record without a DOI gets `prefix` when one is given, so that DataCite mints the DOI under it.
    """
    facts = cited(record, base_url)
    data: dict[str, Any] = {}
    if record.doi:
        data["doi"] = record.doi
    elif doi_prefix:
        data["prefix"] = checked_prefix(doi_prefix)
    url = facts.url
    if url:
        data["url"] = url
    data |= {
        "types": {"resourceTypeGeneral": facts.kind.capitalize(), "resourceType": RESOURCE_TYPE},
        "creators": [creator(author) for author in facts.people] or [{"name": UNAVAILABLE}],
        "titles": [{"title": facts.title}],
        "publisher": {"name": facts.publisher or UNAVAILABLE},
        "publicationYear": str(_year(record)),
        "version": str(record.version),
        "descriptions": [{"description": facts.abstract, "descriptionType": "Abstract"}],
        "alternateIdentifiers": [{"alternateIdentifier": record.id, "alternateIdentifierType": "Local record id"}],
        "schemaVersion": SCHEMA_VERSION,
    }
    if record.methods and record.methods.description:
        data["descriptions"].append({"description": clean(record.methods.description), "descriptionType": "Methods"})
    subjects = [{"subject": word} for word in facts.keywords]
    if record.domain and clean(record.domain) not in facts.keywords:
        subjects.append({"subject": clean(record.domain)})
    if subjects:
        data["subjects"] = subjects
    dates = []
    if record.created:
        dates.append({"date": record.created.isoformat(), "dateType": "Created"})
    if record.updated and record.updated != record.created:
        dates.append({"date": record.updated.isoformat(), "dateType": "Updated"})
    if dates:
        data["dates"] = dates
    links = related_links(record, base_url)
    if links:
        data["relatedIdentifiers"] = [
            {"relatedIdentifier": link.identifier, "relatedIdentifierType": link.scheme, "relationType": link.relation}
            for link in links
        ]
    if record.license:
        data["rightsList"] = [
            {
                "rights": record.license,
                "rightsUri": license_url(record.license),
                "rightsIdentifier": record.license.lower(),
                "rightsIdentifierScheme": "SPDX",
                "schemeUri": "https://spdx.org/licenses/",
            }
        ]
    return data


def export_datacite(record: Record, base_url: str | None = None, doi_prefix: str | None = None) -> str:
    return json.dumps(datacite_data(record, base_url, doi_prefix), indent=2, ensure_ascii=False) + "\n"
