"""`nrr cite ID --format FMT`: a record's citation on standard output or in a file."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from ..cite import DEPOSIT_FORMATS, FORMATS
from .inputs import no_record_files, records_folder
from .options import records_option

if TYPE_CHECKING:
    from ..store import RecordsFolder

_DEPOSITS = " or ".join(DEPOSIT_FORMATS)


def _doi_prefix(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..cite import CitationRefused
    from ..cite.datacite import checked_prefix

    try:
        return checked_prefix(value) if value else value
    except CitationRefused as exc:
        raise click.BadParameter(str(exc), ctx, param) from None


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from ..urls import base_url_problem

    problem = base_url_problem(value) if value else None
    if problem:
        raise click.BadParameter(f"{value!r} {problem}", ctx, param)
    return value


@click.command("cite")
@click.argument("record_id", required=False)
@click.option("--all", "whole", is_flag=True, help=f"Deposit metadata for the whole catalogue ({_DEPOSITS}).")
@click.option("--title", default=None, help="With --all: the catalogue's title.")
@click.option("--version", "cat_version", default=None, help="With --all: the catalogue's version [default: today's date].")
@click.option("--license", "licence", default=None, help="With --all: the catalogue's SPDX licence [default: its records' one].")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="bibtex", show_default=True, help="Citation format.")
@records_option()
@click.option(
    "--base-url",
    default=None,
    callback=_base_url,
    help="Catalogue base URL, for the record's link [default: base_url of nrr-site.toml].",
)
@click.option(
    "--publisher",
    default=None,
    help="With --all: who publishes the catalogue, e.g. the lab [default: publisher of nrr-site.toml].",
)
@click.option(
    "--doi-prefix",
    default=None,
    callback=_doi_prefix,
    help="DataCite: mint the DOI under this prefix (10.5072) for records without one [default: doi_prefix of nrr-site.toml].",
)
@click.option(
    "--include-withheld",
    is_flag=True,
    help="Cite a restricted or embargoed record anyway, for the lab's own use (Zenodo still gets no abstract).",
)
@click.option(
    "--out",
    "--output",
    "-o",
    type=click.Path(dir_okay=False),
    default=None,
    help="Write to this file instead of standard output.",
)
def cite(
    record_id: str | None,
    whole: bool,
    title: str | None,
    cat_version: str | None,
    licence: str | None,
    fmt: str,
    records: str | None,
    base_url: str | None,
    publisher: str | None,
    doi_prefix: str | None,
    include_withheld: bool,
    out: str | None,
) -> None:
    """Print the citation of record RECORD_ID in a citation format, or DOI deposit metadata.

    With --all instead of an id, print deposit metadata (in a format --all names) for the whole
    catalogue of public records, to mint one DOI for all of them. A restricted or embargoed record is cited
    only with --include-withheld.
    """
    from ..authoring.store import AuthoringError, to_record
    from ..cite import CitationRefused, export
    from ..cite.catalogue import UnaddressedRecords
    from ..io import atomic_write
    from ..os_errors import os_problem
    from ..publish.config import ConfigError, load_site_config
    from ..store import RecordLookupError
    from .inputs import InputError

    if whole == bool(record_id):
        raise click.UsageError("give a RECORD_ID, or --all for the whole catalogue")
    if whole and fmt not in DEPOSIT_FORMATS:
        raise click.UsageError(f"--all writes deposit metadata: --format {' or --format '.join(DEPOSIT_FORMATS)}")
    if whole and not title:
        raise click.UsageError("--all needs --title, the catalogue's title")
    try:
        site = load_site_config()
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    base_url = base_url or site.base_url
    doi_prefix = doi_prefix or site.doi_prefix
    folder = records_folder(records)
    try:
        if whole:
            deposit = {"base_url": base_url, "version": cat_version, "licence": licence, "doi_prefix": doi_prefix}
            text = _catalogue(folder, fmt, title, publisher=publisher or site.publisher, **deposit)
        else:
            found = folder.find(record_id or "")
            record = to_record(found.data, str(found.path))
            if not record.public() and not include_withheld:
                disclosure = record.dual_use.disclosure if record.dual_use else "withheld"
                raise AuthoringError(
                    f"{record.id} is {disclosure} after a dual-use review, and a citation would carry its title, "
                    "authors and abstract; add --include-withheld to cite it for the lab's own use"
                )
            text = export(record, fmt, base_url=base_url, doi_prefix=doi_prefix)
    except UnaddressedRecords as exc:  # the fix is an option: --base-url
        raise InputError(str(exc)) from None
    except (AuthoringError, CitationRefused, RecordLookupError) as exc:
        raise click.ClickException(str(exc)) from None
    if whole and fmt == "datacite" and not (publisher or site.publisher):
        click.echo(
            "note: the catalogue names no publisher (DataCite's (:unav)); give --publisher or publisher in nrr-site.toml",
            err=True,
        )
    if out:
        try:
            atomic_write(out, text)
        except OSError as exc:
            raise click.ClickException(os_problem(exc, "write the citation to")) from None
        click.echo(f"wrote {fmt} metadata of {record_id or 'the catalogue'} to {out}", err=True)
    else:
        sys.stdout.write(text)


def _catalogue(folder: RecordsFolder, fmt: str, title: str | None, **deposit: str | None) -> str:
    from ..authoring.store import AuthoringError, to_record
    from ..cite import export_catalogue

    result = folder.read()
    if result.files == 0:
        raise no_record_files([str(folder.root)])
    problems = [f"{failure.path}:{failure.line}: {failure.message}" for failure in result.failures]
    parsed = []
    for doc in result.documents:
        try:
            parsed.append(to_record(doc.data, doc.path))
        except AuthoringError as exc:
            problems.append(str(exc))
    if problems:
        raise AuthoringError("a catalogue with invalid records cannot be deposited; fix these first:\n  " + "\n  ".join(problems))
    if not parsed:
        raise AuthoringError(f"no records under {str(folder.root)!r}")
    return export_catalogue(parsed, fmt, title=title, **deposit)
