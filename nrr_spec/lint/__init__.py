"""The validator: schema and semantic rules for negative-result records, with reporters.

Use `nrr_spec.lint.api.validate` (also `nrr_spec.validate`) for files and documents and
`validate_record_data` for a single record dict.
"""

from __future__ import annotations

from .api import validate, validate_record_data
from .diagnostics import Diagnostic, Report

__all__ = ["Diagnostic", "Report", "validate", "validate_record_data"]
