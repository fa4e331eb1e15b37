"""Moved to `nrr_spec.changes`; kept while the knowledge engine moves over."""

from __future__ import annotations

from ..changes.categories import category_of_parameter
from ..changes.names import PARAMETER_SYNONYMS, VALUE_PARAMETERS, normalise_parameter

__all__ = ["PARAMETER_SYNONYMS", "VALUE_PARAMETERS", "category_of_parameter", "normalise_parameter"]
