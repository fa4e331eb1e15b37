"""Record pages and the head of every page: one description, OpenGraph and Twitter tags, the cite
control under the title, contents for long pages, and record facts that read as sentences."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.publish import SiteConfig, build_site
from nrr_spec.store import RecordsFolder

BASE = "https://lab.example.org/negative/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    build_site([examples_dir], out, SiteConfig(title="Example lab", base_url=BASE), search=False)
    return out


def _pages(site: Path) -> dict[str, Path]:
    record = next(p for p in sorted((site / "records").iterdir()) if (p / "index.html").is_file())
    return {
        "home": site / "index.html",
        "about": site / "about" / "index.html",
        "browse": site / "browse" / "index.html",
        "dashboards": site / "dashboards" / "index.html",
        "record": record / "index.html",
    }


def _meta(html: str, attr: str, name: str) -> list[str]:
    return [html_lib.unescape(v) for v in re.findall(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', html)]


def test_every_page_type_has_one_description_and_card_tags(site: Path) -> None:
    for kind, path in _pages(site).items():
        html = path.read_text(encoding="utf-8")
        assert len(re.findall(r'<meta name="description"', html)) == 1, kind
        description = _meta(html, "name", "description")[0]
        assert description.strip(), kind
        assert _meta(html, "property", "og:description") == [description], kind
        assert _meta(html, "name", "twitter:description") == [description], kind
        assert len(_meta(html, "property", "og:title")) == 1 and _meta(html, "property", "og:title")[0], kind
        assert _meta(html, "name", "twitter:card") == ["summary"], kind
        assert _meta(html, "property", "og:type") == (["article"] if kind == "record" else ["website"]), kind
        assert "NRRSHELL" not in html and "\x00" not in html, kind


def test_record_page_head_names_its_own_address_and_summary(site: Path, examples_dir: Path) -> None:
    record = next(r for r in RecordsFolder(examples_dir).valid_records() if r.public() and r.summary)
    html = (site / "records" / record.id / "index.html").read_text(encoding="utf-8")
    assert _meta(html, "property", "og:url") == [f"{BASE}records/{record.id}/"]
    assert html.count('<link rel="canonical"') == 1
    assert _meta(html, "property", "og:title") == [record.title]
    assert _meta(html, "name", "description")[0].startswith(" ".join(record.summary.split())[:60])


def test_cite_control_sits_under_the_title_and_long_pages_list_their_sections(site: Path, examples_dir: Path) -> None:
    for record in (r for r in RecordsFolder(examples_dir).valid_records() if r.public()):
        html = (site / "records" / record.id / "index.html").read_text(encoding="utf-8")
        body = html.split('id="nrr-content"', 1)[1]
        assert body.index('id="cite"') < body.index('<h2 id="problem">'), record.id
        assert body.count("nrr-cite-text") == 4 and body.count('id="cite-heading"') == 0, record.id
        sections = re.findall(r'<h2 id="([^"]+)">', body)
        toc = re.search(r'<nav class="nrr-toc"[^>]*>(.*?)</nav>', body, re.S)
        if len(sections) >= 5:
            assert toc is not None, record.id
            assert re.findall(r'href="#([^"]+)"', toc.group(1)) == sections
        else:
            assert toc is None, record.id


def test_record_meta_line_reads_with_spaces_between_its_parts(site: Path, examples_dir: Path) -> None:
    record = next(
        r
        for r in RecordsFolder(examples_dir).valid_records()
        if r.public() and r.created and r.updated and r.updated != r.created
    )
    html = (site / "records" / record.id / "index.html").read_text(encoding="utf-8")
    meta = re.search(r'<p class="nrr-meta"[^>]*>(.*?)</p>', html, re.S)
    assert meta is not None
    words = " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", meta.group(1))).split())
    assert f"Version {record.version} · first published {record.created} · updated {record.updated}" in words


def test_crashed_experiment_says_it_has_no_value(site: Path, examples_dir: Path) -> None:
    record = next(r for r in RecordsFolder(examples_dir).valid_records() if r.experiment and r.experiment.outcome == "crash")
    assert record.experiment is not None and record.experiment.metric is not None
    assert record.experiment.metric.value is None
    html = (site / "records" / record.id / "index.html").read_text(encoding="utf-8")
    metric = re.search(r"<dt>Metric</dt><dd>(.*?)</dd>", html, re.S)
    assert metric is not None
    text = " ".join(metric.group(1).split())
    assert "no value, the run crashed" in text
    assert "Δ ," not in text and "Δ )" not in text


def test_robots_txt_and_sitemap_with_and_without_an_address(site: Path, tmp_path: Path, examples_dir: Path) -> None:
    assert (site / "robots.txt").read_text(encoding="utf-8") == f"User-agent: *\nAllow: /\nSitemap: {BASE}sitemap.xml\n"
    result = CliRunner().invoke(main, ["build", str(examples_dir), "--out", str(tmp_path / "out"), "--no-search"])
    assert result.exit_code == 0, result.output
    assert "warning: no base URL" in result.output and "sitemap" in result.output
    assert (tmp_path / "out" / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"


def test_an_identifier_breaks_only_after_its_underscores_and_dots() -> None:
    from nrr_spec.publish.pages import breakable

    assert str(breakable("value_mix_first_init")) == "value_<wbr>mix_<wbr>first_<wbr>init"
    assert str(breakable("cfg.model.n_layer")) == "cfg.<wbr>model.<wbr>n_<wbr>layer"
    assert str(breakable("__init__")) == "__<wbr>init__"  # never a break between two underscores, or at the end
    assert str(breakable("<b>x_y")) == "&lt;b&gt;x_<wbr>y"  # the name is escaped; only the breaks are markup


def test_how_to_cite_describes_the_control_the_record_pages_have(site: Path) -> None:
    # The cite control moved under the title; the page on citing still said the record page "ends with" it.
    record = _pages(site)["record"].read_text(encoding="utf-8")
    control = re.search(r'<details class="nrr-cite"[^>]*>\s*<summary>([^<]+)</summary>', record).group(1)  # type: ignore[union-attr]
    cite = re.sub(r"<[^>]+>", "", (site / "cite" / "index.html").read_text(encoding="utf-8"))
    assert f"Under its title, {control}" in cite
    assert "ends with" not in cite


def test_a_list_rows_facts_wrap_between_parts_never_inside_one(site: Path) -> None:
    # On a phone 'val_bpb 0.13% worse' broke into 'val_bpb 0.13%' and 'worse' on the next line.
    browse = (site / "browse" / "index.html").read_text(encoding="utf-8")
    lines = [html_lib.unescape(m) for m in re.findall(r'<span class="nrr-row-meta">([^<]*)</span>', browse)]
    parts = [part for line in lines for part in line.split(" · ")]
    assert any("\u00a0" in part for part in parts)  # 'automated experiment', 'val_bpb 0.13% worse', ...
    assert not [part for part in parts if " " in part]
