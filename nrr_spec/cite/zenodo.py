"""Zenodo deposit metadata, the `.zenodo.json` form the Zenodo API and its GitHub integration read."""

from __future__ import annotations

import html
import json
from typing import Any

from ..model import Record
from .common import RESOURCE_TYPE, abstract, clean, inverted, issued, keywords, orcid_id, record_url, split_name
from .links import Link, related_links

_SCHEMES = {"DOI": "doi", "URL": "url", "arXiv": "arxiv"}


def _relation(datacite_relation: str) -> str:
    # Zenodo spells DataCite's relation types in lower camel case (Cites -> cites, IsNewVersionOf -> isNewVersionOf).
    return datacite_relation[0].lower() + datacite_relation[1:]


def creator(author: Any) -> dict[str, str]:
    """A Zenodo creator: "Family, Given", affiliation and bare ORCID iD."""
    creator = {"name": inverted(split_name(author.name))}
    if author.affiliation:
        creator["affiliation"] = clean(author.affiliation)
    orcid = orcid_id(author)
    if orcid:
        creator["orcid"] = orcid
    return creator


def zenodo_data(record: Record, base_url: str | None = None) -> dict[str, Any]:
    """Deposit metadata as a mapping; the description is HTML on Zenodo, so it is escaped here."""
    data: dict[str, Any] = {
        "upload_type": "publication",
        "publication_type": "report",
        "title": clean(record.title),
        "creators": [creator(author) for author in record.authors] or [{"name": "Anonymous"}],
        "description": "<p>" + html.escape(abstract(record)) + "</p>",
        "version": str(record.version),
    }
    date = issued(record)
    if date:
        data["publication_date"] = date.isoformat()
    if record.doi:
        data["doi"] = record.doi
    data |= _access(record)
    words = keywords(record)
    if words:
        data["keywords"] = words
    links = related_links(record, base_url)
    url = record_url(record, base_url)
    if url:
        links.insert(0, Link(url, "URL", "IsIdenticalTo"))
    if links:
        data["related_identifiers"] = [
            {
                "identifier": f"arXiv:{link.identifier}" if link.scheme == "arXiv" else link.identifier,
                "relation": _relation(link.relation),
                "scheme": _SCHEMES[link.scheme],
            }
            for link in links
        ]
    data["notes"] = f"{RESOURCE_TYPE} {record.id}, version {record.version}."
    return data


def _access(record: Record) -> dict[str, str]:
    """Zenodo's access right follows the record's disclosure, so a deposit never publishes more than the record."""
    access: dict[str, str] = {}
    disclosure = record.dual_use.disclosure if record.dual_use else "public"
    if disclosure == "restricted":
        access["access_right"] = "restricted"
        access["access_conditions"] = "Restricted after a dual-use review; contact the authors."
    elif disclosure == "embargoed" and record.dual_use and record.dual_use.embargo_until:
        access["access_right"] = "embargoed"
        access["embargo_date"] = record.dual_use.embargo_until.isoformat()
    elif disclosure == "embargoed":
        # An embargo with no end date cannot be expressed on Zenodo; closed is the safe reading.
        access["access_right"] = "closed"
    else:
        access["access_right"] = "open"
    if record.license and access["access_right"] in ("open", "embargoed"):
        access["license"] = record.license.lower()
    return access


def export_zenodo(record: Record, base_url: str | None = None) -> str:
    return json.dumps(zenodo_data(record, base_url), indent=2, ensure_ascii=False) + "\n"
