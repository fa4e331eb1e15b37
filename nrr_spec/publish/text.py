"""Record text to HTML, safely: everything escaped, Markdown without raw HTML, links allow-listed.

Record text is untrusted input: a catalogue may publish records written by anyone. Nothing here
trusts it, so templates can mark the returned HTML safe.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
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


def _link_destination(url: str) -> str:
    """A Markdown link's destination as the page links it: allow-listed, DOIs as doi.org links.

    A destination is a URL, so `%20` in `doi:10.1234/a%20b` is an escape, not part of the DOI:
    it is read as the character it stands for, which the resolver URL then escapes once."""
    doi = _DOI_RE.match(url.strip())
    if doi and not url.strip().lower().startswith("http"):
        return doi_url(unquote(doi.group(1)))
    return safe_url(url) or ""


_REL = "nofollow noopener noreferrer"


def _image_as_link(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    # An image in record text is shown as a link to it, named by its alt text (or its address):
    # an <img> would make every reader's browser fetch whatever address a record names as the
    # page opens (a tracking pixel, or any picture shown under the catalogue's name).
    token = tokens[idx]
    src = token.attrGet("src") or ""
    alt = renderer.renderInlineAsText(token.children or [], options, env)
    opened = sum(1 if t.type == "link_open" else -1 if t.type == "link_close" else 0 for t in tokens[:idx])
    if opened > 0:  # an image inside a link (a badge): its words, as a link cannot hold another
        return escapeHtml(alt or src)
    title = token.attrGet("title")
    titled = f' title="{escapeHtml(title)}"' if title else ""
    return f'<a href="{escapeHtml(src)}"{titled} rel="{_REL}">{escapeHtml(alt or src)}</a>'


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.validateLink = lambda url: safe_url(url) is not None  # type: ignore[method-assign]
    md.normalizeLink = _link_destination  # type: ignore[method-assign]

    def link_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("rel", _REL)
        return str(renderer.renderToken(tokens, idx, options, env))

    md.add_render_rule("link_open", link_open)
    md.add_render_rule("image", _image_as_link)
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
    """Record prose as HTML: CommonMark without raw HTML or headings, images as links to them; links allow-listed."""
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
