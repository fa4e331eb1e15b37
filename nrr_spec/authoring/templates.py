"""The `nrr new` templates: which fields to ask for, in what order, and the skeleton they fill."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..resources import new_templates_dir
from .store import AuthoringError, OptionError


@dataclass(frozen=True)
class Question:
    path: str
    label: str | None = None
    optional: bool = False
    fields: tuple[str, ...] = ()  # for a list of objects: the fields of its one item to ask for
    item: str | None = None  # for a list of objects with one field each (causes: category)
    default: Any = None


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    description: str
    questions: tuple[Question, ...]
    record: dict[str, Any] = field(default_factory=dict)
    from_log: tuple[Question, ...] = ()
    prior_work_relation: str | None = None


def templates_dir() -> Path:
    folder = new_templates_dir()
    if not folder.is_dir():
        raise AuthoringError(f"the nrr new templates are missing from this installation (no {folder}); reinstall nrr-spec")
    return folder


def _question(raw: Any) -> Question:
    if isinstance(raw, str):
        return Question(raw)
    optional = bool(raw.get("optional", False))
    return Question(raw["path"], raw.get("label"), optional, tuple(raw.get("fields", ())), raw.get("item"), raw.get("default"))


def load_template(name: str) -> Template:
    path = templates_dir() / f"{name}.yaml"
    if name not in template_names():  # a name, never a path: `--template ../x` reads no other file
        raise OptionError(f"--template {name!r}: no such template; choose one of {', '.join(template_names())}")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise AuthoringError(f"template {path} is not valid YAML: {exc}") from None
    return Template(
        name=raw["name"],
        title=raw["title"],
        description=raw["description"],
        questions=tuple(_question(q) for q in raw["questions"]),
        record=raw.get("record") or {},
        from_log=tuple(_question(q) for q in raw.get("from_log") or ()),
        prior_work_relation=raw.get("prior_work_relation"),
    )


def template_names() -> list[str]:
    try:
        return sorted(path.stem for path in templates_dir().glob("*.yaml"))
    except AuthoringError:
        return []
