"""Render the field reference of the record standard from its JSON Schema.

The documentation site and the catalogue publisher both show this page; it is always produced from
the committed schema, so it cannot drift from what validators enforce. Only the standard library is
used: the docs hook and the publisher call it without loading pydantic.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator
from typing import Any

ROOT_NAME = "Record"
_EXAMPLE_WIDTH = 70
_CONSTRAINTS = (
    ("minLength", "at least {} characters"),
    ("maxLength", "at most {} characters"),
    ("minimum", ">= {}"),
    ("exclusiveMinimum", "> {}"),
    ("maximum", "<= {}"),
    ("exclusiveMaximum", "< {}"),
    ("minItems", "at least {} items"),
    ("pattern", "pattern {}"),
)


def render_field_reference(schema: dict[str, Any]) -> str:
    """Markdown for every object and enumeration in `schema`.

    One section per object definition, starting with the record itself and following the order in
    which a reader meets the sections; each holds a table of property, type, required, description
    and example. Enumerations follow, each with its values. Headings are the definition names, so
    `#dualuse` links to the dual-use section whichever Markdown renderer builds the page.
    """
    defs: dict[str, Any] = schema.get("$defs", {})
    objects = [name for name in _reading_order(schema) if _is_object(defs.get(name, {}))]
    enums = sorted(name for name, body in defs.items() if "enum" in body)
    used_in = _used_in(schema)

    out: list[str] = ["# Field reference", ""]
    version = schema.get("properties", {}).get("schema_version", {}).get("const")
    intro = "Generated from the published JSON Schema"
    if schema.get("$id"):
        # A link named by the file, not the whole address in a code chip: on a phone the address,
        # one word too long for the line, broke at its hyphens and left its bracket on a line apart.
        # The name's hyphens do not break (U+2011), so it stays one word.
        name = schema["$id"].rsplit("/", 1)[-1].replace("-", "\u2011")
        intro += f", [{name}]({schema['$id']})"
    if version:
        intro += f", standard version {version}"
    out += [intro + ". Do not edit by hand: change the model and regenerate the schema.", ""]
    out += ["Sections: " + ", ".join(_link(name) for name in [ROOT_NAME, *objects]) + ".", ""]
    if enums:
        out += ["Enumerations: " + ", ".join(_link(name) for name in enums) + ".", ""]

    out += _object_section(ROOT_NAME, schema, used_in)
    for name in objects:
        out += _object_section(name, defs[name], used_in)
    if enums:
        out += ["## Enumerations", ""]
        for name in enums:
            out += _enum_section(name, defs[name], used_in)
    return "\n".join(out).rstrip() + "\n"


def property_rows(definition: dict[str, Any]) -> Iterator[tuple[str, str, bool, str, str]]:
    """(property, type, required, description, example) for each property of an object definition."""
    required = set(definition.get("required", []))
    for prop, spec in definition.get("properties", {}).items():
        yield prop, type_label(spec), prop in required, describe(spec), example_of(spec)


def type_label(spec: dict[str, Any]) -> str:
    """A short human type: `string (date)`, `array of [Author](#author)`, `[Kind](#kind) or null`."""
    if "$ref" in spec:
        return _link(_ref_name(spec["$ref"]))
    if "const" in spec:
        return f"constant `{json.dumps(spec['const'])}`"
    for key in ("anyOf", "oneOf"):
        if key in spec:
            labels = [type_label(option) for option in spec[key]]
            return " or ".join(dict.fromkeys(labels))
    if "enum" in spec:
        return "one of " + ", ".join(f"`{value}`" for value in spec["enum"])
    kind = spec.get("type")
    if isinstance(kind, list):
        return " or ".join(str(k) for k in kind)
    if kind == "array":
        items = spec.get("items")
        return f"array of {type_label(items)}" if isinstance(items, dict) and items else "array"
    if kind == "object" and isinstance(spec.get("additionalProperties"), dict):
        return f"map of string to {type_label(spec['additionalProperties'])}"
    if kind == "string" and "format" in spec:
        return f"string ({spec['format']})"
    return str(kind) if kind else "any"


def describe(spec: dict[str, Any]) -> str:
    """The property's description, followed by its constraints and any non-empty default."""
    text = " ".join(str(spec.get("description", "")).split())
    notes = [template.format(_code(value)) for key, value in _constraints(spec) for k, template in _CONSTRAINTS if k == key]
    default = spec.get("default")
    if default not in (None, [], {}):
        notes.append(f"default {_code(default)}")
    if notes:
        text = f"{text} <br>*{'; '.join(notes)}*" if text else "*" + "; ".join(notes) + "*"
    return text


def example_of(spec: dict[str, Any]) -> str:
    """The first example as compact JSON in a code span, shortened if long."""
    examples = spec.get("examples")
    if not examples:
        return ""
    text = json.dumps(examples[0], ensure_ascii=False, separators=(", ", ": "))
    if len(text) > _EXAMPLE_WIDTH:
        text = text[: _EXAMPLE_WIDTH - 1] + "…"
    return _code(text, raw=True)


def _heading(level: str, name: str, definition: dict[str, Any], used_in: dict[str, list[str]]) -> list[str]:
    """A definition's heading, its description and where it is used."""
    lines = [f"{level} {name}", ""]
    description = " ".join(str(definition.get("description", "")).split())
    if description:
        lines += [description, ""]
    if used_in.get(name):
        lines += ["Used in: " + ", ".join(used_in[name]) + ".", ""]
    return lines


def _object_section(name: str, definition: dict[str, Any], used_in: dict[str, list[str]]) -> list[str]:
    lines = _heading("##", name, definition, used_in)
    rows = list(property_rows(definition))
    if not rows:
        return [*lines, "No properties.", ""]
    lines += ["| Property | Type | Required | Description | Example |", "| --- | --- | --- | --- | --- |"]
    for prop, label, required, text, example in rows:
        cells = [f"`{prop}`", label, "yes" if required else "", text, example]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    if definition.get("additionalProperties") is False:
        lines += ["", "Other properties are not allowed."]
    return [*lines, ""]


def _enum_section(name: str, definition: dict[str, Any], used_in: dict[str, list[str]]) -> list[str]:
    lines = _heading("###", name, definition, used_in)
    lines += ["Values: " + ", ".join(f"`{value}`" for value in definition["enum"]) + ".", ""]
    return lines


def _reading_order(schema: dict[str, Any]) -> list[str]:
    """Definitions breadth-first from the root, then any the root does not reach, by name."""
    seen: list[str] = []
    queue: deque[dict[str, Any]] = deque([schema])
    defs = schema.get("$defs", {})
    while queue:
        for ref in _refs_in(queue.popleft().get("properties", {})):
            if ref not in seen and ref in defs:
                seen.append(ref)
                queue.append(defs[ref])
    return seen + sorted(set(defs) - set(seen))


def _used_in(schema: dict[str, Any]) -> dict[str, list[str]]:
    """For each definition, links to the properties that refer to it."""
    owners = {ROOT_NAME: schema, **schema.get("$defs", {})}
    found: dict[str, list[str]] = {}
    for owner, body in owners.items():
        for prop, spec in body.get("properties", {}).items():
            for ref in dict.fromkeys(_refs_in(spec)):
                found.setdefault(ref, []).append(f"{_link(owner)}.`{prop}`")
    return found


def _refs_in(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield _ref_name(value)
            elif key != "examples":
                yield from _refs_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs_in(value)


def _constraints(spec: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """Constraints on the property or, for optional properties, on its non-null alternative."""
    for option in [spec, *spec.get("anyOf", [])]:
        for key, _ in _CONSTRAINTS:
            if key in option:
                yield key, option[key]


def _is_object(definition: dict[str, Any]) -> bool:
    return definition.get("type") == "object" or "properties" in definition


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _link(name: str) -> str:
    return f"[{name}](#{name.lower()})"


def _code(value: Any, raw: bool = False) -> str:
    text = value if raw and isinstance(value, str) else (value if isinstance(value, str) else json.dumps(value))
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _cell(text: str) -> str:
    """Keep table cells on one line and pipes from ending the cell."""
    return " ".join(text.split("\n")).replace("|", "\\|")
