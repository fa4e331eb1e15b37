"""`--format json`: the whole report as one JSON document."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, TextIO

from ...version import __version__
from ..diagnostics import Report
from .common import dump_json


def as_dict(report: Report) -> dict[str, Any]:
    """The report as plain data: summary counts, diagnostics and applied fixes."""
    return {
        "tool": {"name": "nrr validate", "version": __version__},
        "summary": report.summary(),
        "diagnostics": [d.to_dict() for d in report.diagnostics],
        "fixes": [asdict(f) for f in report.fixes],
    }


def render(report: Report, out: TextIO, color: bool = False, strict: bool = False) -> None:
    out.write(dump_json(as_dict(report)))
