"""Where the catalogue's templates and theme files live: in the wheel, or in a source checkout."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_REPO = Path(__file__).resolve().parent.parent.parent


def _locate(name: str) -> Path:
    packaged = resources.files("nrr_spec").joinpath(name)
    if packaged.is_dir():
        return Path(str(packaged))
    return _REPO / name


def templates_dir() -> Path:
    """Jinja2 templates of the record, browse and dashboard pages, and the narrative pages."""
    return _locate("templates") / "site"


def theme_dir() -> Path:
    """The theme: mkdocs-material overrides, the catalogue's stylesheet and scripts."""
    return _locate("site")
