"""Links and images in record prose: an image is a link to it, never a picture the page loads; DOIs
in any Markdown link form become doi.org links; anything not allow-listed stays text."""

from __future__ import annotations

import pytest

from nrr_spec.publish.text import markdown, markdown_inline

REL = 'rel="nofollow noopener noreferrer"'


def test_an_image_is_a_link_to_it_named_by_its_alt_text() -> None:
    html = str(markdown("The curve: ![loss curve](https://example.org/loss.png) as logged."))
    assert html == f'<p>The curve: <a href="https://example.org/loss.png" {REL}>loss curve</a> as logged.</p>\n'
    assert "<img" not in html and "!" not in html


def test_an_image_without_alt_text_is_named_by_its_address_and_keeps_its_title() -> None:
    html = str(markdown_inline('![](http://example.org/a.png "Run <3>")'))
    assert html == f'<a href="http://example.org/a.png" title="Run &lt;3&gt;" {REL}>http://example.org/a.png</a>'


@pytest.mark.parametrize(
    "source", ["![x](javascript:alert(1))", "![x](data:image/png;base64,AAAA)", "![x](file:///etc/passwd)", "![x](/local.png)"]
)
def test_an_image_with_an_address_not_allowed_stays_text(source: str) -> None:
    html = str(markdown_inline(source))
    assert "<a" not in html and "<img" not in html


def test_an_image_inside_a_link_gives_its_words_to_the_link() -> None:
    html = str(markdown_inline("[![build badge](https://example.org/b.svg)](https://example.org/ci)"))
    assert html == f'<a href="https://example.org/ci" {REL}>build badge</a>'


@pytest.mark.parametrize(
    "source",
    [
        "see [the paper](doi:10.1234/x)",
        "see [the paper](DOI:10.1234/x)",
        "see <doi:10.1234/x>",
        "see [the paper][p]\n\n[p]: doi:10.1234/x",
        "see [the paper](https://doi.org/10.1234/x)",
        "see ![the figure](doi:10.1234/x)",
    ],
)
def test_doi_links_are_kept_as_doi_org_links(source: str) -> None:
    assert f'<a href="https://doi.org/10.1234/x" {REL}>' in str(markdown(source))


def test_a_doi_links_percent_escapes_are_read_once() -> None:
    html = str(markdown_inline("[data](doi:10.1234/a%20b)"))
    assert 'href="https://doi.org/10.1234/a%20b"' in html  # not %2520
