"""Narrative pages through mkdocs-material, and the theme's page frame for every other page.

mkdocs builds the handful of narrative pages plus a few placeholder pages. The placeholders give
the exact page frame (header, tabs, palette toggle, footer, CSS and JS at the right relative path)
at each folder depth; record and browse pages are then written into those frames by jinja2, so
they share the theme without passing through mkdocs one by one (which grows too slowly at 100,000).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from html import unescape as html_unescape
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup, escape

from ..errors import NrrError
from ..resources import SCRIPTS, theme_dir
from ..urls import RECORDS
from .config import SiteConfig

TITLE_MARK = "NRRSHELLTITLE"
BODY_MARK = "NRRSHELLBODY"
# The frames of record pages (two and three folders deep), by name: (placeholder's docs path, output
# folder); their placeholders are removed after the build. The generated pages' frames are their own
# pages' placeholders (site_pages.placeholders), whose output the build writes over.
RECORD_FRAMES = {
    "record": (f"{RECORDS}/_frame/index.md", f"{RECORDS}/_frame"),
    "version": (f"{RECORDS}/_frame/v/index.md", f"{RECORDS}/_frame/v"),
}


class ThemeError(NrrError, RuntimeError):
    """The built theme did not have the shape the frame extraction relies on."""


_DESCRIPTION = re.compile(r'(<meta (?:name="description"|property="og:description"|name="twitter:description") content=")[^"]*"')
_OG_TYPE = '<meta property="og:type" content="website">'


class Frame:
    """A built page split around its title, description, extra head tags and body, for one folder depth.

    Each page gets one description (in the description, OpenGraph and Twitter tags) and, where the
    site has an address, its own canonical and og:url; without a `description` the site's is used.
    """

    def __init__(self, html: str) -> None:
        self.source = html  # the page it was made from (a rebuild keeps it: incremental.narrative)
        html = re.sub(r'\s*<link rel="canonical" href="[^"]*">', "", html)
        html = re.sub(r'\s*<meta property="og:url" content="[^"]*">', "", html)
        found = _DESCRIPTION.search(html)
        self.site_description = html_unescape(found.group(0).rsplit('content="', 1)[1][:-1]) if found else ""
        html = _DESCRIPTION.sub(lambda m: m.group(1) + '\x00description\x00"', html)
        html = html.replace(_OG_TYPE, '<meta property="og:type" content="\x00type\x00">', 1)
        body = re.search(r'<h1 id="nrrshelltitle">NRRSHELLTITLE.{0,200}?</h1>\s*<p>NRRSHELLBODY</p>', html, re.DOTALL)
        # Pages in the nav take their title from the nav entry, so the mark may appear only in the body.
        if body is None or "</head>" not in html:
            raise ThemeError("the theme's page layout was not recognised; is mkdocs-material 9.x installed?")
        html = html[: body.start()] + "\x00body\x00" + html[body.end() :]
        html = html.replace('href="#nrrshelltitle"', 'href="#nrr-content"')
        html = html.replace("</head>", "\x00head\x00</head>", 1)
        html = html.replace(TITLE_MARK, "\x00title\x00")
        self._parts = html.split("\x00")

    def render(
        self,
        title: str,
        body: str,
        head: str = "",
        *,
        description: str | None = None,
        url: str | None = None,
        kind: str = "website",
    ) -> str:
        """The page: `title` and `description` are plain text (escaped here); `body` and `head` are HTML
        already made safe; `url` is the page's absolute address, when the site has one."""
        if url:
            head = str(Markup('<link rel="canonical" href="{0}">\n<meta property="og:url" content="{0}">\n').format(url)) + head
        values = {
            "title": str(escape(title)),
            "body": body,
            "head": head,
            "type": kind,
            "description": str(escape(" ".join((description or self.site_description).split()))),
        }
        return "".join(values[part] if i % 2 else part for i, part in enumerate(self._parts))


def _copyright(config: SiteConfig) -> str:
    bits = []
    if config.publisher:
        bits.append(str(escape(config.publisher)))
    if config.licence:
        bits.append(f"Records licensed {escape(config.licence)} unless a record says otherwise")
    if config.contact:
        contact = config.contact
        href = contact if contact.startswith(("https://", "http://")) else f"mailto:{contact}"
        bits.append(str(Markup('Contact: <a href="{}">{}</a>').format(href, contact)))
    return " · ".join(bits) or "Negative results, published"


def favicon(config: SiteConfig) -> str:
    """The site's icon, relative to the site root: the lab's logo where it has one, else the theme's."""
    logo = config.logo_path()
    return "assets/logo" + logo.suffix if logo else "assets/images/favicon.png"


def mkdocs_config(config: SiteConfig, docs: Path, out: Path, nav: list[dict[str, str]]) -> dict[str, Any]:
    palette = [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "primary": "indigo",
            "accent": "deep orange",
            "toggle": {"icon": "material/weather-night", "name": "Switch to dark mode"},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "primary": "indigo",
            "accent": "deep orange",
            "toggle": {"icon": "material/weather-sunny", "name": "Switch to light mode"},
        },
    ]
    theme: dict[str, Any] = {
        "name": "material",
        "custom_dir": str(theme_dir() / "overrides"),
        "palette": palette,
        "features": ["navigation.tabs", "navigation.top"],
        # Web fonts would mean a request to a third party on every page view, and fail offline.
        "font": False,
    }
    if config.logo_path():
        theme["logo"] = theme["favicon"] = favicon(config)
    cfg: dict[str, Any] = {
        "site_name": config.title,
        "site_description": config.description,
        "docs_dir": str(docs),
        "site_dir": str(out),
        "theme": theme,
        "plugins": [],  # the built-in search cannot scale; Pagefind indexes the records instead
        "nav": nav,
        "not_in_nav": f"/{RECORDS}/\n",
        "extra_css": ["assets/nrr/nrr.css"],
        "extra_javascript": [f"assets/nrr/{name}" for name in SCRIPTS],
        "markdown_extensions": ["tables", "admonition", "attr_list", {"toc": {"permalink": True}}],
        "copyright": _copyright(config),
        "use_directory_urls": True,
        "hooks": [str(Path(__file__).with_name("template_cache.py"))],
    }
    if config.site_url:
        cfg["site_url"] = config.site_url
    return cfg


def build_narrative(
    config: SiteConfig,
    pages: dict[str, str],
    nav: list[dict[str, Any]],
    frames: dict[str, tuple[str, str]],
    work: Path,
    out: Path,
) -> dict[str, Frame]:
    """Run mkdocs on the narrative `pages` (docs path -> Markdown) into `out`; return the page frames:
    those of `frames` (name -> placeholder's docs path and output folder) and of record pages."""
    placeholders = {**frames, **RECORD_FRAMES}
    docs = work / "docs"
    for rel, text in pages.items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    frame_md = f"---\nhide: [navigation, toc]\n---\n# {TITLE_MARK}\n\n{BODY_MARK}\n"
    for rel, _ in placeholders.values():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(frame_md, encoding="utf-8")
    shutil.copytree(theme_dir() / "assets", docs / "assets" / "nrr", dirs_exist_ok=True)
    logo = config.logo_path()
    if logo is not None:
        shutil.copyfile(logo, docs / "assets" / ("logo" + logo.suffix))
    config_file = work / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(mkdocs_config(config, docs, out, nav), sort_keys=False), encoding="utf-8")
    _run_mkdocs(config_file)
    for page in out.rglob("*.html"):  # the handful of pages mkdocs wrote, placeholders included
        _conform(page)
    made = {name: Frame((out / folder / "index.html").read_text(encoding="utf-8")) for name, (_, folder) in placeholders.items()}
    shutil.rmtree(out / RECORDS / "_frame")
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (out / name).unlink(missing_ok=True)
    return made


# Two things the theme writes that the HTML standard does not allow (the Nu HTML checker reports
# them): autocomplete on its checkbox toggles, and an empty tabindex on navigation labels.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle[^>]*type="checkbox"[^>]*?) autocomplete="off"')
_EMPTY_TABINDEX = re.compile(r' tabindex=""')


def _conform(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    fixed = _EMPTY_TABINDEX.sub("", _TOGGLE_AUTOCOMPLETE.sub(r"\1", html))
    if fixed != html:
        page.write_text(fixed, encoding="utf-8")


def _run_mkdocs(config_file: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # the theme's banner is noise in a build log
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    level = logging.getLogger("mkdocs").level
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    try:
        build(load_config(config_file=str(config_file)))
    finally:
        logging.getLogger("mkdocs").setLevel(level)
