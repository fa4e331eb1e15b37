"""Shared building blocks of the record model: the base class, field helper and small types."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

ORCID_PATTERN = r"^(https://orcid\.org/)?[0-9]{4}-[0-9]{4}-[0-9]{4}-[0-9]{3}[0-9X]$"
DOI_PATTERN = r"^10\.[0-9]{4,9}/\S+$"
SHA256_PATTERN = r"^sha256:[0-9a-f]{64}$"


class NRRModel(BaseModel):
    """Base of every section: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        use_enum_values=True,
        str_strip_whitespace=False,
    )


def field(description: str, *examples: Any, **kwargs: Any) -> Any:
    """A pydantic Field whose description and examples end up in the published schema."""
    extra = kwargs.get("json_schema_extra")
    if isinstance(extra, dict) and "format" in extra:
        kwargs["json_schema_extra"] = _string_format(extra)
    return Field(description=description, examples=list(examples) if examples else None, **kwargs)


def _string_format(extra: dict[str, Any]) -> Any:
    """Put `format` beside `type: string`, in the string branch of an optional field's `anyOf`.

    A `format` with no `type` beside it applies to every type and is rejected by Ajv's strict mode.
    """

    def update(schema: dict[str, Any]) -> None:
        rest = {key: value for key, value in extra.items() if key != "format"}
        schema.update(rest)
        branches = [branch for branch in schema.get("anyOf", []) if branch.get("type") == "string"]
        for branch in branches or [schema]:
            branch["format"] = extra["format"]

    return update


Number = float | int
