"""`nrr cite ID --format FMT`: a record's citation on standard output or in a file."""

from __future__ import annotations

import sys

import click

from ..cite import FORMATS


@click.command("cite")
@click.argument("record_id")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="bibtex", show_default=True, help="Citation format.")
@click.option("--records", type=click.Path(file_okay=False), default=None, help="Records folder [default: records/ or .]")
@click.option("--base-url", default=None, help="Catalogue base URL, for the record's link (https://lab.example.org/nrr).")
@click.option("--out", "-o", type=click.Path(dir_okay=False), default=None, help="Write to this file instead of standard output.")
def cite(record_id: str, fmt: str, records: str | None, base_url: str | None, out: str | None) -> None:
    """Print the citation of record RECORD_ID (zenodo and datacite give DOI deposit metadata)."""
    from ..authoring.store import AuthoringError, find_record, records_dir, to_record
    from ..cite import export
    from ..io import atomic_write

    try:
        found = find_record(records_dir(records), record_id)
        text = export(to_record(found.data, str(found.path)), fmt, base_url=base_url)
    except AuthoringError as exc:
        raise click.ClickException(str(exc)) from None
    if out:
        atomic_write(out, text)
        click.echo(f"wrote {fmt} citation of {record_id} to {out}", err=True)
    else:
        sys.stdout.write(text)
