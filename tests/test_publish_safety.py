"""What must never be published is not, and record text cannot run in a reader's browser."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
import zlib
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from nrr_spec.cite import MEDIA_TYPES
from nrr_spec.publish import SiteConfig, build_site
from nrr_spec.publish.synthetic import generate
from nrr_spec.publish.text import link, markdown, safe_url, script_json

TODAY = dt.date(2026, 6, 1)
LEAKS = {
    "restricted": "sentinelrestrictedqx",
    "embargoed": "sentinelembargoqz",
    "old-version": "sentineloldversionqk",
}
ENDED = "sentinelendedqw"  # an embargo that has ended: must be published (shows the search can find a sentinel)


def _with(record: dict[str, Any], sentinel: str, rid: str, **dual_use: Any) -> dict[str, Any]:
    """A record carrying `sentinel` in every field that reaches some output."""
    record = json.loads(json.dumps(record))
    record["id"] = rid
    record["title"] = f"{sentinel}title negative result"
    record["summary"] = f"Summary {sentinel}summary."
    record["domain"] = f"{sentinel}domain"
    record["keywords"] = [f"{sentinel}tag"]
    record["authors"] = [{"name": f"Author {sentinel}author"}]
    record["problem"]["statement"] = f"Problem {sentinel}problem."
    record["methods"]["description"] = f"Methods {sentinel}methods."
    record["results"]["outcomes"][0]["metric"] = f"{sentinel}metric"
    record["results"]["outcomes"][0]["condition"] = f"{sentinel}condition"
    record["methods"]["metrics"][0]["name"] = f"{sentinel}metric"
    record["dual_use"] = {"concern": "low", "assessment": "Could help an attacker; shared on request only.", **dual_use}
    return record


def _write(folder: Path, record: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{record['id']}.json").write_text(json.dumps(record, indent=2), encoding="utf-8")


def _texts(site: Path) -> list[tuple[Path, bytes]]:
    """Every file's bytes, plus the decompressed bytes of compressed ones (Pagefind's index is gzipped)."""
    out = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        out.append((path, data))
        for decompress in (gzip.decompress, zlib.decompress):
            try:
                out.append((path, decompress(data)))
            except Exception:
                continue
    return out


@pytest.fixture(scope="module")
def sentinel_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sentinel")
    records = root / "records"
    base = generate(3, seed=7)
    public = base[0]
    _write(records, public)
    _write(records, base[1])
    _write(records, _with(base[2], LEAKS["restricted"], "withheld-restricted-rec", disclosure="restricted"))
    _write(
        records, _with(base[2], LEAKS["embargoed"], "withheld-embargoed-rec", disclosure="embargoed", embargo_until="2099-01-01")
    )
    _write(records, _with(base[2], ENDED, "ended-embargo-rec", disclosure="embargoed", embargo_until="2026-01-01"))
    # A public record that links to the withheld ones, and whose earlier version was restricted.
    linking = json.loads(json.dumps(base[1]))
    linking["id"] = "public-linking-rec"
    linking["version"] = 2
    linking["revisions"] = [{"version": 2, "date": "2026-02-01", "summary": "Made public after review."}]
    linking["related"] = [
        {"id": "withheld-restricted-rec", "relation": "replicates"},
        {"id": "withheld-embargoed-rec", "relation": "similar_to"},
        {"id": public["id"], "relation": "extends"},
    ]
    _write(records, linking)
    old = _with(linking, LEAKS["old-version"], "public-linking-rec", disclosure="restricted")
    old["version"] = 1
    old["revisions"] = []
    old["related"] = []
    _write(records / ".history" / "public-linking-rec", {**old, "id": "public-linking-rec"})
    (records / ".history" / "public-linking-rec" / "public-linking-rec.json").rename(
        records / ".history" / "public-linking-rec" / "v1.json"
    )
    out = root / "site"
    build_site([records], out, SiteConfig(base_url="https://lab.example.org/"), today=TODAY)
    return out


def test_withheld_records_appear_in_no_byte_of_the_output(sentinel_site: Path) -> None:
    texts = _texts(sentinel_site)
    assert any(p.parent.name == "pagefind" or "pagefind" in p.parts for p, _ in texts)
    for name, sentinel in LEAKS.items():
        for path, data in texts:
            assert sentinel.encode() not in data.lower(), f"{name} record leaked into {path}"
    for path, data in texts:
        assert b"withheld-" not in data, f"a withheld record's id leaked into {path}"


def test_sentinel_search_would_find_a_published_record(sentinel_site: Path) -> None:
    # The same search finds the record whose embargo has ended, in pages and in the search index.
    texts = _texts(sentinel_site)
    hits = {path.relative_to(sentinel_site).parts[0] for path, data in texts if ENDED.encode() in data.lower()}
    assert {"records", "pagefind", "search", "records.jsonl", "all.bib", "feed.xml"} <= hits


def test_public_record_drops_links_to_withheld_records(sentinel_site: Path) -> None:
    page = (sentinel_site / "records" / "public-linking-rec" / "index.html").read_text(encoding="utf-8")
    assert "extends" in page
    assert not (sentinel_site / "records" / "public-linking-rec" / "v1").exists()
    assert (sentinel_site / "records" / "public-linking-rec" / "v2" / "index.html").is_file()


class _Collector(HTMLParser):
    """Every script body, event-handler attribute and link target in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.handlers: list[str] = []
        self.urls: list[str] = []
        self.downloads: list[str] = []  # targets of <a download> links, kept apart: the Cite box's are data: addresses
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                download = tag == "a" and any(other == "download" for other, _ in attrs)
                (self.downloads if download else self.urls).append(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


PAYLOADS = [
    '<script>window.__nrrPwned="script"</script>',
    "<img src=x onerror=\"window.__nrrPwned='img'\">",
    '"><svg onload="window.__nrrPwned=\'attr\'">',
    "' onmouseover='window.__nrrPwned=1' x='",
    "</script><script>window.__nrrPwned='jsonld'</script>",
    "[click](javascript:window.__nrrPwned='md')",
    "[click](JaVaScRiPt:window.__nrrPwned='md2')",
    "<a href=\"javascript:window.__nrrPwned='a'\">x</a>",
    "{{ 7*7 }} {% raw %}",
    "<!-- <script>window.__nrrPwned='comment'</script> -->",
]


def injection_records() -> list[dict[str, Any]]:
    """Records whose every text field carries script-injection payloads."""
    out = []
    for i, base in enumerate(generate(2, seed=11)):
        payload = " ".join(PAYLOADS)
        record = json.loads(json.dumps(base))
        record["id"] = f"payload-record-{i}"
        record["title"] = f"Payload {i} {PAYLOADS[0]} {PAYLOADS[4]}"
        record["summary"] = payload
        record["domain"] = PAYLOADS[2]
        record["keywords"] = PAYLOADS[:4]
        record["authors"] = [{"name": PAYLOADS[3], "affiliation": PAYLOADS[1]}]
        record["problem"] = {"statement": payload, "motivation": payload, "task": PAYLOADS[2]}
        record["hypothesis"] = {
            "statement": payload,
            "rationale": payload,
            "prior_work": [{"citation": payload, "url": "javascript:window.__nrrPwned='ref'"}],
        }
        record["methods"]["description"] = payload
        record["methods"]["datasets"] = [{"name": PAYLOADS[1], "url": "javascript:window.__nrrPwned='ds'"}]
        record["results"]["summary"] = payload
        record["results"]["outcomes"][0]["metric"] = PAYLOADS[2]
        record["results"]["outcomes"][0]["condition"] = PAYLOADS[4]
        record["interpretation"]["explanation"] = payload
        record["interpretation"]["lessons"] = PAYLOADS
        record["reproducibility"]["commands"] = PAYLOADS
        record["dual_use"] = {"concern": "low", "disclosure": "public", "framing_statement": payload}
        out.append(record)
    out[1]["related"] = [{"id": "payload-record-0", "relation": "replicates", "note": PAYLOADS[2]}]
    return out


def build_injection_site(root: Path) -> Path:
    records = root / "records"
    for record in injection_records():
        _write(records, record)
    out = root / "site"
    build_site([records], out, SiteConfig(title="Payload lab"))
    return out


CITATION_TYPES = {MEDIA_TYPES[fmt] for fmt in ("bibtex", "ris", "cff", "csl")}


def test_injection_payloads_are_inert_in_the_html(tmp_path: Path) -> None:
    site = build_injection_site(tmp_path)
    pages = [
        site / "records" / "payload-record-0" / "index.html",
        site / "records" / "payload-record-1" / "index.html",
        site / "browse" / "index.html",
        site / "index.html",
        site / "dashboards" / "index.html",
    ]
    for page in pages:
        parsed = _Collector()
        parsed.feed(page.read_text(encoding="utf-8"))
        assert not [h for h in parsed.handlers if "nrrPwned" in h], page
        assert not [s for s in parsed.scripts if "nrrPwned" in s and "application/ld+json" not in s and "\\u003c" not in s], page
        assert not [u for u in parsed.urls if u.strip().lower().startswith(("javascript:", "data:", "vbscript:"))], page
        # The only data: addresses are citation downloads: a citation's media type, the text in base64.
        for url in parsed.downloads:
            kind = re.fullmatch(r"data:([a-z/+.-]+);charset=utf-8;base64,[A-Za-z0-9+/]*={0,2}", url)
            assert kind is not None and kind.group(1) in CITATION_TYPES, (page, url[:200])
    html = pages[0].read_text(encoding="utf-8")
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert ld is not None
    assert "Payload 0 <script>" in json.loads(ld.group(1))["name"]  # intact as data, inert as markup


def test_safe_url_allows_only_http_mailto_and_doi() -> None:
    assert safe_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    assert safe_url("mailto:lab@example.org") == "mailto:lab@example.org"
    assert safe_url("doi:10.5281/zenodo.1") == "https://doi.org/10.5281/zenodo.1"
    for bad in (
        "javascript:alert(1)",
        " JAVASCRIPT:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "//evil.example",
        "/relative",
        "file:///etc/passwd",
    ):
        assert safe_url(bad) is None, bad
    assert str(link("javascript:alert(1)", "<b>")) == "&lt;b&gt;"


def test_markdown_renders_without_raw_html_images_or_unsafe_links() -> None:
    html = str(markdown("**bold** <b onclick=x>raw</b> ![i](https://x/i.png) [ok](https://x.org) [bad](javascript:alert(1))"))
    assert "<strong>bold</strong>" in html
    assert "&lt;b onclick=x&gt;" in html
    assert "<img" not in html
    assert 'href="https://x.org"' in html and "javascript:" not in html.replace("(javascript:alert(1))", "")
    assert str(script_json('{"a": "</script><!--"}')) == '{"a": "\\u003c/script\\u003e\\u003c!--"}'


@pytest.mark.slow
def test_killed_build_leaves_the_previous_site_intact(tmp_path: Path) -> None:
    records = tmp_path / "records"
    for record in generate(1500, seed=3):
        _write(records, record)
    out = tmp_path / "site"
    small = tmp_path / "small"
    for record in generate(5, seed=4):
        _write(small, record)
    build_site([small], out, SiteConfig(title="Previous site"), search=False)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    script = (
        "import sys; from nrr_spec.publish import build_site, SiteConfig; "
        "build_site([sys.argv[1]], sys.argv[2], SiteConfig(title='Next site'), search=False)"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(records), str(out)], env={**os.environ})
    staging = tmp_path / f".site.build-{proc.pid}"
    deadline = time.monotonic() + 120
    # Kill it once it is writing record pages into its staging folder.
    while time.monotonic() < deadline and not (staging / "records").is_dir():
        assert proc.poll() is None, "the build finished before it could be interrupted"
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert staging.exists()  # what the killed build left...
    build_site([small], out, SiteConfig(title="Rebuilt"), search=False)
    assert not staging.exists()  # ...is cleaned up by the next build
    assert "Rebuilt" in (out / "index.html").read_text(encoding="utf-8")
