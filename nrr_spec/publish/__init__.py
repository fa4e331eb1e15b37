"""The publisher: a folder of records in, a searchable, citable static catalogue out."""

from __future__ import annotations

from .build import BuildResult, build_site
from .collect import BuildRefused
from .config import ConfigError, SiteConfig, load_site_config

__all__ = ["BuildRefused", "BuildResult", "ConfigError", "SiteConfig", "build_site", "load_site_config"]
