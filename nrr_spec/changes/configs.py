"""Exact changes from two versions of a YAML, JSON or TOML configuration file: one change per key."""

from __future__ import annotations

import json
import re
from typing import Any

import tomllib

from .change import Change, diff_change
from .names import snake_case
from .numbers import compare

CONFIG_SUFFIXES = (".yaml", ".yml", ".json", ".toml")
_MISSING = object()


def config_changes(old: str | None, new: str | None, path: str) -> list[Change] | None:
    """The changed keys between two versions of the configuration file at `path`; None when either does not load."""
    before, after = _load(old, path), _load(new, path)
    if before is _MISSING or after is _MISSING:
        return None
    flat_old, flat_new = _flatten(before), _flatten(after)
    lines = (new or "").splitlines()
    out: list[Change] = []
    for key in dict.fromkeys([*flat_old, *flat_new]):
        a, b = flat_old.get(key, _MISSING), flat_new.get(key, _MISSING)
        if a == b and type(a) is type(b):
            continue
        out.append(_change(key, a, b, f"{path}:{_line_of(key, lines)}"))
    return out


def _load(text: str | None, path: str) -> Any:
    if text is None:
        return {}
    try:
        if path.endswith(".json"):
            return json.loads(text)
        if path.endswith(".toml"):
            return tomllib.loads(text)
        from ..yaml_loader import load

        return load(text)
    except Exception:
        return _MISSING


def _flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
        return out
    return {prefix or "value": data}


def _text(value: Any) -> str | None:
    if value is _MISSING or value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _change(key: str, a: Any, b: Any, location: str) -> Change:
    before, after = _text(a), _text(b)
    if a is _MISSING:
        direction = "add"
    elif b is _MISSING:
        direction = "remove"
    elif isinstance(a, bool) and isinstance(b, bool):
        direction = "enable" if b else "disable"
    else:
        moved = compare(before, after) if isinstance(a, (int, float)) and isinstance(b, (int, float)) else None
        direction = moved or "replace"
    return diff_change(snake_case(key) or "value", direction, location, before, after)


def _line_of(key: str, lines: list[str]) -> int:
    last = re.escape(key.split(".")[-1])
    pattern = re.compile(rf"^\s*[\"']?{last}[\"']?\s*[:=]")
    for number, line in enumerate(lines, start=1):
        if pattern.search(line):
            return number
    return 1
