"""The built catalogue in headless Chromium: search, facets, the Cite box, accessibility, and inert payloads."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, require_browser
from test_publish_safety import build_injection_site

from nrr_spec.publish import SiteConfig, build_site
from nrr_spec.publish.collect import Catalogue, collect
from nrr_spec.publish.serve import make_server

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WAIT = 20


@contextmanager
def served(site: Path) -> Iterator[str]:
    """The built site at `site`, served on a free local port while the block runs: its address."""
    server = make_server(site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="module")
def catalogue(examples_dir: Path) -> Catalogue:
    return collect([examples_dir])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser") / "site"
    build_site([examples_dir], out, SiteConfig(title="Example lab", page_size=50))
    with served(out) as url:
        yield url


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    chromium, chromedriver = require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    # The profile is removed with the browser: a test run leaves nothing in the temporary folder.
    with tempfile.TemporaryDirectory(prefix="nrr-chromium-", ignore_cleanup_errors=True) as profile:
        options.add_argument(f"--user-data-dir={profile}")
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        browser = webdriver.Chrome(service=Service(chromedriver), options=options)
        browser.set_page_load_timeout(60)
        try:
            yield browser
        finally:
            browser.quit()


def _wait(driver: Any, condition: Any, message: str) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # The catalogue re-renders its list as results arrive; an element read mid-render is simply read again.
    return WebDriverWait(driver, WAIT, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: condition(d), message
    )


def _severe(driver: Any) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _listed(driver: Any) -> list[str]:
    links = driver.find_elements("css selector", "#nrr-list li a.nrr-row-title")
    return [re.sub(r".*/records/([^/]+)/.*", r"\1", a.get_attribute("href")) for a in links]


def _body_word(catalogue: Catalogue, last: bool = False) -> tuple[str, str]:
    """A word from one record's body (not its title) that no other record uses; `last`: the last such record."""
    texts = {e.id: e.record.model_dump_json().lower() for e in catalogue.entries}
    for entry in reversed(catalogue.entries) if last else catalogue.entries:
        body = " ".join(
            filter(None, [entry.record.problem.statement, entry.record.methods.description if entry.record.methods else None])
        )
        for word in re.findall(r"[a-z]{8,}", body.lower()):
            # Pagefind matches stems ("staining" finds "stain"), and a record's title is also on the pages
            # that link to it: neither the title nor another record may share the word's start.
            stem = word[:5]
            if stem not in entry.record.title.lower() and sum(stem in t for t in texts.values()) == 1:
                return word, entry.id
    raise AssertionError("no distinctive body word in the examples")


def test_search_finds_a_record_by_a_word_from_its_body(driver: Any, site: str, catalogue: Catalogue) -> None:
    word, expected = _body_word(catalogue)
    driver.get(site + "browse/")
    box = _wait(
        driver,
        lambda d: d.find_element("id", "nrr-q") if d.find_element("id", "nrr-q").is_displayed() else None,
        "search box never shown",
    )
    box.send_keys(word)
    _wait(driver, lambda d: _listed(d) == [expected], f"search for {word!r} did not list only {expected}")
    assert f"q={word}" in driver.current_url  # the state is in the URL
    assert not _severe(driver)


def _search(driver: Any, site: str, query: str) -> tuple[list[str], str]:
    driver.get(f"{site}browse/?q={query}")
    _wait(
        driver,
        lambda d: (
            d.find_element("id", "nrr-catalogue").get_attribute("aria-busy") is None
            and "match" in d.find_element("id", "nrr-count").text
        ),
        f"no search results for {query!r}",
    )
    return _listed(driver), driver.find_element("id", "nrr-count").text


def test_search_spans_the_shards_of_a_large_catalogue(
    driver: Any, site: str, catalogue: Catalogue, examples_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Large catalogues are indexed in shards that the page searches as one: the same searches, the
    # same answers. Here each record is a shard of its own, so most shards lack any given word, and
    # Pagefind would answer one with the records sharing its start ("tent" found "tend", "tensor").
    monkeypatch.setattr("nrr_spec.publish.search.SHARD", 2)
    out = tmp_path / "site"
    build_site([examples_dir], out, SiteConfig(title="Example lab", page_size=50))
    shards = json.loads((out / "search" / "facets.json").read_text(encoding="utf-8"))["search"]
    assert len(shards) >= 2 and all((out / path / "pagefind-entry.json").is_file() for path in shards)
    # The shards share the first bundle's WebAssembly (one download, not one per shard): theirs are gone.
    assert not list((out / "pagefind").glob("shard-*/wasm.*")) and list((out / "pagefind").glob("wasm.*"))
    with served(out) as sharded:
        word, expected = _body_word(catalogue, last=True)  # in the shard of the oldest records
        assert _search(driver, sharded, word)[0] == [expected]
        for query in ("batch", "learning", "tent", "replicate", "tent batch"):  # words in many records, and in few
            whole, whole_count = _search(driver, site, query)
            split, split_count = _search(driver, sharded, query)
            assert sorted(split) == sorted(whole) and split_count == whole_count, query
        assert not _severe(driver)


def _facet_counts(driver: Any, key: str) -> dict[str, int]:
    return {
        box.get_attribute("value"): int(box.find_element("xpath", "..").find_element("css selector", ".nrr-n").text)
        for box in driver.find_elements("css selector", f'input[name="{key}"]')
    }


def _pagefind_finds(driver: Any, query: str) -> list[str]:
    """The records Pagefind itself answers `query` with, asked directly from the page."""
    driver.set_script_timeout(30)
    urls = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import(new URL('../pagefind/pagefind.js', location.href).href).then(async pf => {"
        "  const search = await pf.search(arguments[0]);"
        "  done(await Promise.all(search.results.map(r => r.data().then(d => d.url))));"
        "}).catch(e => done(String(e)));",
        query,
    )
    assert isinstance(urls, list), urls
    return [re.sub(r".*/records/([^/]+)/.*", r"\1", u) for u in urls]


def test_a_search_of_several_words_or_a_hyphenated_word_lists_what_pagefind_finds(driver: Any, site: str) -> None:
    # Each word's check ran beside the others' and read their marks: "learning rate" found nothing;
    # and the check of "wise" did not see it inside the marked "Layer-wise".
    for query in ("learning rate", "layer-wise", "learning-rate decay"):
        listed, count = _search(driver, site, query)
        found = _pagefind_finds(driver, query)
        assert found and sorted(listed) == sorted(found), (query, count)


def test_search_results_keep_their_facet_counts(driver: Any, site: str, catalogue: Catalogue) -> None:
    # With a query, the facets count the matching records, as they count the whole catalogue without one.
    found, _ = _search(driver, site, "batch")
    assert len(found) > 1
    kinds = {e.id: str(e.record.kind) for e in catalogue.entries}
    counted = {kind: sum(1 for i in found if kinds[i] == kind) for kind in set(kinds.values())}
    expected = {kind: n for kind, n in counted.items() if n}  # values no result has are not shown
    _wait(driver, lambda d: _facet_counts(d, "kind") == expected, "no kind counts for the results")
    # A chosen value's facet still counts what ticking each other value would give.
    kind = min(expected, key=lambda k: (expected[k], k))
    found_too, _ = _search(driver, site, f"batch&kind={kind}")
    assert sorted(found_too) == sorted(i for i in found if kinds[i] == kind)
    _wait(driver, lambda d: _facet_counts(d, "kind") == expected, "the chosen facet lost its counts")
    assert not _severe(driver)


def test_filters_fold_above_the_results_on_a_narrow_screen(driver: Any, site: str) -> None:
    from selenium.webdriver.common.keys import Keys

    driver.set_window_size(400, 900)
    try:
        driver.get(site + "browse/")
        toggle = _wait(
            driver,
            lambda d: (
                d.find_element("id", "nrr-filters-toggle") if d.find_element("id", "nrr-filters-toggle").is_displayed() else None
            ),
            "no filters toggle on a narrow screen",
        )
        facets = driver.find_element("id", "nrr-facets")
        assert toggle.get_attribute("aria-expanded") == "false" and not facets.is_displayed()
        assert driver.find_elements("css selector", "#nrr-list li")[0].is_displayed()  # the results come first
        toggle.send_keys(Keys.ENTER)  # a button: the keyboard opens it
        _wait(driver, lambda d: facets.is_displayed(), "the filters did not unfold")
        assert toggle.get_attribute("aria-expanded") == "true"
        # Chosen filters show in the toggle, and a page opened with some starts unfolded.
        driver.get(site + "browse/?kind=replication")
        _wait(
            driver, lambda d: "1 chosen" in d.find_element("id", "nrr-filters-toggle").text, "the toggle does not count choices"
        )
        assert driver.find_element("id", "nrr-facets").is_displayed()
    finally:
        driver.set_window_size(1280, 1000)
    driver.get(site + "browse/")
    _wait(driver, lambda d: d.find_element("id", "nrr-facets").is_displayed(), "the filters are not beside the results")
    assert not driver.find_element("id", "nrr-filters-toggle").is_displayed()
    assert not _severe(driver)


def test_facet_filter_narrows_the_list_to_the_right_count(driver: Any, site: str, catalogue: Catalogue) -> None:
    from selenium.webdriver.common.keys import Keys

    kinds: dict[str, list[str]] = {}
    for entry in catalogue.entries:
        kinds.setdefault(str(entry.record.kind), []).append(entry.id)
    kind, ids = max(((k, v) for k, v in kinds.items() if len(v) < len(catalogue)), key=lambda kv: len(kv[1]))
    driver.get(site + "browse/")
    _wait(
        driver,
        lambda d: (
            d.find_element("id", "nrr-facets").is_displayed()
            and d.find_element("id", "nrr-catalogue").get_attribute("aria-busy") is None
        ),
        "the facets never showed",
    )
    assert len(_listed(driver)) == len(catalogue)
    box = _wait(driver, lambda d: d.find_element("css selector", f'input[name="kind"][value="{kind}"]'), "no kind facet")
    count = box.find_element("xpath", "..").find_element("css selector", ".nrr-n").text
    assert int(count) == len(ids)
    box.send_keys(Keys.SPACE)  # keyboard use: a focused checkbox toggles with the space bar
    _wait(driver, lambda d: sorted(_listed(d)) == sorted(ids), f"filtering by kind={kind} did not list its {len(ids)} records")
    assert driver.find_element("id", "nrr-count").text.startswith(f"{len(ids)} record")
    assert f"kind={kind}" in driver.current_url
    # The URL alone restores the state.
    driver.get(driver.current_url)
    _wait(driver, lambda d: sorted(_listed(d)) == sorted(ids), "the filter in the URL was not restored")
    assert not _severe(driver)


def test_record_page_shows_its_citation_and_copies_bibtex(driver: Any, site: str, catalogue: Catalogue) -> None:
    entry = catalogue.entries[0]
    driver.execute_cdp_cmd(
        "Browser.grantPermissions", {"origin": site.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]}
    )
    driver.get(site + f"records/{entry.id}/")
    # The cite control is folded under the title; one click opens it.
    summary = driver.find_element("css selector", "details#cite > summary")
    assert summary.location["y"] < driver.find_element("id", "problem").location["y"]
    summary.click()
    citation = driver.find_element("id", "nrr-citation").text
    assert entry.record.title.rstrip(".") in citation
    bibtex = driver.find_element("id", "cite-bibtex").get_attribute("textContent")
    assert bibtex.startswith(f"@misc{{{entry.id},") or bibtex.startswith("@")
    button = driver.find_element("css selector", 'button[data-copy="cite-bibtex"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    _wait(driver, lambda d: button.get_attribute("data-copied") == "true", "the copy button did not report a copy")
    assert driver.execute_script("return window.nrrLastCopied") == bibtex
    clipboard = driver.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, () => done(null));"
    )
    if clipboard is not None:  # readable where the browser grants clipboard access to the page
        assert clipboard == bibtex
    # Download saves the same BibTeX under the record's name.
    folder = Path(tempfile.mkdtemp(prefix="nrr-downloads-"))
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(folder)})
    download = driver.find_element("css selector", f'a[download="{entry.id}.bib"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", download)
    download.click()
    saved = folder / f"{entry.id}.bib"
    try:
        _wait(
            driver, lambda d: saved.is_file() and saved.read_text(encoding="utf-8") == bibtex, "the BibTeX download was not saved"
        )
    finally:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "default"})
        shutil.rmtree(folder, ignore_errors=True)
    # The format menu shows one format at a time, and Copy and Download follow it.
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element("id", "nrr-cite-format")).select_by_value("ris")
    ris = driver.find_element("id", "cite-ris")
    assert ris.is_displayed() and not driver.find_element("id", "cite-bibtex").is_displayed()
    assert driver.find_element("id", "nrr-cite-download").get_attribute("download") == f"{entry.id}.ris"
    button.click()
    _wait(
        driver,
        lambda d: d.execute_script("return window.nrrLastCopied") == ris.get_attribute("textContent"),
        "Copy did not follow the format menu",
    )
    assert ris.get_attribute("textContent").startswith("TY  - ")
    assert not _severe(driver)


def test_pages_log_no_console_errors(driver: Any, site: str, catalogue: Catalogue) -> None:
    driver.get_log("browser")
    last = catalogue.entries[-1].record
    for path in (
        "",
        "browse/",
        "browse/?q=batch",
        "dashboards/",
        "about/",
        "reference/",
        f"records/{last.id}/",
        f"records/{last.id}/v{last.version}/",
    ):
        driver.get(site + path)
        _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete", f"{path} never loaded")
        if path.startswith("browse/"):
            _wait(driver, lambda d: d.find_element("id", "nrr-catalogue").get_attribute("aria-busy") is None, "catalogue busy")
        assert not _severe(driver), path


def session_chart(driver: Any) -> Any:
    """The session chart the reader sees: the page holds one drawing for a wide column and one for a phone."""
    shown = [svg for svg in driver.find_elements("css selector", "svg.nrr-session-plot") if svg.is_displayed()]
    assert len(shown) == 1, len(shown)
    return shown[0]


def _axe(driver: Any) -> list[tuple[str, str, list[str]]]:
    if not AXE.is_file():
        message = "axe-core not installed (npm install)"
        if os.environ.get("NRR_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    found = driver.execute_async_script(
        "const done = arguments[0];"
        "axe.run(document, {resultTypes: ['violations']}).then("
        "  r => done(JSON.stringify(r.violations.map(v => [v.id, v.impact, v.nodes.slice(0, 3).map(n => n.target.join(' '))]))),"
        "  e => done(JSON.stringify([['axe-error', 'critical', [String(e)]]])));"
    )
    return [tuple(v) for v in json.loads(found)]  # type: ignore[misc]


@pytest.mark.parametrize("path", ["", "browse/", "record"])
def test_no_serious_or_critical_accessibility_violations(driver: Any, site: str, catalogue: Catalogue, path: str) -> None:
    page = f"records/{catalogue.entries[0].id}/" if path == "record" else path
    driver.get(site + page)
    if path == "browse/":
        _wait(driver, lambda d: d.find_element("id", "nrr-facets").is_displayed(), "facets never shown")
    # The theme animates colour changes; measure contrast on the final colours, not mid-transition.
    driver.execute_script(
        "const s = document.createElement('style');"
        "s.textContent = '*, *::before, *::after { transition: none !important; }';"
        "document.head.appendChild(s);"
    )
    for scheme in ("default", "slate"):  # both palettes: contrast is checked in light and dark
        driver.execute_script("document.body.setAttribute('data-md-color-scheme', arguments[0])", scheme)
        bad = [v for v in _axe(driver) if v[1] in ("serious", "critical")]
        assert not bad, f"{page or 'home'} ({scheme}): {bad}"


def test_injection_payloads_do_not_run(driver: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    from selenium.common.exceptions import NoAlertPresentException

    with served(build_injection_site(tmp_path_factory.mktemp("payload"))) as url:
        for path in (
            "records/payload-record-0/",
            "records/payload-record-1/",
            "",
            "dashboards/",
            "browse/",
            "browse/?q=payload",
            "browse/?q=script",
        ):
            driver.get(url + path)
            _wait(driver, lambda d: d.execute_script("return document.readyState") == "complete", f"{path} never loaded")
            if path.startswith("browse/"):
                _wait(driver, lambda d: len(d.find_elements("css selector", "#nrr-list li")) > 0, "nothing listed")
            # Hover and focus everything, in case a payload made it into an event-handler attribute.
            driver.execute_script(
                "document.querySelectorAll('.md-content *').forEach(el => {"
                "  el.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}));"
                "  el.dispatchEvent(new FocusEvent('focus'));"
                "});"
            )
            assert driver.execute_script("return window.__nrrPwned === undefined"), f"a payload ran on {path}"
            with pytest.raises(NoAlertPresentException):
                driver.switch_to.alert.text  # noqa: B018 - reading it is how selenium asks for an open alert
        # The payload text is shown, as text.
        driver.get(url + "records/payload-record-0/")
        heading = _wait(driver, lambda d: d.find_elements("id", "nrr-content"), "the record page never showed its title")
        assert "<script>window.__nrrPwned" in heading[0].text


@pytest.fixture(scope="module")
def session_site(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> Iterator[str]:
    from click.testing import CliRunner

    from nrr_spec.cli import main

    records = tmp_path_factory.mktemp("session-records")
    log = corpus_dir / "logs" / "karpathy__autoresearch__branch-exp-H100-mar8__results.tsv"
    result = CliRunner().invoke(main, ["convert", "autoresearch", str(log), "-o", str(records), "--no-progress"])
    assert result.exit_code == 0, result.output
    out = tmp_path_factory.mktemp("session-browser") / "site"
    build_site([records], out, SiteConfig(title="Example lab"), search=False)
    with served(out) as url:
        yield url + "sessions/" + next(p.name for p in (out / "sessions").iterdir() if p.is_dir()) + "/"


@pytest.mark.parametrize("width", [1280, 400])
def test_session_page_chart_fits_and_reads_at_both_widths(driver: Any, session_site: str, width: int) -> None:
    driver.set_window_size(width, 1000)
    try:
        driver.get(session_site)
        plot = session_chart(driver)
        assert plot.is_displayed()
        size = driver.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.width, r.height];", plot)
        viewport = driver.execute_script("return document.documentElement.clientWidth")
        assert 0.8 * min(viewport, 640) <= size[0] <= viewport
        # Text in the chart is drawn at 10 px or more at either width.
        smallest = driver.execute_script(
            "return Math.min(...[...arguments[0].querySelectorAll('text')].map(t => t.getBoundingClientRect().height));", plot
        )
        assert smallest >= 10
        # The page itself never scrolls sideways; wide tables scroll inside their frame.
        assert driver.execute_script("return document.documentElement.scrollWidth") <= viewport
        bad = [v for v in _axe(driver) if v[1] in ("serious", "critical")]
        assert not bad, bad
        assert not _severe(driver)
    finally:
        driver.set_window_size(1280, 1000)


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory: pytest.TempPathFactory, examples_with_a_log: Callable[..., Path]) -> Iterator[str]:
    """Examples and a converted log, with the search index: for the front page, sorting and the outcome facet."""
    records = examples_with_a_log()
    out = tmp_path_factory.mktemp("mixed-browser") / "site"
    build_site([records], out, SiteConfig(title="Example lab"))
    with served(out) as url:
        yield url


def _settled(driver: Any) -> None:
    _wait(driver, lambda d: d.find_element("id", "nrr-catalogue").get_attribute("aria-busy") is None, "catalogue busy")


@pytest.mark.parametrize("width", [1280, 400])
def test_front_page_search_opens_the_catalogue_with_results(driver: Any, mixed_site: str, width: int) -> None:
    driver.set_window_size(width, 1000)
    try:
        driver.get(mixed_site)
        figures = driver.find_element("css selector", "ul.nrr-figures").text
        assert "negative results" in figures and "automated session" in figures
        box = driver.find_element("id", "nrr-front-q")
        box.send_keys("warmdown")
        box.submit()
        _wait(driver, lambda d: "browse/" in d.current_url and "q=warmdown" in d.current_url, "search did not open the catalogue")
        _wait(driver, lambda d: "match “warmdown”" in d.find_element("id", "nrr-count").text, "no search results")
        _settled(driver)
        rows = driver.find_elements("css selector", "#nrr-list li.nrr-row")
        assert rows
        for row in rows:  # each result reads like a list row: its own summary, with the word marked
            assert row.find_element("css selector", ".nrr-row-meta").text
            marks = [m.text.lower() for m in row.find_elements("css selector", ".nrr-row-summary mark")]
            assert all("warmdown" in m for m in marks)
        assert driver.execute_script("return document.documentElement.scrollWidth") <= driver.execute_script(
            "return document.documentElement.clientWidth"
        )
        assert not _severe(driver)
    finally:
        driver.set_window_size(1280, 1000)


def test_a_word_the_catalogue_does_not_hold_finds_nothing(driver: Any, mixed_site: str) -> None:
    driver.get(mixed_site + "browse/")
    _settled(driver)
    box = driver.find_element("id", "nrr-q")
    for ch in "asdfgh":  # typed as a person types: Pagefind alone answers 'asdfgh' with what 'asd' finds
        box.send_keys(ch)
    _wait(
        driver, lambda d: d.find_element("id", "nrr-count").text == "0 records match “asdfgh”.", "a nonsense word found records"
    )
    assert not driver.find_elements("css selector", "#nrr-list li")


def _effect_sizes(driver: Any) -> list[float]:
    """The effect sizes the listed rows show ("1.2% better"), in list order."""
    return [
        float(re.search(r"([\d.]+)% (?:better|worse)", m.text).group(1))  # type: ignore[union-attr]
        for m in driver.find_elements("css selector", "#nrr-list .nrr-row-meta")
        if re.search(r"% (better|worse)", m.text)
    ]


def test_one_match_reads_in_the_singular(driver: Any, mixed_site: str) -> None:
    driver.get(mixed_site + "browse/?q=Jetson")  # one example record names it
    _wait(driver, lambda d: d.find_element("id", "nrr-count").text.startswith("1 record matches"), "not '1 record matches'")


def test_sorting_by_date_and_by_effect(driver: Any, mixed_site: str) -> None:
    from selenium.webdriver.support.ui import Select

    driver.get(mixed_site + "browse/")
    _settled(driver)
    newest = driver.find_element("css selector", "#nrr-list .nrr-row-title").text
    Select(driver.find_element("id", "nrr-sort")).select_by_value("oldest")
    _wait(driver, lambda d: "sort=oldest" in d.current_url, "sort not in the URL")
    _settled(driver)
    assert driver.find_element("css selector", "#nrr-list .nrr-row-title").text != newest
    Select(driver.find_element("id", "nrr-sort")).select_by_value("effect")
    _wait(driver, lambda d: "sort=effect" in d.current_url, "sort not in the URL")
    _settled(driver)
    sizes = _effect_sizes(driver)
    assert len(sizes) > 5 and sizes == sorted(sizes, reverse=True)
    # With a query, Pagefind sorts the results the same way.
    driver.get(mixed_site + "browse/?q=val_bpb&sort=effect")
    _wait(driver, lambda d: "match “val_bpb”" in d.find_element("id", "nrr-count").text, "no results")
    _settled(driver)
    sizes = _effect_sizes(driver)
    assert len(sizes) > 5 and sizes == sorted(sizes, reverse=True)


def test_outcome_facet_tells_written_up_results_from_automated_failures(driver: Any, mixed_site: str) -> None:
    driver.get(mixed_site + "browse/")
    _settled(driver)
    facet = _wait(
        driver,
        lambda d: next(
            (
                f
                for f in d.find_elements("css selector", "#nrr-facets fieldset")
                if f.find_element("tag name", "legend").text == "Outcome"
            ),
            None,
        ),
        "no Outcome facet",
    )
    values = {
        label.find_element("css selector", "input").get_attribute("value") for label in facet.find_elements("tag name", "label")
    }
    assert {"discard", "written up"} <= values and not values & {"keep", "baseline"}
    facet.find_element("css selector", 'input[value="crash"]').click()
    _wait(driver, lambda d: "outcome=crash" in d.current_url, "facet not in the URL")
    _settled(driver)
    titles = [a.text for a in driver.find_elements("css selector", "#nrr-list .nrr-row-title")]
    assert titles and all("crash" in t.lower() for t in titles)
    assert driver.find_element("id", "nrr-count").text.endswith("the filters.")
