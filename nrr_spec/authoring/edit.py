"""Editing a record file in place: JSON rewritten canonically, YAML round-tripped with its comments."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, MutableMapping
from typing import Any

from ..io import dump_json

# Identity keys in the order the standard lists them; new ones are placed among them, not at the end.
IDENTITY_ORDER = ("schema_version", "id", "version", "revisions", "created", "updated", "doi")

Edit = Callable[[MutableMapping[str, Any], Callable[[dt.date], Any]], None]


def set_key(data: MutableMapping[str, Any], key: str, value: Any) -> None:
    """Set `key`, placing a new key after the identity keys that precede it in IDENTITY_ORDER."""
    if key in data or key not in IDENTITY_ORDER:
        data[key] = value
        return
    before = IDENTITY_ORDER[: IDENTITY_ORDER.index(key)]
    position = max((i + 1 for i, existing in enumerate(data) if existing in before), default=0)
    if hasattr(data, "insert"):  # ruamel's CommentedMap keeps comments when keys are inserted
        data.insert(position, key, value)
        return
    items = list(data.items())
    items.insert(position, (key, value))
    data.clear()
    data.update(items)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def apply_edit(text: str, fmt: str, edit: Edit) -> str:
    """The file text after `edit`; dates go in as JSON strings or YAML dates, as each format writes them."""
    if fmt == "json":
        import json

        data = json.loads(text)
        edit(data, lambda day: day.isoformat())
        return dump_json(data)
    yaml = _yaml()
    tree = yaml.load(text)
    # A fresh object per use: ruamel writes one object used twice as an anchor and an alias.
    edit(tree, lambda day: dt.date(day.year, day.month, day.day))
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()
