"""Whether a record dict is fit to write: the validator's error-level problems."""

from __future__ import annotations

from typing import Any

from ..lint.api import validation_errors
from .store import AuthoringError

__all__ = ["require_valid", "validation_errors"]


def require_valid(record: Any, refusal: str) -> None:
    """Raise AuthoringError, `refusal` followed by every error-level problem of `record`, one a line."""
    problems = validation_errors(record)
    if problems:
        listing = "\n".join(f"  {line}" for line in problems)
        raise AuthoringError(f"{refusal}:\n{listing}")
