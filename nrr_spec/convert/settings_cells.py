"""Columns of settings: cells that state what a run was configured with rather than describe it.

Some loops log each run's configuration beside its description, as `key=value` words
(`lr=5e-5 use-rollout-logprobs eps-clip=0.05`) or as a JSON object (`{"top_k": 20, "top_p": 0.9}`),
under any name (`hyperparams`, `variant_params`, `decoding_config`). Such a column is the log's own
statement of what ran, so a row's changes are read from it before any guess from its words: the
settings that differ from those of the last kept run (`changes_from_settings`).

A column is read as settings when nearly every filled cell parses as such and the cells differ from
row to row; a column of sentences or of one repeated value is not, and neither is one whose keys are
mostly the names of measurements (the log's own scores broken down by region or by task).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

from ..changes.normal_form import make_change

# A flag named without a value ("use-rollout-logprobs", "--no-compile"): on. A bare word without a
# dash or an underscore is no flag: "lr=0.1 with warmup" is a sentence that holds a setting.
FLAG_ON = "on"
_KEY = re.compile(r"^-{0,2}[A-Za-z_][\w.\-:]*$")  # `LIBTPU:scoped_vmem_limit_kib`: a tool's own setting
_FLAG = re.compile(r"^(?:--?[A-Za-z][\w\-]*|[A-Za-z][\w]*[-_][\w\-]*)$")
# A part of a bar-joined list without a value: a switch named in any spelling (`bf16`, `SEQ_MINOR`,
# `fp32-master+bf16-compute`).
_LISTED_FLAG = re.compile(r"^[A-Za-z][\w.+\-]*$")
_SHARE = 0.9  # of a column's filled cells that must parse as settings


def parse_settings(cell: str) -> dict[str, str] | None:
    """The settings a cell states, by name, or None when it states none (words, a number, a label)."""
    text = cell.strip()
    if text.startswith("{") and text.endswith("}"):
        return _json_settings(text)
    found: dict[str, str] = {}
    pairs = 0
    for token, listed in _tokens(text):
        key, equals, value = token.partition("=")
        if equals and value and _KEY.match(key):
            found[key.lstrip("-")] = value
            pairs += 1
        elif not equals and (_FLAG.match(token) or (listed and _LISTED_FLAG.match(token))):
            found[token.lstrip("-")] = FLAG_ON
        else:
            return None
    return found if pairs else None


def _tokens(text: str) -> list[tuple[str, bool]]:
    """The words of a cell of settings, each with whether it came from a list joined by bars: split at
    spaces and semicolons; at commas where every part is a setting (`a=1,b=2`), not inside a value
    that is a list (`roles=a,b,c`); and at bars where some part is (`seq=1024|batch=3|bf16|fused_bwd`),
    whose other parts are switches whatever their spelling."""
    out: list[tuple[str, bool]] = []
    for token in re.split(r"[\s;]+", text):
        bars = [part for part in token.split("|") if part]
        if len(bars) > 1 and any("=" in part for part in bars):
            out.extend((part, True) for part in bars)
            continue
        parts = [part for part in token.split(",") if part]
        listed = parts if len(parts) > 1 and all("=" in part for part in parts) else [token.strip(",")]
        out.extend((part, False) for part in listed)
    return [(token, listed) for token, listed in out if token]


def _json_settings(text: str) -> dict[str, str] | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if not isinstance(data, dict) or not data:
        return None
    flat = _flat(data, "")
    return dict(flat) if flat is not None else None


def _flat(data: Mapping[str, object], prefix: str) -> list[tuple[str, str]] | None:
    """The object's values by dotted name; None when a key names no setting (`{"16000": [934, 920]}`
    counts something at each size)."""
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        if not _KEY.match(key):
            return None
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            inner = _flat(value, f"{name}.")
            if inner is None:
                return None
            out.extend(inner)
        else:
            out.append((name, value if isinstance(value, str) else json.dumps(value)))
    return out


def settings_columns(sample: list[list[str]], candidates: list[int], measures: Callable[[str], bool] | None = None) -> list[int]:
    """Of `candidates`, the columns whose filled cells state settings on nearly every row and differ
    from row to row. `measures` says whether a key's own name is a measurement's: a column whose
    keys are mostly that (`{"aust": {"bias": 0.69, "rmse": 0.61}}` beside the log's own `bias` and
    `rmse` columns) holds what was measured, broken down, not settings."""
    found = []
    for i in candidates:
        cells = [row[i].strip() for row in sample if i < len(row) and row[i].strip()]
        if len(set(cells)) < 2:
            continue
        parsed = [settings for cell in cells if (settings := parse_settings(cell)) is not None]
        if len(parsed) < _SHARE * len(cells):
            continue
        keys = [key.rsplit(".", 1)[-1] for settings in parsed for key in settings]
        if measures is not None and 2 * sum(measures(key) for key in keys) >= len(keys):
            continue
        found.append(i)
    return found


def changes_from_settings(settings: Mapping[str, str], kept: Mapping[str, str]) -> list[dict[str, object]]:
    """The settings a row states that differ from the last kept run's: one change each. A value
    the kept runs never stated is set; a flag is enabled. Before any kept run there is nothing to
    differ from: the first run's settings are its configuration, not its changes."""
    if not kept:
        return []
    out = []
    for name, value in settings.items():
        before = kept.get(name)
        if before == value:
            continue
        if value == FLAG_ON:
            made = make_change(name, None, None, "enable")
        else:
            made = make_change(name, None if before == FLAG_ON else before, value, "set")
        if made:
            out.append(made)
    return out
