"""`nrr serve` refuses a port in use before it builds, and serves the site under its base URL's path
so that the 404 page finds its styles; `nrr build` suggests the `nrr serve` that serves the folder
it wrote."""

from __future__ import annotations

import re
import shlex
import shutil
import socket
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
from click.testing import CliRunner

from nrr_spec.cli import main
from nrr_spec.publish import SiteConfig, build_site
from nrr_spec.publish.serve import SiteServer, make_server, mount_path


def test_serve_on_a_port_in_use_refuses_before_building(tmp_path: Path, examples_dir: Path) -> None:
    out = tmp_path / "served"
    out.mkdir()
    (out / "page.html").write_text("another server's site", encoding="utf-8")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(examples_dir), "--out", str(out), "--port", str(port), "--no-search"])
    assert result.exit_code == 2, result.output  # input to fix: choose another port
    assert f"nrr serve: cannot listen on 127.0.0.1:{port}" in result.output
    assert "choose another with --port" in result.output
    assert [p.name for p in out.iterdir()] == ["page.html"]  # the folder another server serves is as it was
    assert not (tmp_path / ".served.cache").exists()


def test_build_suggests_serving_the_same_folder_with_the_same_options(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(examples_dir, tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    base = "https://lab.example.org/nr/"
    args = ["records", "--out", "public site", "--base-url", base, "--no-search", "--no-cache", "--today", "2027-01-01"]
    result = CliRunner().invoke(main, ["build", *args])
    assert result.exit_code == 0, result.output
    hint = next(line for line in result.output.splitlines() if line.startswith("Open "))
    assert hint.startswith("Open public site/index.html;")
    served = shlex.split(hint.split(": ", 1)[1])
    assert served == [
        "nrr",
        "serve",
        "records",
        "--out",
        "public site",
        "--base-url",
        base,
        "--today",
        "2027-01-01",
        "--no-cache",
    ]
    assert str(tmp_path) not in result.output  # relative paths given, relative paths said


def test_build_with_default_options_suggests_a_plain_serve(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(examples_dir, tmp_path / "records")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--no-search", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert "search and filters need a web server: nrr serve --no-cache\n" in result.output


def test_the_mount_is_the_base_urls_path() -> None:
    assert mount_path(None) == "/"
    assert mount_path("https://lab.example.org/") == "/"
    assert mount_path("https://lab.example.org") == "/"
    assert mount_path("https://lab.example.org/nr/") == "/nr/"
    assert mount_path("https://lab.example.org/a/b") == "/a/b/"


@pytest.fixture(scope="module")
def served_under_a_path(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Iterator[str]:
    out = tmp_path_factory.mktemp("site") / "out"
    base = "https://lab.example.org/nr/"
    build_site([examples_dir], out, SiteConfig(base_url=base), search=False, cache=False)
    server: SiteServer = make_server(out, 0, mount=mount_path(base))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_the_404_page_loads_its_styles_and_links_under_the_base_urls_path(served_under_a_path: str) -> None:
    url = served_under_a_path + "/nr/records/no-such-record/"
    status, page = _get(url)
    assert status == 404 and "This page is not in the catalogue" in page
    addresses = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) + re.findall(r'<script src="([^"]+)"', page)
    addresses += re.findall(r'<a href="(/[^"]*)"', page)
    assert any("/assets/stylesheets/main." in a for a in addresses)
    for address in addresses:
        assert _get(urljoin(url, address))[0] == 200, address


def test_the_servers_root_leads_to_the_site(served_under_a_path: str) -> None:
    status, page = _get(served_under_a_path + "/")  # urllib follows the redirect
    assert status == 200 and 'href="browse/"' in page
    assert _get(served_under_a_path + "/browse/")[0] == 404  # only under the base URL's path, as on the host
