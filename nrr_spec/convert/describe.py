"""Moved to `nrr_spec.changes`; kept while the knowledge engine moves over."""

from __future__ import annotations

from ..changes.text import (
           KNOWN_PARAMETERS,
           categorise,
           clean_description,
           is_baseline_description,
           parse_description,
           parse_stateless,
           with_state,
)

__all__ = ["KNOWN_PARAMETERS", "categorise", "clean_description", "is_baseline_description", "parse_description",
           "parse_stateless", "with_state"]
