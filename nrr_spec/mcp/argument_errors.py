"""Argument errors an agent can act on: one line per problem, naming the argument, what was wrong
and what the tool expects, the expectation read from the tool's published input schema, so the
error and the schema never disagree. Pydantic's own text names its internal model
("check_proposalArguments") and links to its docs, which an agent can do nothing with."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

SHOWN_CHARS = 60  # of a rejected value quoted back: enough to recognise it, not to echo a document


def message(tool: str, problems: list[str]) -> str:
    """The tool error's text: a heading, then one line per problem."""
    return "\n".join([f"Invalid arguments for {tool}:", *problems])


def argument_problems(tool: str, schema: Mapping[str, Any], error: ValidationError) -> list[str]:
    """One line per argument pydantic rejected, in the order it reported them."""
    properties: Mapping[str, Any] = schema.get("properties", {})
    lines: dict[str, str] = {}
    for problem in error.errors():
        where = _where(problem["loc"])
        if not where or where in lines:  # a union reports each branch: the first says enough
            continue
        name = str(problem["loc"][0])
        if problem["type"] == "extra_forbidden":
            lines[where] = f"{where}: not an argument of {tool}; expected one of {', '.join(properties) or 'no arguments'}"
            continue
        wrong = "missing" if problem["type"] == "missing" else f"got {shown(problem['input'])}"
        lines[where] = f"{where}: {wrong}; expected {describe(_part(properties.get(name, {}), problem['loc'][1:]))}"
    return list(lines.values())


def unpaired(arguments: Mapping[str, Any], needs: Mapping[str, str], schema: Mapping[str, Any]) -> list[str]:
    """A line for each given argument that means nothing without another one left out (a value
    without the metric it measures would otherwise be dropped without a word)."""
    properties: Mapping[str, Any] = schema.get("properties", {})
    return [
        f"{name}: given without {needed}; expected {needed} as well ({describe(properties.get(needed, {}))}), or leave {name} out"
        for name, needed in needs.items()
        if arguments.get(name) is not None and arguments.get(needed) is None
    ]


def _where(loc: tuple[int | str, ...]) -> str:
    # Union branches add their type's name to the location ("function-after[...]"); indexes stay.
    parts = [str(loc[0])] if loc else []
    parts += [f"[{part}]" for part in loc[1:] if isinstance(part, int)]
    return "".join(parts)


def _part(schema: Mapping[str, Any], loc: tuple[int | str, ...]) -> Mapping[str, Any]:
    """The schema of an item inside an argument (`changes[0]`), else of the argument."""
    for part in loc:
        if not isinstance(part, int):
            continue
        arrays = [branch for branch in _branches(schema) if branch.get("type") == "array"]
        if not arrays:
            break
        schema = arrays[0].get("items", {})
    return schema


def _branches(schema: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    # An optional argument is `anyOf: [<type>, null]`; null means "left out" and is not offered.
    branches = schema.get("anyOf", [schema])
    return [branch for branch in branches if branch.get("type") != "null"] or list(branches)


def describe(schema: Mapping[str, Any]) -> str:
    """What a value of this schema is, in words: "an integer from 1 to 100"."""
    kinds = " or ".join(_kind(branch) for branch in _branches(schema))
    said = schema.get("description") or next((b["description"] for b in _branches(schema) if "description" in b), "")
    return f"{kinds}: {said[:1].lower()}{said[1:].rstrip('.')}" if said else kinds


def _kind(schema: Mapping[str, Any]) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(repr(value) for value in schema["enum"])
    kind = schema.get("type")
    if kind == "integer":
        return "an integer" + _range(schema)
    if kind == "number":
        return "a finite number" + _range(schema)
    if kind == "string":
        return _string(schema)
    if kind == "boolean":
        return "true or false"
    if kind == "array":
        items = schema.get("items", {})
        return "a list of strings" if items.get("type") == "string" else f"a list, each item {describe(items)}"
    return "an object" if kind == "object" else "a value the input schema allows"


def _range(schema: Mapping[str, Any]) -> str:
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of at least {low}"
    return f" of at most {high}" if high is not None else ""


def _string(schema: Mapping[str, Any]) -> str:
    shortest, longest = schema.get("minLength", 0), schema.get("maxLength")
    text = "a non-empty string" if shortest == 1 else "a string"
    if shortest > 1:
        text += f" of at least {shortest} characters"
    return text + (f" of at most {longest:,} characters" if longest is not None else "")


def shown(value: Any) -> str:
    """A rejected value as its JSON, cut short, and what kind of JSON value it was."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, int | float):
        return repr(value)
    kinds: dict[type, str] = {str: "a string", list: "a list", dict: "an object"}
    kind = kinds.get(type(value), type(value).__name__)
    text = json.dumps(value, default=str)
    return f"{text[:SHOWN_CHARS]}{'...' if len(text) > SHOWN_CHARS else ''} ({kind})"
