"""Citations of a record in BibTeX, RIS, CFF, CSL-JSON, schema.org JSON-LD, DataCite and Zenodo forms.

The record id is the citation key everywhere; the version, the catalogue URL (when a base URL is
given) and the DOI (when the record has one) appear in every format.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import NrrError
from ..model import Record
from .bibtex import export_bibtex
from .cff import export_cff
from .common import CitationRefused
from .csl import export_csl
from .datacite import export_datacite
from .jsonld import export_jsonld
from .ris import export_ris
from .zenodo import export_zenodo

FORMATS = ("bibtex", "ris", "cff", "csl", "jsonld", "datacite", "zenodo")

_EXPORTERS: dict[str, Callable[[Record, str | None], str]] = {
    "bibtex": export_bibtex,
    "ris": export_ris,
    "cff": export_cff,
    "csl": export_csl,
    "jsonld": export_jsonld,
    "datacite": export_datacite,
    "zenodo": export_zenodo,
}

# File name suffix and media type of each format, for downloads and `nrr cite --out`.
SUFFIXES = {
    "bibtex": ".bib",
    "ris": ".ris",
    "cff": ".cff",
    "csl": ".csl.json",
    "jsonld": ".jsonld",
    "datacite": ".datacite.json",
    "zenodo": ".zenodo.json",
}
MEDIA_TYPES = {
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "cff": "application/yaml",
    "csl": "application/vnd.citationstyles.csl+json",
    "jsonld": "application/ld+json",
    "datacite": "application/vnd.datacite.datacite+json",
    "zenodo": "application/json",
}


class UnknownFormat(NrrError, ValueError):
    """A format name that is not one of FORMATS."""


def export(record: Record, fmt: str, *, base_url: str | None = None, doi_prefix: str | None = None) -> str:
    """The citation of `record` in format `fmt` (one of FORMATS), as text ending in a newline.

    `doi_prefix` (DataCite only) lets DataCite mint a DOI for a record that has none. Raises
    CitationRefused where the format's recipient needs something the record does not say.
    """
    try:
        exporter = _EXPORTERS[fmt]
    except KeyError:
        raise UnknownFormat(f"unknown citation format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    if fmt == "datacite":
        return export_datacite(record, base_url, doi_prefix)
    return exporter(record, base_url)


__all__ = ["FORMATS", "MEDIA_TYPES", "SUFFIXES", "CitationRefused", "UnknownFormat", "export"]
