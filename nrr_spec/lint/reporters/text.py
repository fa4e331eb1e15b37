"""`--format text` (default): diagnostics grouped by file, for people, with a summary line.

The report is built as one string and written once. Colours come from `rich`, asked once per
style for the codes it would write around a piece of text (so NO_COLOR, TERM and the colour system
are honoured as rich honours them), instead of printing through rich line by line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..diagnostics import Report
from .common import display_path, printable

_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_DIM = "dim"
_MARK = "\ue000"  # a private-use character: never part of an escape code

Paint = Callable[[str, str], str]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _painter(color: bool) -> Paint:
    """A function that wraps text in the escape codes of a rich style (none without colour)."""
    if not color:
        return lambda text, style: text
    from rich.console import Console
    from rich.text import Text

    console = Console(force_terminal=True, no_color=False, highlight=False, soft_wrap=True, emoji=False)
    codes: dict[str, tuple[str, str]] = {}

    def paint(text: str, style: str) -> str:
        if not style or not text:
            return text
        if style not in codes:
            with console.capture() as capture:
                console.print(Text(_MARK, style=style), end="")
            before, _, after = capture.get().partition(_MARK)
            codes[style] = (before, after)
        before, after = codes[style]
        return before + text + after

    return paint


def render(report: Report, out: TextIO, color: bool = False, strict: bool = False) -> None:
    paint = _painter(color)
    lines: list[str] = []
    for fix in report.fixes:
        where = f"{printable(display_path(fix.file))}:{fix.line or 1}:{fix.column or 1} "
        lines.append(paint("fixed ", "green") + paint(where, "bold") + printable(f"{fix.code} {fix.description}"))
    for file, diagnostics in report.by_file().items():
        if not diagnostics:
            continue
        lines.append(paint(printable(display_path(file)), "bold underline"))
        for diag in diagnostics:
            where = f"{diag.line or 1}:{diag.column or 1}"
            if diag.record:
                where = f"#{diag.record} {where}"
            line = (
                "  "
                + paint(f"{where:<10}", _DIM)
                + paint(f"{diag.severity:<8}", _STYLES.get(diag.severity, ""))
                + paint(f"{diag.code}  ", "bold")
                + printable(diag.message)
            )
            if diag.pointer:
                line += paint(f"  {printable(diag.pointer)}", _DIM)
            lines.append(line)
            if diag.hint:
                lines.append(paint(f"{'':<30}{printable(diag.hint)}", _DIM))
            for note in diag.notes:
                lines.append(paint(f"{'':<30}also: {printable(note)}", _DIM))
        lines.append("")
    s = report.summary()
    lines.append(
        f"Checked {_plural(s['files'], 'file')}, {_plural(s['records'], 'record')}: "
        + paint(_plural(s["errors"], "error"), _STYLES["error"] if s["errors"] else "green")
        + ", "
        + paint(_plural(s["warnings"], "warning"), _STYLES["warning"] if s["warnings"] else "")
        + f", {_plural(s['infos'], 'info')}."
    )
    out.write("\n".join(lines) + "\n")
