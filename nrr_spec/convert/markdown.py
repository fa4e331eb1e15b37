"""Logs kept as a Markdown table (`| change | val_loss | status |`), as agents often write them:
the rows of the table, after its header and rule line; the prose around it is no row."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

MARKDOWN = "markdown"
_RULE = re.compile(r"(?::?-{3,}:?\|?)+")  # "|---|:---:|": the line under a Markdown table's header


def is_pipe_row(line: str) -> bool:
    """A row of a Markdown table: `| a | b |` (the outer pipes may be left out when there are inner ones)."""
    text = line.strip()
    return text.startswith("|") or (text.endswith("|") and text.count("|") >= 2)


def pipe_cells(line: str) -> list[str]:
    """The cells of a Markdown table row; `\\|` is a pipe inside a cell."""
    text = line.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", text)]


def markdown_rows(lines: Iterable[tuple[int, str]], has_header: bool) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of each data row of the table in `lines` (non-blank, numbered)."""
    rows = ((n, pipe_cells(line)) for n, line in lines if is_pipe_row(line))
    data = ((n, cells) for n, cells in rows if not _RULE.fullmatch("|".join(cells).replace(" ", "")))
    if has_header:
        next(data, None)
    yield from data
