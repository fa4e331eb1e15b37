"""Site configuration: `nrr-site.toml`, or `[tool.nrr.site]` in `pyproject.toml`."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from ..config_files import PYPROJECT, find_settings, settings_in
from ..errors import ConfigError
from ..urls import base_url_problem

SITE_FILE = "nrr-site.toml"
# Every character Python-Markdown gives a meaning and lets a backslash take away: links and images
# ([ ] ( ) !), emphasis, code, headings and lists at the start of a line, attribute lists ({ }).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_EMAIL = re.compile(r"[^@\s:/]+@[^@\s:/]+\.[^@\s:/]+")
_WEB = re.compile(r"https?://[^\s]+")
# Settings that appear as prose in the narrative pages; base_url and logo are addresses, not prose.
_PROSE = ("title", "description", "publisher", "licence", "contact")


def markdown_text(value: str) -> str:
    """`value` as literal text inside Markdown: one line, every Markdown special backslash-escaped.

    Configuration is text, like record text: `[click](javascript:...)` or `![](https://...)` in a
    description must show as those characters, never become a link or a remote image.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(value.split()))


@dataclass
class SiteConfig:
    """What a lab says about its catalogue. Every value is optional; the defaults build a usable site."""

    title: str = "Negative results"
    description: str = "A searchable, citable catalogue of negative results in machine-learning research."
    base_url: str | None = None  # where the site is served, e.g. https://lab.example.org/negative-results/
    logo: str | None = None  # path to an image, relative to the configuration file
    licence: str | None = None  # licence of the catalogue's text, e.g. CC-BY-4.0
    contact: str | None = None  # an e-mail address or a URL
    publisher: str | None = None  # the lab or institution that publishes the catalogue
    doi_prefix: str | None = None  # the lab's DataCite prefix (10.5072): `nrr cite -f datacite` mints DOIs under it
    page_size: int = 50  # records per static browse page
    include_kept: bool = False  # publish kept, baseline and undecided experiments as records too (context, not failures)
    root: Path = Path()  # folder the configuration came from: relative paths resolve against it

    @property
    def site_url(self) -> str | None:
        """The base URL with exactly one trailing slash, or None when the site has no fixed address."""
        return self.base_url.rstrip("/") + "/" if self.base_url else None

    def for_markdown(self) -> SiteConfig:
        """A copy whose prose settings are escaped for the Markdown of the narrative pages."""
        escaped: dict[str, Any] = {name: markdown_text(getattr(self, name)) for name in _PROSE if getattr(self, name)}
        return replace(self, **escaped)

    def logo_path(self) -> Path | None:
        if not self.logo:
            return None
        return (self.root / self.logo).resolve()


def _from_mapping(data: dict[str, Any], source: str, root: Path) -> SiteConfig:
    known = {f.name for f in fields(SiteConfig)} - {"root"}
    aliases = {"license": "licence", "url": "base_url", "name": "title"}
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = aliases.get(key, key).replace("-", "_")
        if name not in known:
            raise ConfigError(f"{source}: unknown site setting {key!r}; known settings are {', '.join(sorted(known))}")
        if name == "page_size":
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 1000:
                raise ConfigError(f"{source}: page_size must be a whole number from 1 to 1000, not {value!r}")
        elif name == "include_kept":
            if not isinstance(value, bool):
                raise ConfigError(f"{source}: include_kept must be true or false, not {value!r}")
        elif not isinstance(value, str):
            raise ConfigError(f"{source}: {key} must be a string, not {type(value).__name__}")
        elif any(ch in value for ch in '<>"`'):
            # The theme puts some settings into pages unescaped; refusing markup keeps every page well-formed.
            raise ConfigError(f'{source}: {key} must be plain text, without < > " or `')
        values[name] = value
    contact = values.get("contact")
    if contact is not None and not (_EMAIL.fullmatch(contact) or _WEB.fullmatch(contact)):
        # The footer links to it (mailto: or the URL itself): anything else would be a link to anything.
        raise ConfigError(f"{source}: contact must be an e-mail address or an https:// URL, not {contact!r}")
    prefix = values.get("doi_prefix")
    if prefix is not None and not re.fullmatch(r"10\.[0-9]{4,9}", prefix):
        raise ConfigError(f"{source}: doi_prefix must be a DOI prefix such as 10.5072, not {prefix!r}")
    base = values.get("base_url")
    if base is not None and (problem := base_url_problem(base)):
        raise ConfigError(f"{source}: base_url {problem}, not {base!r}")
    config = SiteConfig(**values, root=root)
    logo = config.logo_path()
    if logo is not None and not logo.is_file():
        raise ConfigError(f"{source}: logo {config.logo!r} not found (looked for {logo})")
    return config


SITE_TABLE = ("tool", "nrr", "site")


def load_site_config(path: str | Path | None = None, search_from: str | Path = ".") -> SiteConfig:
    """Read the site configuration.

    An explicit `path` may be an `nrr-site.toml` (settings at the top level or under `[site]`) or a
    `pyproject.toml` (settings under `[tool.nrr.site]`). Without one, the nearest `nrr-site.toml`,
    or `pyproject.toml` with `[tool.nrr.site]`, from `search_from` upwards is used (the rule of
    `nrr_spec.config_files`, shared with the validator's settings); with neither, the defaults.
    """
    if path is not None:
        if not Path(path).is_file():
            raise ConfigError(f"{path}: site configuration file not found")
        found = settings_in(path, SITE_TABLE)
        if found is None:
            raise ConfigError(f"{path}: no [tool.nrr.site] table")
    else:
        found = find_settings(SITE_FILE, SITE_TABLE, search_from)
        if found is None:
            return SiteConfig(root=Path(search_from).resolve())
    section = found.table
    if found.path.name != PYPROJECT and isinstance(section, dict):
        section = section.get("site", section)
    if not isinstance(section, dict):
        raise ConfigError(f"{found.source}: expected a table of settings")
    return _from_mapping(section, found.source, found.path.resolve().parent)
