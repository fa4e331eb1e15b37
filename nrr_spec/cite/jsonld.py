"""schema.org in JSON-LD (a ScholarlyArticle, or a Dataset for an automated experiment), safe to embed in
a <script> element as it is."""

from __future__ import annotations

import json
from typing import Any

from ..model import Record
from .common import (
    RESOURCE_TYPE,
    cited,
    clean,
    license_url,
    name_of,
    orcid_url,
    ror_url,
)

# A JSON string may spell any character as \uXXXX; spelling these three that way means the text
# can never close the <script> element or open a comment in the HTML page that embeds it.
_HTML_SAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


_TYPES = {"software": "SoftwareApplication", "organization": "Organization"}


def _person(author: Any) -> dict[str, Any]:
    name = name_of(author)
    person: dict[str, Any] = {"@type": _TYPES.get(name.entity or "", "Person"), "name": name.display}
    if person["@type"] == "Person" and name.family:
        if name.given:
            person["givenName"] = name.given
        person["familyName"] = name.family_with_particle
        if name.suffix:
            person["honorificSuffix"] = name.suffix
    orcid = orcid_url(author)
    if orcid:
        person["@id"] = orcid
        person["identifier"] = orcid
    if author.affiliation:
        org: dict[str, Any] = {"@type": "Organization", "name": clean(author.affiliation)}
        ror = ror_url(author)
        if ror:
            org["@id"] = ror
        person["affiliation"] = org
    return person


def jsonld_data(record: Record, base_url: str | None = None) -> dict[str, Any]:
    facts = cited(record, base_url)
    url = facts.url
    kind = "Dataset" if facts.kind == "dataset" else "ScholarlyArticle"
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": kind}
    identity = facts.doi_url or url
    if identity:
        data["@id"] = identity
    data |= {
        "identifier": record.id,
        "name": facts.title,
        "headline": facts.title[:110],  # search engines cut headlines at 110 characters
        "genre": RESOURCE_TYPE,
        "abstract": facts.abstract,
        "version": str(record.version),
    }
    if record.doi:
        data["sameAs"] = facts.doi_url
        data["identifier"] = [record.id, {"@type": "PropertyValue", "propertyID": "DOI", "value": record.doi}]
    if url:
        data["url"] = url
    people = facts.people
    if people:
        data["author"] = [_person(author) for author in people]
    if record.created:
        data["dateCreated"] = record.created.isoformat()
    date = facts.date
    if date:
        data["datePublished"] = (record.created or date).isoformat()
        data["dateModified"] = date.isoformat()
    pub = facts.publisher
    if pub:
        data["publisher"] = {"@type": "Organization", "name": pub}
    words = facts.keywords
    if words:
        data["keywords"] = words
    if record.license:
        data["license"] = license_url(record.license)
    if record.domain:
        data["about"] = clean(record.domain)
    return data


def export_jsonld(record: Record, base_url: str | None = None) -> str:
    text = json.dumps(jsonld_data(record, base_url), indent=2, ensure_ascii=False)
    for char, escaped in _HTML_SAFE.items():
        text = text.replace(char, escaped)
    return text + "\n"
