"""Options several commands share, declared once so they read and default the same everywhere."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..io import RECORDS_DIR
from ..model.vocabulary import Direction, values

F = TypeVar("F", bound=Callable[..., Any])


def records_option(help_text: str = "Records folder.") -> Callable[[F], F]:
    """`--records DIR`: the records folder, `records/` by default (where `nrr convert` and `nrr new` write)."""
    return click.option(
        "--records",
        "records",
        default=RECORDS_DIR,
        show_default=True,
        type=click.Path(path_type=Path),
        help=help_text,
    )


def records_arguments(what: str = "RECORDS") -> Callable[[F], F]:
    """Record files or folders as arguments; none means the records folder (`records_or_default`)."""
    return click.argument(what.lower(), nargs=-1, type=click.Path())


def records_or_default(paths: tuple[str, ...]) -> tuple[str, ...]:
    return paths or (RECORDS_DIR,)


direction_option = click.option(
    "--direction", type=click.Choice(values(Direction)), help="Whether lower or higher is better (default: guessed)."
)
"""`--direction lower|higher` of the metric a loop optimises."""


def mapping_option(help_text: str, *, required: bool = False) -> Callable[[F], F]:
    """`--map FILE`: the mapping file (YAML or JSON) that names the columns of a log."""
    return click.option(
        "--map", "mapping_file", required=required, type=click.Path(dir_okay=False, path_type=Path), help=help_text
    )


metric_option = click.option("--metric", help="Column of the metric the loop optimises (default: guessed from the header).")
"""`--metric COLUMN` of a log: which column holds the metric a loop optimises."""

status_map_option = click.option(
    "--status-map",
    "status_map",
    multiple=True,
    metavar="WORD=OUTCOME",
    help="Map a status word to keep, discard, crash, baseline or other (repeatable).",
)
"""`--status-map WORD=OUTCOME` of a log: what a status word the converter does not know means."""

judge_by_metric_option = click.option(
    "--judge-by-metric",
    "judge_by_metric",
    is_flag=True,
    help="Judge runs that carry no keep/discard decision by the metric: kept when they beat the best so far, "
    "discarded otherwise (without it, a log with no status column is judged so only when its descriptions "
    "say what they kept).",
)
"""`--judge-by-metric` of a log: runs without a decision are judged against the best so far."""


class FiniteFloatRange(click.FloatRange):
    """A number in a range, and never NaN or infinity: NaN compares false with every bound, so a
    plain FloatRange lets it through to the records, where no reader can carry it."""

    name = "float"  # as click says of a number it cannot read: "'x' is not a valid float."

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if not math.isfinite(number):
            self.fail(f"{value} is not a finite number; give one in the range {self._describe_range()}.", param, ctx)
        return number


def threshold_option(name: str, help_text: str) -> Callable[[F], F]:
    """A failure-class threshold: a fraction of the metric's scale, 0 or more. A negative one would
    call a discarded experiment that got better a regression (or one that got worse marginal),
    which its record's own check (NRR309) then refuses."""
    return click.option(name, type=FiniteFloatRange(min=0), default=None, help=help_text)
