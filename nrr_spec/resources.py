"""Where the data the package ships lives: the published schemas, the templates and the catalogue's theme.

The files are inside the package (`nrr_spec/schemas`, `nrr_spec/templates`, `nrr_spec/theme`), so an
installed wheel and a source checkout find them the same way; the repository's `schema/`,
`templates/` and `site/` are links to these folders, not copies. Everything that reads one of these
files asks this module for its folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

# Folder names inside the package, and what each holds.
SCHEMAS = "schemas"  # record-X.Y.schema.json, one file per version of the standard
TEMPLATES = "templates"  # new/: the `nrr new` templates; site/: the catalogue's jinja2 pages
THEME = "theme"  # overrides/: mkdocs-material overrides; assets/: the catalogue's stylesheet and script
FOLDERS = (SCHEMAS, TEMPLATES, THEME)
SCRIPTS = ("nrr-page.js", "nrr-rows.js", "nrr-facets.js", "nrr-search.js", "nrr-catalogue.js")
"""The catalogue's scripts in the theme's assets/, in the order every page loads them: classic
scripts sharing `window.nrr`, not ES modules, which a browser refuses from a site opened as files."""


def package_folder(name: str) -> Path:
    """One data folder of the installed package, as a path on disk.

    jinja2's and mkdocs' loaders need real folders, so a package that is not on disk (imported from
    a zip file) is an installation this toolkit does not support; pip always installs on disk.
    """
    folder = resources.files("nrr_spec").joinpath(name)
    if not isinstance(folder, Path):
        raise RuntimeError(f"nrr_spec is imported from an archive ({folder}); install it with pip to use its data files")
    return folder


def schemas_dir() -> Path:
    """The published JSON Schemas, one file per version of the standard."""
    return package_folder(SCHEMAS)


def new_templates_dir() -> Path:
    """The `nrr new` templates: one YAML file per template."""
    return package_folder(TEMPLATES) / "new"


def site_templates_dir() -> Path:
    """Jinja2 templates of the record, browse and dashboard pages, and the narrative pages."""
    return package_folder(TEMPLATES) / "site"


def theme_dir() -> Path:
    """The catalogue's theme: mkdocs-material overrides, the stylesheet and scripts."""
    return package_folder(THEME)
