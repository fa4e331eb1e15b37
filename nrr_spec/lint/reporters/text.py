"""`--format text` (default): diagnostics grouped by file, for people, with a summary line."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.text import Text

from ..diagnostics import Report
from . import display_path

_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(report: Report, out: TextIO, color: bool = False, strict: bool = False) -> None:
    console = Console(file=out, force_terminal=color, no_color=not color, highlight=False, soft_wrap=True, emoji=False)
    for fix in report.fixes:
        line = Text("fixed ", style="green")
        line.append(f"{display_path(fix.file)}:{fix.line or 1}:{fix.column or 1} ", style="bold")
        line.append(f"{fix.code} {fix.description}")
        console.print(line)
    for file, diagnostics in report.by_file().items():
        if not diagnostics:
            continue
        console.print(Text(display_path(file), style="bold underline"))
        for diag in diagnostics:
            where = f"{diag.line or 1}:{diag.column or 1}"
            if diag.record:
                where = f"#{diag.record} {where}"
            line = Text("  ")
            line.append(f"{where:<10}", style="dim")
            line.append(f"{diag.severity:<8}", style=_STYLES.get(diag.severity, ""))
            line.append(f"{diag.code}  ", style="bold")
            line.append(diag.message)
            if diag.pointer:
                line.append(f"  {diag.pointer}", style="dim")
            console.print(line)
            if diag.hint:
                console.print(Text(f"{'':<30}{diag.hint}", style="dim"))
            for note in diag.notes:
                console.print(Text(f"{'':<30}also: {note}", style="dim"))
        console.print()
    s = report.summary()
    summary = Text(f"Checked {_plural(s['files'], 'file')}, {_plural(s['records'], 'record')}: ")
    summary.append(_plural(s["errors"], "error"), style=_STYLES["error"] if s["errors"] else "green")
    summary.append(", ")
    summary.append(_plural(s["warnings"], "warning"), style=_STYLES["warning"] if s["warnings"] else "")
    summary.append(f", {_plural(s['infos'], 'info')}.")
    console.print(summary)
