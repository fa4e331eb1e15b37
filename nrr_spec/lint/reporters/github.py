"""`--format github`: workflow commands that GitHub Actions shows as annotations on the diff."""

from __future__ import annotations

from typing import TextIO

from ..diagnostics import Report
from .common import display_path

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, out: TextIO, color: bool = False, strict: bool = False) -> None:
    lines = []
    for diag in report.diagnostics:
        props = [f"file={escape_property(display_path(diag.file))}"]
        if diag.line:
            props.append(f"line={diag.line}")
        if diag.column:
            props.append(f"col={diag.column}")
        props.append(f"title={escape_property(diag.code)}")
        message = diag.message + (f" ({diag.pointer})" if diag.pointer else "") + (f". {diag.hint}" if diag.hint else "")
        lines.append(f"::{_COMMANDS.get(diag.severity, 'warning')} {','.join(props)}::{escape_data(message)}\n")
    s = report.summary()
    lines.append(f"nrr validate: {s['files']} files, {s['records']} records, {s['errors']} errors, {s['warnings']} warnings\n")
    out.write("".join(lines))
