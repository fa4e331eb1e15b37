"""One log row into its parts: commit, outcome, metric value, description, dedicated change columns."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..changes.exit_status import names_an_exit_status
from ..changes.numbers import MISSING, parse_number, unit_of
from ..changes.phrases import REMEASURE, REVERTED, any_word
from ..changes.text import is_baseline_description
from ..model.vocabulary import ExperimentOutcome
from .columns import Layout, is_throughput, norm_name
from .reader import LogText, RawRow
from .settings_cells import parse_settings
from .values import is_placeholder, normalise_status


@dataclass(slots=True)
class Row:
    """What a converter needs from one log row."""

    row: int
    line: int
    commit: str | None
    status_raw: str | None
    outcome: str | None  # None: the status column holds something that is not a status
    description: str
    value: float | None
    unit: str | None
    session: str | None
    param: str | None = None
    old: str | None = None
    new: str | None = None
    config: dict[str, str] = field(default_factory=dict)
    settings: dict[str, str] = field(default_factory=dict)  # what a column of settings states (`settings_cells`)
    declared: dict[str, dict[str, str]] = field(default_factory=dict)  # its own changes as data: setting -> from, to
    other_metrics: dict[str, float] = field(default_factory=dict)
    parsed: tuple[tuple[dict[str, object], ...], str] | None = None  # the description, parsed once
    run: str | None = None  # a tracker's run id: the record's id
    name: str | None = (
        None  # a tracker's run name (`rare-cat-1`): the record's id without a run id, and its title without a description
    )
    time: str | None = None  # when the run started, as the log writes it
    user: str | None = None  # who ran it
    remarks: list[str] = field(default_factory=list)  # what further description columns say (`notes`: "CUDA OOM")
    notes: dict[str, str] = field(default_factory=dict)  # every other column of words, by its header, verbatim
    logged_zero: bool = False  # the metric cell held 0 for "no result" (`no_result`): value is None
    opens_segment: bool = False  # the first run after a config line: what follows is compared anew (`segments`)
    metric_name: str | None = None  # the metric of the row's own segment, where a log's config lines name several
    direction: str | None = None  # which way is better in the row's own segment, where the config lines differ


_NO_GAIN = any_word(r"no improvement|no gain|not better|worse|regress\w*|hurt\w*|no change|neutral|reverted")
_CRASHED = any_word(r"crash\w*|oom|out of memory|error|exception|failed|nan loss|diverged")
# A description that says the change was kept; "not a new best" says the opposite.
_KEPT = re.compile(r"(?<!not a )(?<!no )\b(new best|new record|kept)\b", re.I)
_INVALID = any_word(r"over|exceed\w*|invalid|violat\w*|disqualif\w*|too (big|large)")


_BOOLEAN = {"true", "false", "yes", "no", "y", "n", "0", "1"}
_NO_COMMIT = MISSING | {"unknown", "head"}
NUMBER_FOR_STATUS = "where the status should be"  # why a row with a number for its status is skipped
# The note that keeps the cells a row gained before the header's first column.
LEADING_CELLS = "leading_cells"
_PLAIN_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def _cell(cells: list[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index].strip()


def realign(cells: list[str], layout: Layout, overrides: dict[str, str] | None) -> tuple[list[str], list[str]]:
    """Ragged rows, and the cells set aside to read them: extra cells before the status are dropped
    when the status turns up after them; a row that gained cells at the front (an id the header
    never named) is read from where the header's columns begin, when its status cell holds a number
    and the shifted row does not; what is left beyond the header joins the description, as the loop
    meant it."""
    width = layout.width
    if not width or len(cells) <= width:
        return cells + [""] * (width - len(cells)), []
    status = layout.index("status")
    extra = len(cells) - width
    aside: list[str] = []
    if status is not None and normalise_status(cells[status], overrides) is None:
        if _gained_leading_cells(cells, extra, status, layout.metric):
            aside, cells = cells[:extra], cells[extra:]
        else:
            for j in range(status + 1, min(status + extra, len(cells) - 1) + 1):
                if cells[j].strip().lower() not in _BOOLEAN and normalise_status(cells[j], overrides) is not None:
                    cells = cells[:status] + cells[j:]
                    break
    if len(cells) > width:
        description = layout.index("description")
        target = description if description is not None and description < width else width - 1
        if target == width - 1:
            cells = [*cells[: width - 1], "\t".join(cells[width - 1 :])]
        else:
            joined = "\t".join(c for c in cells[width:] if c.strip())
            cells = cells[:width]
            cells[target] = f"{cells[target]}\t{joined}".strip()
    return cells, aside


def _gained_leading_cells(cells: list[str], extra: int, status: int, metric: int | None) -> bool:
    """Whether the row reads as the header says once its first `extra` cells are set aside: a number
    stands where the status should be, and after the shift words stand there and the metric is a number."""
    if not _PLAIN_NUMBER.fullmatch(cells[status].strip()):
        return False
    landed = cells[status + extra].strip()
    if not landed or _PLAIN_NUMBER.fullmatch(landed):
        return False
    return metric is None or parse_number(cells[metric + extra]) is not None or cells[metric + extra].strip().lower() in MISSING


def split_row(raw: RawRow, log: LogText, overrides: dict[str, str] | None, metric: int | None) -> Row | str:
    """The parts of one row, or the reason it is not an experiment row."""
    layout = log.layout
    if log.format == "jsonl" and raw.record is None:
        return "line is not a JSON object"
    cells, aside = realign(list(raw.cells), layout, overrides)
    if not any(c.strip() for c in cells):
        return "row has no cells"
    header = log.header
    if header and cells[0].strip() == header[0] and [c.strip() for c in cells[: len(header)]] == header:
        return "repeated header line"
    heading = _section_heading(cells)
    if heading is not None:
        return "a section heading, not an experiment" if heading else "a rule line, not an experiment"
    status_index = layout.index("status")
    status_raw = _cell(cells, status_index) if status_index is not None else None
    # A run without notes is described by its name, as a tracker lists it.
    description = _listed_changes(cells, layout) or _cell(cells, layout.index("description"))
    if layout.index("name") is not None and description.lower() in MISSING:
        description = ""  # a tracker's table writes "-" for a run without notes
    outcome = normalise_status(status_raw, overrides) if status_raw is not None else None
    if status_index is not None and outcome is None:
        if not status_raw and not description:
            return "no status and no description: a stray line, or the continuation of a multi-line cell"
        if _PLAIN_NUMBER.fullmatch(status_raw or ""):
            return f"a number ({status_raw}) {NUMBER_FOR_STATUS}: the row belongs to another table"
        outcome = "other"
    value_cell = _cell(cells, metric)
    value = parse_number(value_cell)
    if value is not None and is_placeholder(value):
        value = None
    commit = _cell(cells, layout.index("commit")) or None
    if commit and commit.lower() in _NO_COMMIT:
        commit = None
    row = Row(
        row=raw.row,
        line=raw.line,
        commit=commit,
        status_raw=status_raw,
        outcome=outcome,
        description=description,
        value=value,
        unit=_unit(value_cell, layout.metric_name()),
        session=_cell(cells, layout.index("session")) or None,
        opens_segment=raw.opens_segment,
    )
    if log.segments:
        row.metric_name = log.segments.metric_at(raw.line)
        row.direction = log.segments.direction_at(raw.line)
        row.unit = log.segments.unit_at(raw.line) or row.unit
    if outcome == ExperimentOutcome.crash and value == 0:
        row.value = None  # a crashed run writes 0 where it has no measurement
    for role in ("param", "old", "new", "run", "name", "time", "user"):
        cell = _cell(cells, layout.index(role))
        setattr(row, role, None if cell.lower() in MISSING else cell)
    row.config = {layout.columns[i]: _cell(cells, i) for i in layout.config if _cell(cells, i)}
    for i in layout.settings:
        row.settings.update(parse_settings(_cell(cells, i)) or {})
    for i, (setting, end) in layout.declared.items():
        cell = _cell(cells, i)
        if cell and cell.lower() not in MISSING:
            row.declared.setdefault(setting, {})[end] = cell
    for i in (*layout.remarks, *layout.text):
        cell = _cell(cells, i)
        if cell and cell.lower() not in MISSING:
            row.notes[layout.columns[i] or f"column_{i + 1}"] = cell
            if i in layout.remarks:
                row.remarks.append(cell)
    if aside:
        row.notes[LEADING_CELLS] = "\t".join(aside)
    for i in layout.numeric:
        if i == metric:
            continue
        number = parse_number(_cell(cells, i))
        if number is not None:
            row.other_metrics[norm_name(layout.columns[i]) or f"column_{i + 1}"] = number
    return row


def _listed_changes(cells: list[str], layout: Layout) -> str | None:
    """A row that lists its changes as JSON arrays, one for each kind of change (`feature_changes`:
    ["+ spectral_type", "+ galaxy_population"], `pipeline_changes`: ["LGBM native categorical"]),
    as one description: every item of every such column, "+ X" read as adding X and "- X" as
    removing it. None where the description column holds no such list."""
    described = layout.index("description")
    if described is None or described >= len(layout.columns) or not _lists_changes(layout.columns[described]):
        return None  # (a log with no header may have a description column past any name)
    first = _strings_listed(_cell(cells, described))
    if first is None:
        return None
    others = [i for i, name in enumerate(layout.columns) if i != described and _lists_changes(name)]
    items = first + [item for i in others for item in _strings_listed(_cell(cells, i)) or []]
    signed = (_SIGNED.sub(lambda m: "add " if m.group(1) == "+" else "remove ", item.strip()) for item in items)
    return ", ".join(item for item in signed if item)  # the description's own list first: "port baseline", ...


def _lists_changes(name: str | None) -> bool:
    key = norm_name(name) if name else ""
    return key == "changes" or key.endswith("_changes")


_SIGNED = re.compile(r"^([+-])\s*(?=[^\W\d_])")  # "+ CatBoost", "+W2 GR texture"; not "-0.5"


def _strings_listed(cell: str) -> list[str] | None:
    """The items of a cell holding a JSON array of strings, or None."""
    if not cell.startswith("["):
        return None
    try:
        value = json.loads(cell)
    except ValueError:
        return None
    return value if isinstance(value, list) and all(isinstance(item, str) for item in value) else None


# A cell that only draws a line: "---", "===", "***", "———".
_RULE = re.compile(r"[-=*_~—–]{3,}")


def _section_heading(cells: list[str]) -> str | None:
    """The text of a row that heads a section of the log ("---  MoE experiments (4 experts)  ---  ---"):
    at least two cells draw a line and at most one says anything; "" for a row of lines alone; None
    for any other row."""
    filled = [c.strip() for c in cells if c.strip()]
    rules = [c for c in filled if _RULE.fullmatch(c)]
    said = [c for c in filled if not _RULE.fullmatch(c)]
    if len(rules) < 2 or len(said) > 1:
        return None
    return said[0] if said else ""


def _unit(cell: str, name: str | None) -> str | None:
    return unit_of(cell) or _unit_of_name(name)


@lru_cache(maxsize=256)
def _unit_of_name(name: str | None) -> str | None:
    if name and not is_throughput(name) and (match := re.search(r"_(gb|mb|ms|s|pct|%)$", name.lower())):
        return {"pct": "%"}.get(match.group(1), match.group(1))
    return None


def judged_in_words(text: str) -> bool:
    """Whether a run's description judges it ("no improvement", "worse", "— NEW BEST"), as
    `infer_outcome` reads it."""
    return bool(_NO_GAIN.search(text) or _KEPT.search(text))


def infer_outcome(row: Row, improved: bool | None) -> str:
    """Outcome of a row in a log without a status column: words first, then the metric."""
    text = row.description
    if is_baseline_description(text):
        return ExperimentOutcome.baseline.value
    if _CRASHED.search(text) or _exited_badly(row):
        return ExperimentOutcome.crash.value
    if _NO_GAIN.search(text):
        return ExperimentOutcome.discard.value
    if _KEPT.search(text):
        return ExperimentOutcome.keep.value  # "— NEW BEST": the loop's word, before a comparison of its own
    if _INVALID.search(text) or improved is None:
        return ExperimentOutcome.other.value
    return ExperimentOutcome.keep.value if improved else ExperimentOutcome.discard.value


def _exited_badly(row: Row) -> bool:
    """Whether a column that says how the run's process ended (`exit_code`: -6) holds a failure."""
    return any(value != 0 for name, value in row.other_metrics.items() if names_an_exit_status(name))


def is_baseline_row(row: Row) -> bool:
    """The baseline or a re-baseline run, whatever its status says: a baseline that crashed too (it
    tried no change; its status keeps that it failed)."""
    if row.outcome == ExperimentOutcome.baseline:
        return True
    named = row.commit and (
        row.commit.lower() == "baseline" or (not row.description.strip() and is_baseline_description(row.commit))
    )
    if named and row.outcome in (ExperimentOutcome.keep, ExperimentOutcome.other, None):
        return True  # a run named `baseline`, or with no description `baseline_12L`
    if REMEASURE.match(row.description) or REVERTED.match(row.description):
        return True  # the code as it is, or as it was, measured again: a re-baseline
    return is_baseline_description(row.description) and not row.param
