"""Site configuration is text: what a lab writes in nrr-site.toml shows as written, never as markup."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from nrr_spec.publish import ConfigError, SiteConfig, build_site, load_site_config
from nrr_spec.publish.config import markdown_text
from nrr_spec.publish.synthetic import generate

LINK = "[click](javascript:window.__nrrPwned='config')"
IMAGE = "![tracker](https://tracker.example.net/pixel.png)"
REFERENCE = "[ref][1] [1]: javascript:alert(1)"
ATTRS = "{ onclick=alert(1) }"


class _Targets(HTMLParser):
    """Every link and image address in a page, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value or "" for name, value in attrs if name in ("href", "src", "srcset")]
        assert not [name for name, _ in attrs if name.startswith("on")], (tag, attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("config-site")
    (root / "nrr-site.toml").write_text(
        "\n".join(
            f"{key} = {json.dumps(value)}"
            for key, value in {
                "title": f"Lab {LINK}",
                "description": f"{IMAGE} {LINK} {REFERENCE}\n# not a heading\n- not a list {ATTRS}",
                "publisher": f"{LINK} {IMAGE}",
                "licence": f"CC-BY-4.0 {LINK}",
                "contact": "lab@example.org",
            }.items()
        ),
        encoding="utf-8",
    )
    records = root / "records"
    records.mkdir()
    for record in generate(2, seed=5):
        (records / f"{record['id']}.json").write_text(json.dumps(record), encoding="utf-8")
    out = root / "site"
    build_site([records], out, load_site_config(search_from=root), search=False)
    return out


@pytest.mark.parametrize("page", ["index.html", "about/index.html", "contribute/index.html", "cite/index.html"])
def test_configuration_renders_no_link_or_remote_image(hostile_site: Path, page: str) -> None:
    parsed = _Targets()
    parsed.feed((hostile_site / page).read_text(encoding="utf-8"))
    assert not [url for url in parsed.urls if url.strip().lower().startswith(("javascript:", "data:", "vbscript:"))]
    assert not [url for url in parsed.urls if "tracker.example.net" in url]


def test_configuration_shows_as_the_lab_wrote_it(hostile_site: Path) -> None:
    parsed = _Targets()
    parsed.feed((hostile_site / "about" / "index.html").read_text(encoding="utf-8"))
    text = " ".join("".join(parsed.text).split())
    assert IMAGE in text and LINK in text and "# not a heading - not a list" in text


@pytest.mark.parametrize("contact", [f"lab@example.org {IMAGE}", "javascript:alert(1)", "see the website"])
def test_a_contact_is_an_address_or_nothing(tmp_path: Path, contact: str) -> None:
    (tmp_path / "nrr-site.toml").write_text(f"contact = {json.dumps(contact)}", encoding="utf-8")
    with pytest.raises(ConfigError, match="contact must be an e-mail address or an https:// URL"):
        load_site_config(search_from=tmp_path)


def test_markdown_text_escapes_every_structure() -> None:
    assert markdown_text("[a](b)") == r"\[a\]\(b\)"
    assert markdown_text("line one\n# two") == r"line one \# two"
    assert markdown_text("plain words, 100% sure") == "plain words, 100% sure"
    config = SiteConfig(title="[t](u)", base_url="https://lab.example.org/a_b/").for_markdown()
    assert config.title == r"\[t\]\(u\)" and config.base_url == "https://lab.example.org/a_b/"
