"""Atom feed, sitemap and the bulk downloads (records.jsonl, all.bib...) of the public records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from .. import urls
from ..cite.formats import COLLECTIONS
from .collect import Catalogue, Entry
from .config import SiteConfig
from .fragments import Fragments
from .read_memo import record_json

FEED_SIZE = 100


def _stamp(date: dt.date | None) -> str:
    return f"{(date or dt.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def _xml_text(value: str) -> str:
    # XML 1.0 cannot carry most control characters even escaped; drop them rather than emit a broken feed.
    cleaned = "".join(ch for ch in value if ch in "\t\n\r" or ord(ch) >= 0x20)
    return xml_escape(cleaned)


def atom_feed(catalogue: Catalogue, config: SiteConfig, now: dt.date) -> str:
    """New and revised records, most recent first; ids are URNs so the feed is valid without a base URL."""
    base = config.site_url or ""
    latest = catalogue.entries[:FEED_SIZE]
    updated = max((e.date for e in latest if e.date), default=now)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"  <title>{_xml_text(config.title)}</title>",
        f"  <subtitle>{_xml_text(config.description)}</subtitle>",
        f"  <id>{_xml_text(base + 'feed.xml') if base else 'urn:nrr:catalogue'}</id>",
        f"  <updated>{_stamp(updated)}</updated>",
        f'  <link rel="self" href={quoteattr(base + "feed.xml")}/>',
        f'  <link rel="alternate" href={quoteattr(base or "./")}/>',
        f"  <author><name>{_xml_text(config.publisher or config.title)}</name></author>",
    ]
    for entry in latest:
        lines += _feed_entry(entry, base)
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _feed_entry(entry: Entry, base: str) -> list[str]:
    record = entry.record
    revised = record.version > 1
    title = (f"Revised (v{record.version}): " if revised else "") + record.title
    summary = record.summary or record.results.summary
    out = [
        "  <entry>",
        f"    <title>{_xml_text(title)}</title>",
        f"    <id>urn:nrr:{_xml_text(record.id)}:v{record.version}</id>",
        f'    <link rel="alternate" href={quoteattr(base + urls.record_path(record.id))}/>',
        f"    <updated>{_stamp(entry.date)}</updated>",
    ]
    if record.created:
        out.append(f"    <published>{_stamp(record.created)}</published>")
    out += [f"    <author><name>{_xml_text(a.name)}</name></author>" for a in record.authors]
    if record.kind:
        out.append(f"    <category term={quoteattr(str(record.kind))}/>")
    out += [f"    <summary>{_xml_text(summary)}</summary>", "  </entry>"]
    return out


def sitemap(urls: Iterable[tuple[str, dt.date | None]], base: str) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for path, modified in urls:
        lastmod = f"<lastmod>{modified.isoformat()}</lastmod>" if modified else ""
        lines.append(f"  <url><loc>{_xml_text(base + path)}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(config: SiteConfig) -> str:
    """Every page may be crawled; the sitemap is named when the site has an address (it must be absolute)."""
    lines = ["User-agent: *", "Allow: /"]
    if config.site_url:
        lines.append(f"Sitemap: {config.site_url}sitemap.xml")
    return "\n".join(lines) + "\n"


def write_dumps(
    catalogue: Catalogue,
    config: SiteConfig,
    out: Path,
    pieces: Fragments | None = None,
    digests: dict[str, str] | None = None,
    dumped: dict[int, bytes] | None = None,
) -> None:
    """records.jsonl (one public record per line, as published), the all.* citation files and robots.txt.

    `dumped` holds records' JSON already made (by id() of the record); with `pieces` and the entry
    `digests`, the citations of unchanged records are taken from an earlier build."""
    pieces = pieces or Fragments()
    digests = digests or {}
    dumped = dumped or {}
    (out / "robots.txt").write_text(robots_txt(config), encoding="utf-8", newline="\n")
    with (out / "records.jsonl").open("wb") as binary:
        for entry in catalogue.entries:
            text = dumped.get(id(entry.record)) or record_json(entry.record)
            binary.write(text + b"\n")
    by_id = sorted(catalogue.entries, key=lambda e: e.id)
    for fmt in COLLECTIONS:
        assert fmt.collection is not None
        texts = (pieces.get(fmt.name, digests.get(e.id, ""), partial(fmt.write, e.record, config.site_url)) for e in by_id)
        with (out / fmt.collection_file).open("w", encoding="utf-8", newline="\n") as handle:
            handle.writelines(fmt.collection(texts))
