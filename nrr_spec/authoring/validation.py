"""Whether a record dict is fit to write: the validator's error-level problems."""

from __future__ import annotations

from ..lint.api import validation_errors

__all__ = ["validation_errors"]
