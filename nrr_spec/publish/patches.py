"""A record's code change (`reproducibility.code.patch`) as highlighted HTML for its page."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup


@dataclass(frozen=True)
class PatchView:
    html: Markup
    files: int
    lines: int  # added and removed lines


def patch_view(patch: str) -> PatchView:
    """The unified diff highlighted as the theme's code blocks are (Pygments classes), with its size.

    Pygments escapes every character of the patch; without it the patch is shown escaped and plain.
    """
    lines = patch.splitlines()
    files = sum(1 for line in lines if line.startswith("+++ "))
    changed = sum(1 for line in lines if line[:1] in "+-" and not line.startswith(("+++ ", "--- ")))
    try:
        from pygments import highlight
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import DiffLexer
    except ImportError:
        html = Markup('<div class="highlight"><pre><code>{}</code></pre></div>').format(patch)
    else:
        html = Markup(highlight(patch, DiffLexer(), HtmlFormatter(wrapcode=True)))  # noqa: S704 - Pygments escapes its input
    return PatchView(html, max(files, 1), changed)


__all__ = ["PatchView", "patch_view"]
