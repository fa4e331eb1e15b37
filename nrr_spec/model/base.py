"""Shared building blocks of the record model: the base class, field helper and small types."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

RECORD_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,80}$"
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
    return Field(description=description, examples=list(examples) if examples else None, **kwargs)


class StrEnum(str, Enum):
    """Enum whose values serialise as plain strings."""

    def __str__(self) -> str:
        return str(self.value)


class Direction(StrEnum):
    lower = "lower"  # type: ignore[assignment]  # the standard's word; shadows str.lower on the class only
    higher = "higher"


Number = float | int
