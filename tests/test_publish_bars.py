"""The dashboards' bar charts: a stacked chart's key names the parts its bars have, and only those."""

from __future__ import annotations

import re

from nrr_spec.publish.bars import Bar, bar_chart


def _key(html: str) -> list[str]:
    key = re.search(r'<ul class="nrr-bars-key"[^>]*>(.*?)</ul>', html)
    return re.findall(r"</span>([^<]+)</li>", key.group(1)) if key else []


def test_a_stacked_key_names_only_the_parts_some_bar_has() -> None:
    legend = ["regression", "no improvement", "crash code", "crash infra"]
    bars = [Bar("2026-03", 3, segments=(2, 0, 1, 0)), Bar("2026-05", 4, segments=(1, 3, 0, 0))]
    html = str(bar_chart("Failure classes over time", bars, legend=legend))
    assert _key(html) == ["regression", "no improvement", "crash code"]
    # Each part keeps its own colour when a part before it is left out of the key.
    assert 'nrr-seg-2" aria-hidden="true"></span>crash code' in html


def test_an_unstacked_chart_keeps_the_key_it_is_given() -> None:
    html = str(bar_chart("Causes", [Bar("budget", 2)], legend=["records"]))
    assert _key(html) == ["records"]
