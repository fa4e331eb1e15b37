"""Record text to HTML, safely: everything escaped, Markdown without raw HTML, links allow-listed.

Record text is untrusted input: a catalogue may publish records written by anyone. Nothing here
trusts it, so templates can mark the returned HTML safe.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from ..urls import doi_url

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_DOI_RE = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]")


def safe_url(url: str | None) -> str | None:
    """The URL if it is http(s), mailto or a DOI (as a doi.org link); None for anything else.

    Browsers ignore tabs, newlines and leading control characters in a scheme ("java\\tscript:"),
    so the check looks at the URL with those removed and refuses URLs that contain them.
    """
    if not url:
        return None
    candidate = url.strip()
    if _CONTROL_RE.search(candidate):
        return None
    doi = _DOI_RE.match(candidate)
    if doi and not candidate.lower().startswith("http"):
        return doi_url(doi.group(1))
    if candidate.lower().startswith(_SAFE_SCHEMES):
        return candidate
    return None


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # Images would let a record load anything from anywhere when its page is read.
    md.disable("image")
    md.validateLink = lambda url: safe_url(url) is not None  # type: ignore[method-assign]
    md.normalizeLink = lambda url: safe_url(url) or ""  # type: ignore[method-assign]

    def link_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("rel", "nofollow noopener noreferrer")
        return str(renderer.renderToken(tokens, idx, options, env))

    md.add_render_rule("link_open", link_open)
    # Headings inside record prose would break the page outline; render them as bold paragraphs.
    md.disable("heading")
    md.disable("lheading")
    return md


_MD = _markdown()
# Prose that Markdown would leave as it is: words of characters with no Markdown meaning, one space
# apart, starting with a letter (so no list, quote, rule or heading). Most record prose is like this,
# and markdown-it takes a tenth of a millisecond even for a sentence; such text is only escaped.
# A test checks that both ways give the same HTML.
_PLAIN = re.compile(r"[^\W\d_][^\s\x00-\x1f\x7f\\`*_\[\]<>&!~|]*(?: [^\s\x00-\x1f\x7f\\`*_\[\]<>&!~|]+)*")


def _escape(text: str) -> str:
    # What markdown-it escapes in text: & < > and ", not '.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def markdown(text: str | None) -> Markup:
    """Record prose as HTML: CommonMark without raw HTML, images or headings; links allow-listed."""
    if not text:
        return Markup("")
    if _PLAIN.fullmatch(text):
        return Markup(f"<p>{_escape(text)}</p>\n")  # noqa: S704 - escaped as markdown-it would
    return Markup(_MD.render(text))  # noqa: S704 - markdown-it escapes all text; raw HTML is disabled


def link(url: str | None, label: str | None = None) -> Markup:
    """An anchor for an allow-listed URL, or the escaped text when the URL is not allowed."""
    target = safe_url(url)
    text = label if label is not None else (url or "")
    if target is None:
        return Markup("{}").format(text)
    return Markup('<a href="{}" rel="nofollow noopener noreferrer">{}</a>').format(target, text)


def script_json(data: Any) -> Markup:
    """JSON for an inline <script>: '<', '>' and '&' written as \\u escapes so nothing can close the tag."""
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)  # noqa: S704 - every character that could end the script is escaped above


def plain(value: Any) -> str:
    """A value as short display text."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


__all__ = ["escape", "link", "markdown", "markdown_inline", "oneline", "plain", "safe_url", "script_json"]


def markdown_inline(text: str | None) -> Markup:
    """A short piece of record prose as inline HTML (no paragraph), with the same rules as `markdown`."""
    if not text:
        return Markup("")
    if _PLAIN.fullmatch(text):
        return Markup(_escape(text))  # noqa: S704 - escaped as markdown-it would
    return Markup(_MD.renderInline(text))  # noqa: S704 - markdown-it escapes all text; raw HTML is disabled


def oneline(text: str | None) -> str:
    """Text with every run of whitespace as one space, for places where a line break would change meaning."""
    return " ".join((text or "").split())
