"""The session chart's key and layout: it names what it draws, and nothing else."""

from __future__ import annotations

import math
import re
from itertools import pairwise

import pytest

from nrr_spec.publish.plots import WIDE, Point, nice_ticks, session_plot, session_plots


def _legend(svg: str) -> list[str]:
    return re.findall(r'<g transform="translate\([\d.]+ \d+\)"><(?:path|circle)[^>]*/><text[^>]*>([^<]+)</text></g>', svg)


def _view_height(svg: str) -> float:
    return float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))  # type: ignore[union-attr]


def _every_kind_of_point() -> list[Point]:
    """A session with one point of each key entry: kept, three failure classes, undecided and a crash."""
    classes = ["regression", "no_improvement", "marginal"]
    points = [Point(1, 1.0, "keep", None, "kept")]
    points += [Point(i + 2, 1.1, "discard", c, c) for i, c in enumerate(classes)]
    points += [Point(5, 1.05, "other", None, "undecided"), Point(6, None, "crash", "crash_code", "oom")]
    return points


def test_the_key_names_only_what_the_chart_draws() -> None:
    points = [
        Point(1, 1.0, "baseline", None, "baseline"),
        Point(2, 1.1, "discard", "regression", "worse"),
        Point(3, 0.9, "keep", None, "better"),
        Point(4, 0.95, "discard", None, "no class"),
    ]
    svg = str(session_plot(points, "val_bpb", "lower"))
    assert _legend(svg) == ["kept", "regression", "unclassified"]
    assert "crashed" not in svg
    with_crash = str(session_plot([*points, Point(5, None, "crash", "crash_code", "oom")], "val_bpb", "lower"))
    assert _legend(with_crash) == ["kept", "regression", "unclassified", "crash"]
    # The crash row below the axis takes room only when there is a crash to show.
    assert _view_height(svg) < _view_height(with_crash)


def test_a_long_key_wraps_onto_a_second_row_and_moves_the_chart_down() -> None:
    points = _every_kind_of_point()
    svg = str(session_plot(points, "val_bpb", "lower"))
    assert _legend(svg) == ["kept", "regression", "no improvement", "marginal", "undecided", "crash"]
    keys = re.findall(r'<g transform="translate\(([\d.]+) (\d+)\)"><(?:path|circle)[^>]*/><text[^>]*>([^<]+)</text></g>', svg)
    rows = sorted({int(y) for _, y, _ in keys})
    assert len(rows) == 2, keys
    # Each key ends inside the picture, at a generous 9 units a character of its 15 px text.
    assert all(float(x) + 18 + 9 * len(name) <= 480 for x, _, name in keys), keys
    # The chart itself moves down by the added row, so the key never sits on the top tick.
    assert '<g transform="translate(0 20)"><rect' in svg
    one_row = str(session_plot(points[:3], "val_bpb", "lower"))
    assert "translate(0 20)" not in one_row


def test_the_crash_row_label_ends_before_the_first_cross() -> None:
    points = [
        Point(1, None, "crash", "crash_infra", "lost"),
        Point(2, 1.0, "keep", None, "kept"),
        Point(3, None, "crash", None, "x"),
    ]
    svg = str(session_plot(points, "loss", "lower"))
    label_end = float(re.search(r'<text x="([\d.]+)" y="[\d.]+" text-anchor="end" class="nrr-plot-tick">crashed', svg).group(1))  # type: ignore[union-attr]
    first_cross_left = min(
        float(x) for x in re.findall(r'<path d="M([\d.]+) [\d.]+l8 8m0 -8l-8 8" class="nrr-sp-crash"><title>', svg)
    )
    assert label_end + 3 <= first_cross_left
    # ... and starts inside the picture: seven characters of 15 px text need about 55 units.
    assert label_end - 55 >= 0


@pytest.mark.parametrize(
    ("low", "high"), [(1.43, 2.09), (1.66, 1.79), (0.9731, 0.9749), (0.0, 1128.0), (-0.52, 0.31), (3e-5, 7e-5)]
)
def test_axis_ticks_are_round_numbers_inside_the_range(low: float, high: float) -> None:
    ticks = nice_ticks(low, high)
    assert 2 <= len(ticks) <= 5
    values = [v for v, _ in ticks]
    assert all(low - 1e-12 <= v <= high + 1e-12 for v in values)
    steps = {round(b - a, 12) for a, b in pairwise(values)}
    assert len(steps) == 1  # evenly spaced
    step = steps.pop()
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert min(abs(mantissa - m) for m in (1, 2, 2.5, 5, 10)) < 1e-6, step
    for value, label in ticks:  # the label is the value, written with no more digits than the step needs
        assert math.isclose(float(label), value, abs_tol=step / 100)
        assert len(label.split(".")[1]) if "." in label else max(0, -math.floor(math.log10(step))) + 1 >= 0


def test_the_first_and_last_experiments_are_drawn_whole_inside_the_frame() -> None:
    points = [
        Point(1, 1.0, "keep", None, "first"),
        Point(2, 1.1, "discard", "regression", "x"),
        Point(3, 0.9, "keep", None, "last"),
    ]
    svg = str(session_plot(points, "val_bpb", "lower"))
    frame = re.search(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    assert frame
    left, right = float(frame.group(1)), float(frame.group(1)) + float(frame.group(2))
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)" cy="[\d.]+" r="3\.5"', svg)]
    assert len(xs) == 2 and all(left + 3.5 < x < right - 3.5 for x in xs), (left, right, xs)


def test_the_wide_drawing_keeps_its_key_on_one_row_and_draws_the_same_marks() -> None:
    points = _every_kind_of_point()
    both = str(session_plots(points, "val_bpb", "lower"))
    wide, narrow = re.findall(r"<svg .*?</svg>", both)
    assert f'viewBox="0 0 {WIDE[0]} ' in wide and 'viewBox="0 0 480 ' in narrow
    assert _legend(wide) == _legend(narrow) and "translate(0 20)" not in wide  # room for the whole key on one row
    marks = r'class="nrr-(?:sp|fc)-[\w-]+'
    assert sorted(re.findall(marks, wide)) == sorted(re.findall(marks, narrow))
    assert str(session_plots([], "val_bpb", "lower")) == ""
