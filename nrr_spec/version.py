"""The package's version, in a module of its own: every layer names it without importing the root package."""

from __future__ import annotations

__version__ = "1.0.0"
