"""How the catalogue's pages lay out at a desktop (1280 px) and a phone (400 px) width: what a reader
sees, measured in headless Chromium rather than looked at."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from test_browser_publish import driver, mixed_site, served, session_chart  # noqa: F401 - the shared browser fixtures

from nrr_spec.publish import SiteConfig, build_site
from nrr_spec.store import RecordsFolder

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
LOG = "miolini__autoresearch-macos__pr8__results.tsv"  # crashes, discards and a failure with no class


@pytest.fixture(scope="module")
def layout_site(tmp_path_factory: pytest.TempPathFactory, examples_with_logs: Callable[..., Path]) -> Iterator[str]:
    records = examples_with_logs({LOG: "log"})
    out = tmp_path_factory.mktemp("layout") / "site"
    build_site([records], out, SiteConfig(title="Example lab"), search=False)
    with served(out) as url:
        yield url


@pytest.fixture(scope="module")
def measured_record(examples_dir: Path) -> str:
    """A hand-written record with an outcomes table and its chart."""
    return next(r.id for r in RecordsFolder(examples_dir).valid_records() if r.public() and len(r.results.outcomes) == 1)


def _at(driver: Any, width: int, url: str) -> None:  # noqa: F811
    driver.set_window_size(width, 1000)
    driver.get(url)


def _rect(driver: Any, element: Any) -> dict[str, float]:  # noqa: F811
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return {l: r.left, r: r.right, t: r.top, b: r.bottom};", element
    )


def _first_session(browser: Any, site: str, width: int = 1280) -> str:
    """The address of the first session's page, as the sessions list links it when read at `width`."""
    _at(browser, width, site + "sessions/")
    return str(browser.find_element("css selector", ".nrr-list a.nrr-row-title").get_attribute("href"))


@pytest.fixture
def wide(driver: Any) -> Iterator[Any]:  # noqa: F811
    yield driver
    driver.set_window_size(1280, 1000)


def test_a_table_that_fits_neither_scrolls_nor_says_it_does_and_one_that_does_not_says_so(
    wide: Any, layout_site: str, measured_record: str
) -> None:
    _at(wide, 1280, f"{layout_site}records/{measured_record}/")
    wrap = wide.find_element("css selector", ".nrr-outcomes")
    sizes = wide.execute_script("return [arguments[0].scrollWidth, arguments[0].clientWidth]", wrap)
    assert sizes[0] <= sizes[1], sizes
    assert not wide.find_element("css selector", ".nrr-scroll-hint").is_displayed()
    # The table starts where the text does, not indented by the theme's padding for another layout.
    table = wide.find_element("css selector", ".nrr-outcomes table")
    assert abs(_rect(wide, table)["l"] - _rect(wide, wide.find_element("id", "results"))["l"]) <= 1
    # A frame that fits draws no edge shadows.
    assert wide.execute_script("return getComputedStyle(arguments[0]).backgroundImage", wrap) == "none"
    _at(wide, 400, f"{layout_site}records/{measured_record}/")
    # On a phone every outcome's numbers are in view, each under its column's name, not scrolled away.
    wrap = wide.find_element("css selector", ".nrr-outcomes")
    head = _rect(wide, wide.find_element("css selector", ".nrr-outcomes thead"))
    assert head["b"] - head["t"] <= 1  # the column names move into the cards (kept for screen readers)
    for cell in wrap.find_elements("css selector", "td"):
        if not cell.text:
            continue
        box = _rect(wide, cell)
        assert box["l"] >= 0 and box["r"] <= wide.execute_script("return document.documentElement.clientWidth"), cell.text
        label = wide.execute_script("return getComputedStyle(arguments[0], '::before').content", cell)
        assert cell.get_attribute("data-label") in label, (cell.text, label)
    assert not wide.find_element("css selector", ".nrr-scroll-hint").is_displayed()


def test_captions_start_at_their_charts_left_edge(wide: Any, layout_site: str, measured_record: str) -> None:
    for path, chart in ((f"records/{measured_record}/", "svg.nrr-plot"), ("sessions/", None)):
        _at(wide, 1280, layout_site + path)
        if chart is None:  # the first session's page
            wide.get(wide.find_element("css selector", ".nrr-list a.nrr-row-title").get_attribute("href"))
            chart = "svg.nrr-session-plot"
        svg = wide.find_element("css selector", chart)
        caption = svg.find_element("xpath", "ancestor::figure").find_element("tag name", "figcaption")
        assert abs(_rect(wide, caption)["l"] - _rect(wide, svg)["l"]) <= 1, path
        assert wide.execute_script("return getComputedStyle(arguments[0]).textAlign", caption) in ("left", "start")


def test_session_chart_takes_the_columns_width_with_its_text_near_the_pages_own_size(wide: Any, layout_site: str) -> None:
    wide.get(_first_session(wide, layout_site))
    svg = session_chart(wide)
    column = _rect(wide, wide.find_element("css selector", ".nrr-session"))
    chart = _rect(wide, svg)
    assert chart["r"] - chart["l"] >= 0.95 * (column["r"] - column["l"]), (chart, column)
    tallest = wide.execute_script(
        "return Math.max(...[...arguments[0].querySelectorAll('text')].map(t => t.getBoundingClientRect().height));", svg
    )
    body = wide.execute_script("return parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    assert tallest <= 1.4 * body, (tallest, body)
    # The table of every experiment is drawn like the page's other tables: left-aligned headings, ruled rows.
    heading = wide.find_element("css selector", ".nrr-experiments th")
    cell = wide.find_element("css selector", ".nrr-experiments td")
    assert wide.execute_script("return getComputedStyle(arguments[0]).textAlign", heading) in ("left", "start")
    assert wide.execute_script("return getComputedStyle(arguments[0]).borderTopStyle", cell) == "solid"


def test_front_page_at_a_phone_width(wide: Any, layout_site: str) -> None:
    _at(wide, 400, layout_site)
    buttons = [_rect(wide, b) for b in wide.find_elements("css selector", ".nrr-actions .md-button")]
    assert len(buttons) == 3
    for a, b in pairwise(buttons):  # stacked or side by side, never touching
        assert b["t"] >= a["b"] + 4 or (b["l"] >= a["r"] + 4 and abs(b["t"] - a["t"]) < 2), (a, b)
    figures = [_rect(wide, li) for li in wide.find_elements("css selector", "ul.nrr-figures li")]
    assert len({round(f["t"]) for f in figures}) <= 3  # two to a row, not a tall stack of one-number boxes
    line = wide.execute_script("return parseFloat(getComputedStyle(document.querySelector('.nrr-latest-meta')).lineHeight)")
    for date in wide.find_elements("css selector", ".nrr-latest .nrr-date"):
        assert _rect(wide, date)["b"] - _rect(wide, date)["t"] <= line + 1, date.text  # a date never breaks at its hyphens


def test_the_sort_menu_keeps_its_label_beside_it_on_a_phone(wide: Any, layout_site: str) -> None:
    from test_browser_publish import _wait

    _at(wide, 400, layout_site + "browse/")
    _wait(wide, lambda d: d.find_element("id", "nrr-search").is_displayed(), "no search form")
    for width in range(360, 481, 10):  # phones differ by a few pixels, and so does where a line breaks
        wide.set_window_size(width, 1000)
        label = _rect(wide, wide.find_element("css selector", "label[for=nrr-sort]"))
        menu = _rect(wide, wide.find_element("id", "nrr-sort"))
        assert label["b"] > menu["t"] and label["t"] < menu["b"] and label["r"] <= menu["l"], (width, label, menu)


def test_the_catalogue_script_takes_record_addresses_from_the_page(
    driver: Any,  # noqa: F811
    examples_dir: Path,
    tmp_path: Path,
) -> None:
    from test_browser_publish import _listed, _settled, _wait

    from nrr_spec import urls

    out = tmp_path / "site"
    build_site([examples_dir], out, SiteConfig(title="Example lab"), search=False)
    browse = out / "browse" / "index.html"
    page = browse.read_text(encoding="utf-8")
    written = f'data-record-path="{urls.record_path_template()}"'
    assert written in page
    # Move the records on the page alone: the list the script draws must follow.
    browse.write_text(page.replace(written, 'data-record-path="elsewhere/{id}/"'), encoding="utf-8")
    with served(out) as url:
        driver.get(url + "browse/")
        _settled(driver)
        _wait(driver, lambda d: len(_listed(d)) > 0, "nothing listed")
        hrefs = [a.get_attribute("href") for a in driver.find_elements("css selector", "#nrr-list a.nrr-row-title")]
        assert hrefs and all(h.startswith(url + "elsewhere/") for h in hrefs), hrefs[:3]


@pytest.mark.parametrize("width", [1280, 400])
def test_dashboard_charts_read_at_the_pages_size_and_fit(wide: Any, layout_site: str, width: int) -> None:
    _at(wide, width, layout_site + "dashboards/")
    bars = wide.find_elements("css selector", "ol.nrr-bars li")
    assert len(bars) > 5
    body = wide.execute_script("return parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    for text in wide.find_elements("css selector", ".nrr-bar-label, .nrr-bar-value, .nrr-bars-key li"):
        size = wide.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", text)
        assert size >= 0.8 * body >= 12, (text.text, size)
    assert wide.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    for bar in bars:  # every bar ends inside the page, its count beside it
        assert _rect(wide, bar)["r"] <= wide.execute_script("return document.documentElement.clientWidth") + 0.5


def test_a_failure_class_has_one_colour_on_every_page(wide: Any, layout_site: str) -> None:
    _at(wide, 1280, layout_site + "dashboards/")
    swatch = wide.find_element("css selector", ".nrr-swatch.nrr-fc-regression")
    on_dashboard = wide.execute_script("return getComputedStyle(arguments[0]).backgroundColor", swatch)
    wide.get(_first_session(wide, layout_site))
    dot = wide.find_element("css selector", "svg.nrr-session-plot .nrr-fc-regression")
    assert wide.execute_script("return getComputedStyle(arguments[0]).fill", dot) == on_dashboard
    wide.get(layout_site + "dashboards/")  # the bar of failure classes too
    bar = wide.find_element("css selector", 'ol.nrr-bars a[href*="failure_class=regression"]')
    bar = bar.find_element("xpath", "ancestor::li").find_element("css selector", ".nrr-bar")
    assert wide.execute_script("return getComputedStyle(arguments[0]).backgroundColor", bar) == on_dashboard


@pytest.mark.parametrize("width", [1280, 400])
def test_every_page_type_has_no_serious_accessibility_violations_at_both_widths(
    wide: Any, layout_site: str, measured_record: str, width: int
) -> None:
    from test_browser_publish import _axe, _settled

    session = _first_session(wide, layout_site, width)
    pages = ["", "browse/?outcome=crash", "dashboards/", "sessions/", f"records/{measured_record}/", "no/such/page/"]
    for url in [layout_site + page for page in pages] + [session]:
        wide.get(url)
        if "browse/" in url:
            _settled(wide)
        wide.execute_script(
            "const s = document.createElement('style');"
            "s.textContent = '*, *::before, *::after { transition: none !important; }';"
            "document.head.appendChild(s);"
        )
        for scheme in ("default", "slate"):
            wide.execute_script("document.body.setAttribute('data-md-color-scheme', arguments[0])", scheme)
            bad = [v for v in _axe(wide) if v[1] in ("serious", "critical")]
            assert not bad, (url, scheme, bad)


def test_a_search_that_finds_nothing_says_what_to_try_next(wide: Any, mixed_site: str) -> None:  # noqa: F811
    from test_browser_publish import _listed, _settled, _wait

    for width in (1280, 400):
        _at(wide, width, mixed_site + "browse/?q=asdfgh")
        _wait(wide, lambda d: d.find_element("id", "nrr-count").text.startswith("0 records match"), "the nonsense word matched")
        _settled(wide)
        none = wide.find_element("id", "nrr-none")
        assert none.is_displayed() and "Check the spelling" in none.text
        assert not wide.find_element("id", "nrr-filters").is_displayed()  # no empty filter panel or toggle
    wide.find_element("id", "nrr-none-clear").click()
    _wait(wide, lambda d: len(_listed(d)) > 0, "clearing did not bring the records back")
    assert wide.find_element("id", "nrr-q").get_attribute("value") == ""
    assert not wide.find_element("id", "nrr-none").is_displayed()
    assert wide.find_element("id", "nrr-filters").is_displayed()


def test_search_marks_the_word_not_the_rest_of_an_identifier(wide: Any, mixed_site: str) -> None:  # noqa: F811
    from test_browser_publish import _settled, _wait

    _at(wide, 1280, mixed_site + "browse/?q=warmdown")
    _wait(wide, lambda d: "match “warmdown”" in d.find_element("id", "nrr-count").text, "no results")
    _settled(wide)
    marks = [m.text for m in wide.find_elements("css selector", "#nrr-list .nrr-row-summary mark")]
    assert marks and all(m.lower().startswith("warmdown") and "_" not in m for m in marks), marks


def test_the_sort_menu_names_the_order_a_search_shows(wide: Any, mixed_site: str) -> None:  # noqa: F811
    # A search with no sort chosen lists the best matches first; the menu said "Newest first" above them.
    from test_browser_publish import _settled, _wait

    _at(wide, 1280, mixed_site + "browse/?q=warmdown")
    _wait(wide, lambda d: "match “warmdown”" in d.find_element("id", "nrr-count").text, "no results")
    _settled(wide)
    chosen = wide.execute_script("const s = document.getElementById('nrr-sort'); return s.options[s.selectedIndex].text")
    assert chosen == "Best match first"
    # The rows a search draws keep each fact whole, as the static list does: a line wraps between them.
    lines = wide.execute_script("return [...document.querySelectorAll('#nrr-list .nrr-row-meta')].map(m => m.textContent)")
    parts = [part for line in lines for part in line.split(" · ")]
    assert parts and not [part for part in parts if " " in part], parts
    wide.find_element("id", "nrr-clear").click()
    _wait(wide, lambda d: "match “" not in d.find_element("id", "nrr-count").text, "the search did not clear")
    chosen = wide.execute_script("const s = document.getElementById('nrr-sort'); return s.options[s.selectedIndex].text")
    assert chosen == "Newest first"


@pytest.mark.parametrize("width", [1280, 400])
def test_a_missing_page_says_so_and_offers_a_way_on(wide: Any, layout_site: str, width: int) -> None:
    import urllib.error
    import urllib.request

    from test_browser_publish import _axe, _wait

    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(layout_site + "records/no-such-record/")
    assert missing.value.code == 404 and "not in the catalogue" in missing.value.read().decode("utf-8")
    wide.get_log("browser")
    _at(wide, width, layout_site + "records/no-such-record/")
    assert "not in the catalogue" in wide.find_element("tag name", "h1").text
    # Only the missing page itself is an error: its links and feed work from any depth.
    logged = [e["message"] for e in wide.get_log("browser") if e["level"] == "SEVERE"]
    assert all("records/no-such-record/ " in m for m in logged), logged
    assert wide.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    bad = [v for v in _axe(wide) if v[1] in ("serious", "critical")]
    assert not bad, bad
    box = wide.find_element("id", "nrr-missing-q")
    box.send_keys("dropedge")
    box.submit()
    _wait(wide, lambda d: "browse/?q=dropedge" in d.current_url, "the search did not open the catalogue")


@pytest.mark.parametrize("width", [1280, 400])
def test_every_word_of_the_session_chart_is_inside_it(wide: Any, layout_site: str, width: int) -> None:
    wide.get(_first_session(wide, layout_site, width))
    svg = session_chart(wide)
    outside = wide.execute_script(
        "const box = arguments[0].getBoundingClientRect();"
        "return [...arguments[0].querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()])"
        "  .filter(([_, r]) => r.left < box.left - 0.5 || r.right > box.right + 0.5).map(([s]) => s);",
        svg,
    )
    assert outside == []


def test_on_a_phone_open_filters_fold_away_to_the_results(wide: Any, layout_site: str) -> None:
    from test_browser_publish import _settled, _wait

    _at(wide, 1280, layout_site + "browse/")
    _settled(wide)
    assert not wide.find_element("id", "nrr-filters-done").is_displayed()  # beside the results, nothing to fold
    _at(wide, 400, layout_site + "browse/?outcome=crash")  # a chosen filter opens the panel above the results
    _settled(wide)
    _wait(wide, lambda d: d.find_element("id", "nrr-facets").is_displayed(), "the filters did not start open")
    done = wide.find_element("id", "nrr-filters-done")
    wide.execute_script("arguments[0].scrollIntoView({block: 'center'})", done)
    done.click()
    _wait(wide, lambda d: not d.find_element("id", "nrr-facets").is_displayed(), "the filters did not fold")
    top = _rect(wide, wide.find_element("id", "nrr-count"))["t"]
    header = _rect(wide, wide.find_element("css selector", "header.md-header"))["b"]
    assert header <= top < wide.execute_script("return innerHeight"), (header, top)  # in view, below the fixed header
    assert wide.find_element("id", "nrr-filters-toggle").get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize("width", [1280, 400])
def test_the_count_sits_just_above_what_it_counts(wide: Any, layout_site: str, width: int) -> None:
    from test_browser_publish import _settled

    _at(wide, width, layout_site + "browse/")
    _settled(wide)
    count = _rect(wide, wide.find_element("id", "nrr-count"))
    first = _rect(wide, wide.find_element("css selector", "#nrr-list li"))
    form = _rect(wide, wide.find_element("id", "nrr-search"))
    assert form["b"] <= count["t"] and count["b"] <= first["t"] <= count["b"] + 40, (form, count, first)
    assert abs(count["l"] - first["l"]) <= 1


def test_a_converted_records_table_of_changes_fits_a_phone_without_scrolling(wide: Any, layout_site: str) -> None:
    # Four short columns (parameter, from, to, change) fit 400 px; the theme's desktop cell padding
    # alone pushed the last column out of view behind a scroll.
    from urllib.request import urlopen

    with urlopen(layout_site + "records.jsonl") as listing:
        records = [json.loads(line) for line in listing.read().decode("utf-8").splitlines() if line.strip()]
    changed = [r["id"] for r in records if (r.get("experiment") or {}).get("changes")]
    assert changed
    for record_id in changed:
        _at(wide, 400, f"{layout_site}records/{record_id}/")
        frame = wide.find_element("css selector", '.nrr-scroll[aria-label="What the experiment changed"]')
        sizes = wide.execute_script("return [arguments[0].scrollWidth, arguments[0].clientWidth]", frame)
        assert sizes[0] <= sizes[1], (record_id, sizes)


@pytest.mark.parametrize("width", [1280, 400])
def test_the_cite_controls_buttons_are_one_size(wide: Any, layout_site: str, measured_record: str, width: int) -> None:
    _at(wide, width, layout_site + f"records/{measured_record}/")
    wide.find_element("css selector", "details#cite > summary").click()
    copy, download = (_rect(wide, wide.find_element("id", name)) for name in ("nrr-cite-copy", "nrr-cite-download"))
    # A <button> and a link drawn as one: the same height, on the same line.
    assert abs((copy["b"] - copy["t"]) - (download["b"] - download["t"])) <= 1, (copy, download)
    assert abs(copy["t"] - download["t"]) <= 1, (copy, download)


def test_on_a_phone_the_folded_filters_sit_close_above_the_count(wide: Any, layout_site: str) -> None:
    from test_browser_publish import _settled

    _at(wide, 400, layout_site + "browse/")
    _settled(wide)
    toggle = _rect(wide, wide.find_element("id", "nrr-filters-toggle"))
    count = _rect(wide, wide.find_element("id", "nrr-count"))
    # No blank band between them: less than two lines of the page's text.
    assert 0 <= count["t"] - toggle["b"] <= 36, (toggle, count)


def test_a_sessions_tables_keep_numbers_on_one_line_on_a_phone(wide: Any, layout_site: str) -> None:
    # At 400 px the columns right of a wrapping name wrapped too ('no clear difference' on three lines,
    # '31% (13–54%)' on two), so every row of the findings stood three lines tall, mostly empty.
    _at(wide, 400, layout_site + "sessions/")
    links = wide.find_elements("css selector", ".nrr-list a.nrr-row-title")
    wide.get(next(a for a in links if "miolini" in a.text).get_attribute("href"))  # the converted log
    rows = wide.find_elements("css selector", ".nrr-findings tbody tr")
    assert rows
    for row in rows:
        for cell in row.find_elements("css selector", "td")[1:]:
            lines = wide.execute_script(
                "const r = document.createRange(); r.selectNodeContents(arguments[0]);"
                "return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size;",
                cell,
            )
            assert lines == 1, (row.text, cell.text)


def test_the_field_reference_reads_on_a_phone_one_block_per_field(wide: Any, layout_site: str) -> None:
    _at(wide, 1280, f"{layout_site}reference/")
    table = wide.find_element("css selector", "article table")
    assert wide.execute_script("return getComputedStyle(arguments[0]).display", table) != "block"
    _at(wide, 400, f"{layout_site}reference/")
    width = wide.execute_script("return document.documentElement.clientWidth")
    rows = wide.find_elements("css selector", "article table tbody tr")[:12]
    assert rows
    for row in rows:
        cells = row.find_elements("css selector", "td")
        description = cells[3]
        box = _rect(wide, description)
        # Every field's description is in view, not scrolled off to the right of a five-column table.
        assert description.text and box["l"] >= 0 and box["r"] <= width, description.text
        kind = wide.execute_script("return getComputedStyle(arguments[0], '::before').content", cells[1])
        assert "Type" in kind
        # The field's name heads its block: no smaller than the description under it, and bold.
        name = cells[0].find_element("css selector", "code")
        sizes = [
            wide.execute_script("return parseFloat(getComputedStyle(arguments[0]).fontSize)", e) for e in (name, description)
        ]
        assert sizes[0] >= sizes[1], (name.text, sizes)
        assert int(wide.execute_script("return getComputedStyle(arguments[0]).fontWeight", name)) >= 700


def test_no_page_type_is_wider_than_a_phone(wide: Any, layout_site: str, measured_record: str) -> None:
    # A page wider than the screen scrolls sideways as a whole; a wide table or a patch scrolls inside
    # its own frame instead. Folded parts (the code change, the checklist, the citation) are opened first.
    from urllib.request import urlopen

    from test_browser_publish import _settled

    with urlopen(layout_site + "records.jsonl") as listing:
        records = [json.loads(line) for line in listing.read().decode("utf-8").splitlines() if line.strip()]
    converted = next(r["id"] for r in records if r.get("experiment"))
    session = _first_session(wide, layout_site, 400)
    pages = ["", "browse/?q=dropedge", f"records/{measured_record}/", f"records/{converted}/", "sessions/", "dashboards/"]
    pages += ["reference/", "about/", "cite/", "contribute/", "no/such/page/"]
    for url in [layout_site + page for page in pages] + [session]:
        wide.get(url)
        if "browse/" in url:
            _settled(wide)
        wide.execute_script("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        sizes = wide.execute_script("return [document.documentElement.scrollWidth, innerWidth]")
        assert sizes[0] <= sizes[1], (url, sizes)


def test_on_a_phone_the_front_pages_buttons_stack_one_width(wide: Any, layout_site: str) -> None:
    _at(wide, 400, layout_site)
    buttons = [_rect(wide, b) for b in wide.find_elements("css selector", ".nrr-actions .md-button")]
    assert len(buttons) == 3
    assert max(b["r"] - b["l"] for b in buttons) - min(b["r"] - b["l"] for b in buttons) <= 1, buttons
    assert max(b["l"] for b in buttons) - min(b["l"] for b in buttons) <= 1, buttons


@pytest.mark.parametrize("width", [1280, 400])
def test_a_table_frame_is_as_tall_as_its_table_and_scrolls_only_what_does_not_fit(
    wide: Any, layout_site: str, measured_record: str, width: int
) -> None:
    # The theme's script wraps each table in a scroll frame of its own, inside the page's: its
    # margins left a band of white above and below every table, and its negative side margins made
    # a table that fits scroll sideways by a few pixels.
    session = _first_session(wide, layout_site, width)
    for url in (f"{layout_site}records/{measured_record}/", session):
        _at(wide, width, url)
        frames = wide.execute_script(
            "return [...document.querySelectorAll('.nrr-scroll')].filter(w => w.offsetParent).map(w => {"
            "  const t = w.querySelector('table').getBoundingClientRect();"
            "  const bar = w.offsetHeight - w.clientHeight;"  # a frame that scrolls shows its scroll bar
            "  return [w.getBoundingClientRect().height - bar, t.height, w.scrollWidth, w.clientWidth, t.width]; });"
        )
        assert frames, url
        for frame, table, scrolled, shown, table_width in frames:
            assert frame <= table + 10, (url, frame, table)
            if table_width <= shown:
                assert scrolled <= shown, (url, scrolled, shown)


@pytest.mark.parametrize("width", [1280, 400])
def test_a_records_outcome_chart_is_as_wide_as_its_table_on_a_wide_screen_and_reads_on_a_phone(
    wide: Any, layout_site: str, measured_record: str, width: int
) -> None:
    _at(wide, width, f"{layout_site}records/{measured_record}/")
    shown = [svg for svg in wide.find_elements("css selector", "svg.nrr-plot") if svg.is_displayed()]
    assert len(shown) == 1
    chart, table = _rect(wide, shown[0]), _rect(wide, wide.find_element("css selector", ".nrr-outcomes table"))
    viewport = wide.execute_script("return document.documentElement.clientWidth")
    if width == 1280:  # a 360 px strip under a 780 px table drew the value and its interval in a corner
        assert chart["r"] - chart["l"] >= table["r"] - table["l"] - 80, (chart, table)
    assert chart["l"] >= 0 and chart["r"] <= viewport
    sizes = wide.execute_script(
        "return [...arguments[0].querySelectorAll('text')].map(t => t.getBoundingClientRect().height);", shown[0]
    )
    body = wide.execute_script("return parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    assert min(sizes) >= 10 and max(sizes) <= 1.4 * body, (sizes, body)


# Each "(" or "[" of running text whose next visible character is drawn on a later line, and each
# ")" or "]" drawn on a later line than the character before it; code is left out (it breaks anywhere).
_SPLIT_BRACKETS = """
const root = arguments[0], found = [], range = document.createRange();
const box = (node, i) => { range.setStart(node, i); range.setEnd(node, i + 1); return range.getClientRects()[0]; };
const skip = n => n.parentElement.closest('code, pre, svg') || !n.parentElement.offsetParent;
const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT,
  {acceptNode: n => skip(n) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
const chars = [];
for (let n = walker.nextNode(); n; n = walker.nextNode())
  for (let i = 0; i < n.data.length; i++) if (n.data[i].trim()) chars.push([n, i]);
chars.forEach(([n, i], k) => {
  const c = n.data[i], near = c === '(' || c === '[' ? chars[k + 1] : c === ')' || c === ']' ? chars[k - 1] : null;
  if (!near) return;
  const a = box(n, i), b = box(near[0], near[1]);
  if (a && b && Math.abs(a.top - b.top) > a.height / 2) found.push(n.data.slice(Math.max(0, i - 20), i + 20));
});
return found;
"""


def test_on_a_phone_the_field_reference_keeps_brackets_with_what_they_enclose(wide: Any, layout_site: str) -> None:
    _at(wide, 400, f"{layout_site}reference/")
    intro = wide.find_element("css selector", ".md-content p")
    assert "JSON Schema" in intro.text
    for width in range(360, 441, 20):  # where a line breaks moves with the width
        wide.set_window_size(width, 1000)
        # The schema's address is named by a link that stays on one line, not a code chip broken at its hyphens.
        for part in intro.find_elements("css selector", "a, code"):
            assert wide.execute_script("return arguments[0].getClientRects().length", part) == 1, (width, part.text)
        assert wide.execute_script(_SPLIT_BRACKETS, wide.find_element("css selector", ".md-content")) == [], width


def test_on_a_phone_the_front_pages_figures_fill_their_rows(wide: Any, layout_site: str) -> None:
    for width in (360, 400, 440):
        _at(wide, width, layout_site)
        figures = [_rect(wide, li) for li in wide.find_elements("css selector", "ul.nrr-figures li")]
        assert len(figures) >= 3
        right = max(f["r"] for f in figures)
        rows: dict[int, list[dict[str, float]]] = {}
        for f in figures:
            rows.setdefault(round(f["t"]), []).append(f)
        for row in rows.values():  # no row ends short of the others, a gap beside its last figure
            assert abs(max(f["r"] for f in row) - right) <= 1, (width, row)
