"""The citation formats, one `Format` entry each.

Everything that lists formats reads this table: the `nrr cite --format` choices, the file names and
media types of downloads, the Cite box of a record page, the catalogue's `all.*` files and the
formats of `nrr cite --all`. A new format is its writer module plus one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from ..model import Record
from .bibtex import export_bibtex
from .catalogue import Deposit, datacite_catalogue, zenodo_catalogue
from .cff import export_cff
from .csl import export_csl
from .datacite import export_datacite
from .jsonld import export_jsonld
from .ris import export_ris
from .zenodo import export_zenodo


def one_after_another(texts: Iterable[str]) -> Iterator[str]:
    """One file of many citations in a format whose entries simply follow each other (BibTeX, RIS)."""
    for text in texts:
        yield text + "\n"


@dataclass(frozen=True)
class Format:
    name: str  # the value of `nrr cite --format`
    label: str  # the name people know it by, shown in the Cite box and the site's download list
    media_type: str
    extension: str  # of a downloaded file: the record id plus this, e.g. tent-mri.bib
    # (record, catalogue base URL or None) -> the citation, ending in a newline; a format that
    # `mints_dois` also takes the DOI prefix under which to mint one for a record without a DOI.
    writer: Callable[..., str]
    mints_dois: bool = False
    cite_box: bool = False  # offered in the Cite box of every record page, in table order
    # Joins the public records' citations (sorted by id) into the catalogue's `all<extension>` file,
    # piece by piece so a large catalogue's file is streamed; None: the format has no such file.
    collection: Callable[[Iterable[str]], Iterable[str]] | None = None
    # Deposit metadata for a whole catalogue, to mint one DOI for all its public records
    # (`nrr cite --all`); None: the format cites single records only.
    deposit: Callable[[Deposit], str] | None = None

    def write(self, record: Record, base_url: str | None = None, doi_prefix: str | None = None) -> str:
        if self.mints_dois:
            return self.writer(record, base_url, doi_prefix)
        return self.writer(record, base_url)

    @property
    def collection_file(self) -> str:
        """The catalogue's file of every public record's citation, e.g. all.bib."""
        return "all" + self.extension


# In the order people most often want them: the Cite box shows its formats in this order.
CITATION_FORMATS: tuple[Format, ...] = (
    Format("bibtex", "BibTeX", "application/x-bibtex", ".bib", export_bibtex, cite_box=True, collection=one_after_another),
    Format("ris", "RIS", "application/x-research-info-systems", ".ris", export_ris, cite_box=True),
    Format("cff", "Citation File Format", "application/yaml", ".cff", export_cff, cite_box=True),
    Format("csl", "CSL-JSON", "application/vnd.citationstyles.csl+json", ".csl.json", export_csl, cite_box=True),
    Format("jsonld", "schema.org JSON-LD", "application/ld+json", ".jsonld", export_jsonld),
    Format(
        "datacite",
        "DataCite",
        "application/vnd.datacite.datacite+json",
        ".datacite.json",
        export_datacite,
        mints_dois=True,
        deposit=datacite_catalogue,
    ),
    Format("zenodo", "Zenodo", "application/json", ".zenodo.json", export_zenodo, deposit=zenodo_catalogue),
)

BY_NAME = {fmt.name: fmt for fmt in CITATION_FORMATS}
CITE_BOX = tuple(fmt for fmt in CITATION_FORMATS if fmt.cite_box)
COLLECTIONS = tuple(fmt for fmt in CITATION_FORMATS if fmt.collection is not None)
DEPOSITS = tuple(fmt for fmt in CITATION_FORMATS if fmt.deposit is not None)
