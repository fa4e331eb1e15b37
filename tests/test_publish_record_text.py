"""Record pages say each thing once and in plain words: a symmetric link listed once, an arXiv paper
linked once, no '.;' between joined descriptions, a crashed run's metric in one sentence, an unknown
value marked as unknown, a local repository's path kept off the page, version 1 dated, and a chart
caption that names only what the chart draws."""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.publish import SiteConfig, build_site

LOG = "miolini__autoresearch-macos__pr8__results.tsv"
NO_CRASHES = "karpathy__autoresearch__pr483__denoise_results.tsv"  # discards, all measured


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", html)))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path, corpus_dir: Path) -> Path:
    records = tmp_path_factory.mktemp("records")
    shutil.copytree(examples_dir, records, dirs_exist_ok=True)
    a, b = (records / "dropedge-deep-gcn-ogbn-arxiv.json", records / "tent-small-batch-imagenet-c-replication.json")
    first, second = (json.loads(p.read_text(encoding="utf-8")) for p in (a, b))
    first["related"] = [{"id": second["id"], "relation": "similar_to", "note": "Both regularisers."}]
    second["related"] = [{"id": first["id"], "relation": "similar_to"}]
    first["methods"]["baselines"] = [
        {"name": "plain", "description": "The same network."},
        {"name": "shallow", "description": "A 3-layer reference."},
    ]
    first["references"] = [
        {"citation": "Rong et al. (2020). DropEdge.", "arxiv": "1907.10903", "url": "https://arxiv.org/abs/1907.10903"}
    ]
    for path, data in ((a, first), (b, second)):
        path.write_text(json.dumps(data), encoding="utf-8")
    revised = CliRunner().invoke(main, ["revise", first["id"], "-m", "Corrected the baseline.", "--records", str(records)])
    assert revised.exit_code == 0, revised.output  # keeps version 1 as an earlier version to publish
    result = CliRunner().invoke(
        main, ["convert", "autoresearch", str(corpus_dir / "logs" / LOG), "-o", str(records / "log"), "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(
        main, ["convert", "autoresearch", str(corpus_dir / "logs" / NO_CRASHES), "-o", str(records / "log2"), "--no-progress"]
    )
    assert result.exit_code == 0, result.output
    # Commits read from a clone with no remote: the converter names the repository by its folder.
    converted = next(  # a negative result, which has a page (a baseline has none)
        p
        for p in sorted((records / "log").glob("*.json"))
        if json.loads(p.read_text(encoding="utf-8"))["experiment"]["outcome"] in ("discard", "crash")
    )
    data = json.loads(converted.read_text(encoding="utf-8"))
    data.setdefault("reproducibility", {})["code"] = {"repository": "file:///home/someone/clone.git", "commit": "8879a56"}
    converted.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path_factory.mktemp("site") / "out"
    build_site([records], out, SiteConfig(title="Example lab"), search=False)
    return out


def _page(site: Path, record_id: str) -> str:
    return (site / "records" / record_id / "index.html").read_text(encoding="utf-8")


def test_a_link_both_records_make_is_listed_once(site: Path) -> None:
    for here, there in (
        ("dropedge-deep-gcn-ogbn-arxiv", "tent-small-batch-imagenet-c-replication"),
        ("tent-small-batch-imagenet-c-replication", "dropedge-deep-gcn-ogbn-arxiv"),
    ):
        related = re.search(r'<ul class="nrr-related">(.*?)</ul>', _page(site, here), re.S)
        assert related is not None
        assert related.group(1).count(f"/records/{there}/") == 1, here


def test_joined_descriptions_and_references_read_cleanly(site: Path) -> None:
    text = _text(_page(site, "dropedge-deep-gcn-ogbn-arxiv"))
    assert "plain: The same network; shallow: A 3-layer reference." in text
    assert ".;" not in text
    references = _text(_page(site, "dropedge-deep-gcn-ogbn-arxiv").split('id="related"', 1)[1].split("</ol>", 1)[0])
    assert references.count("1907.10903") == 1, references  # the arXiv id links to the paper; its abs URL would repeat it


def _crashed(site: Path) -> tuple[str, str]:
    for page in sorted((site / "records").glob("*/index.html")):
        html = page.read_text(encoding="utf-8")
        if "the run crashed" in html and '<td><span class="nrr-muted"' in html:
            return page.parent.name, html
    raise AssertionError("no crashed record with an unknown starting value")


def test_a_crashed_runs_metric_is_one_sentence_and_unknown_values_say_so(site: Path) -> None:
    _, html = _crashed(site)
    metric = _text(re.search(r"<dt>Metric</dt><dd>(.*?)</dd>", html, re.S).group(1))  # type: ignore[union-attr]
    assert re.fullmatch(
        r"\w+ \((lower|higher) is better\): no value, the run crashed(; against the best kept [\d.]+)?", metric
    ), metric
    outcome = _text(re.search(r"<dt>Outcome</dt><dd>(.*?)</dd>", html, re.S).group(1))  # type: ignore[union-attr]
    assert outcome in ("crash (in the code)", "crash (in the environment)"), outcome
    changes = re.search(r"<caption>What the experiment changed</caption>.*?</table>", html, re.S).group(0)  # type: ignore[union-attr]
    assert "<td></td>" not in changes and "not given" in changes


def test_a_local_repository_path_stays_off_the_page(site: Path) -> None:
    page = next(
        p
        for p in sorted((site / "records").glob("*/index.html"))
        if "clone.git" in p.read_text(encoding="utf-8") or "a local repository" in p.read_text(encoding="utf-8")
    )
    record_id, html = page.parent.name, page.read_text(encoding="utf-8")
    assert "file:" not in html.split('id="reproducibility"', 1)[1].split("</dl>", 1)[0]
    assert "a local repository (no public address)" in html, record_id


def test_version_one_is_dated_in_the_history(site: Path) -> None:
    html = _page(site, "tent-cardiac-mri-scanner-shift")  # version 2, its first version not kept as a copy
    history = _text(re.search(r'<ul class="nrr-history">(.*?)</ul>', html, re.S).group(1))  # type: ignore[union-attr]
    assert re.search(r"Version 1, \d{4}-\d\d-\d\d: first published", history), history


def test_a_session_chart_mentions_crashes_only_when_it_draws_some(site: Path) -> None:
    said = {}
    for page in (site / "sessions").glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        said[page.parent.name] = ("crosses below the axis" in html, 'class="nrr-sp-crash"><title>' in html)
    assert (True, True) in said.values() and (False, False) in said.values()
    assert all(caption == drawn for caption, drawn in said.values()), said


def test_an_earlier_version_says_so_before_anything_else_and_a_date_is_given_once(site: Path) -> None:
    html = (site / "records" / "dropedge-deep-gcn-ogbn-arxiv" / "v1" / "index.html").read_text(encoding="utf-8")
    assert html.index("An earlier version") < html.index('id="cite"') < html.index('id="problem"')
    meta = _text(re.search(r'<p class="nrr-meta"[^>]*>(.*?)</p>', html, re.S).group(1))  # type: ignore[union-attr]
    dates = re.findall(r"\d{4}-\d\d-\d\d", meta)
    assert len(dates) == len(set(dates)), meta


def test_a_summary_that_repeats_the_results_is_read_once(site: Path, examples_dir: Path) -> None:
    html = (site / "records" / "autoresearch-batch-131k-crash" / "index.html").read_text(encoding="utf-8")
    record = json.loads((examples_dir / "autoresearch-batch-131k-crash.json").read_text(encoding="utf-8"))
    assert record["summary"] == record["results"]["summary"]  # the case this test is about
    assert 'class="nrr-abstract"' not in html  # not twice on the page: once under Results
    assert "The run stopped at start-up with an assertion error" in _text(html.split('id="results"')[1].split("<h2")[0])
    # A summary of its own stays at the top of the page.
    other = (site / "records" / "dropedge-deep-gcn-ogbn-arxiv" / "index.html").read_text(encoding="utf-8")
    assert 'class="nrr-abstract"' in other
