"""Which columns of a W&B runs export are the run's configuration.

`wandb.Api().runs()` written as JSON Lines keeps config and summary apart (`config.lr`,
`summary.val_loss`), and the profile's mapping names them. The runs table's CSV export does not:
after its fixed columns (Name, State, Notes, User, Tags, Created, Runtime, Sweep) come the config
values and the summary values, each under its bare key. There, what was set is told from what was
measured by the values themselves: a setting is text (`adam`) or a number that several runs share
(a sweep's grid of learning rates), while a measurement is a number almost every run has its own of.
A mapping file's `config:` names the columns instead, when this reading is wrong for an export.
"""

from __future__ import annotations

import ast
import fnmatch
import itertools
import json
from typing import Any

from .columns import choose_measured_metric, detect_layout, norm_name, repeats_like_a_setting
from .reader import SAMPLE_ROWS, LogText, cell_text, flatten

# The runs table's own columns, which describe a run rather than configure it.
_RUN_COLUMNS = frozenset(
    {
        "name",
        "id",
        "state",
        "notes",
        "user",
        "tags",
        "created",
        "updated",
        "runtime",
        "sweep",
        "group",
        "job_type",
        "hostname",
        "host",
        "heartbeat",
        "end_time",
        "gpu",
        "gpu_count",
        "gpu_type",
        "cpu_count",
        "os",
        "python",
        "program",
        "command",
        "commit",
        "github",
    }
)


def configuration_columns(log: LogText, mapping: dict[str, Any]) -> None:
    """Mark the configuration columns of a runs table export, when no `config.*` column did; a metric
    guessed among them (no `--metric`, no `summary.*` column) is chosen again among the measurements."""
    widen_mapping_cells(log, mapping)
    layout = log.layout
    ignore_unnamed(log, mapping)
    if layout.config or layout.guessed:
        return
    named = layout.metric is not None and _names(mapping.get("metric"), layout.columns[layout.metric])
    taken = {i for i in layout.roles.values() if i is not None} | (
        {layout.metric} if named and layout.metric is not None else set()
    )
    # The table's own columns (Runtime) and W&B's own keys (_runtime, _step) describe the run, not what it measured.
    described = {i for i, name in enumerate(layout.columns) if norm_name(name) in _RUN_COLUMNS or name.startswith("_")}
    layout.numeric = [i for i in layout.numeric if i not in described]
    candidates = [
        i
        for i, name in enumerate(layout.columns)
        if i not in taken and i not in described and name.strip() and not name.startswith(("summary.", "system."))
    ]
    sample = [raw.cells for raw in itertools.islice(log.rows(), SAMPLE_ROWS)]
    config = [i for i in candidates if repeats_like_a_setting([r[i].strip() for r in sample if i < len(r)])]
    if config:
        layout.config = config
        layout.numeric = [i for i in layout.numeric if i not in config]
    if not named:
        measured = sorted(set(layout.numeric) | ({layout.metric} if layout.metric is not None else set()))
        measured = [i for i in measured if i not in config and i in candidates]
        layout.metric = choose_measured_metric([norm_name(c) for c in layout.columns], measured)
        layout.metric_choices = measured if len(measured) > 1 else []
        layout.numeric = [i for i in measured if i != layout.metric]


def ignore_unnamed(log: LogText, mapping: dict[str, Any]) -> None:
    """An unnamed first column is a DataFrame's index (`DataFrame.to_csv` writes one): not a measurement."""
    layout = log.layout
    layout.numeric = [i for i in layout.numeric if layout.columns[i].strip()]


def _names(wanted: Any, column: str) -> bool:
    candidates = [wanted] if isinstance(wanted, str) else list(wanted or [])
    return any(column == c or fnmatch.fnmatchcase(column, c) or norm_name(column) == norm_name(c) for c in candidates)


def widen_mapping_cells(log: LogText, mapping: dict[str, Any]) -> None:
    """Cells that hold a whole mapping become columns of their own.

    W&B's documented export through its API puts each run's `summary` and `config` dicts in one
    column each of a DataFrame saved with `to_csv`, so a cell reads `{'lr': 0.001, 'dropout': 0.1}`:
    those become `config.lr` and `config.dropout`, as the JSON Lines reader names nested keys.
    Keys W&B keeps for itself (`_runtime`, `_step`, `_wandb`) are left out.
    """
    header = log.header
    if log.format == "jsonl" or header is None:
        return
    sample = [raw.cells for raw in itertools.islice(log.rows(), SAMPLE_ROWS)]
    columns = [i for i in range(len(header)) if _mostly_mappings([r[i] for r in sample if i < len(r) and r[i].strip()])]
    if not columns:
        return
    keys: dict[int, dict[str, None]] = {i: {} for i in columns}
    for raw in log.rows():  # every run's keys, as the JSON Lines reader gathers them
        for i in columns:
            flat = _mapping_cell(raw.cells[i]) if i < len(raw.cells) else None
            keys[i].update(dict.fromkeys(k for k in flat or {} if not k.startswith("_")))
    width = len(header)

    def widen(cells: list[str]) -> list[str]:
        base = cells[:width] + [""] * (width - len(cells))
        values = []
        for i in columns:
            flat = _mapping_cell(base[i]) or {}
            values += [cell_text(flat.get(key)) for key in keys[i]]
        return base + values + cells[width:]  # cells past the header stay last, for the row's realignment

    log.widen = widen
    named = [("" if i in columns else h) for i, h in enumerate(header)]  # the dict columns are no role's
    widened = named + [f"{header[i]}.{key}" for i in columns for key in keys[i]]
    log.layout = detect_layout(widened, [raw.cells for raw in itertools.islice(log.rows(), SAMPLE_ROWS)], mapping)


def _mostly_mappings(cells: list[str]) -> bool:
    return bool(cells) and sum(_mapping_cell(c) is not None for c in cells) >= len(cells) / 2


def _mapping_cell(cell: str) -> dict[str, object] | None:
    text = cell.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return None
    try:
        value = json.loads(text)
    except ValueError:
        try:
            value = ast.literal_eval(text)  # a Python dict as pandas writes it: single quotes, True, None
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            return None
    return flatten(value) if isinstance(value, dict) else None
