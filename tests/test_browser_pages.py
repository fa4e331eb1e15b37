"""What a researcher sees on the pages a converted sweep and a searched address make, in headless
Chromium at a desktop (1280 px) and a phone (400 px) width."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from test_browser_publish import _axe, _wait, driver, served, session_chart  # noqa: F401 - the shared browser fixtures

from nrr_spec.publish import SiteConfig, build_site

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
SWEEP = "LonghornSilicon__fp4-multiplier__results_results.tsv"  # 204 finished runs marked 'ok', 4 failed syntheses
LOOP = "karpathy__autoresearch__branch-exp-H100-mar8__results.tsv"  # keeps, discards and a crash


@pytest.fixture(scope="module")
def sweep_site(tmp_path_factory: pytest.TempPathFactory, examples_with_logs: Callable[..., Path]) -> Iterator[str]:
    records = examples_with_logs({log: log.split("__")[0] for log in (SWEEP, LOOP)})
    site = tmp_path_factory.mktemp("sweep") / "site"
    build_site([records], site, SiteConfig(title="Example lab"), search=False)
    with served(site) as url:
        yield url


@pytest.fixture
def browser(driver: Any) -> Iterator[Any]:  # noqa: F811
    yield driver
    driver.execute_cdp_cmd("Fetch.disable", {})
    driver.set_window_size(1280, 1000)


def _session(browser: Any, site: str, name: str) -> None:
    browser.get(site + "sessions/")
    link = next(a for a in browser.find_elements("css selector", ".nrr-list a.nrr-row-title") if name in a.text)
    browser.get(link.get_attribute("href"))


@pytest.mark.parametrize("width", [1280, 400])
def test_an_address_with_a_search_never_shows_the_whole_list_first(browser: Any, sweep_site: str, width: int) -> None:
    browser.set_window_size(width, 1000)
    # The facet index held back, as a slow network holds it: what shows until it comes is the written list.
    browser.execute_cdp_cmd("Fetch.enable", {"patterns": [{"urlPattern": "*facets.json"}]})
    browser.get(sweep_site + "browse/?q=warmdown")
    first = browser.find_element("css selector", "#nrr-list li")
    assert not first.is_displayed(), "the unfiltered list shows under a search it does not answer"
    # A script that never draws gives the written list back, rather than an empty page.
    _wait(browser, lambda d: d.find_element("css selector", "#nrr-list li").is_displayed(), "the written list came back")
    browser.get(sweep_site + "browse/")  # the plain address asks for the written list: shown at once
    assert browser.find_element("css selector", "#nrr-list li").is_displayed()
    browser.execute_cdp_cmd("Fetch.disable", {})
    browser.get(sweep_site + "browse/?outcome=crash")
    _wait(browser, lambda d: "match" in d.find_element("id", "nrr-count").text, "the filtered list is drawn")
    assert browser.find_element("css selector", "#nrr-list li").is_displayed()
    assert "nrr-pending" not in (browser.find_element("id", "nrr-catalogue").get_attribute("class") or "")


@pytest.mark.parametrize("width", [1280, 400])
def test_a_sweep_session_draws_its_undecided_runs_and_crashes_as_what_they_are(browser: Any, sweep_site: str, width: int) -> None:
    browser.set_window_size(width, 1000)
    _session(browser, sweep_site, "fp4")
    svg = session_chart(browser)
    legend = [t.text for t in svg.find_elements("css selector", "g > text")]
    assert legend == ["undecided", "crash"], legend  # nothing was kept: no step line to name
    assert len(svg.find_elements("css selector", ".nrr-sp-crash title")) == 4  # every failed synthesis, crossed
    assert len(svg.find_elements("css selector", ".nrr-sp-undecided title")) == 204
    # A crash's logged -1 is no result: the axis spans the gate counts the sweep measured (about 200 to 250).
    ticks = [float(t.text) for t in svg.find_elements("css selector", "text.nrr-plot-tick") if re.fullmatch(r"-?[\d.]+", t.text)]
    y_ticks = [t for t in ticks if t not in (1.0, 208.0)]
    assert y_ticks and min(y_ticks) >= 150, y_ticks
    caption = browser.find_element("css selector", ".nrr-session-figure figcaption").text
    assert "step line" not in caption and "neither kept nor discarded" in caption, caption
    summary = browser.find_element("css selector", ".nrr-abstract").text
    assert "204 neither kept nor discarded" in summary, summary
    bad = [v for v in _axe(browser) if v[1] in ("serious", "critical")]
    assert not bad, bad


def test_a_converted_crash_states_its_lesson_once(browser: Any, sweep_site: str) -> None:
    _session(browser, sweep_site, "karpathy")
    crash = browser.find_element("css selector", "tr.nrr-outcome-crash a")
    browser.get(crash.get_attribute("href"))
    text = browser.find_element("css selector", ".md-content").text
    summary = browser.find_element("css selector", "#results + .nrr-prose p").text
    assert summary.startswith("Crash"), summary
    assert text.count(summary) == 1, "the results summary is repeated as the experiment's lesson"


@pytest.mark.parametrize("width", [1280, 400])
def test_a_sessions_configuration_shows_first_what_its_kept_changes_moved(browser: Any, sweep_site: str, width: int) -> None:
    browser.set_window_size(width, 1000)
    _session(browser, sweep_site, "karpathy")
    section = browser.find_element("xpath", "//h2[@id='configuration']/following-sibling::div[1]")
    rows = [r for r in section.find_elements("css selector", "tbody tr") if r.is_displayed()]
    assert rows and all("nrr-changed" in (r.get_attribute("class") or "") for r in rows), [r.text for r in rows]
    # What the session tried and left where it was is one click away, not dozens of rows to scroll past.
    folded = browser.find_element("css selector", "details.nrr-config-stayed")
    assert not any(r.is_displayed() for r in folded.find_elements("css selector", "tbody tr"))
    folded.find_element("tag name", "summary").click()
    assert all(r.is_displayed() for r in folded.find_elements("css selector", "tbody tr"))
    bad = [v for v in _axe(browser) if v[1] in ("serious", "critical")]
    assert not bad, bad
