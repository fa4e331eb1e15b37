"""Parts of a narrative page that show the catalogue, filled in after mkdocs has built the page.

The front page shows the catalogue's figures and its latest records and sessions, so its Markdown
changed with every record added, and every rebuild ran mkdocs (a quarter of a second at 10,000
records, more than writing the changed record pages). A template marks such a part with
`{% call live() %}...{% endcall %}`, written as HTML: mkdocs builds the page with a placeholder in
its place, the narrative cache (narrative_cache.py) keeps that build while the rest of the
Markdown stays the same, and the build writes the part into the page afterwards. A clean build
and a rebuild do the same, so they give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup

from .narrative_cache import output_of
from .shell import ThemeError

_OPEN, _CLOSE = Markup("<!--nrr-live-->"), Markup("<!--/nrr-live-->")
_PART = re.compile(re.escape(_OPEN) + "(.*?)" + re.escape(_CLOSE), re.DOTALL)


def live(caller: Callable[[], str]) -> Markup:
    """The jinja2 `{% call live() %}` block: its HTML is kept out of the Markdown mkdocs converts."""
    return _OPEN + caller() + _CLOSE  # the block's own text was escaped as it rendered


def heading(text: str, anchor: str) -> Markup:
    """A second-level heading as mkdocs writes one (the `toc` extension with `permalink`), for a
    heading inside a live part, which mkdocs does not see."""
    return Markup('<h2 id="{0}">{1}<a class="headerlink" href="#{0}" title="Permanent link">&para;</a></h2>').format(anchor, text)


def _placeholder(number: int) -> str:
    return f'<div data-nrr-live="{number}"></div>'


def cut(pages: dict[str, str]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The pages' Markdown with each live part replaced by a placeholder (a raw HTML block, which
    Markdown passes through as it is), and the parts of each page, in order."""
    parts: dict[str, list[str]] = {}
    cut_pages = {}
    for name, markdown in pages.items():
        found: list[str] = []

        def stand_in(match: re.Match[str], found: list[str] = found) -> str:
            found.append(match.group(1).strip("\n"))
            return f"\n\n{_placeholder(len(found) - 1)}\n\n"

        cut_pages[name] = _PART.sub(stand_in, markdown)
        if found:
            parts[name] = found
    return cut_pages, parts


def fill(site: Path, parts: dict[str, list[str]]) -> None:
    """Write each page's live parts into the HTML mkdocs built for it under `site`."""
    for name, found in parts.items():
        path = site / output_of(name)
        html = path.read_text(encoding="utf-8")
        for number, part in enumerate(found):
            placeholder = _placeholder(number)
            if html.count(placeholder) != 1:
                raise ThemeError(
                    f"{name}: the built page does not hold its part {number} once; was the Markdown extension set changed?"
                )
            html = html.replace(placeholder, part)
        path.write_text(html, encoding="utf-8", newline="\n")
