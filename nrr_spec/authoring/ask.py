"""Asking for field values: help text and examples from the schema, validation as you go.

The same `Asker` serves interactive use (click prompts on a terminal) and flags-only use, where a
missing required answer is an error naming the flag instead of a prompt.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import click
import jsonschema

from .store import OptionError

Check = Callable[[str], str | None]  # returns an error message, or None when the answer is fine


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    from ..schema import generate_schema

    return generate_schema()


def resolve(node: dict[str, Any]) -> dict[str, Any]:
    """Follow $ref and the `X | None` anyOf that pydantic writes, down to the schema of the value."""
    defs = _schema()["$defs"]
    while True:
        if "$ref" in node:
            node = {**defs[node["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in node.items() if k != "$ref"}}
            continue
        options = [option for option in node.get("anyOf", []) if option.get("type") != "null"]
        if len(options) == 1:
            node = {**{k: v for k, v in node.items() if k != "anyOf"}, **options[0]}
            continue
        return node


@dataclass(frozen=True)
class FieldHelp:
    """What the schema says about one field: its description, first example and allowed values."""

    description: str
    example: Any
    choices: tuple[str, ...]
    schema: dict[str, Any]


def field_help(path: str) -> FieldHelp:
    """Help for a dotted path such as `hypothesis.statement` or `dual_use.reviewers.misuse`."""
    node: dict[str, Any] = _schema()
    description: str = ""
    examples: list[Any] = []
    for part in path.split("."):
        node = resolve(node)
        if node.get("type") == "array":
            node = resolve(node["items"])
        node = node["properties"][part]
        description, examples = node.get("description", ""), node.get("examples") or []
    value = resolve(node)
    enum = value.get("enum") or []
    return FieldHelp(description, examples[0] if examples else None, tuple(str(v) for v in enum), value)


def schema_check(path: str, *, item: bool = False) -> Check:
    """A check that applies the field's own schema (pattern, length, enum, format) to an answer.

    With `item`, the check is for one item of a list field.
    """
    schema = field_help(path).schema
    if item:
        schema = resolve(schema["items"])
    sub = {**schema, "$defs": _schema()["$defs"]}
    validator = jsonschema.Draft202012Validator(sub, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)

    def check(answer: str) -> str | None:
        value: Any = answer
        if schema.get("type") in ("integer", "number"):
            try:
                value = int(answer) if schema["type"] == "integer" else float(answer)
            except ValueError:
                return f"{answer!r} is not a number"
        error = jsonschema.exceptions.best_match(validator.iter_errors(value))
        return None if error is None else error.message

    return check


class Asker:
    """Prompts on a terminal, or answers from defaults when not interactive.

    With a `draft` file, every accepted answer is saved there as it is given, so an interrupted
    session can resume: the saved answers come back as the defaults of the same questions.
    """

    def __init__(self, interactive: bool, echo: Callable[[str], None] | None = None, draft: Path | None = None) -> None:
        self.interactive = interactive
        self.echo = echo or (lambda text: click.echo(text, err=True))
        self.draft = draft if interactive else None
        self.answers: dict[str, Any] = {}

    def resume(self) -> bool:
        """Offer the draft of an interrupted session; True when its answers are taken up."""
        if self.draft is None or not self.draft.is_file():
            return False
        try:
            saved = json.loads(self.draft.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not isinstance(saved, dict) or not saved:
            return False
        if click.confirm(f"Resume the unfinished record in {self.draft} ({len(saved)} answers)?", default=True, err=True):
            self.answers = saved
            return True
        return False

    def _keep(self, key: str, answer: Any) -> None:
        self.answers[key] = answer
        if self.draft is not None:
            from ..io import atomic_write

            self.draft.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(self.draft, json.dumps(self.answers, ensure_ascii=False, indent=1) + "\n")

    def finished(self) -> None:
        """The record is written: the draft has served."""
        if self.draft is not None:
            self.draft.unlink(missing_ok=True)

    def say(self, text: str) -> None:
        """Context for the person answering; silent when nobody is."""
        if self.interactive:
            self.echo(text)

    def _explain(self, help_path: str | None, note: str | None) -> None:
        if not self.interactive:
            return
        if help_path:
            info = field_help(help_path)
            shown = info.example
            if isinstance(shown, list) and all(isinstance(item, str | int | float) for item in shown):
                shown = ", ".join(str(item) for item in shown)
            example = f"  e.g. {shown}" if isinstance(shown, str | int | float) and shown != "" else ""
            self.echo(click.style(f"\n{info.description}{example}", dim=True))
        if note:
            self.echo(click.style(note, dim=True))

    def text(
        self,
        label: str,
        *,
        flag: str,
        help_path: str | None = None,
        default: str | None = None,
        required: bool = True,
        check: Check | None = None,
        note: str | None = None,
    ) -> str | None:
        """One line of text; empty means none when not required. Re-asks until the check passes."""
        checks = [c for c in (check, schema_check(help_path) if help_path else None) if c]
        if not self.interactive:
            if default is None and required:
                raise OptionError(f"missing {flag} (or run interactively on a terminal)")
            if default is not None:
                self._validate(default, checks, flag)
            return default
        self._explain(help_path, note)
        default = self.answers.get(flag, default)
        while True:
            answer = click.prompt(label, default=default if default is not None else "", show_default=default is not None)
            answer = " ".join(str(answer).split())
            if not answer:
                if required:
                    self.echo(click.style("  an answer is needed here", fg="yellow"))
                    continue
                self._keep(flag, "")
                return None
            problem = next((p for p in (c(answer) for c in checks) if p), None)
            if problem is None:
                self._keep(flag, answer)
                return answer
            self.echo(click.style(f"  {problem}", fg="yellow"))

    def _validate(self, value: str, checks: Sequence[Check], flag: str) -> None:
        for check in checks:
            problem = check(value)
            if problem:
                raise OptionError(f"{flag} {value!r}: {problem}")

    def choice(
        self, label: str, choices: Sequence[str], *, flag: str, default: str | None = None, help_path: str | None = None
    ) -> str:
        if not self.interactive:
            if default is None:
                raise OptionError(f"missing {flag}: one of {', '.join(choices)}")
            if default not in choices:
                raise OptionError(f"{flag} {default!r} is not one of {', '.join(choices)}")
            return default
        self._explain(help_path, None)
        default = self.answers.get(flag, default)
        answer = str(click.prompt(label, type=click.Choice(list(choices)), default=default, show_choices=True))
        self._keep(flag, answer)
        return answer

    def confirm(self, label: str, *, default: bool) -> bool:
        return click.confirm(label, default=default) if self.interactive else default

    def items(
        self, label: str, *, help_path: str | None = None, check: Check | None = None, note: str | None = None
    ) -> list[str]:
        """A list, one item per answer, ended by an empty answer; empty when not interactive."""
        if not self.interactive:
            return []
        self._explain(help_path, note or "One per line; an empty line ends the list.")
        found: list[str] = []
        saved = self.answers.get(label) or []
        while True:
            previous = saved[len(found)] if len(found) < len(saved) else ""
            prompt = click.prompt(f"{label} #{len(found) + 1}", default=previous, show_default=bool(previous))
            answer = " ".join(str(prompt).split())
            if not answer:
                self._keep(label, found)
                return found
            problem = check(answer) if check else None
            if problem:
                self.echo(click.style(f"  {problem}", fg="yellow"))
                continue
            found.append(answer)
            self._keep(label, found)
