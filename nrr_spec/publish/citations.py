"""The record's citations, through `nrr_spec.cite`: the Cite box, downloads and the all.* files."""

from __future__ import annotations

import base64

from .. import urls
from ..cite import MEDIA_TYPES, SUFFIXES
from ..cite import export as _export
from ..cite.common import creators
from ..cite.formats import CITE_BOX as _CITE_BOX_FORMATS
from ..cite.formats import COLLECTIONS
from ..model import Record
from .config import SiteConfig

# (format, name shown in the Cite box), in the order of the format table.
CITE_BOX = tuple((fmt.name, fmt.label) for fmt in _CITE_BOX_FORMATS)
# The catalogue's files of every public record's citation: (file name, format label).
COLLECTION_FILES = tuple((fmt.collection_file, fmt.label) for fmt in COLLECTIONS)


def export(record: Record, fmt: str, base_url: str | None) -> str:
    return _export(record, fmt, base_url=base_url)


def file_name(record: Record, fmt: str) -> str:
    """Download name beside the record page, e.g. `tent-mri.bib`."""
    return record.id + SUFFIXES[fmt]


def download_href(text: str, fmt: str) -> str:
    """The citation as a `data:` address for the Cite box's Download link.

    Carried in the page rather than written beside it: four fewer files per record to create, host
    and upload, and it downloads without JavaScript. In base64, so nothing in it can end the
    attribute (and it encodes in C: percent-encoding in Python made the record pages a fifth slower).
    """
    return f"data:{MEDIA_TYPES[fmt]};charset=utf-8;base64,{base64.b64encode(text.encode('utf-8')).decode('ascii')}"


def citation_line(record: Record, config: SiteConfig) -> str:
    """A plain-text citation to read: authors (year). Title. Catalogue, version N. DOI or URL."""
    # The names the BibTeX and CFF beside it give: a converted record is the loop's, not anonymous.
    names = [a.name for a in creators(record)]
    if len(names) > 3:
        names = [names[0], "et al."]
    who = ", ".join(names) or "Anonymous"
    date = record.created or record.updated
    year = f" ({date.year})" if date else ""
    where = urls.doi_url(record.doi) if record.doi else (urls.record_url(config.site_url, record.id) or f"Record {record.id}.")
    return f"{who}{year}. {record.title.rstrip('.')}. {config.title}, version {record.version}. {where}"
