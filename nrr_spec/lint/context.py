"""What a semantic rule sees: the typed record, its raw data, today's date, and a place to report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..model.vocabulary import Kind
from .diagnostics import Diagnostic
from .registry import RULES

if TYPE_CHECKING:
    from ..model import Record


@dataclass
class RuleContext:
    """One schema-valid record under check."""

    record: Record
    data: dict[str, Any]
    today: dt.date
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def automated(self) -> bool:
        """Loop-generated records: recommended fields meant for papers do not apply to them."""
        return self.record.kind == Kind.automated_experiment or self.record.experiment is not None

    def report(self, code: str, pointer: str, message: str, hint: str | None = None) -> None:
        rule = RULES[code]
        self.diagnostics.append(Diagnostic(code, rule.severity, message, rule.fix if hint is None else hint, pointer))
