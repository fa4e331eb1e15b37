"""How a schema error reads: the message and the hint of a diagnostic, in the words of the record.

The schema pass decides which errors to report; this module only words them, so a change of
phrasing never touches the validation.
"""

from __future__ import annotations

import difflib
from typing import Any

from .positions import pointer_of

# What a well-formed value looks like, for pattern errors, by the name of the field.
_FORMS = {
    "id": "a lowercase slug of letters, digits and hyphens, 3 to 81 characters, e.g. tent-fails-under-scanner-shift",
    "orcid": "an ORCID iD, e.g. https://orcid.org/0000-0002-1825-0097",
    "doi": "a bare DOI, 10.<prefix>/<suffix>, without https://doi.org/ (`--fix` removes the prefix)",
    "ror": "a ROR id, e.g. https://ror.org/03z77qz90",
    "checksum": "sha256: followed by 64 lowercase hex digits",
    "commit": "a commit hash of 6 to 64 hex digits",
}
FORMAT_HINTS = {
    "date": "Write the date as YYYY-MM-DD, e.g. 2025-03-01.",
    "uri": "Write an absolute URI with its scheme, e.g. https://example.org/page.",
    "email": "Write an address such as ada@example.org.",
}
TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "null",
}


def field_ref(pointer: str) -> str:
    """The field a JSON pointer ends at, as a message names it (`doi`), or "the record" at the root."""
    return f"`{pointer.rsplit('/', 1)[-1]}`" if pointer else "the record"


def type_phrase(value: Any) -> str:
    """A schema `type` (one name or a list), in words: "text or null"."""
    names = value if isinstance(value, list) else [value]
    return " or ".join(TYPE_NAMES.get(str(n), str(n)) for n in names)


def value_phrase(value: Any) -> str:
    """What a value given in a record is, in words, for "must be X, not Y"."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {short(value)}"
    return TYPE_NAMES["array" if isinstance(value, list) else "object"]


def short(value: Any, limit: int = 60) -> str:
    """The value's repr, cut to `limit` characters so a long text does not drown the message."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def expectation(schema: dict[str, Any], instance: Any) -> str:
    """The schema's description of the field, as a hint ("Expected: ..."), or nothing."""
    description = schema.get("description")
    return f"Expected: {description}" if description else ""


def error_message(error: Any) -> str:
    """One python-jsonschema error, as the diagnostic's message."""
    pointer = pointer_of(error.absolute_path)
    keyword, expected, value = error.validator, error.validator_value, error.instance
    where = field_ref(pointer)
    if keyword == "type":
        return f"{where} must be {type_phrase(expected)}, not {value_phrase(value)}"
    if keyword == "enum":
        return f"{where} is {short(value)}, not one of: {', '.join(map(str, expected))}"
    if keyword == "const":
        return f"{where} must be {expected!r}, not {short(value)}"
    if keyword == "pattern":
        return f"{where} {short(value)} is not in the required form"
    if keyword == "format":
        return f"{where} {short(value)} is not a valid {expected}"
    if keyword in ("minimum", "exclusiveMinimum", "maximum", "exclusiveMaximum"):
        relation = {"minimum": ">=", "exclusiveMinimum": ">", "maximum": "<=", "exclusiveMaximum": "<"}[keyword]
        return f"{where} is {value!r}; it must be {relation} {expected!r}"
    if keyword in ("minLength", "minItems"):
        return f"{where} is empty" if not value else f"{where} is too short (at least {expected})"
    if keyword in ("maxLength", "maxItems"):
        return f"{where} is too long (at most {expected})"
    return str(error.message)


def error_hint(error: Any) -> str:
    """What to do about one python-jsonschema error."""
    keyword = error.validator
    name = str(error.absolute_path[-1]) if error.absolute_path else ""
    if keyword == "pattern":
        form = _FORMS.get(name)
        return f"Write {form}." if form else f"The value must match {error.validator_value}."
    if keyword == "format":
        return FORMAT_HINTS.get(str(error.validator_value), "")
    if keyword == "enum":
        close = difflib.get_close_matches(str(error.instance), [str(v) for v in error.validator_value], n=1, cutoff=0.5)
        return f"Did you mean `{close[0]}`?" if close else "Use one of the listed values."
    return expectation(error.schema, error.instance) or "See the schema reference for this field."
