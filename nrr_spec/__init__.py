"""nrr-spec: the open standard and toolkit for negative results in machine-learning research.

Importing the package is cheap; the heavy parts (pydantic models, validators) load on first use,
so command-line tools and agents that call `nrr check` start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .version import __version__

_LAZY = {
    "Record": ("nrr_spec.model", "Record"),
    "validate": ("nrr_spec.lint.api", "validate"),
    "check_proposal": ("nrr_spec.knowledge.api", "check_proposal"),
    "load_schema": ("nrr_spec.schema", "load_schema"),
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(import_module(module), attr)
    raise AttributeError(f"module 'nrr_spec' has no attribute {name!r}")
