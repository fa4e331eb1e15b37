"""The published JSON Schema: generated from the model, committed, and shipped in the wheel."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMA_ID = "https://nrr-spec.org/schema/record-1.0.schema.json"
SCHEMA_FILE = "record-1.0.schema.json"
KNOWN_VERSIONS = ("1.0",)
# Source checkouts keep the schema at the repository root; wheels carry a copy in the package.
_REPO_SCHEMA = Path(__file__).resolve().parent.parent / "schema" / SCHEMA_FILE


def generate_schema() -> dict[str, Any]:
    """Build the JSON Schema (draft 2020-12) from the pydantic model."""
    from .model import Record

    body = Record.model_json_schema(by_alias=True, mode="validation")
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
    }
    schema.update(body)
    schema["title"] = "Negative-result record"
    return schema


def render_schema(schema: dict[str, Any] | None = None) -> str:
    """The schema as committed: sorted-free, two-space indented, trailing newline."""
    return json.dumps(schema if schema is not None else generate_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_path() -> Path:
    """Where the committed schema lives for this installation."""
    packaged = resources.files("nrr_spec").joinpath("schemas", SCHEMA_FILE)
    if packaged.is_file():
        return Path(str(packaged))
    return _REPO_SCHEMA


@lru_cache(maxsize=1)
def load_schema() -> dict[str, Any]:
    """The committed schema, parsed once per process."""
    return json.loads(schema_path().read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def schema_text() -> str:
    return schema_path().read_text(encoding="utf-8")


def write_schema() -> Path:
    """Regenerate the committed schema from the model (run after changing the model)."""
    _REPO_SCHEMA.write_text(render_schema(), encoding="utf-8")
    return _REPO_SCHEMA


if __name__ == "__main__":  # python -m nrr_spec.schema  -> regenerate schema/record-1.0.schema.json
    print(write_schema())
