"""Citations of a record in BibTeX, RIS, CFF, CSL-JSON, schema.org JSON-LD, DataCite and Zenodo forms.

The record id is the citation key everywhere; the version, the catalogue URL (when a base URL is
given) and the DOI (when the record has one) appear in every format.
"""

from __future__ import annotations

from ..errors import NrrError
from ..model import Record
from .common import CitationRefused
from .formats import BY_NAME, CITATION_FORMATS, Format

# Views of the table in formats.py, by format name.
FORMATS = tuple(fmt.name for fmt in CITATION_FORMATS)
SUFFIXES = {fmt.name: fmt.extension for fmt in CITATION_FORMATS}
MEDIA_TYPES = {fmt.name: fmt.media_type for fmt in CITATION_FORMATS}


class UnknownFormat(NrrError, ValueError):
    """A format name that is not one of FORMATS."""


def export(record: Record, fmt: str, *, base_url: str | None = None, doi_prefix: str | None = None) -> str:
    """The citation of `record` in format `fmt` (one of FORMATS), as text ending in a newline.

    `doi_prefix` (DataCite only) lets DataCite mint a DOI for a record that has none. Raises
    CitationRefused where the format's recipient needs something the record does not say.
    """
    try:
        entry = BY_NAME[fmt]
    except KeyError:
        raise UnknownFormat(f"unknown citation format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return entry.write(record, base_url, doi_prefix)


__all__ = ["CITATION_FORMATS", "FORMATS", "MEDIA_TYPES", "SUFFIXES", "CitationRefused", "Format", "UnknownFormat", "export"]
