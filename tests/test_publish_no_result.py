"""A discarded run that logged 0 for 'no result' (an aborted run writes val_bpb 0.000000) is shown as
a run with no result: not as a 100% gain in the list, on its page, in its session's table or chart."""

from __future__ import annotations

import html as html_lib
import json
import re
import shutil
from pathlib import Path

import pytest

from nrr_spec.model import Record
from nrr_spec.publish import SiteConfig, build_site
from nrr_spec.publish.facets import effect
from nrr_spec.publish.plots import Point, session_plot

ZEROED = "autoresearch-matrix-lr-0045-regression"  # a discard of the example session, its value set to 0


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", "", html)))


def _zeroed(examples_dir: Path) -> dict:
    data = json.loads((examples_dir / f"{ZEROED}.json").read_text(encoding="utf-8"))
    data["experiment"]["metric"].update(value=0.0, delta=-data["experiment"]["metric"]["baseline"])
    data["experiment"]["failure_class"] = "marginal"
    return data


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    records = tmp_path_factory.mktemp("records")
    for path in examples_dir.glob("autoresearch-*.json"):
        shutil.copy(path, records)
    (records / f"{ZEROED}.json").write_text(json.dumps(_zeroed(examples_dir)), encoding="utf-8")
    out = tmp_path_factory.mktemp("site") / "site"
    build_site([records], out, SiteConfig(title="Lab"), search=False)
    return out


def test_a_zero_logged_for_no_result_has_no_effect_but_a_real_zero_does(examples_dir: Path) -> None:
    data = _zeroed(examples_dir)
    assert Record.model_validate(data).experiment.logged_no_result()  # type: ignore[union-attr]
    assert effect(Record.model_validate(data)) is None
    # Higher is better: 0 is a measurement (an accuracy of nothing), worse by 100%.
    data["experiment"]["metric"]["direction"] = "higher"
    assert effect(Record.model_validate(data)) == ("val_bpb", -100.0)


def test_the_record_page_says_no_value_and_gives_no_delta(site: Path) -> None:
    page = (site / "records" / ZEROED / "index.html").read_text(encoding="utf-8")
    metric = _text(re.search(r"<dt>Metric</dt><dd>(.*?)</dd>", page, re.S).group(1))  # type: ignore[union-attr]
    assert metric == "val_bpb (lower is better): no value (the log holds 0 for none); against the best kept 0.974119"


def test_the_session_draws_and_lists_it_as_a_run_with_no_result(site: Path) -> None:
    page = next((site / "sessions").glob("*/index.html")).read_text(encoding="utf-8")
    row = next(r for r in re.findall(r"<tr class=\"nrr-outcome-discard\">.*?</tr>", page, re.S) if "0.045" in r)
    assert "none (0 logged)" in _text(row) and "-0.974119" not in row
    svg = re.search(r"<svg class=\"nrr-session-plot\".*?</svg>", page, re.S).group(0)  # type: ignore[union-attr]
    assert ">no result</text>" in svg and ">crashed</text>" not in svg  # a crash and a discard share the row
    # The chart's scale is set by the results, not by the 0: no tick at or near it.
    ticks = [float(t) for t in re.findall(r'class="nrr-plot-tick">(-?[\d.]+)</text><line', svg)]
    assert ticks and min(ticks) > 0.9, ticks
    assert "runs with no result as crosses below the axis" in _text(page)


def test_a_row_of_crashes_only_is_still_called_crashed() -> None:
    points = [Point(1, 1.0, "keep", None, "kept"), Point(2, None, "crash", "crash_code", "oom")]
    svg = str(session_plot(points, "loss", "lower"))
    assert ">crashed</text>" in svg and ">crash</text>" in svg and "no result" not in svg
