"""What every citation format needs from a record: names split, dates, URLs, plain text."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass

from .. import urls
from ..errors import NrrError
from ..model import Author, Record
from ..model.vocabulary import Kind
from ..names import NameParts, author_parts

RESOURCE_TYPE = "Negative result record"
UNAVAILABLE = "(:unav)"  # the DataCite standard value for "not available"


class CitationRefused(NrrError, ValueError):
    """The record lacks what the recipient of a format requires (Zenodo: a creator, a licence); the
    message names the record and what to add, instead of metadata with something invented."""


def creators(record: Record) -> list[Author]:
    """Who the citation names: the record's authors; for an automated experiment without any, the
    loop that ran it, as the record's own provenance and session say ("autoresearch agent (session
    mar8-h100)", entity software), so that a converted record is not cited as anonymous."""
    if record.authors or record.experiment is None:
        return list(record.authors)
    converter = record.provenance.converter.name if record.provenance and record.provenance.converter else ""
    loop = converter.split()[-1] if converter.startswith("nrr convert ") else "research"
    session = f" (session {record.experiment.session})" if record.experiment.session else ""
    return [Author(name=f"{loop} agent{session}", entity="software")]


def resource_type(record: Record) -> str:
    """One resource type per kind of record, the same in every format: an automated experiment is one
    row of a loop's data ("dataset"); any other negative result is written up ("report")."""
    return "dataset" if record.kind == Kind.automated_experiment else "report"


def name_of(author: Author) -> NameParts:
    """An author's name in parts, each part cleaned for citations; see nrr_spec.names for how."""
    parts = author_parts(author)  # "李 小龍": 李 is the family name (`names.family_first_parts`)

    def cleaned(part: str | None) -> str | None:
        return clean(part) or None if part else None

    return NameParts(
        clean(parts.display),
        cleaned(parts.given),
        cleaned(parts.family),
        cleaned(parts.particle),
        cleaned(parts.suffix),
        parts.entity,
        parts.certain,
    )


def inverted(name: NameParts) -> str:
    """ "Family, Given" ("van Beethoven, Ludwig", "King, Martin Luther, Jr.") where the name splits, else as written."""
    if not name.family_with_particle:
        return name.display
    text = name.family_with_particle
    if name.given:
        text += f", {name.given}"
    return text + (f", {name.suffix}" if name.suffix else "")


# Control characters, and lone surrogates that no UTF-8 file can hold, never reach a citation.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")


# Each exporter cleans the same title, names and abstract again: a catalogue's build exports every
# record in five formats, and remembering the recent strings makes four of those five free.
@functools.lru_cache(maxsize=4096)
def clean(text: str) -> str:
    """One line of text: control characters dropped, runs of whitespace (newlines too) made one space."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text))
    return " ".join(text.split())


def orcid_id(author: Author) -> str | None:
    """The bare ORCID iD (0000-0002-1825-0097)."""
    if not author.orcid:
        return None
    return author.orcid.rsplit("/", 1)[-1]


def orcid_url(author: Author) -> str | None:
    bare = orcid_id(author)
    return f"https://orcid.org/{bare}" if bare else None


def ror_url(author: Author) -> str | None:
    if not author.ror:
        return None
    return author.ror if author.ror.startswith("https://") else f"https://ror.org/{author.ror}"


def record_url(record: Record, base_url: str | None) -> str | None:
    """Where the catalogue serves the record's latest version."""
    return urls.record_url(base_url, record.id)


def version_url(record: Record, base_url: str | None, version: int) -> str | None:
    """Where the catalogue keeps an earlier version."""
    return urls.record_url(base_url, record.id, version)


def doi_url(doi: str) -> str:
    """The resolver URL of a DOI; characters with a meaning in URLs (#, ?, %, spaces) are percent-encoded."""
    return urls.doi_url(doi)


def issued(record: Record) -> dt.date | None:
    """The date of the version being cited: the latest change, else creation."""
    return record.updated or record.created


def abstract(record: Record) -> str:
    """The record's abstract, or the one-line negative outcome when it has none."""
    return clean(record.summary or record.results.summary)


def license_url(spdx: str) -> str:
    return f"https://spdx.org/licenses/{spdx}.html"


def publisher(record: Record) -> str | None:
    """Who publishes the record: the first author's institution, the only one a record names."""
    for author in record.authors:
        if author.affiliation:
            return clean(author.affiliation)
    return None


def keywords(record: Record) -> list[str]:
    seen: dict[str, None] = {}
    for word in record.keywords:
        word = clean(word)
        if word:
            seen.setdefault(word, None)
    return list(seen)


@dataclass(frozen=True)
class Cited:
    """What every format says of a record, each worked out once; the formats differ in how they spell it."""

    title: str
    people: list[Author]  # creators(): the authors, or the loop that ran an automated experiment
    date: dt.date | None  # issued(): of the version being cited
    abstract: str
    publisher: str | None
    keywords: list[str]
    kind: str  # resource_type(): dataset or report
    url: str | None  # the catalogue's page of the record, when a base URL is given
    doi_url: str | None

    @property
    def link(self) -> str | None:
        """The one address a format has room for: the catalogue's page, else the DOI's."""
        return self.url or self.doi_url


def cited(record: Record, base_url: str | None) -> Cited:
    return Cited(
        clean(record.title),
        creators(record),
        issued(record),
        abstract(record),
        publisher(record),
        keywords(record),
        resource_type(record),
        record_url(record, base_url),
        doi_url(record.doi) if record.doi else None,
    )
