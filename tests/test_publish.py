"""nrr build: pages, indexes, feeds and dumps of the example catalogue; refusing bad input."""

from __future__ import annotations

import base64
import html as html_lib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from nrr_spec.cite import MEDIA_TYPES, export
from nrr_spec.cli import main
from nrr_spec.publish import BuildRefused, SiteConfig, build_site, text
from nrr_spec.publish.collect import collect
from nrr_spec.publish.facets import FACETS, entry_facets
from nrr_spec.store import load_records

BASE = "https://lab.example.org/negative/"


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_site([examples_dir], out, SiteConfig(title="Example lab", base_url=BASE, licence="CC-BY-4.0"))
    return out


@pytest.fixture(scope="module")
def public_records(examples_dir: Path) -> list:
    return [r for r in load_records(examples_dir) if r.public()]


def test_every_public_record_has_a_page_and_no_withheld_one_does(example_site: Path, examples_dir: Path) -> None:
    records = load_records(examples_dir)
    assert any(not r.public() for r in records), "the examples should include a withheld record"
    for record in records:
        page = example_site / "records" / record.id / "index.html"
        assert page.is_file() == record.public(), record.id


def test_record_page_has_citation_meta_jsonld_and_canonical(example_site: Path, public_records: list) -> None:
    record = public_records[0]
    html = (example_site / "records" / record.id / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE}records/{record.id}/">' in html
    assert '<meta name="citation_title"' in html
    assert html.count('<meta name="citation_author"') == len(record.authors)
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert ld is not None
    data = json.loads(ld.group(1))
    assert data["@type"] == ("Dataset" if record.kind == "automated_experiment" else "ScholarlyArticle")  # one type per kind
    # Each format's text carries its download, as a data: address the cite control's Download link takes;
    # without JavaScript the link downloads the first format, BibTeX.
    assert re.search(rf'<a class="md-button" id="nrr-cite-download" href="data:[^"]+" download="{record.id}.bib">', html)
    for fmt, suffix in (("bibtex", ".bib"), ("ris", ".ris"), ("cff", ".cff"), ("csl", ".csl.json")):
        shown = re.search(rf'<pre class="nrr-cite-text" id="cite-{fmt}"[^>]*>(.*?)</pre>', html, re.S)
        link = re.search(
            rf'<pre class="nrr-cite-text" id="cite-{fmt}"[^>]* data-file="{record.id}{suffix}" '
            r'data-href="data:([^;"]+);charset=utf-8;base64,([^"]*)">',
            html,
        )
        assert shown is not None and link is not None, fmt
        assert link.group(1) == MEDIA_TYPES[fmt]
        downloaded = base64.b64decode(link.group(2)).decode("utf-8")
        assert downloaded == html_lib.unescape(shown.group(1)) == export(record, fmt, base_url=BASE)
    assert not (example_site / "records" / record.id / f"{record.id}.bib").exists()  # no file beside the page
    # The theme is shared with the narrative pages, and the record is not in the navigation.
    assert "assets/stylesheets/main." in html
    assert f'href="../../records/{record.id}/"' not in html.split('id="nrr-content"')[0]


def test_record_page_draws_the_outcome_plot(example_site: Path, public_records: list) -> None:
    record = next(r for r in public_records if any(o.baseline is not None for o in r.results.outcomes))
    html = (example_site / "records" / record.id / "index.html").read_text(encoding="utf-8")
    assert '<svg class="nrr-plot"' in html
    assert html.count('class="nrr-plot-value"') >= 1


def test_related_records_link_both_ways(example_site: Path, public_records: list) -> None:
    ids = {r.id for r in public_records}
    source = next(r for r in public_records if any(link.id in ids for link in r.related))
    target = next(link.id for link in source.related if link.id in ids)
    source_html = (example_site / "records" / source.id / "index.html").read_text(encoding="utf-8")
    target_html = (example_site / "records" / target / "index.html").read_text(encoding="utf-8")
    assert f'href="../../records/{target}/"' in source_html
    assert f'href="../../records/{source.id}/"' in target_html


def test_latest_version_also_at_its_numbered_address(example_site: Path, public_records: list) -> None:
    record = next(r for r in public_records if r.version > 1)
    numbered = example_site / "records" / record.id / f"v{record.version}" / "index.html"
    html = numbered.read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{BASE}records/{record.id}/">' in html
    assert "data-pagefind-body" not in html  # only the plain address is searchable


def test_facet_index_counts_match_the_records(example_site: Path, examples_dir: Path) -> None:
    catalogue = collect([examples_dir])
    index = json.loads((example_site / "search" / "facets.json").read_text(encoding="utf-8"))
    assert index["n"] == len(catalogue)
    for column, facet in zip(index["facets"], FACETS, strict=False):
        assert column["key"] == facet.key
        for code, value in enumerate(column["values"]):
            expected = sum(value in entry_facets(e)[facet.key] for e in catalogue.entries)
            codes = column["codes"]
            got = sum(code in c for c in codes) if column["multi"] else codes.count(code)
            assert got == expected, (facet.key, value)
    meta = json.loads((example_site / "search" / "meta" / "0.json").read_text(encoding="utf-8"))
    assert [row[0] for row in meta] == [e.id for e in catalogue.entries]


def test_browse_pages_list_every_public_record_without_javascript(tmp_path: Path, examples_dir: Path) -> None:
    out = tmp_path / "out"
    build_site([examples_dir], out, SiteConfig(page_size=5), search=False)
    catalogue = collect([examples_dir])
    pages = [out / "browse" / "index.html", *sorted((out / "browse").glob("[0-9]*/index.html"))]
    assert len(pages) == -(-len(catalogue) // 5)
    listed = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        listed += re.findall(r'class="nrr-row-title" href="\.\./(?:\.\./)?records/([a-z0-9-]+)/"', html)
    assert listed == [e.id for e in catalogue.entries]
    assert 'rel="next" href="../browse/2/"' in pages[0].read_text(encoding="utf-8")


def test_feed_sitemap_and_dumps(example_site: Path, public_records: list) -> None:
    ids = {r.id for r in public_records}
    feed = ET.parse(example_site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    links = {e.find("a:link", ns).get("href") for e in feed.findall("a:entry", ns)}  # type: ignore[union-attr]
    assert links == {f"{BASE}records/{i}/" for i in ids}
    sitemap = ET.parse(example_site / "sitemap.xml").getroot()
    locs = {loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert {f"{BASE}records/{i}/" for i in ids} <= locs
    assert f"{BASE}browse/" in locs
    sessions = {f"{BASE}sessions/{p.parent.name}/" for p in (example_site / "sessions").glob("*/index.html")}
    assert sessions and sessions <= locs and f"{BASE}sessions/" in locs  # every session page, and their list
    lines = (example_site / "records.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["id"] for line in lines} == ids
    bib = (example_site / "all.bib").read_text(encoding="utf-8")
    assert set(re.findall(r"^@\w+\{([a-z0-9-]+),", bib, re.M)) == ids


def test_narrative_pages_and_navigation(example_site: Path) -> None:
    assert not (example_site / ".search-docs").exists()  # Pagefind's input is not published
    for page in (
        "index.html",
        "about/index.html",
        "cite/index.html",
        "contribute/index.html",
        "reference/index.html",
        "dashboards/index.html",
    ):
        assert (example_site / page).is_file(), page
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert 'href="browse/"' in home and "Dashboards" in home
    assert "records/" not in home.split('class="md-tabs"')[1].split("</nav>")[0]  # records stay out of the nav
    assert "fonts.googleapis.com" not in home  # no third-party requests
    dashboards = (example_site / "dashboards" / "index.html").read_text(encoding="utf-8")
    sections = dashboards.split('<section class="nrr-dashboard"')[1:]
    assert len(sections) == 9
    for section in sections:  # each panel shows a chart, a list, a table or says it has nothing yet
        assert any(mark in section for mark in ('<ol class="nrr-bars"', 'class="nrr-empty"', "<ul>", "<table>")), section[:200]
    reference = (example_site / "reference" / "index.html").read_text(encoding="utf-8")
    assert "dual_use" in reference


def test_build_refuses_invalid_records_and_lists_them(tmp_path: Path, examples_dir: Path) -> None:
    records = tmp_path / "records"
    records.mkdir()
    good = next(examples_dir.glob("*.json"))
    (records / good.name).write_text(good.read_text(encoding="utf-8"), encoding="utf-8")
    (records / "broken.json").write_text('{"schema_version": "1.0", "id": "x"}\n', encoding="utf-8")
    (records / "garbled.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(records), "--out", str(tmp_path / "out"), "--no-search"])
    assert result.exit_code == 1
    assert re.search(r"broken\.json:\d+:\d+: NRR\d+ ", result.output), result.output
    assert re.search(r"garbled\.yaml:\d+:\d+: NRR001 ", result.output), result.output
    assert "refused" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(main, ["build", str(records), "--out", str(tmp_path / "out"), "--no-search", "--skip-invalid"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "records" / good.stem / "index.html").is_file() or any((tmp_path / "out" / "records").iterdir())


def test_build_refuses_empty_input_and_foreign_output(tmp_path: Path, examples_dir: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BuildRefused, match="no record files"):
        build_site([empty], tmp_path / "out")
    foreign = tmp_path / "home"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(examples_dir), "--out", str(foreign), "--no-search"])
    assert result.exit_code == 1
    assert "not a catalogue built by nrr" in result.output
    assert (foreign / "thesis.tex").read_text(encoding="utf-8") == "precious"
    with pytest.raises(BuildRefused, match="overlaps"):
        build_site([examples_dir], examples_dir / "site")


def test_build_replaces_a_previous_build(tmp_path: Path, examples_dir: Path) -> None:
    out = tmp_path / "out"
    build_site([examples_dir], out, SiteConfig(title="First"), search=False)
    (out / "stale.html").write_text("old", encoding="utf-8")
    build_site([examples_dir], out, SiteConfig(title="Second"), search=False)
    assert not (out / "stale.html").exists()
    assert "Second" in (out / "index.html").read_text(encoding="utf-8")
    # No staging or old copies left behind; only the build cache (the second build, with another
    # title, was a clean one).
    assert [p.name for p in tmp_path.glob(".out.*")] == [".out.cache"]


def test_site_config_from_nrr_site_toml_and_pyproject(tmp_path: Path) -> None:
    from nrr_spec.publish import ConfigError, load_site_config

    (tmp_path / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.nrr.site]\ntitle = "From pyproject"\nbase_url = "https://lab.example.org/x"\nlogo = "logo.svg"\n', encoding="utf-8"
    )
    config = load_site_config(search_from=tmp_path)
    assert (config.title, config.site_url) == ("From pyproject", "https://lab.example.org/x/")
    assert config.logo_path() == (tmp_path / "logo.svg").resolve()
    (tmp_path / "nrr-site.toml").write_text(
        'title = "From nrr-site"\nlicense = "CC0-1.0"\ncontact = "a@b.org"\n', encoding="utf-8"
    )
    config = load_site_config(search_from=tmp_path)
    assert (config.title, config.licence) == ("From nrr-site", "CC0-1.0")
    for bad, message in (
        ('titel = "x"\n', "unknown site setting 'titel'"),
        ('base_url = "ftp://x"\n', "must start with https://"),
        ('logo = "missing.png"\n', "not found"),
        ('title = "Lab <script>"\n', "must be plain text"),
        ("title = [\n", "invalid TOML"),
    ):
        (tmp_path / "nrr-site.toml").write_text(bad, encoding="utf-8")
        with pytest.raises(ConfigError, match=re.escape(message)):
            load_site_config(search_from=tmp_path)


def test_config_reaches_the_pages(tmp_path: Path, examples_dir: Path) -> None:
    logo = tmp_path / "logo.svg"
    logo.write_text("<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 1 1'/>", encoding="utf-8")
    config = SiteConfig(title="Lab & co", licence="CC-BY-4.0", contact="mailto-me@example.org", logo=str(logo), root=tmp_path)
    out = tmp_path / "out"
    build_site([examples_dir], out, config, search=False)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Lab &amp; co" in home
    assert "CC-BY-4.0" in home and 'href="mailto:mailto-me@example.org"' in home
    assert (out / "assets" / "logo.svg").is_file()


def test_earlier_public_versions_get_their_own_pages(tmp_path: Path, examples_dir: Path) -> None:
    source = next(examples_dir.glob("*.json"))
    record = json.loads(source.read_text(encoding="utf-8"))
    records = tmp_path / "records"
    (records / ".history" / record["id"]).mkdir(parents=True)
    old = {**record, "version": 1, "revisions": [], "title": "The first wording of this record"}
    latest = {**record, "version": 2, "revisions": [{"version": 2, "date": "2026-05-01", "summary": "Reworded the title."}]}
    (records / source.name).write_text(json.dumps(latest), encoding="utf-8")
    (records / ".history" / record["id"] / "v1.json").write_text(json.dumps(old), encoding="utf-8")
    out = tmp_path / "out"
    result = build_site([records], out, SiteConfig(base_url=BASE), search=False)
    assert result.versions == 1
    v1 = (out / "records" / record["id"] / "v1" / "index.html").read_text(encoding="utf-8")
    assert "The first wording of this record" in v1
    assert f'<link rel="canonical" href="{BASE}records/{record["id"]}/v1/">' in v1
    assert "An earlier version" in v1 and 'href="../../../records/' in v1
    page = (out / "records" / record["id"] / "index.html").read_text(encoding="utf-8")
    assert 'href="../../records/' + record["id"] + '/v1/"' in page and "Reworded the title." in page


def test_serve_sees_record_changes_and_serves_the_swapped_site(tmp_path: Path, examples_dir: Path) -> None:
    import threading
    import urllib.request

    from nrr_spec.publish.serve import make_server, snapshot

    records = tmp_path / "records"
    records.mkdir()
    source = next(examples_dir.glob("*.json"))
    target = records / source.name
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    before = snapshot([records])
    assert list(before) == [str(target)]
    (records / ".history" / "x").mkdir(parents=True)
    (records / ".history" / "x" / "v1.json").write_text("{}", encoding="utf-8")
    assert snapshot([records]) != before  # a revision's kept history counts as a change too

    out = tmp_path / "out"
    build_site([records], out, SiteConfig(title="First"), search=False)
    server = make_server(out, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        assert "First" in urllib.request.urlopen(url, timeout=10).read().decode()
        build_site([records], out, SiteConfig(title="Second"), search=False)
        assert "Second" in urllib.request.urlopen(url, timeout=10).read().decode()
    finally:
        server.shutdown()


_MARKDOWN_ALPHABET = "ab Zé9.,;:()'\"-+#>=1&<*_`[]!~|\\\n\t%/"


@given(st.text(alphabet=_MARKDOWN_ALPHABET, min_size=1, max_size=14) | st.text(min_size=1, max_size=14))
@settings(max_examples=3000, deadline=None)
def test_plain_prose_shortcut_renders_as_markdown_it_does(source: str) -> None:
    # Text without Markdown syntax skips markdown-it; whichever way it goes, the HTML is the same.
    assert str(text.markdown(source)) == text._MD.render(source)
    assert str(text.markdown_inline(source)) == text._MD.renderInline(source)


def test_plain_prose_shortcut_is_taken_for_plain_sentences() -> None:
    assert text._PLAIN.fullmatch("We trained five seeds (0-4) at 3e-4; accuracy fell by 2.2 points.")
    assert not text._PLAIN.fullmatch("- a list")
    assert not text._PLAIN.fullmatch("1. a list")
    assert not text._PLAIN.fullmatch("see [the paper](https://example.org)")


def test_every_page_names_an_icon_that_exists(example_site: Path) -> None:
    # A page without an icon link makes browsers ask for /favicon.ico, an error in every reader's console.
    pages = sorted(example_site.rglob("*.html"))
    assert any("/v1/" in str(p) for p in pages)  # the pointers from records/<id>/v<N>/ too
    for page in pages:
        icon = re.search(r'<link rel="icon" href="([^"]+)"', page.read_text(encoding="utf-8"))
        assert icon is not None, page
        href = icon.group(1)
        # 404.html is served at any address, so its links start from the site's own path.
        target = example_site / href.removeprefix(urlsplit(BASE).path) if href.startswith("/") else page.parent / href
        assert target.resolve().is_file(), (page, href)


def test_every_page_loads_every_script_in_order_and_the_build_copies_them(example_site: Path, public_records: list) -> None:
    from nrr_spec.resources import SCRIPTS, theme_dir

    for page in (
        example_site / "index.html",
        example_site / "browse" / "index.html",
        example_site / "records" / public_records[0].id / "index.html",
    ):
        loaded = re.findall(r'<script src="[./]*assets/nrr/([^"?]+)', page.read_text(encoding="utf-8"))
        assert loaded == list(SCRIPTS), page
    for name in SCRIPTS:
        assert (example_site / "assets" / "nrr" / name).read_bytes() == (theme_dir() / "assets" / name).read_bytes()
