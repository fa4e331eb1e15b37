"""The schema pass: a compiled validator for every document, a detailed explanation for failures.

jsonschema-rs answers "valid or not" for each document at native speed. Only documents that
fail are explained with python-jsonschema, whose errors carry the schema keyword and sub-errors:
each `anyOf` (how optional fields appear in the schema) is opened to show the error inside the
branch the value was meant for, instead of "not valid under any of the given schemas".
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice
from typing import Any

from ..schema import CURRENT_VERSION, KNOWN_VERSIONS, load_schema
from .diagnostics import Diagnostic
from .positions import escape_token, pointer_of
from .schema_messages import (
    FORMAT_HINTS,
    error_hint,
    error_message,
    expectation,
    field_ref,
    short,
    type_phrase,
    value_phrase,
)

_CODES = {
    "required": "NRR101",
    "additionalProperties": "NRR102",
    "unevaluatedProperties": "NRR102",
    "type": "NRR103",
    "enum": "NRR104",
    "const": "NRR104",
    "pattern": "NRR105",
    "format": "NRR106",
    "minimum": "NRR107",
    "maximum": "NRR107",
    "exclusiveMinimum": "NRR107",
    "exclusiveMaximum": "NRR107",
    "minLength": "NRR108",
    "maxLength": "NRR108",
    "minItems": "NRR108",
    "maxItems": "NRR108",
}


def declared_version(data: Any) -> str:
    """The schema version a document is checked against: the one it declares, when known.

    A document that declares none, or one this tool does not know, is checked against the current
    schema so its other problems are still reported (NRR110/NRR111 name the version problem).
    """
    version = data.get("schema_version") if isinstance(data, dict) else None
    return version if isinstance(version, str) and version in KNOWN_VERSIONS else CURRENT_VERSION


@lru_cache(maxsize=len(KNOWN_VERSIONS))
def fast_validator(version: str = CURRENT_VERSION) -> Any:
    """The compiled (jsonschema-rs) validator of one schema version, with format checks on."""
    import jsonschema_rs

    return jsonschema_rs.validator_for(load_schema(version), validate_formats=True)


def _import_jsonschema() -> Any:
    """python-jsonschema, imported without rfc3987_syntax.

    When rfc3987_syntax is installed, importing jsonschema builds its IRI grammar (about a second);
    the record schema uses no iri formats, so the import is kept out of the way once.
    """
    if "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # makes its import fail fast
        try:
            import jsonschema
        finally:
            del sys.modules["rfc3987_syntax"]
    import jsonschema

    return jsonschema


@lru_cache(maxsize=len(KNOWN_VERSIONS))
def detailed_validator(version: str = CURRENT_VERSION) -> Any:
    """The explaining (python-jsonschema) validator of one schema version, with format checks on."""
    jsonschema = _import_jsonschema()
    checker = jsonschema.FormatChecker()
    if "uri" not in checker.checkers:  # python-jsonschema checks "uri" only with optional packages; match the fast pass
        checker.checks("uri")(_is_uri)
    return jsonschema.Draft202012Validator(load_schema(version), format_checker=checker)


# RFC 3986: a scheme, a colon, then characters allowed in a URI (percent-escapes included).
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")


def _is_uri(value: object) -> bool:
    return not isinstance(value, str) or bool(_URI.match(value))


def version_diagnostics(data: dict[str, Any]) -> list[Diagnostic]:
    """NRR111 for a missing `schema_version`, NRR110 for one this validator does not know."""
    if "schema_version" not in data:
        return [
            Diagnostic(
                "NRR111", "error", "missing `schema_version`", f'Add schema_version: "{KNOWN_VERSIONS[-1]}" (`--fix` does it).'
            )
        ]
    version = data["schema_version"]
    if version not in KNOWN_VERSIONS:
        known = ", ".join(repr(v) for v in KNOWN_VERSIONS)
        shown = repr(version) if isinstance(version, str) else f"{version!r} (a {type(version).__name__}, not text)"
        return [
            Diagnostic(
                "NRR110",
                "error",
                f"unknown schema_version {shown}; known versions: {known}",
                f'Use one of the known versions, written as text, e.g. schema_version: "{KNOWN_VERSIONS[-1]}".',
                pointer="/schema_version",
                keyword="const",
            )
        ]
    return []


def is_valid(data: Any) -> bool:
    return bool(fast_validator(declared_version(data)).is_valid(data))


# A document with thousands of errors is explained only so far: python-jsonschema's errors come
# lazily, so the cost of a document is bounded by these numbers, not by how many errors it holds.
EXPLAINED_ERRORS = 1_000
COUNTED_ERRORS = 10_000  # errors past the explained ones are counted up to this many


@dataclass
class SchemaFindings:
    """The schema pass of one document: its diagnostics, and how many errors were left unexplained."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    unexplained: int = 0  # errors found after EXPLAINED_ERRORS, not turned into diagnostics
    counted_all: bool = True  # False when counting stopped at COUNTED_ERRORS


def schema_findings(data: Any) -> SchemaFindings:
    """The schema diagnostics of `data`, most relevant first, and the count of errors past EXPLAINED_ERRORS."""
    findings = SchemaFindings()
    if is_valid(data):
        return findings
    relevance = _import_jsonschema().exceptions.relevance
    version = declared_version(data)
    errors = _detailed_errors(data, version)
    window = list(islice(errors, EXPLAINED_ERRORS))
    findings.unexplained = sum(1 for _ in islice(errors, COUNTED_ERRORS))
    findings.counted_all = findings.unexplained < COUNTED_ERRORS
    diagnostics = findings.diagnostics
    seen: set[tuple[str, str, str]] = set()
    for error in sorted(window, key=relevance, reverse=True):
        if error.validator == "required" and not error.path and _missing(error) == ["schema_version"]:
            continue  # NRR111 says it better
        if list(error.path) == ["schema_version"]:
            continue  # NRR110 says it better
        for diag in _explain(error):
            key = (diag.code, diag.pointer, diag.message)
            if key not in seen:  # jsonschema reports `required` once per missing field, each listing all
                seen.add(key)
                diagnostics.append(diag)
    if not findings.unexplained:
        # The compiled validator collects all its errors at once: asked only when they are few.
        diagnostics.extend(_unexplained(fast_validator(version).iter_errors(data), diagnostics))
    return findings


@lru_cache(maxsize=len(KNOWN_VERSIONS))
def _root_validator(version: str) -> Any:
    """python-jsonschema on the record's own keywords only (required fields, unknown fields): each
    field's value is checked against its own schema, and only where the compiled pass failed."""
    schema = load_schema(version)
    annotations = ("title", "description")  # kept for the hints; they accept any value
    properties = {
        name: {key: value for key, value in sub.items() if key in annotations}
        for name, sub in schema.get("properties", {}).items()
    }
    shallow = {**schema, "properties": properties}
    explaining = detailed_validator(version)
    return type(explaining)(shallow, format_checker=explaining.format_checker)


@cache
def _field_validator(version: str, name: str) -> Any:
    """The compiled validator of one top-level field's schema (its references resolve to the record's $defs)."""
    import jsonschema_rs

    schema = load_schema(version)
    subschema = {"$schema": schema["$schema"], "$defs": schema.get("$defs", {}), **schema["properties"][name]}
    return jsonschema_rs.validator_for(subschema, validate_formats=True)


def _detailed_errors(data: Any, version: str) -> Iterator[Any]:
    """python-jsonschema's errors, lazily, computed only under the top-level fields that fail."""
    validator = detailed_validator(version)
    properties = validator.schema.get("properties", {})
    if not isinstance(data, dict):
        yield from validator.iter_errors(data)
        return
    yield from _root_validator(version).iter_errors(data)
    for key in sorted(data, key=str):
        if key in properties and not _field_validator(version, key).is_valid(data[key]):
            yield from validator.descend(data[key], properties[key], path=key, schema_path=key)


def _explain(error: Any, notes: list[str] | None = None) -> Iterator[Diagnostic]:
    if error.validator in ("anyOf", "oneOf") and error.context:
        yield from _explain_branches(error)
        return
    pointer = pointer_of(error.absolute_path)
    keyword = str(error.validator)
    code = _CODES.get(keyword, "NRR109")
    notes = notes or []
    if keyword == "required":
        for name in _missing(error):
            described = error.schema.get("properties", {}).get(name, {}).get("description", "")
            hint = f"Add `{name}`: {described}" if described else f"Add `{name}`."
            yield Diagnostic(code, "error", f"missing required field `{name}`", hint, pointer, keyword, notes=notes)
        return
    if keyword in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
        known = list(error.schema.get("properties", {}))
        for name in [k for k in error.instance if k not in known]:
            close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.6)
            hint = (
                f"Did you mean `{close[0]}`?" if close else "Remove it, or move lab-specific data under `extensions` (top level)."
            )
            if close:
                hint += " Unknown fields are not allowed."
            if _in_current_schema(error.schema, str(name)):
                hint = f'`{name}` is part of schema {CURRENT_VERSION}: set schema_version: "{CURRENT_VERSION}" to use it.'
            yield Diagnostic(
                code, "error", f"unknown field `{name}`", hint, f"{pointer}/{escape_token(str(name))}", keyword, notes=notes
            )
        return
    yield Diagnostic(code, "error", error_message(error), error_hint(error), pointer, keyword, notes=notes)


def _in_current_schema(section: dict[str, Any], name: str) -> bool:
    """Whether a field unknown to an older version's section exists in the current version's."""
    current = load_schema()
    title = section.get("title")
    owner = current if title == current.get("title") else current.get("$defs", {}).get(title, {})
    return section is not owner and name in owner.get("properties", {})


def _explain_branches(error: Any) -> Iterator[Diagnostic]:
    """Open an anyOf/oneOf: report the errors of the branch whose type the value has."""
    best_match = _import_jsonschema().exceptions.best_match
    branches: dict[int, list[Any]] = {}
    for sub in error.context:
        branches.setdefault(int(sub.relative_schema_path[0]), []).append(sub)
    wrong_type = {i for i, subs in branches.items() if any(s.validator == "type" and not s.relative_path for s in subs)}
    fitting = [subs for i, subs in sorted(branches.items()) if i not in wrong_type]
    pointer = pointer_of(error.absolute_path)
    if not fitting:
        expected = [
            type_phrase(sub.validator_value) for sub in error.context if sub.validator == "type" and not sub.relative_path
        ]
        expected = list(dict.fromkeys(expected))
        got = value_phrase(error.instance)
        yield Diagnostic(
            "NRR103",
            "error",
            f"{field_ref(pointer)} must be {' or '.join(expected)}, not {got}",
            expectation(error.schema, error.instance),
            pointer,
            "type",
        )
        return
    if len(fitting) == 1:
        for sub in fitting[0]:
            yield from _explain(sub)
        return
    candidates = [sub for subs in fitting for sub in subs]
    best = best_match(candidates)
    others = [sub.message for sub in candidates if sub is not best]
    yield from _explain(best, notes=others)


def _missing(error: Any) -> list[str]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    return [name for name in error.validator_value if name not in instance]


def _unexplained(fast_errors: Iterable[Any], explained: list[Diagnostic]) -> list[Diagnostic]:
    """Errors the compiled validator found that the explanation missed (formats one library checks and the other cannot).

    An error is covered when a diagnostic sits at its pointer, above it or below it. Sets of the
    covered pointers and of all their ancestors answer that in the depth of the pointer, not in
    the number of diagnostics: a record with thousands of errors stays linear.
    """
    covered: set[str] = set()
    ancestors: set[str] = set()

    def cover(pointer: str) -> None:
        covered.add(pointer)
        while pointer:
            pointer = pointer.rsplit("/", 1)[0]
            ancestors.add(pointer)

    for diag in explained:
        cover(diag.pointer)
    found = []
    for error in fast_errors:
        pointer = pointer_of(error.instance_path)
        if pointer in covered or pointer in ancestors or _has_covered_ancestor(pointer, covered):
            continue
        cover(pointer)
        name = type(error.kind).__name__
        if name == "Format":
            fmt = str(error.kind.format)
            message, hint = f"{field_ref(pointer)} {short(error.instance)} is not a valid {fmt}", FORMAT_HINTS.get(fmt, "")
            found.append(Diagnostic("NRR106", "error", message, hint, pointer, "format"))
        else:
            keyword = name[:1].lower() + name[1:]
            found.append(
                Diagnostic(
                    "NRR109", "error", f"{field_ref(pointer)} does not follow the schema ({keyword})", "", pointer, keyword
                )
            )
    return found


def _has_covered_ancestor(pointer: str, covered: set[str]) -> bool:
    while pointer:
        pointer = pointer.rsplit("/", 1)[0]
        if pointer in covered:
            return True
    return False
