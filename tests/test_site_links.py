"""Every address a record's pages name resolves to a file of the built site, for each of its versions."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.publish import SiteConfig, build_site

REVISED = "dropedge-deep-gcn-ogbn-arxiv"
_ADDRESS = re.compile(r'\s(?:href|src)="([^"]*)"')


def broken_links(site: Path, page: Path) -> list[str]:
    """The addresses in `page` that name no file under `site`: relative ones from the page's folder,
    root-relative ones from the site's root; other sites, data: and mailto: are not checked."""
    broken = []
    for address in _ADDRESS.findall(page.read_text(encoding="utf-8")):
        parts = urlsplit(address.replace("&amp;", "&"))
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site, a data:/mailto: address, or a fragment of this page
        path = unquote(parts.path)
        target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
        if path.endswith("/") or target.is_dir():  # a folder is served as its index.html
            target = target / "index.html"
        resolved = target.resolve()
        if not resolved.is_relative_to(site.resolve()) or not resolved.is_file():
            broken.append(address)
    return broken


@pytest.fixture(scope="module")
def revised_site(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    records = tmp_path_factory.mktemp("records")
    shutil.copytree(examples_dir, records, dirs_exist_ok=True)
    for message in ("Corrected the baseline.", "Added a seed."):
        revised = CliRunner().invoke(main, ["revise", REVISED, "-m", message, "--records", str(records)])
        assert revised.exit_code == 0, revised.output
    out = tmp_path_factory.mktemp("site") / "out"
    result = build_site([records], out, SiteConfig(title="Example lab"), search=False)
    assert result.versions == 2
    return out


def test_every_link_on_a_revised_records_pages_resolves(revised_site: Path) -> None:
    folder = revised_site / "records" / REVISED
    pages = sorted(folder.rglob("*.html"))
    assert {p.parent.name for p in pages} == {REVISED, "v1", "v2", "v3"}
    for page in pages:
        assert broken_links(revised_site, page) == [], page.relative_to(revised_site)


def test_an_earlier_versions_json_is_that_version(revised_site: Path) -> None:
    folder = revised_site / "records" / REVISED
    for number in (1, 2):
        html = (folder / f"v{number}" / "index.html").read_text(encoding="utf-8")
        href = re.search(r'<a href="([^"]+)" class="nrr-cite-json">', html)
        assert href is not None
        data = json.loads((folder / f"v{number}" / href.group(1)).read_text(encoding="utf-8"))
        assert data["version"] == number
    assert json.loads((folder / f"{REVISED}.json").read_text(encoding="utf-8"))["version"] == 3
