"""Zenodo deposit metadata, the `.zenodo.json` form the Zenodo API and its GitHub integration read.

Zenodo's metadata is public whatever the deposit's access right, so it never carries what a record
withholds, and nothing is invented to fill a gap: a record without authors, or an open one without a
licence, is refused with a message that says what to add.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

from ..model import Record
from ..model.vocabulary import Disclosure
from .common import (
    RESOURCE_TYPE,
    CitationRefused,
    cited,
    clean,
    inverted,
    name_of,
    orcid_id,
)
from .links import Link, related_links

_SCHEMES = {"DOI": "doi", "URL": "url", "arXiv": "arxiv"}
# DOIs Zenodo minted: one only the deposit that owns it may carry; any other deposit links to it instead.
ZENODO_DOI = re.compile(r"^10\.5281/zenodo\.\d+$", re.IGNORECASE)
# A single licence id; Zenodo's licence vocabulary has no expressions (MIT OR Apache-2.0).
_ONE_LICENCE = re.compile(r"^[A-Za-z0-9.+-]+$")
_DATASET = {"upload_type": "dataset"}
_REPORT = {"upload_type": "publication", "publication_type": "report"}
WITHHELD_DESCRIPTION = "Withheld after a dual-use review: Zenodo shows its metadata to everyone. Contact the authors."


def _relation(datacite_relation: str) -> str:
    # Zenodo spells DataCite's relation types in lower camel case (Cites -> cites, IsNewVersionOf -> isNewVersionOf).
    return datacite_relation[0].lower() + datacite_relation[1:]


def creator(author: Any) -> dict[str, str]:
    """A Zenodo creator: "Family, Given", affiliation and bare ORCID iD."""
    creator = {"name": inverted(name_of(author))}
    if author.affiliation:
        creator["affiliation"] = clean(author.affiliation)
    orcid = orcid_id(author)
    if orcid:
        creator["orcid"] = orcid
    return creator


def zenodo_data(record: Record, base_url: str | None = None, today: dt.date | None = None) -> dict[str, Any]:
    """Deposit metadata as a mapping; the description is HTML on Zenodo, so it is escaped here.

    Raises CitationRefused when Zenodo would need something the record does not say.
    """
    facts = cited(record, base_url)
    people = facts.people
    if not people:
        raise CitationRefused(f"{record.id}: Zenodo needs at least one creator; add `authors` to the record")
    today = today or dt.date.today()
    access = _access(record, today)
    withheld = access["access_right"] != "open"
    data: dict[str, Any] = {
        **(_DATASET if facts.kind == "dataset" else _REPORT),
        "title": facts.title,
        "creators": [creator(author) for author in people],
        "description": "<p>" + html.escape(WITHHELD_DESCRIPTION if withheld else facts.abstract) + "</p>",
        "version": str(record.version),
        # Zenodo dates a deposit without one by the day it is published, which is what this is.
        "publication_date": (facts.date or today).isoformat(),
    }
    links = related_links(record, base_url)
    if record.doi and ZENODO_DOI.match(record.doi):
        links.insert(0, Link(record.doi, "DOI", "IsIdenticalTo"))
    elif record.doi:
        data["doi"] = record.doi  # registered elsewhere: Zenodo keeps it instead of minting one
    data |= access
    words = facts.keywords
    if words and not withheld:
        data["keywords"] = words
    url = facts.url
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


def _access(record: Record, today: dt.date) -> dict[str, str]:
    """Zenodo's access right follows the record's disclosure, so a deposit never publishes more than the record."""
    access: dict[str, str] = {}
    disclosure = record.dual_use.disclosure if record.dual_use else Disclosure.public
    if record.public(today):
        access["access_right"] = "open"  # public, or an embargo that has ended
    elif disclosure == Disclosure.restricted:
        access["access_right"] = "restricted"
        access["access_conditions"] = "Restricted after a dual-use review; contact the authors."
    elif disclosure == Disclosure.embargoed and record.dual_use and record.dual_use.embargo_until:
        access["access_right"] = "embargoed"
        access["embargo_date"] = record.dual_use.embargo_until.isoformat()
    elif disclosure == Disclosure.embargoed:
        # An embargo with no end date cannot be expressed on Zenodo; closed is the safe reading.
        access["access_right"] = "closed"
    else:
        access["access_right"] = "open"
    if access["access_right"] in ("open", "embargoed"):
        access["license"] = zenodo_licence(record.license, record.id)
    return access


def zenodo_licence(spdx: str | None, what: str) -> str:
    """Zenodo's licence id for an SPDX id (its vocabulary uses the SPDX ids in lower case)."""
    if not spdx:
        raise CitationRefused(
            f"{what}: Zenodo publishes open and embargoed deposits under a licence, and the record has none; "
            "add `license` (an SPDX id such as CC-BY-4.0)"
        )
    if not _ONE_LICENCE.match(spdx):
        raise CitationRefused(f"{what}: Zenodo takes one licence id, not the expression {spdx!r}; choose one")
    return spdx.lower()


def export_zenodo(record: Record, base_url: str | None = None) -> str:
    """The `.zenodo.json` text; raises CitationRefused where Zenodo needs what the record lacks."""
    return json.dumps(zenodo_data(record, base_url), indent=2, ensure_ascii=False) + "\n"
