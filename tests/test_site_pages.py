"""The site's pages are declared once (publish/site_pages.py): the navigation and the sitemap of a
built site follow the list, and a page added to it appears in both."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import lxml.html
import pytest

from nrr_spec.publish import SiteConfig, build_site, site_pages
from nrr_spec.publish.site_pages import SITE_PAGES, PageJob, SitemapEntry, SitePage, write_page

BASE = "https://lab.example.org/negative/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}loc"


def _build(records: Path, out: Path) -> Path:
    build_site([records], out, SiteConfig(title="Example lab", base_url=BASE), search=False, cache=False)
    return out


def _nav(html: str) -> dict[str, tuple[str, str | None]]:
    """The primary navigation of a built front page: link text -> (address, the tab it sits under)."""
    found = {}
    page = lxml.html.fromstring(html)
    primary = page.xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
    for link in primary.xpath(".//a[contains(@class, 'md-nav__link')][not(starts-with(@href, '#'))]"):
        label = link.xpath("ancestor::nav[@data-md-level='1'][1]/@aria-labelledby")
        tab = page.get_element_by_id(label[0]).text_content().strip() if label else None
        found[link.text_content().strip()] = ("" if link.get("href") == "." else link.get("href"), tab)
    return found


def _sitemap(site: Path) -> set[str]:
    return {loc.text.removeprefix(BASE) for loc in ET.parse(site / "sitemap.xml").getroot().iter(SITEMAP) if loc.text}


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    return _build(examples_dir, tmp_path_factory.mktemp("site") / "out")


def test_every_listed_page_is_in_the_navigation_and_the_sitemap(example_site: Path) -> None:
    nav = _nav((example_site / "index.html").read_text(encoding="utf-8"))
    locations = _sitemap(example_site)
    for page in SITE_PAGES:
        assert (example_site / page.path / "index.html").is_file(), page.path
        if page.title is not None:
            assert nav.get(page.title) == (page.path, page.tab), (page.title, nav)
        if page.sitemap:
            assert page.path in locations, page.path
    # Nothing in the navigation that the list does not hold, and no placeholder left behind.
    assert set(nav) == {page.title for page in SITE_PAGES if page.title}
    assert not (example_site / "records" / "_frame").exists()


def _faq(context: dict[str, object]) -> str:
    return f"# Questions\n\nThis catalogue holds {context['total']} negative results.\n"


def _leaderboard(job: PageJob, page: SitePage) -> list[SitemapEntry]:
    body = f"<p>{len(job.catalogue)} records ranked</p>"
    write_page(job.site / page.path / "index.html", job.frames[page.name].render("Leaderboard", body))
    return [(page.path, None)]


def test_a_page_added_to_the_list_is_in_the_navigation_and_the_sitemap(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    faq = SitePage("faq/", "Questions", tab="About", markdown=_faq)
    board = SitePage("leaderboard/", "Leaderboard", write=_leaderboard)
    hidden = SitePage("drafts/", markdown=_faq, sitemap=False)
    monkeypatch.setattr(site_pages, "SITE_PAGES", (*SITE_PAGES, faq, board, hidden))
    site = _build(examples_dir, tmp_path / "out")

    front = (site / "index.html").read_text(encoding="utf-8")
    nav = _nav(front)
    assert nav["Questions"] == ("faq/", "About") and nav["Leaderboard"] == ("leaderboard/", None)
    assert "drafts/" not in {href for href, _ in nav.values()}
    titles = list(nav)  # in the order of the page: the new narrative page last under its tab
    assert titles.index("Field reference") + 1 == titles.index("Questions")
    locations = _sitemap(site)
    assert {"faq/", "leaderboard/"} <= locations and "drafts/" not in locations

    made = (site / "faq" / "index.html").read_text(encoding="utf-8")
    assert "This catalogue holds" in made and 'class="md-tabs"' in made
    board_html = (site / "leaderboard" / "index.html").read_text(encoding="utf-8")
    # The generated page is drawn in its own frame: the theme around it, its tab the active one.
    assert "records ranked</p>" in board_html and "NRRSHELL" not in board_html
    active = re.search(r'md-tabs__item--active">\s*<a href="[^"]*" class="md-tabs__link">\s*(\w+)', board_html)
    assert active is not None and active.group(1) == "Leaderboard"


def test_navigation_groups_tabs_in_list_order() -> None:
    pages = (
        SitePage("", "Home"),
        SitePage("a/", "A", tab="More"),
        SitePage("b/", "B", write=_leaderboard),
        SitePage("c/", "C", tab="More"),
        SitePage("d/"),
    )
    assert site_pages.navigation(pages) == [
        {"Home": "index.md"},
        {"More": [{"A": "a.md"}, {"C": "c.md"}]},
        {"B": "b/index.md"},
    ]
    assert site_pages.placeholders(pages) == {"b": ("b/index.md", "b")}
