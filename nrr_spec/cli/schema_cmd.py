"""`nrr schema` and `nrr list`."""

from __future__ import annotations

import sys

import click

from .inputs import no_record_files, require_paths
from .options import records_arguments, records_or_default


@click.command("schema")
def schema() -> None:
    """Print the record JSON Schema (draft 2020-12)."""
    from ..schema import schema_text

    sys.stdout.write(schema_text())


@click.command("list")
@records_arguments("PATHS")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "table", "tsv", "json"]),
    default="auto",
    show_default=True,
    help="auto: a table on a terminal, tab-separated lines (id, kind, title, file) in a pipe.",
)
def list_records(paths: tuple[str, ...], fmt: str) -> None:
    """List the records under PATHS (default: records/)."""
    import json

    from ..io import read_paths

    paths = records_or_default(paths)
    require_paths(paths)
    result = read_paths(paths)
    if result.files == 0:
        raise no_record_files(paths)
    rows = []
    for doc in result.documents:
        data = doc.data if isinstance(doc.data, dict) else {}
        rows.append(
            {
                "id": str(data.get("id", "?")),
                "kind": str(data.get("kind") or ""),
                "title": str(data.get("title", "")),
                "file": doc.path,
            }
        )
    if fmt == "auto":
        fmt = "table" if sys.stdout.isatty() else "tsv"
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "tsv":
        for row in rows:
            # Tabs and newlines inside a title would break the columns a script splits on.
            sys.stdout.write("\t".join(" ".join(value.split()) for value in row.values()) + "\n")
    else:
        _print_table(rows)
    for failure in result.failures:
        click.echo(f"{failure.path}:{failure.line}:{failure.column}: {failure.message} (not listed; see nrr validate)", err=True)
    if result.failures and not rows:
        raise click.ClickException("no record could be read")


def _print_table(rows: list[dict[str, str]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(rows)} records", caption="--format tsv or json for the files")
    table.add_column("id", overflow="fold")
    table.add_column("kind", overflow="fold")
    table.add_column("title", ratio=1, min_width=24)
    for row in rows:
        table.add_row(row["id"], row["kind"], row["title"])
    Console().print(table)
