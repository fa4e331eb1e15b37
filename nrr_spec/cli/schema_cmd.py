"""`nrr schema` and `nrr list`."""

from __future__ import annotations

import sys

import click


@click.command("schema")
def schema() -> None:
    """Print the record JSON Schema (draft 2020-12)."""
    from ..schema import schema_text

    sys.stdout.write(schema_text())


@click.command("list")
@click.argument("paths", nargs=-1, type=click.Path())
def list_records(paths: tuple[str, ...]) -> None:
    """List the records under PATHS (default: records/ or the current folder)."""
    from rich.console import Console
    from rich.table import Table

    from ..io import read_paths

    result = read_paths(paths or ["records"])
    table = Table("id", "kind", "title", "file", title=f"{len(result.documents)} records")
    for doc in result.documents:
        data = doc.data if isinstance(doc.data, dict) else {}
        table.add_row(str(data.get("id", "?")), str(data.get("kind") or ""), str(data.get("title", "")), doc.path)
    Console().print(table)
    if result.files == 0:
        raise click.ClickException("no record files found")
