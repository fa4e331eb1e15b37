"""Citations of a record in each format of the table in formats.py, and deposit metadata of a catalogue.

The record id is the citation key everywhere; the version, the catalogue URL (when a base URL is
given) and the DOI (when the record has one) appear in every format.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import NrrError
from ..model import Record
from .catalogue import deposit
from .common import CitationRefused
from .formats import BY_NAME, CITATION_FORMATS, DEPOSITS, Format

# Views of the table in formats.py, by format name.
FORMATS = tuple(fmt.name for fmt in CITATION_FORMATS)
SUFFIXES = {fmt.name: fmt.extension for fmt in CITATION_FORMATS}
MEDIA_TYPES = {fmt.name: fmt.media_type for fmt in CITATION_FORMATS}
DEPOSIT_FORMATS = tuple(fmt.name for fmt in DEPOSITS)  # those `nrr cite --all` writes


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


def export_catalogue(records: Iterable[Record], fmt: str, **options: Any) -> str:
    """Deposit metadata in format `fmt` (one of DEPOSIT_FORMATS) for the catalogue of `records`, to mint
    one DOI for all of them; restricted and embargoed records are left out. `options` are those of
    `catalogue.deposit`: the catalogue's title, base URL, version, licence, DOI prefix and today's date.
    """
    writer = BY_NAME[fmt].deposit if fmt in BY_NAME else None
    if writer is None:
        raise UnknownFormat(f"catalogue metadata is written as {' or '.join(DEPOSIT_FORMATS)}, not {fmt!r}")
    return writer(deposit(records, **options))


__all__ = [
    "CITATION_FORMATS",
    "DEPOSIT_FORMATS",
    "FORMATS",
    "MEDIA_TYPES",
    "SUFFIXES",
    "CitationRefused",
    "Format",
    "UnknownFormat",
    "export",
    "export_catalogue",
]
