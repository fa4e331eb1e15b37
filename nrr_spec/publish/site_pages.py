"""The catalogue site's pages besides the records' own, declared once: the navigation, the sitemap,
the page frames and the pages themselves are derived from `SITE_PAGES`.

A page is narrative (Markdown, built by mkdocs-material: by default the template
`narrative/<name>.md`) or generated (written by the build from the records into the theme's page
frame: `template_page` for one jinja2 template, or a writer of its own for pages that come in many
parts). A new page is its entry here plus its template.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..schema import load_schema
from ..urls import SESSIONS, session_path
from .collect import Catalogue, Entry
from .config import SiteConfig
from .dashboards import charts
from .fragments import Fragments
from .pages import environment, record_row, render_browse, render_narrative
from .session_pages import write_session_pages
from .shell import Frame

SitemapEntry = tuple[str, dt.date | None]  # a page's address under the site root, and when it last changed


@dataclass
class Pieces:
    """What a rebuild takes from earlier builds: pieces by entry digest, and records' JSON by id() of the record."""

    fragments: Fragments
    digests: dict[str, str]
    dumped: dict[int, bytes]

    def digest_of(self, entries: list[Entry], *more: str) -> str:
        """A digest of what a page made of `entries` (and `more`) shows; "" (make it now) when an entry has none.

        Entry digests cover the build key and the page frames, so equal digests mean equal pages."""
        parts = [self.digests.get(entry.id, "") for entry in entries]
        if not all(parts):
            return ""
        return hashlib.blake2b("\0".join([*parts, *more]).encode(), digest_size=16).hexdigest()

    def row(self, entry: Entry, root: str) -> str:
        return self.fragments.get(f"row {root}", self.digests.get(entry.id, ""), partial(record_row, entry, root))


@dataclass
class PageJob:
    """What a generated page is written from, and where."""

    catalogue: Catalogue
    site: Path
    config: SiteConfig
    frames: dict[str, Frame]
    pieces: Pieces
    browse: dict[str, str] | None = None  # the browse pages of the previous build, by digest (build_state.BuildState)


PageWriter = Callable[[PageJob, "SitePage"], list[SitemapEntry]]


@dataclass(frozen=True)
class SitePage:
    """One page of the site (or, for a generated page, a family of pages under one address)."""

    path: str  # its address under the site root: "" (the front page) or a folder ending in "/"
    title: str | None = None  # its entry in the navigation; None: not in the navigation
    tab: str | None = None  # the navigation tab it sits under, when not a tab of its own
    markdown: Callable[[dict[str, Any]], str] | None = None  # a narrative page made by code, from the front page's context
    write: PageWriter | None = None  # a generated page: writes itself, returns its sitemap entries
    frame: str | None = None  # a generated page drawn in another page's frame (no frame of its own)
    sitemap: bool = True

    @property
    def name(self) -> str:
        return self.path.strip("/") or "index"

    @property
    def generated(self) -> bool:
        return self.write is not None

    @property
    def docs(self) -> str:
        """Its Markdown file for mkdocs: the page itself, or the placeholder its frame is cut from."""
        if self.generated:
            return f"{self.path}index.md"
        return f"{self.path.rstrip('/') or 'index'}.md"

    def render_markdown(self, context: dict[str, Any]) -> str:
        """A narrative page's Markdown."""
        if self.markdown is not None:
            return self.markdown(context)
        return render_narrative(self.docs, **context)


def write_page(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)


def template_page(template: str, heading: str, context: Callable[[Catalogue], dict[str, Any]]) -> PageWriter:
    """A generated page made of one jinja2 template (under templates/site/), given `context(catalogue)`."""

    def write(job: PageJob, page: SitePage) -> list[SitemapEntry]:
        body = environment().get_template(template).render(**context(job.catalogue))
        write_page(job.site / page.path / "index.html", job.frames[page.frame or page.name].render(heading, body))
        return [(page.path, None)]

    return write


def _browse(job: PageJob, page: SitePage) -> list[SitemapEntry]:
    """The catalogue, `page_size` records a page: page 1 at browse/, page N at browse/N/."""
    size = job.config.page_size
    entries = job.catalogue.entries
    count = max(1, math.ceil(len(entries) / size))
    made: dict[str, str] = {}
    # An edit changes one page of the list. The pages are kept in memory only, by the caller that
    # builds again (on disk they would be 9.5 MB at 10,000 records to write whenever one is added).
    for n in range(1, count + 1):
        frame = job.frames[page.name] if n == 1 else job.frames["record"]  # page N is a folder deeper
        shown = entries[(n - 1) * size : n * size]
        key = job.pieces.digest_of(shown, f"{n}/{count}/{len(entries)}/{size}")
        html = job.browse.get(key) if key and job.browse is not None else None
        if html is None:
            html = render_browse(shown, frame, page=n, pages=count, total=len(entries), page_size=size, row=job.pieces.row)
        if key and job.browse is not None:
            made[key] = html
        write_page(job.site / page.path / ("" if n == 1 else str(n)) / "index.html", html)
    if job.browse is not None:  # kept for the next build of a long-lived process (nrr serve)
        job.browse.clear()
        job.browse.update(made)
    return [(page.path, None), *((f"{page.path}{n}/", None) for n in range(2, count + 1))]


def _sessions(job: PageJob, page: SitePage) -> list[SitemapEntry]:
    sessions = write_session_pages(job.catalogue, job.frames, job.site, job.pieces.fragments, job.pieces.digests)
    return [(page.path, None), *((session_path(s.slug), s.dates[1]) for s in sessions)] if sessions else []


def _field_reference(_context: dict[str, Any]) -> str:
    from ..reference import render_field_reference

    return render_field_reference(load_schema())


SITE_PAGES: tuple[SitePage, ...] = (
    SitePage("", "Home"),
    SitePage("browse/", "Catalogue", write=_browse),
    SitePage(
        "dashboards/",
        "Dashboards",
        write=template_page("dashboards.html", "What failed, and why", lambda c: {"charts": charts(c), "total": len(c)}),
    ),
    SitePage("about/", "About", tab="About"),
    SitePage("cite/", "How to cite", tab="About"),
    SitePage("contribute/", "How to contribute", tab="About"),
    SitePage("reference/", "Field reference", tab="About", markdown=_field_reference),
    SitePage(f"{SESSIONS}/", write=_sessions, frame="browse"),  # drawn under the Catalogue tab
)


def navigation(pages: tuple[SitePage, ...]) -> list[dict[str, Any]]:
    """The mkdocs `nav`: pages with a title, in order, each under its tab."""
    nav: list[dict[str, Any]] = []
    tabs: dict[str, list[dict[str, str]]] = {}
    for page in pages:
        if page.title is None:
            continue
        item = {page.title: page.docs}
        if page.tab is None:
            nav.append(item)
        elif page.tab in tabs:
            tabs[page.tab].append(item)
        else:
            tabs[page.tab] = [item]
            nav.append({page.tab: tabs[page.tab]})
    return nav


def placeholders(pages: tuple[SitePage, ...]) -> dict[str, tuple[str, str]]:
    """The frames generated pages are drawn in, by name: (placeholder's docs path, its output folder)."""
    return {page.name: (page.docs, page.path.rstrip("/")) for page in pages if page.generated and page.frame is None}
