"""Identifiers a record points to, in the DataCite vocabulary that DataCite and Zenodo share."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Record, Reference
from ..urls import is_public_address
from .common import record_url, version_url

# The record's own relation names mapped to DataCite relation types; anything else is a citation.
_REFERENCE_RELATION = {"supersedes": "Obsoletes", "extends": "Continues"}
_RECORD_RELATION = {"supersedes": "Obsoletes", "extends": "Continues", "replicates": "References"}


@dataclass(frozen=True)
class Link:
    identifier: str
    scheme: str  # DataCite relatedIdentifierType: DOI, URL or arXiv
    relation: str  # DataCite relationType, e.g. Cites


def _reference(reference: Reference) -> tuple[str, str] | None:
    if reference.doi:
        return reference.doi, "DOI"
    if reference.arxiv:
        return reference.arxiv, "arXiv"
    if reference.url:
        return reference.url, "URL"
    return None


def related_links(record: Record, base_url: str | None = None) -> list[Link]:
    """What the record cites, supersedes, was revised from and is supplemented by; no duplicates."""
    links: list[Link] = []
    prior = record.hypothesis.prior_work if record.hypothesis else []
    for reference in [*prior, *record.references]:
        found = _reference(reference)
        if found:
            links.append(Link(*found, _REFERENCE_RELATION.get(str(reference.relation or ""), "Cites")))
    if record.methods:
        for dataset in record.methods.datasets:
            if dataset.doi:
                links.append(Link(dataset.doi, "DOI", "References"))
    for related in record.related:
        other = record_url(record.model_copy(update={"id": related.id}), base_url)
        if other:
            links.append(Link(other, "URL", _RECORD_RELATION.get(str(related.relation), "References")))
    if record.version > 1:
        previous = version_url(record, base_url, record.version - 1)
        if previous:
            links.append(Link(previous, "URL", "IsNewVersionOf"))
    repro = record.reproducibility
    if repro and repro.code and is_public_address(repro.code.repository):
        links.append(Link(repro.code.repository, "URL", "IsSupplementedBy"))
    if repro:
        links += [Link(artifact.url, "URL", "IsSupplementedBy") for artifact in repro.artifacts]
    return list(dict.fromkeys(links))
