"""A page per automated session: every experiment in order, the metric drawn, the configuration it
started and ended with, what was tried with its uncertainty, and its negative results."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from nrr_spec.publish import SiteConfig, build_site
from nrr_spec.publish.sessions import session_slug
from nrr_spec.store import load_records


@pytest.fixture(scope="module")
def converted(examples_with_a_log: Callable[..., Path]) -> Path:
    return examples_with_a_log("--author", "Ada Lovelace")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, converted: Path) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_site([converted], out, SiteConfig(), search=False)
    return out


@pytest.fixture(scope="module")
def session(converted: Path) -> list:
    rows = [r for r in load_records(converted / "log")]
    assert len({r.experiment.session for r in rows}) == 1
    return sorted(rows, key=lambda r: r.experiment.sequence)


def _page(site: Path, session: list) -> str:
    return (site / "sessions" / session_slug(session[0].experiment.session) / "index.html").read_text(encoding="utf-8")


def test_session_page_lists_every_experiment_and_links_only_published_ones(site: Path, session: list) -> None:
    html = _page(site, session)
    table = html.split('nrr-experiments"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr class="nrr-outcome-(\w+)">', table)
    assert rows == [str(r.experiment.outcome) for r in session]
    linked = set(re.findall(r'href="\.\./\.\./records/([^/"]+)/"', table))
    assert linked == {r.id for r in session if r.experiment.outcome not in ("keep", "baseline")}
    for record_id in linked:
        assert (site / "records" / record_id / "index.html").is_file()
    negatives = html.split('id="negative-results"', 1)[1].split('id="experiments"', 1)[0]
    assert set(re.findall(r'href="\.\./\.\./records/([^/"]+)/"', negatives)) == linked


def test_session_plot_marks_every_failure_and_crash_and_has_a_text_alternative(site: Path, session: list) -> None:
    html = _page(site, session)
    svg = re.search(r'<svg class="nrr-session-plot" role="img"[^>]*aria-labelledby="([^"]+)">(.*?)</svg>', html, re.S)
    assert svg is not None
    assert re.search(rf'<title id="{svg.group(1)}">val_bpb over {len(session)} experiments', svg.group(2))
    failures = [r for r in session if r.experiment.outcome not in ("keep", "baseline")]
    crashed = [r for r in failures if r.experiment.metric is None or r.experiment.metric.value is None]
    assert crashed, "the log has a crash"
    assert len(re.findall(r'class="nrr-sp-crash"><title>', svg.group(2))) == len(crashed)
    assert len(re.findall(r'class="nrr-sp-fail nrr-fc-\w+"><title>', svg.group(2))) == len(failures) - len(crashed)
    kept = [r for r in session if r.experiment.outcome in ("keep", "baseline")]
    assert len(re.findall(r'class="nrr-sp-keep"><title>', svg.group(2))) == len(kept)
    figure = html.split(svg.group(0), 1)[1].split("</figure>", 1)[0]
    assert "<figcaption>" in figure
    # The phone's drawing of the same chart follows, with a title of its own.
    narrow = re.search(r'<svg class="nrr-session-plot" role="img"[^>]*aria-labelledby="([^"]+)">', figure)
    assert narrow and narrow.group(1) != svg.group(1) and html.count(f'id="{narrow.group(1)}"') == 1


def test_configuration_runs_from_the_first_value_to_the_last_kept_one(site: Path, session: list) -> None:
    html = _page(site, session)
    section = html.split('id="configuration"', 1)[1].split("<h2", 1)[0]
    moved, _, stayed = section.partition('class="nrr-config-stayed"')
    table = (moved + stayed).replace("<wbr>", "")  # a long name's break points are not part of it
    # Parameters that end where they started are folded away, below the ones the session moved.
    assert moved.count('<tr class="nrr-changed">') == moved.count("<tr") - 1 > 0  # every row but the heading's
    assert stayed and "nrr-changed" not in stayed
    shown = {
        name: (start, end)
        for name, start, end in re.findall(
            r"<td><code>([^<]+)</code></td><td>(<span class=\"nrr-muted\"[^>]*>–</span><span[^>]*>not given</span>|[^<]*)</td>"
            r"<td>(?:<strong>)?([^<]*)",
            table,
        )
    }
    # A value the log never gave (a parameter first set by an 'add') is marked as the record pages mark it.
    assert "?" not in {v for pair in shown.values() for v in pair}
    assert any(start.endswith("not given</span>") for start, _ in shown.values())
    for parameter in {
        c.parameter for r in session if r.experiment.outcome == "keep" for c in r.experiment.changes if c.to is not None
    }:
        last_kept = [
            c.to
            for r in session
            if r.experiment.outcome == "keep"
            for c in r.experiment.changes
            if c.parameter == parameter and c.to is not None
        ][-1]
        assert shown[parameter][1] == str(last_kept), parameter


def test_what_was_tried_counts_add_up_with_intervals_around_the_estimates(site: Path, session: list) -> None:
    html = _page(site, session)
    table = html.split('id="tried"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)% \((\d+)–(\d+)%\)</td>", table)
    assert rows
    categories = [r for r in rows if r[0].endswith(" changes")]
    decided = [
        r for r in session if r.experiment.outcome in ("keep", "discard", "crash") and r.experiment.failure_class != "crash_infra"
    ]
    by_category: dict[str, int] = {}
    for record in decided:
        by_category[str(record.experiment.change_category)] = by_category.get(str(record.experiment.change_category), 0) + 1
    assert sum(int(r[1]) for r in categories) == sum(n for n in by_category.values() if n >= 2)
    for _, tried, improved, _, estimate, low, high in rows:
        assert int(improved) <= int(tried)
        assert int(low) <= int(estimate) <= int(high)


def test_record_pages_link_to_their_session_and_the_list_of_sessions_names_it(site: Path, session: list) -> None:
    failure = next(r for r in session if r.experiment.outcome == "discard")
    html = (site / "records" / failure.id / "index.html").read_text(encoding="utf-8")
    slug = session_slug(failure.experiment.session)
    assert f'href="../../sessions/{slug}/"' in html
    index = (site / "sessions" / "index.html").read_text(encoding="utf-8")
    assert f'href="{slug}/"' in index


def test_dashboards_answer_what_failed_here_and_why(site: Path, session: list) -> None:
    html = (site / "dashboards" / "index.html").read_text(encoding="utf-8")
    patterns = html.split("The clearest patterns", 1)[1].split("</section>", 1)[0]
    line = r"<li>([^<]+): (\d+) of (\d+) improved \(keep rate (\d+)%, 95% interval (\d+)% to (\d+)%; ([a-z ]+)\)</li>"
    lines = re.findall(line, patterns)
    assert lines
    estimates = [int(line[3]) for line in lines]
    assert estimates == sorted(estimates)
    for _, improved, tried, estimate, low, high, _ in lines:
        assert int(improved) <= int(tried) and int(tried) >= 3 and int(low) <= int(estimate) <= int(high)
    repeated = html.split("The most-repeated failed changes", 1)[1].split("</section>", 1)[0]
    assert re.search(r'<span class="nrr-bar-label"><a href="[^"]+">[a-z]+ \w+</a></span>.*?class="nrr-bar-value">\d+', repeated)
    sessions = html.split("<h2", html.count("<h2"))[-1]
    assert f'href="../sessions/{session_slug(session[0].experiment.session)}/"' in sessions
    over_time = html.split("Failure classes over time", 1)[1].split("</section>", 1)[0]
    undated = sum(1 for r in session if r.experiment.failure_class and r.created is None)
    assert f"{undated} failed experiments without a date" in over_time


def test_the_counts_of_a_session_add_up_to_its_experiments_on_its_page_and_in_the_list(site: Path, session: list) -> None:
    # The log has a baseline row: left out, the kept, discarded and crashed counts fell one short.
    assert any(r.experiment.outcome == "baseline" for r in session)
    summary = re.search(r'class="nrr-abstract"[^>]*>(.*?)</', _page(site, session), re.S).group(1)  # type: ignore[union-attr]
    listing = (site / "sessions" / "index.html").read_text(encoding="utf-8")
    slug = session_slug(session[0].experiment.session)
    meta = re.search(rf'href="{slug}/">.*?<span class="nrr-row-meta">(.*?)</span>', listing, re.S).group(1)  # type: ignore[union-attr]
    for text in (summary, meta):
        total, *parts = (int(n) for n in re.findall(r"(\d+) (?:experiments|kept|discarded|crashed|baseline)", text))
        assert total == len(session) == sum(parts), text
