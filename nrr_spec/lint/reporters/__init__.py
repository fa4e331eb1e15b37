"""Reporters turn a Report into text for people or machines; each is chosen by name."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import TextIO

from ..diagnostics import Report

# name -> module; each module has render(report, out, color=False, strict=False) -> None
REPORTERS = {
    "text": "text",
    "json": "json_report",
    "sarif": "sarif",
    "github": "github",
    "junit": "junit",
}


def get_reporter(name: str) -> Callable[..., None]:
    """The render function of the reporter called `name` (KeyError if there is none)."""
    module = import_module(f"{__name__}.{REPORTERS[name]}")
    render: Callable[[Report, TextIO], None] = module.render
    return render
